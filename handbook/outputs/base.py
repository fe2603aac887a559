"""The interface every output implements, and the context it renders from.

An output turns one edition of one project into files under its audience's
folder. Example::

    class Summary:
        name = "summary"
        audience = "internal"
        editions = "each"
        lists_downloads = False

        def inputs(self, source, repo):
            return [source.data_file]

        def check(self, ctx):  # what render would refuse, found without writing (`check` calls it)
            return []

        def render(self, ctx):
            (ctx.out / "summary.txt").write_text(ctx.project.name, encoding="utf-8")

Register it in handbook/outputs/__init__.py. Public outputs get a PublicProject
(no staff data, no units); internal outputs get the full Project; either one
as the edition shows it (converted or translated).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping, Protocol

from ..errors import Entry
from ..i18n.edition import Edition
from ..repo import Repo
from ..source.projects import ProjectSource
from ..source.units import UnitList

Audience = Literal["public", "internal"]
# Which editions an output renders: each one, only the staff's language, or once with every edition at hand.
EditionPolicy = Literal["each", "staff", "once"]


@dataclass(frozen=True)
class RenderContext:
    """Everything an output may read: the project view for its audience, the edition, where to write."""

    project: Any  # Project for internal outputs, PublicProject for public ones
    edition: Edition
    source: ProjectSource
    revision: dt.date
    repo: Repo
    out: Path  # staging folder of the output's audience for this project
    scratch: Path  # private working folder, never published
    views: Mapping[str, tuple[Edition, Any]] = field(default_factory=dict)  # every edition and its project view, by tag ("once" outputs)
    units: UnitList | None = None  # the project's unit list, read and validated once (internal outputs only)
    only_units: frozenset[str] | None = None  # build.py --unit: per-unit outputs make these units' files only
    force: bool = False  # build.py --force: per-unit outputs make every unit's files, whatever their index says

    @property
    def downloads(self) -> Path:
        """Return the edition's public downloads folder, where printable PDFs go before its site is built."""
        return self.out / self.edition.site_prefix / "downloads"


class Output(Protocol):
    name: str
    audience: Audience
    editions: EditionPolicy
    lists_downloads: bool  # it lists and links the public outputs' files: rendered after them, remade with them

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        """Return the files and folders this output reads (for incremental builds)."""

    def check(self, ctx: RenderContext) -> list[Entry]:
        """Return every problem that would make render refuse this edition, writing nothing (`check` calls it)."""

    def render(self, ctx: RenderContext) -> None:
        """Write this output's files for one edition under ctx.out; raise BuildFailed for what check returns."""
