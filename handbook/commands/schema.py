"""The JSON Schema editors' tools read: the data model in, a draft-07 schema file out.

pydantic writes 2020-12 style `$defs`; the YAML language server and most
validators editors meet speak draft-07, so definitions move to
`definitions` and every reference follows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Project

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def project_schema() -> dict[str, Any]:
    """Return the draft-07 JSON Schema of project.yml."""
    schema = _to_draft_07(Project.model_json_schema(mode="validation"))
    return {"$schema": DRAFT_07, "title": "handbook project.yml", **schema}


def _to_draft_07(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            ("definitions" if key == "$defs" else key): (
                item.replace("#/$defs/", "#/definitions/") if key == "$ref" else _to_draft_07(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_to_draft_07(item) for item in value]
    return value


def schema_text() -> str:
    return json.dumps(project_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(path: Path) -> None:
    """Write the schema to path (schema/project.schema.json)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
