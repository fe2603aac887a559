"""The staff training pack (入伙培訓): the full project and content/staff/** in, an internal site and a PDF out.

Internal: it receives the whole Project, staff sections included, and writes
under dist/internal/<slug>/training/. Posts, talking points, timeline dates
and drill rounds are derived from the data (handbook.staff_views).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown as markdown_lib
from markupsafe import Markup

from ..colours import mix
from ..engines.fonts import undrawable
from ..engines.pdf import render_pdf
from ..engines.templating import environment
from ..errors import BuildFailed
from ..model.staff import Staff
from ..projects import ProjectSource
from ..repo import Repo
from ..staff_views import drill_rounds, phase_timeline, role_steps
from .base import RenderContext
from .common import template_context
from .site import ContentSite, build_content_site, render_pages, replace_site

NAV_ORDER = ["index.md", "posts.md", "talking-points.md", "timeline.md", "contingency.md", "drill.md",
             "wrap-up.md", "principles.md", "inspection.md"]


class Training:
    name = "training"
    audience = "internal"
    editions = "staff"

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [repo.content / "staff", source.folder / "content" / "staff", source.data_file, repo.mkdocs_yml,
                repo.templates / "web", repo.templates / "training", repo.templates / "_shared"]

    def render(self, ctx: RenderContext) -> None:
        title = ctx.edition.messages("label.training_title", name=ctx.project.name)
        pdf_name = f"training.{ctx.edition.tag}.pdf"
        spec = ContentSite("staff", NAV_ORDER, title,
                           ctx.edition.messages("label.training_description", name=ctx.project.name),
                           html_lib.escape(ctx.edition.messages("label.staff_only")),
                           training_context(ctx, pdf_name), downloads=ctx.scratch / "downloads")
        pages_dir = ctx.scratch / "pages" / ctx.edition.tag
        pages_dir.mkdir(parents=True)
        names = render_pages(ctx, pages_dir, spec)
        spec.downloads.mkdir(parents=True, exist_ok=True)
        (spec.downloads / pdf_name).write_bytes(pack_pdf(ctx, title, pages_dir, names))
        built = build_content_site(ctx, spec, ctx.scratch / "site" / ctx.edition.tag)
        replace_site(built, ctx.out / "training", keep=set())  # one pack, in the staff's language


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


def pack_pdf(ctx: RenderContext, title: str, pages_dir: Path, names: list[str]) -> bytes:
    """Return the printable pack: a title page, contents with page numbers, then every page."""
    folder = ctx.repo.templates / "training"
    sans = ctx.edition.language.sans_family()
    context = {
        **template_context(ctx, "print"),
        "title": title,
        "sans": sans,
        "primary": ctx.project.branding.primary,
        "primary_tint": mix(ctx.project.branding.primary, "#FFFFFF", 0.85),
        "pages": print_pages(pages_dir, names),
    }
    locale = ctx.edition.language.babel_locale
    css = environment([folder], locale, autoescape=False).get_template("pack.css").render(context)
    context["css"] = Markup(css.replace("</", "<\\/"))
    document = environment([folder, ctx.repo.templates / "_shared"], locale).get_template("pack.html").render(context)
    problems = undrawable(ctx.project.model_dump(mode="json"), html_lib.unescape(re.sub(r"<[^>]+>", " ", document)),
                         [sans])
    if problems:
        raise BuildFailed(["training: characters no font can print:"] + problems)
    return render_pdf(document, base=ctx.source.folder, roots=[ctx.source.folder, ctx.repo.templates, ctx.repo.content])


