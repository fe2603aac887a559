"""Our MkDocs hooks (https://www.mkdocs.org/user-guide/configuration/#hooks): the theme's filters, in every build.

MkDocs loads this file by its path, which every generated config names
(engines/mkdocs_site.py), so `mkdocs build -f <generated config>` builds the
same site as handbook does; its imports are therefore absolute. The filters:

    {{ page.content | page_summary("、") }}  what a page is about, for its share card's description
"""

from __future__ import annotations

from html.parser import HTMLParser

from handbook.i18n.wrapping import char_width

ELLIPSIS = "…"
SUMMARY_WIDTH = 80  # in CJK ideographs (a Latin letter counts half): about what a share card shows in three lines


class _Outline(HTMLParser):
    """The text of a page's lead paragraph (the <p> right after its <h1>) and of its <h2> headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lead: str = ""
        self.headings: list[str] = []
        self._after_h1 = False
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self._in:
            return
        if tag == "p" and self._after_h1:
            self._in = "p"
        elif tag in ("h1", "h2"):
            self._in = tag
            if tag == "h2":
                self.headings.append("")
        self._after_h1 = False

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None
            self._after_h1 = tag == "h1"

    def handle_data(self, data: str) -> None:
        if self._in == "p":
            self.lead += data
        elif self._in == "h2":
            self.headings[-1] += data


def page_summary(html: str, separator: str) -> str:
    """Return what a page is about, as plain text: its lead paragraph, else its sections' headings, else nothing."""
    outline = _Outline()
    outline.feed(html)
    lead = " ".join(outline.lead.split())
    if lead:
        return shortened(lead, SUMMARY_WIDTH)
    headings = [" ".join(heading.split()) for heading in outline.headings if heading.strip()]
    kept: list[str] = []
    for heading in headings:
        if width_of(separator.join(kept + [heading])) > SUMMARY_WIDTH:
            return separator.join(kept) + ELLIPSIS if kept else shortened(heading, SUMMARY_WIDTH)
        kept.append(heading)
    return separator.join(kept) if len(kept) > 1 else ""  # one heading says little about a page


def width_of(text: str) -> float:
    return sum(char_width(char) for char in text)


def shortened(text: str, width: float) -> str:
    """Return text cut to width (at a space, in Latin text) with an ellipsis, or as it is when it fits."""
    if width_of(text) <= width:
        return text
    cut, used = 0, 0.0
    while used + char_width(text[cut]) <= width - 1:
        used += char_width(text[cut])
        cut += 1
    head = text[:cut]
    if " " in head and not any(char_width(char) == 1.0 for char in head):
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:，、；：") + ELLIPSIS


def on_env(env, config, files):
    """Give the theme's templates our filters."""
    env.filters["page_summary"] = page_summary
    return env
