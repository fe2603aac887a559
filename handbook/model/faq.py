"""Questions owners ask, with the public answer and the staff-only talking points (quoting fees by placeholder)."""

from __future__ import annotations

from .base import Id, Model, Text


class FaqStaff(Model):
    notes: Text | None = None
    """What staff should know or say beyond the public answer; may quote fees like the answer, e.g. {{ fee.cards.price }}."""
    escalate_to: Text | None = None
    """Who handles it when the owner is not satisfied."""
    do_not_promise: list[Text] = []
    """What staff must not promise."""
    owner_says: Text | None = None
    """What the owner says in the mock drill, in an owner's own words, e.g. 管理费能不能晚几个月再交？ (the drill prints it as the role-played owner's line; without it the owner asks the question as written). Staff only, printed as written: no fee placeholders."""


class FaqItem(Model):
    id: Id
    """Question id, unique among the FAQ."""
    topic: Text
    """Topic the question is grouped under, e.g. 费用."""
    question: Text
    """The question as an owner asks it; may quote fees like the answer."""
    answer: Text
    """The public answer, agreed with the developer. Quote a fee by its placeholder, never typed: 预交 {{ fee.management.prepaid_months }} 个月管理费, 每张 {{ fee.cards.price }}. Names: fee.management.<property_type>.rate, fee.management.prepaid_months, fee.management.developer_months.<phase id, - as _>, fee.parking.<space_type>.bought / .rented, fee.cards.free, fee.cards.price, fee.item.<id>.amount / .rate. `check` refuses an unknown name and a typed amount or month count the fee schedule contradicts."""
    staff: FaqStaff | None = None
    """Staff-only talking points (never shown to owners)."""
