"""The public view: the same project without staff data or the unit list, as real types."""

import yaml
from pydantic import BaseModel

from handbook.derive.public_view import PublicProject, public_view
from handbook.model import Project
from tests.conftest import template_text


def models_reachable(model: type[BaseModel], seen=None):
    seen = seen if seen is not None else set()
    if model in seen:
        return seen
    seen.add(model)
    for info in model.model_fields.values():
        for inner in _models_in(info.annotation):
            models_reachable(inner, seen)
    return seen


def _models_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()):
        yield from _models_in(arg)


def test_no_public_type_has_a_staff_field_at_any_depth():
    for model in models_reachable(PublicProject):
        assert "staff" not in model.model_fields, model.__name__
    assert "unit_list" not in PublicProject.model_fields


def test_the_private_model_does_have_staff_fields():
    names = {m.__name__ for m in models_reachable(Project) if "staff" in m.model_fields}
    assert {"Project", "FaqItem", "Step"} <= names


def test_public_view_keeps_public_data_and_drops_staff_data():
    data = yaml.safe_load(template_text())
    data["faq"] = [{"id": "q", "topic": "t", "question": "Q?", "answer": "A.",
                    "staff": {"notes": "SECRET-NOTE"}}]
    data["unit_list"] = "units.csv"
    project = Project.model_validate(data)
    view = public_view(project)
    assert view.faq[0].answer == "A."
    assert not hasattr(view.faq[0], "staff")
    assert not hasattr(view, "staff") and not hasattr(view, "unit_list")
    assert "SECRET" not in view.model_dump_json()
    assert view.contacts[0].phone == "0755-0000 0000"
