"""What a project's public folder must pass before it is published: no staff or personal text, nothing untranslated.

The build runs it on its staging folder; `check` runs it on the owner site
it builds in a temporary folder, so both refuse the same leaks.
"""

from __future__ import annotations

from pathlib import Path

from ..repo import Repo
from .audit import audit
from .gather import Gathered
from .leftovers import check_translated


def check_public(gathered: Gathered, repo: Repo, public: Path) -> None:
    """Raise BuildFailed for staff-only or personal text in a public folder, or a translated edition's leftovers."""
    if not any(path.is_file() for path in public.rglob("*")):  # a build of internal outputs only: nothing to read
        return
    loaded, editions = gathered.loaded, gathered.editions
    staff_pages = [repo.content / "staff", *(folder / "content" / "staff" for folder in loaded.source.folders)]
    labels = [text for edition in editions for text in edition.messages.messages.values()]
    audit(loaded.project, gathered.as_written("public"), public, staff_pages, labels, personal_names(gathered))
    for edition in editions:
        if edition.translated:
            check_translated(public, edition.tag, editions[0].messages,
                             {loaded.project.site.icp_record or ""} - {""})


def personal_names(gathered: Gathered) -> dict[str, str]:
    """Return the owners' names of the project's unit list (for the audit), with their file and line."""
    unit_list = gathered.units
    if unit_list is None:
        return {}
    return {unit.owner_name: f"{unit_list.path.name}:{line} owner_name"
            for unit, line in zip(unit_list.units, unit_list.lines)}
