"""The owner web handbook: the public project view and content/owner/** in, a MkDocs Material site out."""

from __future__ import annotations

from dataclasses import replace
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
from .common import refusals, service_centre, template_context
from .content_site import ContentSite, build_content_site, replace_site
from .downloads import downloads
from .fee_calculator import SCRIPTS, fee_calculator
from .printing import SHARED, template_roots
from .project_card import PROJECT_CARD, project_card
from .reach import (
    CALENDAR,
    VCARD,
    footer_numbers,
    move_in_calendar,
    service_centre_vcard,
)
from .share import share_meta, write_share_images

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
                repo.templates / "web", *(root / SHARED for root in template_roots(source, repo)),
                source.folder / "images"]  # the share images' photo

    def check(self, ctx: RenderContext) -> list[Entry]:
        """Return what the site would refuse: it is built whole into the check's own temporary folder."""
        return refusals(lambda: self.render(ctx))

    def render(self, ctx: RenderContext) -> None:
        project = ctx.project
        spec = replace(owner_site(ctx), share=share_meta(ctx))
        html = build_content_site(ctx, spec, ctx.scratch / "site" / ctx.edition.tag)
        write_share_images(ctx, html)
        if spec.alternates:
            skip_alternate_sitemaps(html)
        if ctx.edition.primary:
            (html / PROJECT_CARD).write_text(project_card(project.name, project.address, project.languages,
                                                          project.site.url, ctx.revision.isoformat(),
                                                          company=project.company,
                                                          property_company=project.property_company),
                                             encoding="utf-8")
        replace_site(html, ctx.out / ctx.edition.site_prefix, keep=set(LANGUAGES) | {"downloads"})


def owner_site(ctx: RenderContext) -> ContentSite:
    """Return the owner site of an edition: its pages, name, footer, downloads and language switcher."""
    project, messages = ctx.project, ctx.edition.messages
    # MkDocs renders its theme without autoescaping: every value from YAML is escaped here.
    footer = escape(messages("label.version_line", revision=ctx.revision.isoformat()))
    if project.site.icp_record:
        footer += f' · <a href="https://beian.miit.gov.cn/">{escape(project.site.icp_record)}</a>'
    numbers = footer_numbers(ctx)
    if numbers:
        footer = f'<span class="reach-numbers">{numbers}</span><br>{footer}'
    return ContentSite("owner", NAV_ORDER, project.name, messages("label.site_description", name=project.name),
                       footer, page_context(ctx), project.site.url, ctx.downloads,
                       alternates(project.languages, ctx.edition, project.site.url), scripts=SCRIPTS,
                       names=project_names(ctx), files=site_files(ctx))


def site_files(ctx: RenderContext) -> tuple[tuple[str, bytes], ...]:
    """Return the files the pages offer besides themselves: the service centre's vCard, the move-in calendar."""
    card = service_centre_vcard(ctx)
    files = [(CALENDAR, move_in_calendar(ctx))]
    return tuple(files + [(VCARD, card)] if card else files)


def project_names(ctx: RenderContext) -> tuple[str, ...]:
    """Return the project's name as each edition writes it, this edition's first: search finds the home page by each.

    An English edition takes only the names in letters: it publishes no Chinese (run/leftovers.py).
    """
    names = [ctx.project.name, *(view.name for _, view in ctx.views.values())]
    if ctx.edition.language.script == "Latn":
        names = [name for name in names if not has_han(name)]
    return tuple(dict.fromkeys(names))


def alternates(languages: list[str], edition: Edition, site_url: str) -> list[dict[str, str]] | None:
    """Return each edition's entry of the language switcher and the hreflang links (none for a single edition).

    Both templates add the page, so they lead to the same page in the other
    edition. The switcher (overrides/partials/alternate.html) follows `link`,
    each edition's root relative to this one's, so a local preview stays on
    its host; the 404 page, served at any address, uses `home`, each root as
    an absolute path. The head's hreflang links (overrides/partials/site-meta.html)
    use `url`, each root's full address: search engines take no other.
    """
    if len(languages) < 2:
        return None
    up = "../" * edition.site_prefix.count("/")  # from this edition's root to the primary's
    primary = site_url.removesuffix(edition.site_prefix)  # the edition's site.url ends with its prefix
    root = urlsplit(primary).path  # the primary's root, as a path
    prefixes = ["" if index == 0 else f"{tag}/" for index, tag in enumerate(languages)]
    return [{"name": LANGUAGES[tag].native_name, "link": up + prefix, "home": root + prefix,
             "url": escape(primary + prefix), "lang": LANGUAGES[tag].html_lang}
            for tag, prefix in zip(languages, prefixes)]


# Material's bundle fetches the sitemap.xml beside every <link rel="alternate"> (to lead its language selector to the
# same page), resolved against the link: https://<site>/en/fees/sitemap.xml for our absolute hreflang links, a 404
# on the site and a request to another host from a local preview. The switcher's own links already lead to the same
# page (partials/alternate.html): the lookup is left to links without hreflang (none). The same code, reported:
# https://github.com/zensical/zensical/issues/908
MATERIAL_ALTERNATE_LOOKUP = 'M("link[rel=alternate]")'
OWN_ALTERNATE_LOOKUP = 'M("link[rel=alternate]:not([hreflang])")'


def skip_alternate_sitemaps(html: Path) -> None:
    """Stop Material's bundle (9.8.1) fetching a sitemap for each hreflang link of a built site's pages."""
    (bundle,) = (html / "assets" / "javascripts").glob("bundle.*.min.js")
    text = bundle.read_text(encoding="utf-8")
    if text.count(MATERIAL_ALTERNATE_LOOKUP) != 1:  # a new Material: look again at its integrations/alternate
        raise RuntimeError(f"{bundle.name}: Material's alternate lookup {MATERIAL_ALTERNATE_LOOKUP} not found once")
    bundle.write_text(text.replace(MATERIAL_ALTERNATE_LOOKUP, OWN_ALTERNATE_LOOKUP), encoding="utf-8")


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
        "calendar_file": CALENDAR,
        "vcard_file": VCARD if service_centre(ctx.project) else None,  # service_centre_vcard writes it then
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
    """Return documents as labelled checkboxes owners tick while they gather them, each by its letter when lettered.

    A project's own page may still pass the data's documents (project.documents.family.items): they have no letter.
    """
    rows = []
    for item in items:
        purpose = f'<span class="note">{presenter.punct.colon}{escape(item.purpose)}</span>' if item.purpose else ""
        letter = f'<b class="letter">{escape(item.letter)}</b> ' if getattr(item, "letter", None) else ""
        text = letter + escape(item.name) + escape(presenter.document_details(item)) + purpose
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
