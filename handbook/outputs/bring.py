"""The printable "what to bring" pages: the public project view in, downloads/what-to-bring/<type>.<tag>.pdf out.

One A4 page per household type the project lists documents for: the
project's name, the household type, its documents lettered A, B, C... as the
guide, the site and the notices letter them (derive/lettering.py), each with
a box to tick, what to bring of it and what it is for, a proxy's extras
continuing the letters, when and where to come, the service centre's phone
and a QR code to the type's page on the owner site. A long list is set
tighter, step by step, until it fits its one page; one that fits at no step
is refused, naming the household type.
"""

from __future__ import annotations

from pathlib import Path

from ..derive.lettering import LetteredDocuments, households
from ..engines.qr import qr_data_uri
from ..errors import BuildFailed, Entry, Said
from ..repo import Repo
from ..source.pages import bring_page
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import page_address, refusals, remove_files, service_centre
from .downloads import BRING, bring_file_name
from .printing import Printable, PrintJob, printable, template_inputs

# How tightly a page is set, loosest first: the first at which the list fits one page is printed (bring.css).
DENSITIES = ("roomy", "compact", "tight")


class Bring:
    name = "bring"
    audience = "public"
    editions = "each"
    lists_downloads = False

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [source.data_file, *template_inputs(source, repo, "bring")]

    def check(self, ctx: RenderContext) -> list[Entry]:
        return refusals(lambda: [one_page(ctx, household) for household in households(ctx.project.documents)])

    def render(self, ctx: RenderContext) -> None:
        folder = ctx.downloads / BRING
        if folder.is_dir():
            remove_files(folder, [f"*.{ctx.edition.tag}.pdf"])  # a household type the project no longer lists
        for household in households(ctx.project.documents):
            folder.mkdir(parents=True, exist_ok=True)
            pdf = one_page(ctx, household).pdf()
            (folder / bring_file_name(household.type, ctx.edition.tag)).write_bytes(pdf)


def one_page(ctx: RenderContext, household: LetteredDocuments) -> Printable:
    """Return a household type's page set at the loosest density that fits one page; refuse a list too long."""
    for density in DENSITIES:
        page = bring_document(ctx, household, density)
        if len(page.laid_out().pages) == 1:
            return page
    type_name = ctx.edition.messages(f"label.household.{household.type}")
    raise BuildFailed(Said("refusal.bring_too_long", type=type_name, count=len(household.all)))


def bring_document(ctx: RenderContext, household: LetteredDocuments, density: str) -> Printable:
    """Return one household type's "what to bring" page, ready to print, set at a density of DENSITIES."""
    context = {
        "household": household,
        "density": density,
        "qr": qr_data_uri(page_url(ctx, household)),
        "service_centre": service_centre(ctx.project),
    }
    return printable(ctx, PrintJob("bring", "bring.html", "bring.css", context))


def page_url(ctx: RenderContext, household: LetteredDocuments) -> str:
    """Return the address of the household type's page on the edition's site, which its QR code opens."""
    return page_address(ctx.project.site.url, bring_page(household))
