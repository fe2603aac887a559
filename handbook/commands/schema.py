"""The JSON Schemas editors' tools read: the data model in, draft-07 schema files out.

pydantic writes 2020-12 style `$defs`; the YAML language server and most
validators editors meet speak draft-07, so definitions move to
`definitions` and every reference follows.

Two files: project.schema.json for projects/<slug>/project.yml and
company.schema.json for companies/<id>/company.yml. A company file, and a
project file that names its `company`, are layers (handbook/source/merge.py):
they write only what is their own, so they are checked against a "deep
partial" of the model: nothing required, no least number of items, and in
lists of items with ids the merge keys (`after`, `before`, `{remove: [...]}`).
Each definition X of the model has its partial copy XPartial beside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from pydantic import TypeAdapter

from ..model import Project
from ..model.base import Id

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
PARTIAL = "Partial"  # the suffix of a definition's deep-partial copy
REMOVAL = "Removal"  # the definition of a list item {remove: [id, ...]}
FILES = ("project.schema.json", "company.schema.json")

_DESCRIPTIONS = {
    "extends": "The parent company's id (companies/<id>/company.yml): this company starts from the parent's data "
               "and writes only what differs.",
    "after": "Where this item goes: after the item with this id. An added item is placed there, an earlier layer's "
             "item moves there, e.g. a process step after another.",
    "before": "Where this item goes: before the item with this id. An added item is placed there, an earlier layer's "
              "item moves there, e.g. a process step before another.",
    "remove": "Ids of the earlier layer's items to drop (the company's, or its parent company's); "
              "an item with remove holds nothing else.",
}

# Keywords whose value is a map of names to schemas, a list of schemas, or one schema (or a list: tuple items).
_SCHEMA_MAPS = ("properties", "patternProperties", "definitions")
_SCHEMA_LISTS = ("anyOf", "allOf", "oneOf")
_SCHEMA_VALUES = ("items", "additionalItems", "additionalProperties", "contains", "not", "if", "then", "else",
                  "propertyNames")


def project_schema() -> dict[str, Any]:
    """Return the draft-07 JSON Schema of project.yml: the whole model, or its partial when the file names a company."""
    full, definitions = _model_schema()
    partial = _partial_definitions({**definitions, "Project": full})
    return {
        "$schema": DRAFT_07,
        "title": "handbook project.yml",
        "type": "object",
        "properties": _shared_keys(full["properties"], partial["Project" + PARTIAL]["properties"]),
        "if": {"properties": {"company": {"type": "string"}}, "required": ["company"]},
        "then": _ref("Project" + PARTIAL),
        "else": _ref("Project"),
        "definitions": {**definitions, "Project": full, **partial},
    }


def company_schema() -> dict[str, Any]:
    """Return the draft-07 JSON Schema of company.yml: the model's partial, with `extends` instead of `company`."""
    full, definitions = _model_schema()
    partial = _partial_definitions({**definitions, "Project": full})
    top = partial.pop("Project" + PARTIAL)
    return {
        "$schema": DRAFT_07,
        **top,
        "title": "handbook company.yml",
        "properties": _company_keys(top["properties"]),
        "definitions": partial,
    }


def _model_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the model's own draft-07 schema and, apart, its definitions."""
    schema = _to_draft_07(Project.model_json_schema(mode="validation"))
    definitions = schema.pop("definitions")
    assert not {"Project", REMOVAL} & set(definitions), "a model class would clash with a definition named here"
    return schema, definitions


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


def _shared_keys(full: dict[str, Any], partial: dict[str, Any]) -> dict[str, Any]:
    """Return the top-level keys whose schema is the same in both kinds of project file, with their descriptions.

    Editors complete the other keys from the branch the file takes (if/then/else), with what the
    branch allows inside: a key listed here as well would be offered twice, or a standalone
    project offered after/before.
    """
    return {name: schema for name, schema in full.items() if partial[name] == schema}


def _company_keys(properties: dict[str, Any]) -> dict[str, Any]:
    """Return a company file's top-level keys: a project's but `company` (projects name it), and `extends`."""
    keys = {name: schema for name, schema in properties.items() if name != "company"}
    return {**keys, "extends": _id_schema("Extends", _DESCRIPTIONS["extends"])}


