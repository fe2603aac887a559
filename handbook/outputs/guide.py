"""The printed move-in guide (入伙指引): the public project view in, downloads/move-in-guide.<lang>.pdf out."""

from __future__ import annotations

from pathlib import Path

from ..derive.colours import mix
from ..engines.fonts import undrawable
from ..engines.pdf import render_pdf
from ..engines.qr import qr_data_uri
from ..errors import BuildFailed, Entry, Said
from ..repo import Repo
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import print_html, refusals, template_context, visible_text

TEMPLATE = "guide.html"


class Guide:
    name = "guide"
    audience = "public"
    editions = "each"

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [source.data_file, source.folder / "images", repo.templates / "guide", repo.templates / "_shared"]

    def check(self, ctx: RenderContext) -> list[Entry]:
        return refusals(lambda: guide_document(ctx))

    def render(self, ctx: RenderContext) -> None:
        document = guide_document(ctx)
        pdf = render_pdf(document, base=ctx.source.folder,
                         roots=[ctx.source.folder, ctx.repo.templates, ctx.repo.content])
        ctx.downloads.mkdir(parents=True, exist_ok=True)
        (ctx.downloads / guide_file_name(ctx.edition.tag)).write_bytes(pdf)


def guide_document(ctx: RenderContext) -> str:
    """Return the guide's HTML, ready to print; raise BuildFailed if a character has no glyph."""
    document = guide_html(ctx)
    problems = undrawable(ctx.project.model_dump(mode="json"), visible_text(document), fonts(ctx))
    if problems:
        raise BuildFailed([Said("refusal.undrawable", output=Said("output.guide"))] + problems)
    return document


def guide_file_name(tag: str) -> str:
    return f"move-in-guide.{tag}.pdf"


def fonts(ctx: RenderContext) -> list[str]:
    """Return the edition's CJK family (the regional variant, never JP): the guide is set in it alone."""
    return [ctx.edition.language.sans_family()]


def guide_html(ctx: RenderContext) -> str:
    """Return the guide's HTML: the print template filled with the project's data."""
    project = ctx.project
    (sans,) = fonts(ctx)
    context = {
        **template_context(ctx, "print"),
        "page_size": project.guide.page_size,
        "sans": sans,
        "primary": project.branding.primary,
        "primary_tint": mix(project.branding.primary, "#FFFFFF", 0.85),
        "qr": qr_data_uri(project.site.url),
        "cover_photo": next((photo for photo in project.photos if "cover" in photo.use), None),
    }
    context["toc"] = table_of_contents(ctx)
    return print_html(ctx, "guide", "guide.css", TEMPLATE, context)


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


