"""The printed move-in guide (入伙指引): the public project view in, downloads/move-in-guide.<lang>.pdf out.

Its flowcharts are laid out (one column, columns or a snake) for the largest text a page allows, never above
their natural size, and refused if a step's title would print under CHART_TITLE_PT or a role under CHART_ROLE_PT;
each carries its text version as alternative text, which the tagged PDF gives the figure.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..engines.flowchart import (
    VARIANTS,
    alternative_text,
    chart_of,
    fitted_chart,
    printed_svg,
    text_version,
)
from ..engines.pdf import PageContent
from ..engines.qr import qr_data_uri
from ..errors import BuildFailed, Entry, Said
from ..repo import Repo
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import refusals
from .downloads import guide_file_name
from .printing import Printable, PrintJob, printable, template_inputs

CHART_TITLE_PT = 8.0  # a step's title, read at arm's length: as small as a footnote
CHART_ROLE_PT = 7.0  # role names and branch labels: the least a printed label may be
PAGE_MARGINS_MM = {"A4": (18, 16), "A5": (14, 12)}  # top and bottom, sides: the @page margin
PAGE_MM = {"A4": (210, 297), "A5": (148, 210)}
HEADING_MM = 22  # the section heading above a chart, with the figure's own margins
LEAST_FILLED = 0.3  # a page that ends a section this empty takes the next section's start instead
FIXED_STARTS = {"cover", "toc"}  # always on a page of their own


class Guide:
    name = "guide"
    audience = "public"
    editions = "each"
    lists_downloads = False

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [source.data_file, source.folder / "images", *template_inputs(source, repo, "guide")]

    def check(self, ctx: RenderContext) -> list[Entry]:
        return refusals(lambda: guide_document(ctx))

    def render(self, ctx: RenderContext) -> None:
        pdf = guide_document(ctx).pdf(revise=lambda pages: revised_document(ctx, pages))
        ctx.downloads.mkdir(parents=True, exist_ok=True)
        (ctx.downloads / guide_file_name(ctx.edition.tag)).write_bytes(pdf)


def guide_document(ctx: RenderContext, run_on: frozenset[str] = frozenset()) -> Printable:
    """Return the guide, ready to print: the public project view, all of it printed, on the guide's templates.

    Each section starts a page, except those in run_on (see sections_to_run_on).
    """
    cover = next((photo for photo in ctx.project.photos if "cover" in photo.use), None)
    context = {
        "run_on": run_on,
        "page_size": ctx.project.guide.page_size,
        "page_margin": "{}mm {}mm".format(*PAGE_MARGINS_MM[ctx.project.guide.page_size]),
        "qr": qr_data_uri(ctx.project.site.url),
        "cover_photo": cover,
        "cover_url": ctx.source.find(cover.file).resolve().as_uri() if cover else None,  # the project's, or its company's
        "toc": table_of_contents(ctx),
        "flowchart": lambda name: guide_chart(ctx, name),
    }
    return printable(ctx, PrintJob("guide", "guide.html", "guide.css", context, reads=(ctx.repo.content,)))


def revised_document(ctx: RenderContext, pages: list[PageContent]) -> str | None:
    """Return the guide laid out again with sections run on where a first layout left a mostly empty page, or None."""
    run_on = sections_to_run_on(pages)
    return guide_document(ctx, run_on).html if run_on else None


def sections_to_run_on(pages: list[PageContent]) -> frozenset[str]:
    """Return the sections to start on the page before theirs: where a section ends on a page it fills less than
    LEAST_FILLED, the next one starts under it instead of leaving the rest of the page blank."""
    return frozenset(following.parts[0] for page, following in zip(pages, pages[1:])
                     if page.filled < LEAST_FILLED and page.parts and following.parts
                     and following.parts[0] != page.parts[-1]
                     and not {page.parts[-1], following.parts[0]} & FIXED_STARTS)


def table_of_contents(ctx: RenderContext) -> list[tuple[str, str]]:
    """Return (anchor, title) of the guide's sections, in order."""
    t, project = ctx.edition.messages, ctx.project
    entries = [("welcome", t("label.welcome")), ("documents", t("label.documents_to_bring")),
               ("move-in", project.processes.move_in.name)]
    if project.agreements:
        entries.append(("agreements", t("label.agreements")))
    entries.append(("fees", t("label.fees_at_move_in")))
    if project.processes.decoration:
        entries.append(("decoration", project.processes.decoration.name))
    if project.decoration.uniform_styles:
        entries.append(("uniform-styles", t("label.uniform_styles")))
    entries.append(("contacts", t("label.contacts")))
    return entries


def chart_frame(page_size: str) -> tuple[float, float]:
    """Return the room a chart has on a guide page (w, h in pt): the page's text area under a section heading."""
    (width, height), (vertical, sides) = PAGE_MM[page_size], PAGE_MARGINS_MM[page_size]
    points = 72 / 25.4
    return (width - 2 * sides) * points, (height - 2 * vertical - HEADING_MM) * points


def guide_chart(ctx: RenderContext, name: str) -> Markup:
    """Return a process's chart for a guide page, as large as the page allows up to its natural size, with its
    text version as alternative text; raise if its text would print too small to read."""
    project, messages = ctx.project, ctx.edition.messages
    process = getattr(project.processes, name)
    fitted = fitted_chart(process, project, ctx.edition.language, messages, "print",
                          chart_frame(project.guide.page_size), ctx.repo.root / ".cache" / "flowcharts", largest=1.0)
    titles = VARIANTS["print"].font_size * fitted.scale
    if titles < CHART_TITLE_PT or fitted.smallest_pt < CHART_ROLE_PT:
        raise BuildFailed(Said("refusal.guide_chart_small", process=process.name, page=project.guide.page_size,
                               titles=f"{titles:.1f}", roles=f"{fitted.smallest_pt:.1f}",
                               least_titles=CHART_TITLE_PT, least_roles=CHART_ROLE_PT))
    steps = text_version(chart_of(process, {role.id: role.name for role in project.roles}))
    return Markup(printed_svg(fitted.svg, fitted.scale, alternative_text(process.name, steps, messages)))
