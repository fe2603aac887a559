"""Make raw HTML in editors' Markdown safe: Markdown page source in, the same source with safe HTML out.

Editors may write a little HTML in their pages. Tags on the allow-list keep
only their allowed attributes (no event handlers, no javascript: links);
any other tag is escaped, so `<script>` shows as text and never runs.
Markdown, Jinja syntax, fenced code blocks and code spans are left exactly
as written. Indented lines are sanitised too: in a list they are not code
but HTML, so editors show HTML examples in fenced blocks. This
runs on the page source before Jinja, so the HTML our own templates insert
(flowcharts) is not touched.
"""

from __future__ import annotations

import html
import re

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol",
    "p", "pre", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"class", "id", "title", "lang", "href", "src", "alt", "width", "height", "colspan",
                      "rowspan", "align", "open", "markdown"}
URL_ATTRIBUTES = {"href", "src"}
SAFE_URL = re.compile(r"^(?:https?:|tel:|mailto:|#|/|\.{0,2}/|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^<>]*?)?)(/?)>")
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_FENCE = re.compile(r"^(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def sanitize_markdown(source: str) -> str:
    """Return Markdown source whose raw HTML is reduced to the allow-list."""
    blocks, prose, in_fence = [], [], False
    for line in source.split("\n"):
        if _FENCE.match(line.lstrip()) or in_fence:
            if prose:  # a tag may span lines (`<img src=x` then `onerror=...>`): clean prose a run of lines at a time
                blocks.append(_outside_code_spans("\n".join(prose)))
                prose = []
            in_fence = in_fence != bool(_FENCE.match(line.lstrip()))
            blocks.append(line)
        else:
            prose.append(line)
    if prose:
        blocks.append(_outside_code_spans("\n".join(prose)))
    return "\n".join(blocks)


def _outside_code_spans(text: str) -> str:
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(_TAG.sub(_clean_tag, text[last:span.start()]))
        parts.append(span.group(0))
        last = span.end()
    parts.append(_TAG.sub(_clean_tag, text[last:]))
    return "".join(parts)


def _clean_tag(match: re.Match) -> str:
    closing, name, attributes, self_closing = match.groups()
    if name.lower() not in ALLOWED_TAGS:
        return html.escape(match.group(0), quote=False)
    if closing:
        return f"</{name}>"
    kept = [_attribute(attr.group(1).lower(), attr.group(2)) for attr in _ATTRIBUTE.finditer(attributes)]
    text = "".join(f" {a}" for a in kept if a)
    return f"<{name}{text}{' /' if self_closing else ''}>"


def _attribute(name: str, raw: str | None) -> str | None:
    if name not in ALLOWED_ATTRIBUTES:
        return None
    if raw is None:
        return name
    value = html.unescape(raw.strip("\"'"))
    if name in URL_ATTRIBUTES and not SAFE_URL.match(value.strip()):
        return None
    return f'{name}="{html.escape(value)}"'
