"""Options of the move-in operations sheets: print quantities and the supplies checklist (§4(2)4, §4(2)6)."""

from __future__ import annotations

from pydantic import Field

from .base import Count, Int, Model, Text


class Supply(Model):
    name: Text
    """What to prepare, e.g. 点钞验钞机."""
    quantity: Text | None = None
    """How many, as text (e.g. 2 台), when it matters."""
    note: Text | None = None
    """Why or where, e.g. 物业与开发商分开刷卡."""
    spare: Count = 0
    """Spare devices to bring besides the quantity, e.g. 1 for a backup POS terminal a contingency plan switches to."""


class Operations(Model):
    spare_percent: Int = Field(default=10, ge=0, le=100)
    """Extra copies printed beyond the households' need, in percent (rounded up)."""
    supplies: list[Supply] | None = None
    """The supplies checklist; when left out, the list of the source document (tables and chairs, key boards, board stands, cash counters, POS terminals for the property company and the developer with a spare, company stamp, stationery, photocopier...)."""
