"""The owner web handbook: the public project view and content/owner/** in, a MkDocs Material site out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import TemplateError
from markupsafe import Markup

from ..colours import site_palette_css
from ..engines.mkdocs_site import build_site
from ..engines.offline import outside_loads
from ..engines.search_terms import add_synonyms
from ..engines.templating import page_environment, template_problem
from ..errors import BuildFailed, Entry, Said
from ..i18n.languages import LANGUAGES, variant_name
from ..pages import page_folders, pages
from ..projects import ProjectSource
from ..repo import Repo
from .base import Edition, RenderContext
from .common import refusals, template_context
from ..portal import PROJECT_CARD, project_card
from ..present import Presenter

# Pages in the order owners need them; any other page an editor adds follows, by name.
NAV_ORDER = ["index.md", "move-in.md", "fees.md", "decoration.md", "contacts.md", "amenities.md",
             "services.md", "faq.md", "downloads.md"]


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


class Site:
    name = "site"
    audience = "public"
    editions = "each"

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [repo.content / "owner", source.folder / "content" / "owner", repo.mkdocs_yml, source.data_file,
                repo.templates / "web"]

    def check(self, ctx: RenderContext) -> list[Entry]:
        """Return what the site would refuse: it is built whole into the check's own temporary folder."""
        return refusals(lambda: self.render(ctx))

    def render(self, ctx: RenderContext) -> None:
        project = ctx.project
        html = build_content_site(ctx, owner_site(ctx), ctx.scratch / "site" / ctx.edition.tag)
        if ctx.edition.primary:
            (html / PROJECT_CARD).write_text(project_card(project.name, project.address, project.languages,
                                                          project.site.url, ctx.revision.isoformat()),
                                             encoding="utf-8")
        replace_site(html, ctx.out / ctx.edition.site_prefix, keep=set(LANGUAGES) | {"downloads"})


def owner_site(ctx: RenderContext) -> ContentSite:
    """Return the owner site of an edition: its pages, name, footer, downloads and language switcher."""
    project, messages = ctx.project, ctx.edition.messages
    # MkDocs renders its theme without autoescaping: every value from YAML is escaped here.
    footer = escape(messages("label.version_line", revision=ctx.revision.isoformat()))
    if project.site.icp_record:
        footer += f' · <a href="https://beian.miit.gov.cn/">{escape(project.site.icp_record)}</a>'
    return ContentSite("owner", NAV_ORDER, project.name, messages("label.site_description", name=project.name),
                       footer, page_context(ctx), project.site.url, ctx.downloads,
                       alternates(project.languages, ctx.edition, project.site.url))


def alternates(languages: list[str], edition: Edition, site_url: str) -> list[dict[str, str]] | None:
    """Return the language switcher's entries: each edition's root, from this one (none for a single edition).

    The switcher's template (overrides/partials/alternate.html) adds the page,
    so it leads to the same page in the other edition; the 404 page, served
    at any address, uses `home`, each edition's root as an absolute path.
    """
    if len(languages) < 2:
        return None
    up = "../" * edition.site_prefix.count("/")  # from this edition's root to the primary's
    root = urlsplit(site_url).path.removesuffix(edition.site_prefix)  # the primary's root, as a path
    prefixes = ["" if index == 0 else f"{tag}/" for index, tag in enumerate(languages)]
    return [{"name": LANGUAGES[tag].native_name, "link": up + prefix, "home": root + prefix,
             "lang": LANGUAGES[tag].html_lang} for tag, prefix in zip(languages, prefixes)]


def build_content_site(ctx: RenderContext, spec: ContentSite, work: Path) -> Path:
    """Render a content section's pages and build them into a MkDocs site; return the built folder."""
    docs, html = work / "docs", work / "html"
    docs.mkdir(parents=True)
    pages = render_pages(ctx, docs, spec)
    if spec.downloads and spec.downloads.is_dir():
        shutil.copytree(spec.downloads, docs / "downloads")
    shutil.copytree(ctx.repo.templates / "web" / "assets", docs / "assets")
    (docs / "assets" / "project.css").write_text(
        site_palette_css(ctx.project.branding.primary, ctx.project.branding.accent), encoding="utf-8")
    build_site(ctx.repo.mkdocs_yml, site_config(ctx, spec, docs, html, pages), work / "mkdocs.yml",
               epoch(ctx.revision))
    set_html_lang(html, ctx.edition.language.html_lang)
    add_synonyms(html / "search" / "search_index.json")
    loads = outside_loads(html)
    if loads:
        raise BuildFailed([Said("refusal.outside_loads", output=Said(f"output.{spec.section}_site"))] + loads)
    return html


