"""Tests for handbook.engines.offline: a built site's pages and stylesheets load nothing from another host."""

from __future__ import annotations

import pytest

from handbook.engines.offline import is_external, outside_loads


@pytest.mark.parametrize("url, external", [
    ("https://unpkg.com/x.js", True), ("http://fonts.googleapis.com/css", True), ("//cdn.jsdelivr.net/x", True),
    ("  https://a.cn/b.png ", True), ("assets/app.js", False), ("../fonts/noto.woff2", False), ("/search.js", False),
    ("data:image/png;base64,AAAA", False), ("mailto:a@b.cn", False),
])
def test_is_external(url, external):
    assert is_external(url) is external


def test_remote_loads_are_found_and_local_ones_accepted(tmp_path):
    (tmp_path / "fees").mkdir()
    (tmp_path / "index.html").write_text("""<!doctype html><html><head>
<script src="https://unpkg.com/mermaid.js"></script>
<script src="assets/javascripts/bundle.js"></script>
<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">
<link rel="stylesheet" href="assets/stylesheets/main.css">
<link rel="canonical" href="https://lotus.example.cn/">
<style>body { background: url('https://img.example.com/bg.png'); }</style>
</head><body>
<a href="https://www.gov.cn/">政府网站</a>
<img srcset="images/a.jpg 1x, https://cdn.example.com/a@2x.jpg 2x">
<div style="background-image: url(http://evil.example/x.png)"></div>
<svg xmlns="http://www.w3.org/2000/svg"></svg>
</body></html>""", encoding="utf-8")
    (tmp_path / "fees" / "index.html").write_text('<iframe src="../map.html"></iframe>', encoding="utf-8")
    (tmp_path / "extra.css").write_text(
        "@import url(http://fonts.example.com/noto.css);\n@import 'https://cdn.example.com/a.css';\n"
        "@import url(fonts/local.css);\n.x { background: url(\"../images/bg.png\"); }\n", encoding="utf-8")
    assert outside_loads(tmp_path) == [
        "extra.css: http://fonts.example.com/noto.css",
        "extra.css: https://cdn.example.com/a.css",
        "index.html: https://unpkg.com/mermaid.js",
        "index.html: //fonts.googleapis.com/css?family=Roboto",
        "index.html: https://img.example.com/bg.png",
        "index.html: https://cdn.example.com/a@2x.jpg",
        "index.html: http://evil.example/x.png",
    ]


def test_a_site_of_local_files_passes(tmp_path):
    (tmp_path / "index.html").write_text('<script src="search.js"></script><img src="/logo.svg">', encoding="utf-8")
    (tmp_path / "app.js").write_text('fetch("https://api.example.com/")', encoding="utf-8")  # scripts are not read
    assert outside_loads(tmp_path) == []
