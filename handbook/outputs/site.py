"""The owner web handbook: the public project view and content/owner/** in, a MkDocs Material site out."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from ..derive.present import Presenter
from ..engines.templating import environment
from ..errors import Entry
from ..i18n.edition import Edition
from ..i18n.languages import LANGUAGES, has_han
from ..repo import Repo
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import refusals, template_context
from .content_site import ContentSite, build_content_site, replace_site
from .fee_calculator import SCRIPTS, fee_calculator
from .printing import SHARED, template_roots
from .project_card import PROJECT_CARD, project_card

# Pages in the order owners need them; any other page an editor adds follows, by name.
NAV_ORDER = ["index.md", "move-in.md", "fees.md", "decoration.md", "contacts.md", "amenities.md",
             "services.md", "faq.md", "downloads.md"]


class Site:
    name = "site"
    audience = "public"
    editions = "each"
    lists_downloads = True

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [repo.content / "owner", source.folder / "content" / "owner", repo.mkdocs_yml, source.data_file,
                repo.templates / "web", *(root / SHARED for root in template_roots(source, repo))]

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
                       alternates(project.languages, ctx.edition, project.site.url), scripts=SCRIPTS)


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


def page_context(ctx: RenderContext) -> dict[str, Any]:
    """Return what every page template may use: the shared variables plus the site's own."""
    shared = template_context(ctx, "site")
    return {
        **shared,
        "checklist": lambda items: checklist(items, shared["p"]),
        "map_links": lambda: estate_map_links(ctx),
        "downloads": downloads(ctx),
        "fee_calculator": lambda: fee_calculator(ctx, shared),
        "fees": shared_macros(ctx, "fee_schedule.html", shared),
    }


def shared_macros(ctx: RenderContext, name: str, shared: dict[str, Any]) -> Any:
    """Return the macros of a print template in templates/_shared, bound to the page's variables.

    Pages print what the guide prints (the fee schedule) through the same macros; their HTML is raw HTML
    in the Markdown, with every value from YAML escaped by the macros' own autoescaping.
    """
    folders = [root / SHARED for root in template_roots(ctx.source, ctx.repo)]  # the project's own first
    template = environment(folders, ctx.edition.language.babel_locale).get_template(name)
    return template.make_module(vars=shared)


def checklist(items: list, presenter: Presenter) -> Markup:
    """Return documents as a list of labelled checkboxes owners can tick while they gather them."""
    rows = []
    for item in items:
        purpose = f'<span class="note">{presenter.punct.colon}{escape(item.purpose)}</span>' if item.purpose else ""
        text = escape(item.name) + escape(presenter.document_details(item)) + purpose
        rows.append(f'<li><label><input type="checkbox"> {text}</label></li>')
    return Markup(f'<ul class="checklist">{"".join(rows)}</ul>')


# Map search addresses, by map; each region's maps in the order its owners use them (links only: no embedded map,
# nothing loaded from another host). Hong Kong, Macao and Taiwan add Amap for visitors from the mainland.
MAP_SEARCH = {
    "amap": "https://uri.amap.com/search?keyword={}",
    "baidu": "https://map.baidu.com/search/{}",
    "google": "https://www.google.com/maps/search/?api=1&query={}",
    "apple": "https://maps.apple.com/?q={}",
}
REGION_MAPS = {"CN": ("amap", "baidu"), "HK": ("google", "apple", "amap"), "MO": ("google", "apple", "amap"),
               "TW": ("google", "apple", "amap")}


def map_links(address: str, city: str | None, region: str) -> list[tuple[str, str]]:
    """Return (map, search link) for each of a region's maps, searching the estate's full address."""
    query = quote(map_query(address, city))
    return [(name, MAP_SEARCH[name].format(query)) for name in REGION_MAPS[region]]


def map_query(address: str, city: str | None) -> str:
    """Return the address to search: the city written once, before a Chinese address or after one in Latin letters."""
    if not city or city.casefold() in address.casefold():
        return address
    return f"{city}{address}" if has_han(address) else f"{address}, {city}"


def estate_map_links(ctx: RenderContext) -> list[dict[str, str]]:
    """Return the estate's map links as pages show them: each map's name in the edition's language and its link.

    They search the address as the data writes it, in every edition: a map finds an address in its own script
    (Amap reads 深圳市南山区…, not its English translation).
    """
    primary = ctx.views.get(ctx.project.languages[0])
    written = primary[1] if primary else ctx.project
    return [{"name": ctx.edition.messages(f"label.map_{name}"), "url": url}
            for name, url in map_links(written.address, written.city, written.region)]


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