def _partial_definitions(definitions: dict[str, Any]) -> dict[str, Any]:
    """Return the deep-partial copy XPartial of every definition X, and the removal item's definition."""
    id_keyed = _id_keyed_items(definitions)
    partial = {name + PARTIAL: _partial(schema, id_keyed) for name, schema in definitions.items()}
    for name in sorted(id_keyed):
        partial[name + PARTIAL] = _with_placement(partial[name + PARTIAL])
    return {**partial, REMOVAL: _removal_item()}


def _partial(schema: dict[str, Any], id_keyed: set[str]) -> dict[str, Any]:
    """Return schema as a layer may write it: every key optional, merge keys in lists of items with ids."""
    return _map_subschemas(schema, lambda node: _mergeable_items(_to_partial_ref(_optional(node)), id_keyed))


def _optional(node: dict[str, Any]) -> dict[str, Any]:
    """Drop what asks for completeness: a layer gives only what it changes, the merged data is checked whole."""
    return {key: value for key, value in node.items() if key not in ("required", "minItems")}


def _to_partial_ref(node: dict[str, Any]) -> dict[str, Any]:
    """Point a reference to a definition at its partial copy."""
    name = _ref_name(node)
    return {**node, "$ref": _ref(name + PARTIAL)["$ref"]} if name else node


def _mergeable_items(node: dict[str, Any], id_keyed: set[str]) -> dict[str, Any]:
    """Let a list of items with ids also hold {remove: [...]} items (its items are partial already)."""
    name = _ref_name(node.get("items"))
    if node.get("type") != "array" or not name or name.removesuffix(PARTIAL) not in id_keyed:
        return node
    return {**node, "items": {"anyOf": [node["items"], _ref(REMOVAL)]}}


def _with_placement(item: dict[str, Any]) -> dict[str, Any]:
    """Add `after` and `before` to an item with an id: where an added item goes, or an earlier one moves."""
    placement = {key: _id_schema(key.title(), _DESCRIPTIONS[key]) for key in ("after", "before")}
    return {**item, "properties": {**item["properties"], **placement}}


def _removal_item() -> dict[str, Any]:
    """Return the definition of a list item that drops the earlier layer's items by id."""
    remove = {"title": "Remove", "description": _DESCRIPTIONS["remove"], "type": "array", "items": _id_schema()}
    return {
        "title": REMOVAL,
        "description": "An item that drops items of the earlier layer by id.",
        "type": "object",
        "properties": {"remove": remove},
        "additionalProperties": False,
    }


def _id_keyed_items(definitions: dict[str, Any]) -> set[str]:
    """Return the definitions that are some list's items and have an `id`: the lists merged by id."""
    items: set[str] = set()

    def note(node: dict[str, Any]) -> dict[str, Any]:
        items.add(_ref_name(node.get("items")) or "")
        return node

    for schema in definitions.values():
        _map_subschemas(schema, note)
    return {name for name in items if "id" in definitions.get(name, {}).get("properties", {})}


def _map_subschemas(schema: Any, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    """Return schema with change applied to every schema in it, innermost first.

    It follows the keywords, not every mapping: a property may be named like a keyword
    (HouseholdDocuments.items) and a default holds data, not schemas.
    """
    if not isinstance(schema, dict):
        return schema  # a boolean schema (additionalProperties: false)
    node = {}
    for key, value in schema.items():
        if key in _SCHEMA_MAPS:
            value = {name: _map_subschemas(sub, change) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS or (key in _SCHEMA_VALUES and isinstance(value, list)):
            value = [_map_subschemas(sub, change) for sub in value]
        elif key in _SCHEMA_VALUES:
            value = _map_subschemas(value, change)
        node[key] = value
    return change(node)


def _ref_name(node: Any) -> str | None:
    """Return the definition a schema {"$ref": "#/definitions/X"} refers to, else None."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref.removeprefix("#/definitions/") if isinstance(ref, str) else None


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/definitions/{name}"}


def _id_schema(title: str | None = None, description: str | None = None) -> dict[str, Any]:
    """Return the schema of an id (handbook/model/base.py Id), with a title and a description for editors."""
    schema = TypeAdapter(Id).json_schema()
    notes = {"title": title, "description": description}
    return {**schema, **{key: value for key, value in notes.items() if value}}


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def schema_text() -> str:
    """Return schema/project.schema.json as written."""
    return _text(project_schema())


def company_schema_text() -> str:
    """Return schema/company.schema.json as written."""
    return _text(company_schema())


def write_schemas(folder: Path) -> list[Path]:
    """Write both schemas into folder (schema/); return their paths, the project's first."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in zip(FILES, (schema_text(), company_schema_text())):
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
