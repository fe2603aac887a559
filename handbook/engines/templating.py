"""Jinja2 environments for Markdown pages and print templates, with the filters they share.

Values from YAML are HTML-escaped wherever they are inserted (autoescape), so
`<script>` typed into any field shows as text. Markdown written by editors in
YAML fields is converted and sanitised with an allow-list before insertion.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import markdown as markdown_lib
import nh3
from babel.dates import format_date
from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from markupsafe import Markup

from ..errors import relative_name
from ..i18n.cjk_lines import join_lines
from ..i18n.convert import converter
from ..i18n.languages import is_variant
from .jinja_cache import COMPILED
from .sanitize import sanitize_markdown

if TYPE_CHECKING:
    from ..i18n.edition import Edition
    from ..i18n.languages import Language

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


def group_in_order(items: Iterable[Any], attribute: str) -> list[tuple[Any, list[Any]]]:
    """Return items grouped by an attribute, the groups in the order they first appear (Jinja's groupby sorts)."""
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(getattr(item, attribute), []).append(item)
    return list(groups.items())


def date_filter(locale: str) -> Callable[[dt.date], str]:
    """Return a filter formatting dates in the edition's locale (e.g. 2027年3月6日)."""
    return lambda value: format_date(value, format="long", locale=locale)


@dataclass(frozen=True)
class PageFolder:
    """A folder of Markdown pages and the language they are written in (the shared pages are Simplified)."""

    folder: Path
    language: Language  # the language its pages are written in


class SanitizingLoader(FileSystemLoader):
    """Load editors' Markdown pages with their raw HTML reduced to the allow-list.

    A page written in another script than the edition's (the shared pages are
    Simplified) has its source, the prose before any value is inserted, run
    through the edition's converter; an edition's own version of a page
    (fees.zh-HK.md) is used as written.
    """

    def __init__(self, folders: list[PageFolder], edition: Edition):
        super().__init__([str(f.folder) for f in folders])
        self.converters = [(f.folder.resolve(), converter(f.language, edition.language, edition.keep))
                           for f in folders]

    def get_source(self, environment: Environment, template: str):  # noqa: ANN201 (Jinja's signature)
        source, filename, uptodate = super().get_source(environment, template)
        path = Path(filename).resolve()
        convert = next((c for folder, c in self.converters if path.is_relative_to(folder)), None)
        if convert and not is_variant(path.name):
            source = convert(source)
        return sanitize_markdown(join_lines(source)), filename, uptodate


def page_environment(folders: list[PageFolder], edition: Edition) -> Environment:
    """Return the environment for editors' Markdown pages (raw HTML sanitised, values escaped)."""
    loader = SanitizingLoader(folders, edition)
    return environment([f.folder for f in folders], edition.language.babel_locale, loader)


def environment(search_path: list[Path], locale: str, loader: FileSystemLoader | None = None,
                autoescape: bool | Callable[[str | None], bool] = True) -> Environment:
    """Return a Jinja environment over search_path (earlier folders override later ones)."""
    env = Environment(
        loader=loader or FileSystemLoader([str(p) for p in search_path]),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED,
    )
    env.filters.update({"markdown": markdown_html, "tel": tel_href, "date": date_filter(locale),
                        "css_string": css_string, "group_in_order": group_in_order})
    return env


def template_problem(exc: TemplateError, name: str) -> str:
    """Return 'page:line: message' for a template error, the line taken from the template's frame."""
    line = exc.lineno if isinstance(exc, TemplateSyntaxError) else None
    for filename, frame_line in _frames(exc):
        if filename.endswith(name):
            line = frame_line
    return _problem(name, line, exc)


def template_file_problem(exc: TemplateError, folders: list[Path], name: str) -> str:
    """Return 'file:line: message' for a template error, the file being the template under folders it is in."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return _problem(relative_name(Path(exc.filename)), exc.lineno, exc)
    roots = [folder.resolve() for folder in folders]
    place: tuple[str, int | None] = (name, None)
    for filename, line in _frames(exc):
        if any(Path(filename).resolve().is_relative_to(root) for root in roots):
            place = (relative_name(Path(filename)), line)
    return _problem(*place, exc)


def _frames(exc: TemplateError) -> Iterator[tuple[str, int]]:
    """Yield the file and line of each frame of an error's traceback, outermost first."""
    traceback = exc.__traceback__
    while traceback is not None:
        yield traceback.tb_frame.f_code.co_filename, traceback.tb_lineno
        traceback = traceback.tb_next


def _problem(name: str, line: int | None, exc: TemplateError) -> str:
    return f"{name}:{line}: {exc.message}" if line else f"{name}: {exc.message}"
