"""Turn loaded data into a Project, or into every problem with it, in the editor's language."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails, PydanticUndefined

from ..errors import Loc, Problem, ProjectInvalid, sort_problems
from ..i18n.messages import Catalogue, catalogue
from ..model import Project
from ..model.base import PATTERNS
from ..model.paths import model_in, step_into
from .checks import check_project
from .load import BOOL, FLOAT, INT, NULL, TIMESTAMP, Loaded, describe


def validate(loaded: Loaded, folder: Path, companies: tuple[Path, ...] = ()) -> Project:
    """Return the Project for loaded data; raise ProjectInvalid listing every problem."""
    messages = catalogue(loaded.language)
    problems = list(loaded.problems)
    try:
        project = Project.model_validate(loaded.data)
    except ValidationError as exc:
        problems += [
            _problem(error, loaded, messages)
            for error in exc.errors(include_url=False)
            if not _under(tuple(error["loc"]), loaded.dropped)
        ]
        findings = check_project(valid_sections(loaded.data), folder, partial=True, companies=companies)
        problems += [_finding(finding, loaded, messages) for finding in findings]
        raise ProjectInvalid(sort_problems(problems)) from None
    problems += [_finding(finding, loaded, messages) for finding in check_project(project, folder, companies=companies)]
    if problems:
        raise ProjectInvalid(sort_problems(problems))
    return project


def valid_sections(data: dict) -> SimpleNamespace:
    """Return each top-level section of the data that is valid on its own (None where it is not).

    Cross-field checks then still run on the valid sections, so an editor sees
    every error of a file in one run, not the field errors first and the rest later.
    """
    sections = {}
    for name, info in Project.model_fields.items():
        try:
            value = TypeAdapter(info.annotation).validate_python(data[name]) if name in data else info.default
        except (ValidationError, KeyError):
            value = None
        sections[name] = None if value is PydanticUndefined else value
    return SimpleNamespace(**sections)


def _finding(finding, loaded: Loaded, messages: Catalogue) -> Problem:
    params = {k: messages(v) if isinstance(v, str) and v.startswith("ref.") else v
              for k, v in finding.params.items()}
    return loaded.source.problem(finding.loc, messages(finding.key, **params))


def _under(loc: Loc, dropped: set[Loc]) -> bool:
    return any(loc[: len(d)] == d for d in dropped)


# Fields whose place changed: a project file written before gets where to write it now, not just "unknown field".
MOVED = {("fees", "prepaid_months"): "fees.prepayment.management.months"}


def _problem(error: ErrorDetails, loaded: Loaded, messages: Catalogue) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    source = loaded.source
    if kind == "missing" and source.file_of(loc) != source.file and not any(isinstance(part, int) for part in loc):
        # A field of a mapping no layer gives (a company's item lacking one is the company's to mend):
        # the project may add it, or its company for all its estates.
        return source.own_problem(loc, messages("error.missing_in_layers", field=loc[-1],
                                                company=source.file_of(loc)))
    if kind == "missing":
        return source.problem(loc, messages("error.missing", field=loc[-1]))
    if kind == "extra_forbidden" and loc in MOVED:
        return source.problem(loc, messages("error.field_moved", field=loc[-1], new=MOVED[loc]), prefer_key=True)
    if kind == "extra_forbidden":
        return source.problem(loc, _unknown_field(loc, messages), prefer_key=True)
    if kind == "model_type" and loc[-1] == "developer_months" and isinstance(error["input"], int):
        # Developer months were one number (management fees); now each monthly fee has its own.
        return source.problem(loc, messages("error.developer_months_per_fee", months=error["input"]))
    if kind == "string_type" and loc in source.plain_scalars:
        return source.problem(loc, _quote_hint(*source.plain_scalars[loc], error["input"], messages))
    translate = _TRANSLATIONS.get(kind)
    message = translate(error, messages) if translate else messages("error.other", message=error["msg"])
    return source.problem(loc, message)


def _unknown_field(loc: Loc, messages: Catalogue) -> str:
    allowed = _allowed_fields(Project, loc[:-1])
    message = messages("error.unknown_field", field=loc[-1])
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return message + messages("error.did_you_mean", suggestion=close[0])
    if allowed:
        return message + messages("error.allowed_fields", fields=", ".join(allowed))
    return message


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """Return the keys allowed at a place in the data, walking the model's types."""
    annotation: Any = model
    for part in loc:
        annotation = step_into(annotation, part)
        if annotation is None:
            return []
    target = model_in(annotation)
    if target is None:
        return []
    return [info.alias or name for name, info in target.model_fields.items()]


