"""Create a new project folder from the commented template beside this file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...errors import HandbookError, Said
from ...repo import Repo
from ...source.projects import DATA_FILE, SLUG

TEMPLATE = Path(__file__).parent / "project.yml"


def create_project(repo: Repo, slug: str, today: dt.date | None = None) -> Path:
    """Write projects/<slug>/project.yml from the template; refuse a bad or existing slug."""
    if not SLUG.match(slug):
        raise HandbookError(Said("error.slug", slug=slug))
    folder = repo.projects / slug
    if folder.exists():
        raise HandbookError(Said("error.project_exists", slug=slug))
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace("{slug}", slug).replace("{today}", (today or dt.date.today()).isoformat())
    (folder / "content" / "owner").mkdir(parents=True)
    (folder / "images").mkdir()
    path = folder / DATA_FILE
    path.write_text(text, encoding="utf-8")
    return path
