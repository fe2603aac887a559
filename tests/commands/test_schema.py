"""The committed JSON Schemas match the model, are valid draft-07 and accept the samples.

project.schema.json checks a standalone project.yml against the whole model and one that names
its `company` against the model's deep partial; company.schema.json checks a company.yml
against that partial, with `extends` and the merge keys (after, before, {remove: [...]}).
"""

import json

import jsonschema
import pytest
import yaml

from handbook.commands.schema import company_schema_text, schema_text
from tests.conftest import REPO_ROOT, template_text

SCHEMA_FILE = REPO_ROOT / "schema" / "project.schema.json"
COMPANY_SCHEMA_FILE = REPO_ROOT / "schema" / "company.schema.json"
SCHEMA_FILES = {"project": (SCHEMA_FILE, schema_text), "company": (COMPANY_SCHEMA_FILE, company_schema_text)}


def load_schema(kind: str) -> dict:
    return json.loads(SCHEMA_FILES[kind][0].read_text(encoding="utf-8"))


def errors(kind: str, data: dict) -> list[str]:
    """Return the messages of the independent validator, jsonschema, for data against a committed schema."""
    return [error.message for error in jsonschema.Draft7Validator(load_schema(kind)).iter_errors(data)]


def yaml_data(text: str) -> dict:
    # The schema validates YAML as an editor's tool sees it: dates as strings.
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


@pytest.mark.parametrize("kind", SCHEMA_FILES)
def test_committed_schema_is_in_sync_with_the_model(kind):
    path, text = SCHEMA_FILES[kind]
    assert path.read_text(encoding="utf-8") == text(), \
        f"schema/{path.name} is stale: run `python build.py schema` and commit it"


@pytest.mark.parametrize("kind", SCHEMA_FILES)
def test_schema_is_valid_draft_07_without_2020_12_keywords(kind):
    schema = load_schema(kind)
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$defs" not in SCHEMA_FILES[kind][0].read_text(encoding="utf-8")
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def sample_files():
    return sorted((REPO_ROOT / "projects").glob("*/project.yml"))


def company_files():
    return sorted((REPO_ROOT / "companies").glob("*/company.yml"))


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.parent.name)
def test_samples_declare_and_satisfy_the_schema(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/project.schema.json\n")
    assert errors("project", yaml_data(text)) == []


@pytest.mark.parametrize("path", company_files(), ids=lambda p: p.parent.name)
def test_company_files_declare_and_satisfy_the_company_schema(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/company.schema.json\n")
    assert errors("company", yaml_data(text)) == []


def test_the_scaffold_satisfies_the_schema():
    assert errors("project", yaml_data(template_text())) == []


def test_schema_carries_field_descriptions_for_editors():
    schema = load_schema("project")
    phone = schema["definitions"]["Contact"]["properties"]["phone"]
    assert "quotes" in phone["description"]
    assert "quotes" in schema["definitions"]["ContactPartial"]["properties"]["phone"]["description"]


def top_level_keys(kind: str) -> list[dict]:
    """Return the maps of top-level keys editors complete from: a project file's also come from its branch."""
    schema = load_schema(kind)
    if kind == "company":
        return [schema["properties"]]
    definitions = schema["definitions"]
    return [schema["properties"], definitions["Project"]["properties"], definitions["ProjectPartial"]["properties"]]


@pytest.mark.parametrize("kind", SCHEMA_FILES)
def test_every_top_level_key_has_a_description_editors_complete(kind):
    for properties in top_level_keys(kind):
        assert [name for name, field in properties.items() if not field.get("description")] == []
    assert {"name", "fees", "processes", "forms"} <= set(top_level_keys(kind)[-1])


def test_a_project_file_takes_the_partial_branch_when_it_names_a_company():
    schema = load_schema("project")
    assert schema["if"]["required"] == ["company"]
    assert (schema["then"], schema["else"]) == ({"$ref": "#/definitions/ProjectPartial"}, {"$ref": "#/definitions/Project"})
    # The top level lists only the keys both branches read alike: the others would be offered twice.
    assert "unit_list_encoding" in schema["properties"] and "forms" not in schema["properties"]


def test_company_schema_has_extends_and_not_company():
    properties = load_schema("company")["properties"]
    assert "companies/<id>/company.yml" in properties["extends"]["description"]
    assert properties["extends"]["pattern"] == load_schema("project")["properties"]["company"]["anyOf"][0]["pattern"]
    assert "company" not in properties


def test_company_schema_asks_for_nothing():
    text = COMPANY_SCHEMA_FILE.read_text(encoding="utf-8")
    schema = load_schema("company")
    assert '"required":' not in text and '"minItems":' not in text
    assert set(schema["definitions"]) == {name for name in schema["definitions"] if name.endswith("Partial")} | {
        "Removal"}


def test_merge_keys_carry_descriptions():
    step = load_schema("company")["definitions"]["StepPartial"]["properties"]
    assert "after" in step["after"]["description"] and "before" in step["before"]["description"]
    remove = load_schema("company")["definitions"]["Removal"]["properties"]["remove"]
    assert "earlier layer" in remove["description"]


# A project over a company: a few fields of its own.
PARTIAL_PROJECT = {"company": "acme", "name": "松园", "households": 120, "forms": [{"id": "f3", "copies": 2}]}


def test_a_project_naming_its_company_may_write_only_a_few_fields():
    assert errors("project", PARTIAL_PROJECT) == []


def test_without_company_the_same_project_misses_its_required_fields():
    found = errors("project", {key: value for key, value in PARTIAL_PROJECT.items() if key != "company"})
    assert "'developer' is a required property" in found
    assert "'processes' is a required property" in found


def test_a_project_with_company_still_refuses_unknown_and_wrong_values():
    assert any("'extends' was unexpected" in error for error in errors("project", {**PARTIAL_PROJECT, "extends": "x"}))
    assert errors("project", {**PARTIAL_PROJECT, "households": "many"}) != []


def test_a_company_file_refuses_an_unknown_key():
    found = errors("company", {"extends": "group", "property_company": "Acme", "naem": "x"})
    assert found and "'naem' was unexpected" in found[0]


def test_a_company_file_refuses_company():
    assert errors("company", {"company": "group"}) != []


def test_a_company_file_refuses_an_extends_that_is_not_an_id():
    assert errors("company", {"extends": "acme group"}) != []


COMPANY_LAYER = """
processes:
  move_in:
    steps:
      - remove: [collect-keys]
      - id: photo
        title: Photograph the meters
        after: verify
      - id: sign
        before: photo
forms:
  - remove: [f1, f2]
  - id: f9
    name: Parking permit
    after: f3
  - id: f3
    before: f4
"""


def test_a_company_file_may_add_move_and_remove_items():
    assert errors("company", yaml_data(COMPANY_LAYER)) == []


def test_a_project_naming_its_company_may_use_the_merge_keys():
    assert errors("project", {"company": "acme", **yaml_data(COMPANY_LAYER)}) == []


def test_a_standalone_project_may_not_use_the_merge_keys():
    complete = yaml_data(template_text())
    complete["forms"] = [*complete.get("forms", []), {"remove": ["f1"]}]
    assert errors("project", complete) != []


def test_after_on_a_list_of_plain_strings_fails():
    assert errors("company", {"meters": ["water", {"after": "water"}]}) != []


def test_a_remove_item_holds_nothing_else():
    assert errors("company", {"forms": [{"remove": ["f1"], "id": "f2"}]}) != []
    assert errors("company", {"forms": [{"remove": ["not an id"]}]}) != []
