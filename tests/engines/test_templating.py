"""Compiled templates are kept per process, and an edited template is never served from the cache."""

from __future__ import annotations

from handbook.engines.jinja_cache import COMPILED
from handbook.engines.templating import environment


def test_an_edited_template_is_compiled_again(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("first {{ value }}", encoding="utf-8")
    assert environment([tmp_path], "zh_Hans_CN").get_template("page.html").render(value=1) == "first 1"
    assert COMPILED.compiled  # kept for the next environment of this process
    page.write_text("second {{ value }}", encoding="utf-8")
    assert environment([tmp_path], "zh_Hans_CN").get_template("page.html").render(value=2) == "second 2"
