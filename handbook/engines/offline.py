"""Check a built site loads nothing from another host: the site folder in, the offending loads out.

Owners in mainland China cannot reach Google Fonts, unpkg or jsDelivr, and
the site must work with no outside request. Plain links (<a href>) and XML
namespaces are fine; scripts, styles, images, fonts, frames and media must
come from the site itself.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# (tag, attribute) pairs that make a browser fetch something.
RESOURCE_ATTRIBUTES = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("frame", "src"),
    ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("embed", "src"), ("object", "data"), ("track", "src"), ("input", "src"), ("image", "href"),
    ("use", "href"),
}
FETCHING_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                      "manifest", "prefetch", "preconnect", "dns-prefetch", "mask-icon"}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def is_external(url: str) -> bool:
    """Return whether a URL points at another host (absolute http(s) or protocol-relative)."""
    url = url.strip()
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.scheme in ("http", "https", "")


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in RESOURCE_ATTRIBUTES:
                self.found += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
            elif name == "style":
                self.found += _CSS_URL.findall(value)
        if tag == "link" and set(values.get("rel", "").lower().split()) & FETCHING_LINK_RELS:
            self.found.append(values.get("href", ""))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += _CSS_URL.findall(data)


def outside_loads(site: Path) -> list[str]:
    """Return 'page: url' for every resource a page or stylesheet of the site loads from another host."""
    problems = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            urls = parser.found
        elif path.suffix == ".css":
            urls = _CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace"))
        else:
            continue
        problems += [f"{path.relative_to(site)}: {url}" for url in urls if is_external(url)]
    return problems
