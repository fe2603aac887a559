"""Questions owners ask, with the public answer and the staff-only talking points."""

from __future__ import annotations

from .base import Id, Model, Text


class FaqStaff(Model):
    notes: Text | None = None
    """What staff should know or say beyond the public answer."""
    escalate_to: Text | None = None
    """Who handles it when the owner is not satisfied."""
    do_not_promise: list[Text] = []
    """What staff must not promise."""


class FaqItem(Model):
    id: Id
    """Question id, unique among the FAQ."""
    topic: Text
    """Topic the question is grouped under, e.g. 费用."""
    question: Text
    """The question as an owner asks it."""
    answer: Text
    """The public answer, agreed with the developer."""
    staff: FaqStaff | None = None
    """Staff-only talking points (never shown to owners)."""
