"""Build projects: load -> validate -> render each output -> audit -> write, one project at a time."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .audit import audit
from .errors import BuildFailed, HandbookError
from .i18n.languages import LANGUAGES
from .i18n.messages import catalogue
from .outputs import choose
from .outputs.base import Edition, Output, RenderContext
from .projects import LoadedProject, discover, load_project, select
from .repo import Repo
from .views import public_view
from .write import Staging, dist_lock

Log = Callable[[str], None]


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    failed: dict[str, HandbookError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def build(repo: Repo, slugs: list[str], dist: Path, only: list[str] | None, log: Log) -> BuildReport:
    """Build the named projects (all when none are named) into dist; one failure does not stop the rest."""
    outputs = choose(only)
    sources = select(discover(repo.projects), slugs)
    report = BuildReport()
    with dist_lock(dist):
        for source in sources:
            try:
                loaded = load_project(source)
                build_project(loaded, outputs, repo, dist, partial=only is not None, log=log)
            except HandbookError as exc:
                report.failed[source.slug] = exc
                continue
            except Exception as exc:  # a bug: isolate the project, keep the details for a developer
                report.failed[source.slug] = internal_error(dist, source.slug, exc)
                continue
            report.built.append(source.slug)
    return report


def build_project(loaded: LoadedProject, outputs: list[Output], repo: Repo, dist: Path,
                  partial: bool, log: Log) -> None:
    """Render every output of every edition into a staging folder, audit it, then swap it into dist."""
    public = public_view(loaded.project)
    with Staging(dist, loaded.slug, seed=partial) as stage:
        for edition in editions(loaded):
            for output in outputs:
                log(f"{loaded.slug}: {output.name} ({edition.tag})")
                view = public if output.audience == "public" else loaded.project
                scratch = stage.root / "scratch" / output.name
                ctx = RenderContext(view, edition, loaded.source, loaded.revision, repo,
                                    stage.folder(output.audience), scratch)
                output.render(ctx)
        log(f"{loaded.slug}: audit")
        staff_pages = [repo.content / "staff", loaded.source.folder / "content" / "staff"]
        labels = [text for edition in editions(loaded) for text in edition.messages.messages.values()]
        audit(loaded.project, public, stage.folder("public"), staff_pages, labels)
        stage.commit()
    log(f"{loaded.slug}: done")


def internal_error(dist: Path, slug: str, exc: Exception) -> BuildFailed:
    """Save the traceback of an unexpected failure under dist/.logs/ and return a short error."""
    log_file = dist / ".logs" / f"{slug}.txt"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return BuildFailed(f"{slug}: internal error ({type(exc).__name__}: {exc}); details in {log_file}")


def editions(loaded: LoadedProject) -> list[Edition]:
    """Return the project's language editions, the primary first."""
    primary, *others = loaded.project.languages
    if others:
        # Converted and translated editions need the conversion layer; never publish half-translated text.
        raise BuildFailed(f"{loaded.slug}: editions {', '.join(others)} are not supported yet; "
                          f"list only the primary language {primary}")
    return [Edition(LANGUAGES[primary], True, catalogue(primary))]
