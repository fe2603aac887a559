"""The one print recipe: a render context and what a print output states in, its checked HTML out, ready to print.

Every print output (guide, boards, training, notices, operations, forms)
states only what differs, as a PrintJob; `printable` does the rest the same
way for all: the shared template variables and the palette, the stylesheet,
the HTML, a template mistake refused as its file:line, the check for
characters no font can draw (in the project view and the units it prints,
then in the text a reader sees), and the folders WeasyPrint may read, for
a PDF, a layout or a batch. Example::

    job = PrintJob("summary", "summary.html", "summary.css", {"rows": rows})
    pdf = printable(ctx, job).pdf()  # templates/summary/summary.html and .css

Templates come in layers, looked up in order, the first that has a file
winning: the project's own projects/<slug>/templates/, then the repository's
templates/. Each layer may hold <output>/ and _shared/ (head.html, print.css).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from jinja2 import TemplateError, select_autoescape
from markupsafe import Markup

from ..derive.colours import print_palette
from ..engines.flowchart import Variant
from ..engines.fonts import undrawable
from ..engines.pdf import PageContent, layout_document, render_pdf
from ..engines.pdf_batch import BatchJob
from ..engines.templating import environment, template_file_problem
from ..errors import BuildFailed, Said
from ..model.units import Unit
from ..repo import Repo
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import template_context

SHARED = "_shared"
# What a notice, a packet or a day sheet prints of a unit, by the unit list's column names.
UNIT_FIELDS = {"unit", "owner_name", "area_m2", "move_in_date", "appointment"}


@dataclass(frozen=True)
class PrintJob:
    """What a print output states: its templates and variables, the data it prints and where it may read."""

    output: str  # its name: templates/<output>/, and output.<output> in messages
    template: str
    stylesheet: str
    context: Mapping[str, Any]  # its own template variables, beside the shared ones
    units: tuple[Unit, ...] = ()  # the units it prints, beside the project view (glyphs: units.<unit>.<field>)
    fonts: tuple[str, ...] = ()  # families beside the edition's sans that WeasyPrint falls back on for its text
    palette: Mapping[str, str] | None = None  # its colours by CSS name (var(--name)); None: the house palette
    charts: Variant = "print"  # how its flowcharts are drawn
    reads: tuple[Path, ...] = ()  # folders beside the project's and the templates' its images may come from
    shares: tuple[str, ...] = ()  # other outputs whose templates it imports, looked up after its own (forms/)


@dataclass(frozen=True)
class Printable:
    """A print output's HTML, checked, and the folders WeasyPrint may read: write it, lay it out or batch it."""

    html: str
    base: Path
    roots: list[Path]

    def pdf(self, forms: bool = False, revise: Callable[[list[PageContent]], str | None] | None = None) -> bytes:
        """Return the PDF; with forms, its inputs are fillable fields; with revise, see engines.pdf.render_pdf."""
        return render_pdf(self.html, base=self.base, roots=self.roots, forms=forms, revise=revise)

    def laid_out(self):  # a weasyprint Document: only engines/ name WeasyPrint
        return layout_document(self.html, base=self.base, roots=self.roots)

    def batch(self, prefix: str) -> BatchJob:
        return BatchJob(self.html, self.base, self.roots, prefix)


def printable(ctx: RenderContext, job: PrintJob) -> Printable:
    """Return an output's checked HTML, ready to print; raise BuildFailed for a template mistake or a missing glyph."""
    context = {
        **template_context(ctx, job.charts),
        "sans": sans(ctx),
        "palette": job.palette or print_palette(ctx.project.branding.primary),
        **job.context,
    }
    document = print_html(ctx, job, context)
    check_glyphs(ctx, job.output, printed_data(ctx, job.units), visible_text(document), job.fonts)
    roots = [*ctx.source.folders, *template_roots(ctx.source, ctx.repo), *job.reads]
    return Printable(document, ctx.source.folder, roots)


def template_roots(source: ProjectSource, repo: Repo) -> list[Path]:
    """Return the template layers, first found wins: the project's own, its companies' (nearest first), the repository's."""
    return [*(folder / "templates" for folder in source.folders), repo.templates]


def template_inputs(source: ProjectSource, repo: Repo, output: str) -> list[Path]:
    """Return the template folders an output reads, layer by layer (for incremental builds)."""
    return [root / folder for root in template_roots(source, repo) for folder in (output, SHARED)]


def print_html(ctx: RenderContext, job: PrintJob, context: dict[str, Any]) -> str:
    """Return the output's HTML, its stylesheet rendered into it; a template mistake is refused as its file:line."""
    folders = list(dict.fromkeys(folder for output in (job.output, *job.shares)
                                 for folder in template_inputs(ctx.source, ctx.repo, output)))
    escape = select_autoescape(disabled_extensions=("css",), default=True)  # values in CSS go through css_string
    env = environment(folders, ctx.edition.language.babel_locale, autoescape=escape)
    name = job.stylesheet
    try:
        css = env.get_template(job.stylesheet).render(context)
        name = job.template
        return env.get_template(job.template).render({**context, "css": Markup(css.replace("</", "<\\/"))})
    except TemplateError as exc:
        raise BuildFailed(Said("refusal.template", output=Said(f"output.{job.output}"),
                               problem=template_file_problem(exc, folders, name))) from None


def sans(ctx: RenderContext) -> str:
    """Return the family print is set in: the edition's regional CJK face (never the JP one), alone."""
    return ctx.edition.language.sans_family()


def printed_data(ctx: RenderContext, units: Iterable[Unit] = ()) -> dict[str, Any]:
    """Return the data a print output prints, for the glyph check: the project view, and the units' fields if any."""
    data = ctx.project.model_dump(mode="json")
    fields = unit_fields(units)
    return {**data, "units": fields} if fields else data


def check_glyphs(ctx: RenderContext, output: str, printed: object, text: str = "",
                 fonts: Iterable[str] = ()) -> None:
    """Raise BuildFailed naming each character of the printed data, then of the text, that no font of print draws."""
    problems = undrawable(printed, text, [sans(ctx), *fonts])
    if problems:
        raise BuildFailed([Said("refusal.undrawable", output=Said(f"output.{output}"))] + problems)


def unit_fields(units: Iterable[Unit]) -> dict[str, dict[str, Any]]:
    """Return what a document prints of each unit, by unit number: the glyph check names units.<unit>.<field>."""
    return {unit.unit: unit.model_dump(mode="json", include=UNIT_FIELDS, exclude_none=True) for unit in units}


_TAGS = re.compile(r"<(style|script)[^>]*>.*?</\1>|<[^>]+>", re.DOTALL)


def visible_text(document: str) -> str:
    """Return the text a reader sees in an HTML document (for the glyph check)."""
    return html.unescape(_TAGS.sub(" ", document))
