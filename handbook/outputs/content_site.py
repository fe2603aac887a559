"""A MkDocs site made from a content section (the owner site, the staff training site): pages in, a built site out.

Both sites render the section's Markdown pages through Jinja (the project's
page replacing the shared one of the same name), then build them with the
repository's mkdocs.yml, offline, with the edition's language.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from ..derive.colours import site_palette_css
from ..engines.mkdocs_site import build_site
from ..engines.offline import outside_loads
from ..engines.search_terms import add_search_terms
from ..engines.templating import page_environment, template_problem
from ..errors import BuildFailed, Said
from ..i18n.languages import variant_name
from ..source.pages import BRING, page_folders, published_pages, rendered_pages
from .base import RenderContext


@dataclass(frozen=True)
class ContentSite:
    """One MkDocs site made from a content section (owner or staff) of the shared and project content."""

    section: str  # content/<section>/ and projects/<slug>/content/<section>/
    nav_order: list[str]
    site_name: str
    description: str
    footer: str  # HTML, every value from YAML already escaped
    context: dict[str, Any]
    site_url: str | None = None
    downloads: Path | None = None
    alternates: list[dict[str, str]] | None = None  # the language switcher's entries (Material's extra.alternate)
    scripts: tuple[str, ...] = ()  # its own scripts, under docs/ (the owner site's fee calculator)
    names: tuple[str, ...] = ()  # what search finds the home page by (the project's name in every edition)
    files: tuple[tuple[str, bytes], ...] = ()  # files the pages link to, by name from the site's root (a vCard)
    share: dict[str, Any] | None = None  # the head's share tags (Material's extra.share: outputs/share.share_meta)


def build_content_site(ctx: RenderContext, spec: ContentSite, work: Path) -> Path:
    """Render a content section's pages and build them into a MkDocs site; return the built folder."""
    docs, html = work / "docs", work / "html"
    docs.mkdir(parents=True)
    pages = render_pages(ctx, docs, spec)
    if spec.downloads and spec.downloads.is_dir():
        shutil.copytree(spec.downloads, docs / "downloads")
    shutil.copytree(ctx.repo.templates / "web" / "assets", docs / "assets")
    for name, data in spec.files:
        (docs / name).write_bytes(data)
    (docs / "assets" / "project.css").write_text(
        site_palette_css(ctx.project.branding.primary, ctx.project.branding.accent), encoding="utf-8")
    build_site(ctx.repo.mkdocs_yml, site_config(ctx, spec, docs, html, pages), work / "mkdocs.yml",
               epoch(ctx.revision))
    set_html_lang(html, ctx.edition.language.html_lang)
    add_search_terms(html / "search" / "search_index.json", spec.names)
    loads = outside_loads(html)
    if loads:
        raise BuildFailed([Said("refusal.outside_loads", output=Said(f"output.{spec.section}_site"))] + loads)
    return html


def render_pages(ctx: RenderContext, docs: Path, spec: ContentSite) -> list[str]:
    """Render every Markdown page of a content section through Jinja into docs; return their names.

    Each page comes from the project's folder when it has one, else from the
    shared content; in the edition's own version (fees.en.md) when one is
    beside it, else converted from the language it is written in. A template
    may render several pages (bring/household.md one per household type).
    """
    (folders,) = page_folders(ctx.source.folders, ctx.edition.written_in, ctx.repo, (spec.section,))
    env = page_environment(folders, ctx.edition)
    names = []
    for name, folder in published_pages(folders, ctx.project).items():
        variant = variant_name(name, ctx.edition.tag)
        template = variant if (folder.folder / variant).is_file() else name
        for page, variables in rendered_pages(name, ctx.project):
            try:
                text = env.get_template(template).render({**spec.context, **variables})
            except TemplateError as exc:
                raise BuildFailed(Said("refusal.template", output=Said(f"output.{spec.section}_site"),
                                       problem=template_problem(exc, template))) from None
            target = docs / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            names.append(page)
    return names


def nav(pages: list[str], order: list[str], section_titles: dict[str, str] | None = None) -> list:
    """Return the navigation: the known pages in the order readers need them, then any other page.

    Pages in a folder (agreements/covenant.md) are grouped under one entry
    titled from section_titles (or the folder's name), after the top-level pages.
    """
    known = [page for page in order if page in pages]
    top = [page for page in pages if page not in order and "/" not in page]
    sections: dict[str, list[str]] = {}
    for page in pages:
        if "/" in page and page not in order:
            sections.setdefault(page.split("/", 1)[0], []).append(page)
    titles = section_titles or {}
    return known + top + [{titles.get(folder, folder): entries} for folder, entries in sections.items()]


def site_config(ctx: RenderContext, spec: ContentSite, docs: Path, html: Path, pages: list[str]) -> dict[str, Any]:
    """Return the per-project MkDocs config (it INHERITs the repository's mkdocs.yml)."""
    config = {
        "site_name": escape(spec.site_name),
        "site_description": escape(spec.description),
        "docs_dir": str(docs),
        "site_dir": str(html),
        "copyright": spec.footer,
        "nav": nav(pages, spec.nav_order, {"agreements": ctx.edition.messages("label.agreements"),
                                           BRING: ctx.edition.messages("label.bring.section")}),
        "theme": {
            "name": "material",
            "language": ctx.edition.language.material_language,
            "custom_dir": str(ctx.repo.templates / "web" / "overrides"),
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
        },
        "extra_css": ["assets/handbook.css", "assets/project.css"],
    }
    if spec.scripts:
        config["extra_javascript"] = list(spec.scripts)
    if spec.site_url:
        config["site_url"] = spec.site_url
    extra = {"alternate": spec.alternates, "share": spec.share}
    if any(extra.values()):
        config["extra"] = {key: value for key, value in extra.items() if value}
    return config


def epoch(day: dt.date) -> int:
    """Return the revision date as a Unix timestamp (midnight UTC)."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


_HTML_LANG = re.compile(r'<html lang="[^"]*"')


def set_html_lang(site: Path, lang: str) -> None:
    """Set <html lang> from the language table (Material writes its own short code, e.g. zh)."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(_HTML_LANG.sub(f'<html lang="{lang}"', text, count=1), encoding="utf-8")


def replace_site(built: Path, target: Path, keep: set[str]) -> None:
    """Move a built site into target, replacing the previous site files but not other editions."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in target.iterdir():
        if entry.name in keep:
            continue
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for entry in built.iterdir():
        destination = target / entry.name
        if destination.exists():
            shutil.rmtree(destination) if destination.is_dir() else destination.unlink()
        shutil.move(str(entry), destination)
