"""`build.py explain <slug> <field.path>`: a value of a project's merged data, and the files that set it.

A path is written as errors print it (contacts[1].phone, items counted from
1) or with an item's id in place of its number (forms.key-receipt.to,
processes.move_in.steps.keys.title). The lines show the value, then the chain
of files and lines that set it, earliest first: a parent company's, the
company's, the project's; the last one wins.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

from ..errors import HandbookError, Loc, Said, field_path
from ..i18n.messages import Catalogue
from ..model import Project
from ..model.paths import step_into
from ..source.load import Place, SourceMap
from ..source.merge import id_keyed

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
MAX_LINES = 24  # a long value (a whole process) is shown cut, with how many lines are left


def resolve_path(data: Any, text: str) -> Loc:
    """Return the loc a path names in the data; raise HandbookError naming the part that is not there."""
    loc: list[str | int] = []
    value = data
    for match in _PART.finditer(text):
        name, number = match.groups()
        if isinstance(value, list):
            index = int(number) - 1 if number else _index_of(value, name)
            if index is None or not 0 <= index < len(value):
                raise HandbookError(Said("error.explain_path", path=text, part=name or number,
                                         choices=_choices(value)))
            loc.append(index)
            value = value[index]
        elif isinstance(value, dict) and name in value:
            loc.append(name)
            value = value[name]
        else:
            raise HandbookError(Said("error.explain_path", path=text, part=name or number, choices=_choices(value)))
    return tuple(loc)


def explain(data: dict, places: SourceMap, messages: Catalogue, text: str) -> list[str]:
    """Return the lines `explain` prints: the path as errors name it, the value, and the files that set it.

    data and places are a project's merged data as written (valid or not: an editor asks most when it is not).
    """
    loc = resolve_path(data, text)
    value = _at(data, loc)
    lines = [f"{field_path(loc) or '.'}:"]
    shown = yaml.dump(value, Dumper=_Shown, allow_unicode=True, sort_keys=False, width=100).rstrip("\n")
    shown_lines = shown.removesuffix("\n...").splitlines()
    lines += ["  " + line for line in shown_lines[:MAX_LINES]]
    if len(shown_lines) > MAX_LINES:
        lines.append("  " + messages("explain.more_lines", count=len(shown_lines) - MAX_LINES))
    chain = [*places.replaced.get(loc, ()), *_own_place(places, loc)]
    merged = _merges(loc, value)  # each layer wrote part of it: none replaced the others
    for number, place in enumerate(chain):
        key = "explain.written_here" if merged else \
            "explain.set_here" if number == len(chain) - 1 else "explain.replaced_here"
        lines.append(messages(key, place=str(place)))
    files = _files_within(places, loc)
    if len(files) > 1:  # a mapping or list whose fields come from several files
        lines.append(messages("explain.parts_from", files=messages("punct.list").join(
            f"{file} ({count})" for file, count in files.items())))
    return lines


def _merges(loc: Loc, value: Any) -> bool:
    """Tell whether layers merge the value at loc (a mapping, a list of items with ids) rather than replace it."""
    if isinstance(value, dict):
        return True
    annotation: Any = Project
    for part in loc:
        annotation = step_into(annotation, part) if annotation is not None else None
    return isinstance(value, list) and id_keyed(annotation)


def _own_place(places, loc: Loc) -> list[Place]:
    if loc not in places.positions:
        return []
    line, column = places.positions[loc]
    return [Place(places.files.get(loc, places.file), line, column)]


def _files_within(places, loc: Loc) -> dict[str, int]:
    """Return how many values under loc each file sets."""
    counts: dict[str, int] = {}
    for where in places.positions:
        if where[:len(loc)] == loc and len(where) > len(loc):
            file = places.files.get(where, places.file)
            counts[file] = counts.get(file, 0) + 1
    return counts


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def _index_of(items: list, name: str | None) -> int | None:
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    return ids.index(name) if name in ids else None


def _choices(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(map(str, value)) or "-"
    if isinstance(value, list):
        ids = [str(item["id"]) for item in value if isinstance(item, dict) and "id" in item]
        return ", ".join(ids) if ids else f"1-{len(value)}"
    return "-"


class _Shown(yaml.SafeDumper):
    """YAML as the editor wrote it: exact decimals unquoted (2.85, not '2.85')."""


_Shown.add_representer(Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))
