"""Check one company.yml as written (not merged): every value it gives must be right, none is required.

A company writes only what its projects share, and a later layer (a child
company, the project) adds the rest, so the file is validated as a partial
project: the model's errors are kept except those about completeness (a
missing field, too few items) and those about the merge keys of an id-keyed
list's items (`after`, `before`, an item `{remove: [...]}`), which
handbook/source/merge.py reads. The kept ones are worded as a project's are.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Loc, Problem, sort_problems
from ..i18n.messages import Catalogue, catalogue
from ..model import Project
from ..model.base import Id
from ..model.paths import item_model, step_into
from .load import Loaded, SourceMap
from .validate import _problem

EXTENDS, COMPANY = "extends", "company"
PLACEMENT = ("after", "before")  # where an item of an id-keyed list goes
REMOVE = "remove"  # an item {remove: [id, ...]} drops the earlier layer's items


def company_problems(data: dict, source: SourceMap, language: str, dropped: Collection[Loc] = ()) -> list[Problem]:
    """Return every problem of a company's own data, in the language's words, sorted; none when it is right.

    dropped: the places the loader refused and reported already (Loaded.dropped).
    """
    loaded = Loaded(data, source, [], language, set(dropped))
    messages = catalogue(language)
    problems = [*_extends_problems(data, loaded, messages), *_misplaced_company(data, source, messages)]
    try:
        Project.model_validate({key: value for key, value in data.items() if key not in (EXTENDS, COMPANY)})
    except ValidationError as exc:
        problems += [_worded(error, loaded, messages) for error in exc.errors(include_url=False)
                     if not _left_to_later_layers(error, data) and not _under(tuple(error["loc"]), dropped)]
    return sort_problems(problems)


def _left_to_later_layers(error: ErrorDetails, data: dict) -> bool:
    """Whether an error is one a layer may leave: about completeness, or about what the merge reads."""
    loc = tuple(error["loc"])
    return (error["type"] == "missing"
            or (error["type"] == "too_short" and isinstance(error.get("input"), list))
            or _is_placement(error, loc)
            or _inside_removal(loc, data))


def _is_placement(error: ErrorDetails, loc: Loc) -> bool:
    """Whether the error is `after:` or `before:` on an item of an id-keyed list (unknown to the model)."""
    return (error["type"] == "extra_forbidden" and len(loc) >= 2 and loc[-1] in PLACEMENT
            and isinstance(loc[-2], int) and _id_keyed(loc[:-2]))


def _inside_removal(loc: Loc, data: dict) -> bool:
    """Whether loc is in (or is) an item {remove: [...]} of an id-keyed list: the model knows no such item."""
    value: Any = data
    for depth, part in enumerate(loc):
        if not _holds(value, part):
            return False
        value = value[part]
        if isinstance(part, int) and _is_removal(value) and _id_keyed(loc[:depth]):
            return True
    return False


def _holds(value: Any, part: str | int) -> bool:
    if isinstance(part, int):
        return isinstance(value, list) and 0 <= part < len(value)
    return isinstance(value, dict) and part in value


def _is_removal(item: Any) -> bool:
    # Only the key remove: an item with an id and remove is not a removal, and its remove is reported.
    return isinstance(item, dict) and set(item) == {REMOVE}


def _id_keyed(loc: Loc) -> bool:
    """Whether the list at loc is merged by id: its items' model has an id (as in handbook/source/merge.py)."""
    annotation: Any = Project
    for part in loc:
        annotation = step_into(annotation, part)
        if annotation is None:
            return False
    model = item_model(annotation)
    return model is not None and "id" in model.model_fields


def _under(loc: Loc, dropped: Collection[Loc]) -> bool:
    return any(loc[: len(d)] == d for d in dropped)


def _worded(error: ErrorDetails, loaded: Loaded, messages: Catalogue) -> Problem:
    """Return the problem of a model error as a project's is worded; a company's own keys for a top-level typo."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden" and len(loc) == 1:
        return loaded.source.problem(loc, _unknown_company_key(str(loc[0]), messages), prefer_key=True)
    return _problem(error, loaded, messages)


def _unknown_company_key(key: str, messages: Catalogue) -> str:
    """Word an unknown top-level key of company.yml: the close key is a project's (but company) or extends."""
    allowed = [*(name for name in Project.model_fields if name != COMPANY), EXTENDS]
    message = messages("error.unknown_field", field=key)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return message + messages("error.did_you_mean", suggestion=close[0])
    return message + messages("error.allowed_fields", fields=", ".join(allowed))


def _extends_problems(data: dict, loaded: Loaded, messages: Catalogue) -> list[Problem]:
    """Return the problem of an `extends` that is not a company id, worded as a project's id errors are."""
    if EXTENDS not in data:
        return []
    try:
        TypeAdapter(Id).validate_python(data[EXTENDS])
    except ValidationError as exc:
        return [_problem({**error, "loc": (EXTENDS, *error["loc"])}, loaded, messages)
                for error in exc.errors(include_url=False)]
    return []


def _misplaced_company(data: dict, source: SourceMap, messages: Catalogue) -> list[Problem]:
    """A company names its parent with extends; company: is a project's."""
    if COMPANY not in data:
        return []
    return [source.problem((COMPANY,), messages("error.company_in_company"), prefer_key=True)]
