"""Derive the public view of a project: the same data with every `staff` field and the unit list removed.

Public outputs receive a PublicProject, whose types have no `staff` attribute
at any depth: they cannot read what they are not given. The post-build audit
of dist/public is the second lock, not the first.
"""

from __future__ import annotations

import types
from functools import lru_cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, create_model

from ..model import Project

PRIVATE_FIELDS = {"staff"}  # on every model, at any depth
PRIVATE_PROJECT_FIELDS = {"unit_list"}  # personal data lives behind this path


@lru_cache(maxsize=None)
def public_model(cls: type[BaseModel]) -> type[BaseModel]:
    """Return a model class like cls with every private field removed, recursively."""
    private = PRIVATE_FIELDS | (PRIVATE_PROJECT_FIELDS if cls is Project else set())
    fields = {
        name: (_public_type(info.annotation), info)
        for name, info in cls.model_fields.items()
        if name not in private
    }
    base = cls.__bases__[0]  # field-less bases carry shared methods and config
    return create_model(f"Public{cls.__name__}", __base__=base, __doc__=cls.__doc__, **fields)


def _public_type(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return public_model(annotation)
    origin = get_origin(annotation)
    if origin is None:
        return annotation
    args = get_args(annotation)
    if origin is Annotated:
        return Annotated[(_public_type(args[0]), *args[1:])]
    if origin in (Union, types.UnionType):
        return Union[tuple(_public_type(arg) for arg in args)]
    if origin in (list, tuple, dict):
        return origin[tuple(_public_type(arg) for arg in args)]
    return annotation


def __getattr__(name: str) -> Any:
    """Make PublicProject on first use (a third of a second: a build that changes nothing never needs it)."""
    if name == "PublicProject":
        return public_model(Project)
    raise AttributeError(name)


def public_view(project: Project) -> BaseModel:
    """Return the PublicProject of a project."""
    data = project.model_dump(by_alias=True, exclude=PRIVATE_PROJECT_FIELDS)
    return public_model(Project).model_validate(_without_private(data))


def _without_private(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_private(v) for k, v in value.items() if k not in PRIVATE_FIELDS}
    if isinstance(value, list):
        return [_without_private(v) for v in value]
    return value
