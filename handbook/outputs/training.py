"""The staff training pack (入伙培訓): the full project and content/staff/** in, an internal site and a PDF out.

Internal: it receives the whole Project, staff sections included, and writes
under dist/internal/<slug>/training/. Posts, talking points, timeline dates
and drill rounds are derived from the data (handbook.derive.staff_material).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown as markdown_lib
from markupsafe import Markup

from ..derive.staff_material import drill_rounds, phase_timeline, role_steps
from ..errors import Entry
from ..model.staff import Staff
from ..repo import Repo
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import refusals, template_context
from .content_site import ContentSite, build_content_site, render_pages, replace_site
from .printing import Printable, PrintJob, printable, template_inputs

NAV_ORDER = ["index.md", "posts.md", "talking-points.md", "timeline.md", "contingency.md", "drill.md",
             "wrap-up.md", "principles.md", "inspection.md"]


class Training:
    name = "training"
    audience = "internal"
    editions = "staff"
    lists_downloads = False

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [repo.content / "staff", source.folder / "content" / "staff", source.data_file, repo.mkdocs_yml,
                repo.templates / "web", *template_inputs(source, repo, "training")]

    def check(self, ctx: RenderContext) -> list[Entry]:
        # Laid out, not only made: the staff pages may name images the pack cannot fetch.
        return refusals(lambda: pack_document(ctx, *staff_pages(ctx)).laid_out())

    def render(self, ctx: RenderContext) -> None:
        spec, pages_dir, names = staff_pages(ctx)
        pdf = pack_document(ctx, spec, pages_dir, names).pdf()
        spec.downloads.mkdir(parents=True, exist_ok=True)
        (spec.downloads / pdf_name(ctx)).write_bytes(pdf)
        built = build_content_site(ctx, spec, ctx.scratch / "site" / ctx.edition.tag)
        replace_site(built, ctx.out / "training", keep=set())  # one pack, in the staff's language


def pdf_name(ctx: RenderContext) -> str:
    return f"training.{ctx.edition.tag}.pdf"


def staff_pages(ctx: RenderContext) -> tuple[ContentSite, Path, list[str]]:
    """Render the staff pages into the scratch folder; return the site's spec, the folder and the page names."""
    spec = ContentSite("staff", NAV_ORDER, ctx.edition.messages("label.training_title", name=ctx.project.name),
                       ctx.edition.messages("label.training_description", name=ctx.project.name),
                       html_lib.escape(ctx.edition.messages("label.staff_only")),
                       training_context(ctx, pdf_name(ctx)), downloads=ctx.scratch / "downloads")
    pages_dir = ctx.scratch / "pages" / ctx.edition.tag
    pages_dir.mkdir(parents=True)
    return spec, pages_dir, render_pages(ctx, pages_dir, spec)


def training_context(ctx: RenderContext, pdf_name: str) -> dict[str, Any]:
    """Return the staff pages' variables: the shared ones plus staff data and views derived from it."""
    project = ctx.project
    return {
        **template_context(ctx, "site"),
        "staff": project.staff or Staff(),
        "role_names": {role.id: role.name for role in project.roles},
        "role_steps": lambda role_id: role_steps(project, role_id),
        "phase_timeline": lambda phase: phase_timeline(project, phase),
        "drill_rounds": lambda: drill_rounds(project),
        "pdf_name": pdf_name,
    }


@dataclass(frozen=True)
class PrintPage:
    anchor: str
    title: str
    html: Markup


def print_pages(pages_dir: Path, names: list[str]) -> list[PrintPage]:
    """Return the rendered Markdown pages as HTML sections, in the pack's order."""
    ordered = [n for n in NAV_ORDER if n in names] + [n for n in names if n not in NAV_ORDER]
    pages = []
    for name in ordered:
        text = (pages_dir / name).read_text(encoding="utf-8")
        text = re.sub(r"^\[[^\]]*\]\(downloads/[^)]*\)\s*$", "", text, flags=re.M)  # no link to itself
        body = markdown_lib.markdown(text, extensions=["tables", "attr_list", "admonition", "sane_lists"])
        anchor = "page-" + Path(name).with_suffix("").as_posix().replace("/", "-")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
        title = html_lib.unescape(re.sub(r"<[^>]+>", "", heading.group(1))) if heading else name
        pages.append(PrintPage(anchor, title, Markup(body)))
    return pages


def pack_document(ctx: RenderContext, spec: ContentSite, pages_dir: Path, names: list[str]) -> Printable:
    """Return the printable pack: a title page, contents with page numbers, then every page."""
    context = {"title": spec.site_name, "pages": print_pages(pages_dir, names)}
    return printable(ctx, PrintJob("training", "pack.html", "pack.css", context, reads=(ctx.repo.content,)))


