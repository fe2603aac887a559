"""The owner web handbook: the public project view and content/owner/** in, a MkDocs Material site out."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..engines.flowchart import chart_of, exit_words, flowchart_svg, text_version
from ..engines.mkdocs_site import build_site
from ..engines.templating import environment
from ..i18n.languages import LANGUAGES
from ..projects import ProjectSource
from ..repo import Repo
from .base import RenderContext

OWNER = Path("content") / "owner"


class Site:
    name = "site"
    audience = "public"

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [repo.content / "owner", source.folder / OWNER, repo.mkdocs_yml, source.data_file,
                repo.templates / "site"]

    def render(self, ctx: RenderContext) -> None:
        work = ctx.scratch / "site" / ctx.edition.tag
        docs, html = work / "docs", work / "html"
        docs.mkdir(parents=True)
        render_pages(ctx, docs)
        if ctx.downloads.is_dir():
            shutil.copytree(ctx.downloads, docs / "downloads")
        shutil.copytree(ctx.repo.templates / "site" / "assets", docs / "assets")
        build_site(ctx.repo.mkdocs_yml, site_config(ctx, docs, html), work / "mkdocs.yml", epoch(ctx.revision))
        replace_site(html, ctx.out / ctx.edition.site_prefix, keep=set(LANGUAGES))


def page_sources(ctx: RenderContext) -> list[Path]:
    """Return the owner-content folders, the project's first so its pages replace shared ones."""
    return [ctx.source.folder / OWNER, ctx.repo.content / "owner"]


def render_pages(ctx: RenderContext, docs: Path) -> None:
    """Render every Markdown page of the owner content through Jinja into docs."""
    folders = [folder for folder in page_sources(ctx) if folder.is_dir()]
    env = environment(folders, ctx.edition.language.babel_locale)
    names = sorted({p.relative_to(f).as_posix() for f in folders for p in f.rglob("*.md")})
    for name in names:
        text = env.get_template(name).render(page_context(ctx))
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def page_context(ctx: RenderContext) -> dict[str, Any]:
    """Return what every page template may use."""
    return {
        "project": ctx.project,
        "t": ctx.edition.messages,
        "edition": ctx.edition,
        "revision": ctx.revision,
        "flowchart": lambda name: Markup(flowchart_svg(
            getattr(ctx.project.processes, name), ctx.project, ctx.edition.language, ctx.edition.messages,
            "site", ctx.repo.root / ".cache" / "flowcharts")),
        "process_steps": lambda name: text_version(chart_of(
            getattr(ctx.project.processes, name), {role.id: role.name for role in ctx.project.roles})),
        "exit_words": lambda step: exit_words(step, ctx.edition.messages),
    }


def site_config(ctx: RenderContext, docs: Path, html: Path) -> dict[str, Any]:
    """Return the per-project MkDocs config (it INHERITs the repository's mkdocs.yml)."""
    project, messages = ctx.project, ctx.edition.messages
    footer = messages("label.version_line", revision=ctx.revision.isoformat())
    if project.site.icp_record:
        footer += f" · {project.site.icp_record}"
    return {
        "site_name": project.name,
        "site_description": messages("label.site_description", name=project.name),
        "site_url": project.site.url,
        "docs_dir": str(docs),
        "site_dir": str(html),
        "copyright": footer,
        "theme": {"language": ctx.edition.language.material_language},
        "extra_css": ["assets/handbook.css"],
    }


def epoch(day: dt.date) -> int:
    """Return the revision date as a Unix timestamp (midnight UTC)."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def replace_site(built: Path, target: Path, keep: set[str]) -> None:
    """Move a built site into target, replacing the previous site files but not other editions."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in target.iterdir():
        if entry.name in keep:
            continue
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for entry in built.iterdir():
        shutil.move(str(entry), target / entry.name)
