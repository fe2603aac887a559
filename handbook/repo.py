"""Where the shared inputs of every project live in the repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Repo:
    """The repository's shared folders: content, templates, the base MkDocs config, projects."""

    root: Path

    @property
    def projects(self) -> Path:
        return self.root / "projects"

    @property
    def companies(self) -> Path:
        return self.root / "companies"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def schema(self) -> Path:
        return self.root / "schema" / "project.schema.json"

    @classmethod
    def find(cls, start: Path | None = None) -> "Repo":
        """Return the repository containing start (default: the working folder), else the package's own."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "mkdocs.yml").is_file() and (folder / "projects").is_dir():
                return cls(folder)
        return cls(Path(__file__).resolve().parent.parent)
