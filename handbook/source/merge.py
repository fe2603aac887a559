"""Merge data layers: a company's data (over its parent's) and a project's data over it, each value's place kept.

The rules, predictable and the same everywhere (README, "Companies"):
- mappings merge key by key; a later layer's value replaces an earlier one unless both merge;
- a list of things with an `id` (forms, roles, process steps, ...) merges by id: an item with a known id is merged
  into that item, a new one is added where its `after:` / `before:` says (else at the end; process steps are
  the flowchart's order, so a new step must say where it goes), and an item `{remove: [id, ...]}` drops items;
- every other list is replaced whole.
The merged data keeps, for each value, the file and line that set it (errors name the file to change) and the
places of the values it replaced (`build.py explain`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Loc, Problem
from ..i18n.messages import Catalogue
from ..model import Project
from ..model.paths import item_model, step_into
from ..model.process import Step
from .load import Loaded, Place, SourceMap

REMOVE, AFTER, BEFORE = "remove", "after", "before"
MISSING = object()  # no earlier value: a layer's own mappings and id-keyed lists are still read by the rules
ORDERED_ITEMS = (Step,)  # lists whose order is meaning: a new item must say where it goes


@dataclass
class _Entry:
    """One item of a merged id-keyed list: the earlier layer's (at base index) and/or the later one's (at over index)."""

    id: Any
    base: int | None = None
    over: int | None = None
    over_item: dict | None = None


@dataclass
class Merger:
    """Merge one layer over the merged earlier ones, writing the merged source map and the problems found."""

    base: SourceMap
    over: SourceMap
    messages: Catalogue
    out: SourceMap = field(init=False)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.out = SourceMap(self.over.file)

    def value(self, base: Any, b_loc: Loc, over: Any, o_loc: Loc, loc: Loc, annotation: Any) -> Any:
        if isinstance(over, dict) and (base is MISSING or isinstance(base, dict)):
            return self.mapping({} if base is MISSING else base, b_loc, over, o_loc, loc, annotation)
        if isinstance(over, list) and (base is MISSING or isinstance(base, list)) and id_keyed(annotation):
            return self.by_id([] if base is MISSING else base, b_loc, over, o_loc, loc, annotation)
        self.copy(over, self.over, o_loc, loc)
        self.out.replaced[loc] = (*self.base_history(b_loc), *self.out.replaced.get(loc, ()))
        return over

    def mapping(self, base: dict, b_loc: Loc, over: dict, o_loc: Loc, loc: Loc, annotation: Any) -> dict:
        self.place(self.over, o_loc, loc)  # a key missing after the merge is for the latest layer to add
        self.out.replaced[loc] = self.base_history(b_loc)
        merged: dict[str, Any] = {}
        for key, item in base.items():
            if key not in over:
                merged[key] = self.copy(item, self.base, b_loc + (key,), loc + (key,))
        for key, item in over.items():
            merged[key] = self.value(base.get(key, MISSING), b_loc + (key,), item, o_loc + (key,), loc + (key,),
                                     step_into(annotation, key))
        return merged

    def by_id(self, base: list, b_loc: Loc, over: list, o_loc: Loc, loc: Loc, annotation: Any) -> list:
        """Return an id-keyed list merged by id, in the order the layers' after/before/remove give."""
        entries = [_Entry(_id_of(item), base=index) for index, item in enumerate(base)]
        ordered = item_model(annotation) in ORDERED_ITEMS
        for index, item in enumerate(over):
            here = o_loc + (index,)
            if isinstance(item, dict) and set(item) == {REMOVE}:
                self.remove(entries, item[REMOVE], here + (REMOVE,))
                continue
            anchors = {key: item[key] for key in (AFTER, BEFORE) if isinstance(item, dict) and key in item}
            stripped = {k: v for k, v in item.items() if k not in anchors} if isinstance(item, dict) else item
            ids = [entry.id for entry in entries]
            item_id = _id_of(item)
            earlier = entries[ids.index(item_id)] if item_id is not None and item_id in ids else None
            if earlier is not None and earlier.over is not None:  # an id twice in one file: kept twice, for the
                entries.append(_Entry(item_id, over=index, over_item=stripped))  # id check to name both
                continue
            if earlier is not None:  # merged into the earlier layer's item, moved only if it says so
                earlier.over, earlier.over_item = index, stripped
                if anchors:
                    entries.remove(earlier)
                    self.insert(entries, earlier, anchors, here, ids)
                continue
            if ordered and not anchors and any(entry.base is not None for entry in entries):  # among earlier items
                self.problems.append(self.over.problem(here, self.messages(
                    "error.merge_where", id=item_id or "?", ids=", ".join(str(i) for i in ids))))
            self.insert(entries, _Entry(item_id, over=index, over_item=stripped), anchors, here, ids)
        merged = []
        for position, entry in enumerate(entries):
            at = loc + (position,)
            if entry.base is not None and entry.over is not None:
                merged.append(self.value(base[entry.base], b_loc + (entry.base,), entry.over_item,
                                         o_loc + (entry.over,), at, step_into(annotation, 0)))
            elif entry.base is not None:
                merged.append(self.copy(base[entry.base], self.base, b_loc + (entry.base,), at))
            else:
                merged.append(self.value(MISSING, b_loc + (None,), entry.over_item, o_loc + (entry.over,), at,
                                         step_into(annotation, 0)))
        self.place(self.over, o_loc, loc)
        self.out.replaced[loc] = self.base_history(b_loc)
        return merged

    def insert(self, entries: list[_Entry], entry: _Entry, anchors: dict, here: Loc, ids: list) -> None:
        """Put an entry where its anchor says (an unknown anchor is a problem, the entry then goes last)."""
        for key, anchor in anchors.items():
            where = [e.id for e in entries]
            if anchor in where:
                entries.insert(where.index(anchor) + (key == AFTER), entry)
                return
            self.problems.append(self.over.problem(here + (key,), self.messages(
                "error.merge_anchor_unknown", anchor=anchor, ids=", ".join(str(i) for i in ids))))
        entries.append(entry)

    def remove(self, entries: list[_Entry], ids: Any, here: Loc) -> None:
        if not isinstance(ids, list):
            self.problems.append(self.over.problem(here, self.messages("error.merge_remove_list")))
            return
        for index, item_id in enumerate(ids):
            where = [e.id for e in entries]
            if item_id in where:
                entries.pop(where.index(item_id))
            else:
                self.problems.append(self.over.problem(here + (index,), self.messages(
                    "error.merge_remove_unknown", id=item_id, ids=", ".join(str(i) for i in where))))

    def copy(self, value: Any, source: SourceMap, s_loc: Loc, loc: Loc) -> Any:
        """Take a value whole from one side, with the places of everything in it."""
        self.place(source, s_loc, loc)
        if isinstance(value, dict):
            for key, item in value.items():
                self.copy(item, source, s_loc + (key,), loc + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.copy(item, source, s_loc + (index,), loc + (index,))
        return value

    def place(self, source: SourceMap, s_loc: Loc, loc: Loc) -> None:
        out = self.out
        if s_loc in source.positions:
            out.positions[loc] = source.positions[s_loc]
            out.files[loc] = source.files.get(s_loc, source.file)
        if s_loc in source.key_positions:
            out.key_positions[loc] = source.key_positions[s_loc]
        if s_loc in source.plain_scalars:
            out.plain_scalars[loc] = source.plain_scalars[s_loc]
        if s_loc in source.replaced:
            out.replaced[loc] = source.replaced[s_loc]

    def base_history(self, b_loc: Loc) -> tuple[Place, ...]:
        """Return the places of an earlier layer's value and of those it had replaced, earliest first."""
        if b_loc not in self.base.positions:
            return self.base.replaced.get(b_loc, ())
        line, column = self.base.positions[b_loc]
        return (*self.base.replaced.get(b_loc, ()), Place(self.base.files.get(b_loc, self.base.file), line, column))


def merge_layers(layers: list[Loaded], messages: Catalogue) -> Loaded:
    """Return the layers (earliest first: top company ... project) merged into one, its problems those of all.

    The first layer is merged over nothing, so its own remove/after/before are read (and never reach the data).
    """
    merged = Loaded({}, SourceMap(layers[0].source.file), [], layers[0].language)
    for layer in layers:
        merger = Merger(merged.source, layer.source, messages)
        data = merger.mapping(merged.data, (), layer.data, (), (), Project)
        # What a layer's loader refused stays refused: no "missing field" for it (its place is the same but in lists).
        merged = Loaded(data, merger.out, [*merged.problems, *layer.problems, *merger.problems], layer.language,
                        merged.dropped | layer.dropped)
    return merged


def id_keyed(annotation: Any) -> bool:
    """Tell whether a list of this type merges by id (its items are models with an id)."""
    model = item_model(annotation)
    return model is not None and "id" in model.model_fields


def _id_of(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None
