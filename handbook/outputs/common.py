"""What every output's templates may use (a render context in, the template variables out), and its file helpers."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Callable, Iterable

from markupsafe import Markup

from ..derive.fee_schedule import fee_schedule
from ..derive.lettering import households
from ..derive.present import Presenter
from ..engines.flowchart import (
    Variant,
    chart_of,
    exit_words,
    flowchart_svg,
    text_version,
)
from ..errors import Entry, HandbookError
from ..model.estate import shared_move_in_window
from ..source.projects import ProjectSource
from .base import RenderContext


def refusals(prepare: Callable[[], object]) -> list[Entry]:
    """Return what an output's preparation refuses (its problems), or nothing: `check`'s view of a render."""
    try:
        prepare()
    except HandbookError as exc:
        return exc.problems
    return []


def template_context(ctx: RenderContext, chart_variant: Variant) -> dict[str, Any]:
    """Return the variables shared by the site's pages and the print templates."""
    project, messages = ctx.project, ctx.edition.messages
    role_names = {role.id: role.name for role in project.roles}
    presenter = Presenter(ctx.edition.language, messages, project.fees.currency)
    cache = ctx.repo.root / ".cache" / "flowcharts"
    schedule = fee_schedule(project)
    return {
        "project": project,
        "t": messages,
        "p": presenter,
        "punct": presenter.punct,
        "edition": ctx.edition,
        "revision": ctx.revision,
        "flowchart": lambda name: Markup(flowchart_svg(
            getattr(project.processes, name), project, ctx.edition.language, messages, chart_variant, cache)),
        "process_steps": lambda name: text_version(chart_of(getattr(project.processes, name), role_names)),
        "exit_words": lambda step: exit_words(step, messages),
        "fee_schedule": schedule,
        "worked_examples": schedule.examples,
        "property_names": {rate.property_type: rate.name for rate in project.fees.management},
        "phase_names": {phase.id: phase.name for phase in project.phases},
        "shared_window": shared_move_in_window(project.phases),  # None: each phase shows its own window
        "households": households(project.documents),  # each household type's documents, lettered A, B, C...
    }


def csv_bytes(header: list[str], rows: Iterable[list[object]]) -> bytes:
    """Return a CSV as Excel opens it on Chinese Windows: UTF-8 with a BOM, CRLF line ends."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def unit_list_inputs(source: ProjectSource) -> list[Path]:
    """Return where a project's unit list usually is, for the outputs that print it (incremental builds)."""
    return [source.folder / "units.csv", source.folder / "units.xlsx"]


def remove_files(folder: Path, patterns: Iterable[str]) -> None:
    """Remove the files an output wrote in a folder, e.g. a set in a language no longer used (others may share it)."""
    for pattern in patterns:
        for path in folder.glob(pattern):
            path.unlink()


def page_address(site_url: str, page: str) -> str:
    """Return the address of a content page on a site (fees.md: <site>/fees/), as MkDocs serves it."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return site_url
    return f"{site_url.rstrip('/')}/{stem.removesuffix('/index')}/"


def service_centre(project: Any) -> Any | None:
    """Return the project's service centre (its first service_centre contact): whom owners call; None if none."""
    return next((contact for contact in project.contacts if contact.kind == "service_centre"), None)