def render_pages(ctx: RenderContext, docs: Path, spec: ContentSite) -> list[str]:
    """Render every Markdown page of a content section through Jinja into docs; return their names.

    Each page comes from the project's folder when it has one, else from the
    shared content; in the edition's own version (fees.en.md) when one is
    beside it, else converted from the language it is written in.
    """
    (folders,) = page_folders(ctx.source.folder, ctx.edition.written_in, ctx.repo, (spec.section,))
    env = page_environment(folders, ctx.edition)
    names = []
    for name, folder in pages(folders).items():
        variant = variant_name(name, ctx.edition.tag)
        template = variant if (folder.folder / variant).is_file() else name
        try:
            text = env.get_template(template).render(spec.context)
        except TemplateError as exc:
            raise BuildFailed(Said("refusal.template", output=Said(f"output.{spec.section}_site"),
                                   problem=template_problem(exc, template))) from None
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        names.append(name)
    return names


def page_context(ctx: RenderContext) -> dict[str, Any]:
    """Return what every page template may use: the shared variables plus the site's own."""
    shared = template_context(ctx, "site")
    return {
        **shared,
        "checklist": lambda items: checklist(items, shared["p"]),
        "map_links": map_links,
        "downloads": downloads(ctx),
    }


def checklist(items: list, presenter: Presenter) -> Markup:
    """Return documents as a list of labelled checkboxes owners can tick while they gather them."""
    rows = []
    for item in items:
        purpose = f'<span class="note">{presenter.punct.colon}{escape(item.purpose)}</span>' if item.purpose else ""
        text = escape(item.name) + escape(presenter.document_details(item)) + purpose
        rows.append(f'<li><label><input type="checkbox"> {text}</label></li>')
    return Markup(f'<ul class="checklist">{"".join(rows)}</ul>')


def map_links(address: str, city: str | None = None) -> dict[str, str]:
    """Return map search links for an address (links only: no embedded map, no outside request)."""
    query = quote(f"{city or ''}{address}")
    return {
        "amap": f"https://uri.amap.com/search?keyword={query}",
        "baidu": f"https://map.baidu.com/search/{query}",
    }


def downloads(ctx: RenderContext) -> list[dict[str, str]]:
    """Return the files in the public downloads folder, for the downloads page to list.

    A PNG beside a PDF of the same name is that PDF's preview (a board's): it is
    given as the PDF's "preview", not listed on its own.
    """
    if not ctx.downloads.is_dir():
        return []
    files = sorted(path for path in ctx.downloads.rglob("*") if path.is_file() and path.suffix in (".pdf", ".png"))
    link = lambda path: f"downloads/{path.relative_to(ctx.downloads).as_posix()}"  # noqa: E731
    return [
        {"path": link(path), "name": path.stem, "size_kb": f"{max(1, round(path.stat().st_size / 1024))}",
         "preview": link(path.with_suffix(".png")) if path.with_suffix(".png").is_file() else ""}
        for path in files if path.suffix == ".pdf" or not path.with_suffix(".pdf").is_file()
    ]


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
        "nav": nav(pages, spec.nav_order, {"agreements": ctx.edition.messages("label.agreements")}),
        "theme": {
            "name": "material",
            "language": ctx.edition.language.material_language,
            "custom_dir": str(ctx.repo.templates / "web" / "overrides"),
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
        },
        "extra_css": ["assets/handbook.css", "assets/project.css"],
    }
    if spec.site_url:
        config["site_url"] = spec.site_url
    if spec.alternates:
        config["extra"] = {"alternate": spec.alternates}
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