def _quote_hint(raw: str, tag: str, value: Any, messages: Catalogue) -> str:
    if tag == NULL and raw.strip() in ("", "~"):
        return messages("error.empty_value")
    if tag in (INT, FLOAT):
        return messages("error.quote_number", raw=raw)
    if tag == BOOL:
        return messages("error.quote_bool", raw=raw)
    if tag in (NULL, TIMESTAMP):
        return messages("error.quote_other", raw=raw, found=describe(value, messages))
    return messages("error.expected_text", found=describe(value, messages))


def _found(error: ErrorDetails, messages: Catalogue) -> str:
    return describe(error.get("input"), messages)


def _simple(key: str) -> Callable[[ErrorDetails, Catalogue], str]:
    return lambda error, messages: messages(key, found=_found(error, messages))


def _limit(key: str, ctx_key: str) -> Callable[[ErrorDetails, Catalogue], str]:
    return lambda error, messages: messages(key, limit=error["ctx"][ctx_key], found=error.get("input"))


def _choice(error: ErrorDetails, messages: Catalogue) -> str:
    choices = re.findall(r"'([^']*)'", error["ctx"]["expected"]) or [error["ctx"]["expected"]]
    return messages("error.choice", choices=messages("punct.list").join(choices), found=_found(error, messages))


def _pattern(error: ErrorDetails, messages: Catalogue) -> str:
    what_key = PATTERNS.get(error["ctx"]["pattern"])
    what = messages(what_key) if what_key else error["ctx"]["pattern"]
    return messages("error.pattern", what=what, found=_found(error, messages))


def _text_too_long(error: ErrorDetails, messages: Catalogue) -> str:
    return messages("error.text_too_long", limit=error["ctx"]["max_length"], found=len(error["input"]))


_TRANSLATIONS: dict[str, Callable[[ErrorDetails, Catalogue], str]] = {
    "string_type": _simple("error.expected_text"),
    "int_type": _simple("error.expected_integer"),
    "int_parsing": _simple("error.expected_integer"),
    "int_from_float": _simple("error.expected_integer"),
    "float_type": _simple("error.expected_number"),
    "float_parsing": _simple("error.expected_number"),
    "decimal_type": _simple("error.expected_number"),
    "decimal_parsing": _simple("error.expected_number"),
    "finite_number": lambda error, messages: messages("error.not_finite"),
    "decimal_max_places": _limit("error.decimal_places", "decimal_places"),
    "decimal_whole_digits": _simple("error.expected_number"),
    "decimal_max_digits": _simple("error.expected_number"),
    "bool_type": _simple("error.expected_bool"),
    "bool_parsing": _simple("error.expected_bool"),
    "date_type": _simple("error.expected_date"),
    "date_parsing": _simple("error.expected_date"),
    "date_from_datetime_parsing": _simple("error.expected_date"),
    "date_from_datetime_inexact": _simple("error.expected_date"),
    "datetime_type": _simple("error.expected_datetime"),
    "datetime_parsing": _simple("error.expected_datetime"),
    "datetime_from_date_parsing": _simple("error.expected_datetime"),
    "list_type": _simple("error.expected_list"),
    "tuple_type": _simple("error.expected_list"),
    "model_type": _simple("error.expected_mapping"),
    "model_attributes_type": _simple("error.expected_mapping"),
    "dict_type": _simple("error.expected_mapping"),
    "greater_than_equal": _limit("error.min", "ge"),
    "greater_than": _limit("error.greater", "gt"),
    "less_than_equal": _limit("error.max", "le"),
    "less_than": _limit("error.less", "lt"),
    "too_short": _limit("error.too_few_items", "min_length"),
    "string_too_short": lambda error, messages: messages("error.text_too_short"),
    "string_too_long": _text_too_long,
    "literal_error": _choice,
    "enum": _choice,
    "string_pattern_mismatch": _pattern,
}


