"""Shared test helpers: throwaway repositories built from the real shared content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.commands.scaffold import TEMPLATE

REPO_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = Path(__file__).parent / "resources"


def template_text(slug: str = "demo") -> str:
    """Return the valid scaffold project.yml with its placeholders filled in."""
    return TEMPLATE.read_text(encoding="utf-8").replace("{slug}", slug).replace("{today}", "2026-11-20")


def make_repo(root: Path, projects: dict[str, str]) -> Path:
    """Create a repository at root with the real shared inputs and the given project files."""
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for shared in ("content", "templates"):
        if (REPO_ROOT / shared).is_dir():
            shutil.copytree(REPO_ROOT / shared, root / shared)
    for slug, text in projects.items():
        folder = root / "projects" / slug
        folder.mkdir(parents=True)
        (folder / "project.yml").write_text(text, encoding="utf-8")
    (root / "projects").mkdir(exist_ok=True)
    return root


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """Return a repository holding one valid project, `demo`."""
    return make_repo(tmp_path, {"demo": template_text()})
