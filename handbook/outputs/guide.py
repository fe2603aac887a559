"""The printed move-in guide (入伙指引): the public project view in, downloads/move-in-guide.<lang>.pdf out."""

from __future__ import annotations

from pathlib import Path

from ..engines.qr import qr_data_uri
from ..errors import Entry
from ..repo import Repo
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import refusals
from .downloads import guide_file_name
from .printing import Printable, PrintJob, printable, template_inputs


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
        pdf = guide_document(ctx).pdf()
        ctx.downloads.mkdir(parents=True, exist_ok=True)
        (ctx.downloads / guide_file_name(ctx.edition.tag)).write_bytes(pdf)


def guide_document(ctx: RenderContext) -> Printable:
    """Return the guide, ready to print: the public project view, all of it printed, on the guide's templates."""
    context = {
        "page_size": ctx.project.guide.page_size,
        "qr": qr_data_uri(ctx.project.site.url),
        "cover_photo": next((photo for photo in ctx.project.photos if "cover" in photo.use), None),
        "toc": table_of_contents(ctx),
    }
    return printable(ctx, PrintJob("guide", "guide.html", "guide.css", context, reads=(ctx.repo.content,)))


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
