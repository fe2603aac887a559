"""Jinja2 environments for Markdown pages and print templates, with the filters they share.

Values from YAML are HTML-escaped wherever they are inserted (autoescape), so
`<script>` typed into any field shows as text. Markdown written by editors in
YAML fields is converted and sanitised with an allow-list before insertion.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

import markdown as markdown_lib
import nh3
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from markupsafe import Markup

from ..i18n.convert import from_simplified
from ..i18n.languages import Language
from .sanitize import sanitize_markdown

# Tags and attributes editors' Markdown may produce; everything else is dropped.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "tel", "mailto"}


def markdown_html(text: str) -> Markup:
    """Return editor Markdown as sanitised HTML, safe to insert anywhere."""
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists"])
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel="noopener")
    return Markup(clean)


def tel_href(phone: str) -> str:
    """Return a tel: link target for a phone number as typed (digits and a leading + kept)."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def css_string(text: str) -> str:
    """Return text escaped for a double-quoted CSS string (e.g. a running header's content)."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in str(text))
    return escaped


def date_filter(locale: str) -> Callable[[dt.date], str]:
    """Return a filter formatting dates in the edition's locale (e.g. 2027年3月6日)."""
    return lambda value: format_date(value, format="long", locale=locale)


class SanitizingLoader(FileSystemLoader):
    """Load editors' Markdown pages with their raw HTML reduced to the allow-list.

    Shared pages (under shared_root) are written in Simplified Chinese; for an
    edition in another script their source (the prose, before any value is
    inserted) goes through the language's OpenCC phrase profile.
    """

    def __init__(self, search_path: list[Path], shared_root: Path | None = None,
                 convert: Callable[[str], str] | None = None):
        super().__init__([str(p) for p in search_path])
        self.shared_root = shared_root.resolve() if shared_root else None
        self.convert = convert

    def get_source(self, environment: Environment, template: str):  # noqa: ANN201 (Jinja's signature)
        source, filename, uptodate = super().get_source(environment, template)
        if self.convert and self.shared_root and Path(filename).resolve().is_relative_to(self.shared_root):
            source = self.convert(source)
        return sanitize_markdown(source), filename, uptodate


def page_environment(search_path: list[Path], language: Language, shared_root: Path | None = None) -> Environment:
    """Return the environment for editors' Markdown pages (raw HTML sanitised, values escaped)."""
    convert = from_simplified(language)
    loader = SanitizingLoader(search_path, shared_root, convert)
    return environment(search_path, language.babel_locale, loader)


def environment(search_path: list[Path], locale: str, loader: FileSystemLoader | None = None,
                autoescape: bool = True) -> Environment:
    """Return a Jinja environment over search_path (earlier folders override later ones)."""
    env = Environment(
        loader=loader or FileSystemLoader([str(p) for p in search_path]),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update({"markdown": markdown_html, "tel": tel_href, "date": date_filter(locale),
                        "css_string": css_string})
    return env


def template_problem(exc: TemplateError, name: str) -> str:
    """Return 'page:line: message' for a template error, the line taken from the template's frame."""
    line = exc.lineno if isinstance(exc, TemplateSyntaxError) else None
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename.endswith(name):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return f"{name}:{line}: {exc.message}" if line else f"{name}: {exc.message}"
