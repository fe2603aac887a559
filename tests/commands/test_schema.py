"""The committed JSON Schema matches the model, is valid draft-07 and accepts the samples."""

import json

import jsonschema
import pytest
import yaml

from handbook.commands.schema import schema_text
from tests.conftest import REPO_ROOT, template_text

SCHEMA_FILE = REPO_ROOT / "schema" / "project.schema.json"


def test_committed_schema_is_in_sync_with_the_model():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), \
        "schema/project.schema.json is stale: run `python build.py schema` and commit it"


def test_schema_is_valid_draft_07_without_2020_12_keywords():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$defs" not in SCHEMA_FILE.read_text(encoding="utf-8")
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def sample_files():
    return sorted((REPO_ROOT / "projects").glob("*/project.yml"))


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.parent.name)
def test_samples_declare_and_satisfy_the_schema(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/project.schema.json\n")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    # The schema validates YAML as an editor's tool sees it: dates as strings.
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))
    jsonschema.Draft7Validator(schema).validate(data)


def test_schema_carries_field_descriptions_for_editors():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    phone = schema["definitions"]["Contact"]["properties"]["phone"]
    assert "quotes" in phone["description"]
    assert template_text()
