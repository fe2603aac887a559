"""A problem a cross-field check found: the field path, a message key and its parameters.

validate.py turns findings into editor messages with file:line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Loc


@dataclass(frozen=True)
class Finding:
    loc: Loc
    key: str
    params: dict = field(default_factory=dict)
