"""The interface every output implements, and the context it renders from.

An output turns one edition of one project into files under its audience's
folder. Example::

    class Summary:
        name = "summary"
        audience = "internal"

        def inputs(self, source, repo):
            return [source.data_file]

        def render(self, ctx):
            (ctx.out / "summary.txt").write_text(ctx.project.name, encoding="utf-8")

Register it in handbook/outputs/__init__.py. Public outputs get a PublicProject
(no staff data, no units); internal outputs get the full Project.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from ..i18n.languages import Language
from ..i18n.messages import Catalogue
from ..projects import ProjectSource
from ..repo import Repo

Audience = Literal["public", "internal"]


@dataclass(frozen=True)
class Edition:
    """One language edition of a project."""

    language: Language
    primary: bool
    messages: Catalogue

    @property
    def tag(self) -> str:
        return self.language.tag

    @property
    def site_prefix(self) -> str:
        """Return the edition's folder inside the site: '' for the primary language, else '<tag>/'."""
        return "" if self.primary else f"{self.tag}/"


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

    @property
    def downloads(self) -> Path:
        """Return the public downloads folder, where printable PDFs go before the site is built."""
        return self.out / "downloads"


class Output(Protocol):
    name: str
    audience: Audience

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        """Return the files and folders this output reads (for incremental builds)."""

    def render(self, ctx: RenderContext) -> None:
        """Write this output's files for one edition under ctx.out."""
