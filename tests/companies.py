"""Repositories of projects with companies, made from the scaffold project split in two (tests of the company layer)."""

import re
import textwrap
from pathlib import Path

from tests.conftest import make_repo, template_text

# The scaffold project, split: what a company decides for all its estates, and what the estate writes.
COMPANY_KEYS = ("developer", "property_company", "company_intro", "documents", "roles", "processes", "complaints",
                "staff", "kind", "languages")


def split_template() -> tuple[str, str]:
    """Return (company.yml, project.yml) texts splitting the scaffold's top-level blocks by COMPANY_KEYS."""
    blocks = re.split(r"(?m)^(?=[a-z_]+:)", template_text())
    company = [block for block in blocks[1:] if block.split(":")[0] in COMPANY_KEYS]
    project = [block for block in blocks[1:] if block.split(":")[0] not in COMPANY_KEYS]
    return "".join(company), "company: acme\n" + "".join(project)


def repo_with(tmp_path: Path, project_extra: str = "", company_extra: str = "", group: str | None = None) -> Path:
    """Return a repository with the company acme (extending `group` when given) and its project demo."""
    company, project = split_template()
    tmp_path.mkdir(parents=True, exist_ok=True)
    root = make_repo(tmp_path, {"demo": project + textwrap.dedent(project_extra)})
    write_company(root, "acme", ("extends: group\n" if group is not None else "") + company
                  + textwrap.dedent(company_extra))
    if group is not None:
        write_company(root, "group", group)
    return root


def write_company(root: Path, company_id: str, text: str) -> Path:
    path = root / "companies" / company_id / "company.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
