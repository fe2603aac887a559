"""Walk the model's types along a path of keys and indexes: what a place in the data may hold."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel


def model_in(annotation: Any) -> type[BaseModel] | None:
    """Return the model a type annotation holds (Form | None: Form), else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType, Annotated):
        for arg in get_args(annotation):
            found = model_in(arg)
            if found:
                return found
    return None


def step_into(annotation: Any, part: str | int) -> Any:
    """Return the annotation of what sits at a key (a field, by name or alias) or an index (a list's items)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, Annotated):
        for arg in get_args(annotation):
            inner = step_into(arg, part)
            if inner is not None:
                return inner
        return None
    if isinstance(part, int):
        return get_args(annotation)[0] if origin in (list, tuple) else None
    model = model_in(annotation)
    if model is None:
        return None
    for name, info in model.model_fields.items():
        if part in (name, info.alias):
            return info.annotation
    return None


def item_model(annotation: Any) -> type[BaseModel] | None:
    """Return the model of a list's items (list[Form] | None: Form), None when they are not models."""
    return model_in(step_into(annotation, 0)) if annotation is not None else None
