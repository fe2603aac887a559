"""How the forms to prepare (§4(2)4) are printed: the kinds of printed form and where each sits in the move-in process."""

from __future__ import annotations

from typing import Literal

FormKind = Literal["owner_card", "authorisation", "agreement", "bank_debit", "inspection", "receipt_log", "key_log",
                   "decoration_application"]
CopyHolder = Literal["owner", "property_company", "bank", "developer", "tenant"]

# The stage of the move-in process (§4(3)2-9) at which each kind is filled in or signed: a unit's
# packet is printed in this order. None: not in a unit's packet (the logs are kept per table, not per
# unit; a decoration application is filled only by owners who start decorating on the day).
STAGE: dict[str, int | None] = {
    "owner_card": 1,  # verify: the owner card is handed in with the documents (§4(3)4)
    "authorisation": 1,  # a proxy hands in the owner's authorisation letter with the documents (§4(3)1 ①H, ②H)
    "agreement": 2,  # sign the agreements (§4(3)5)
    "bank_debit": 2,
    "inspection": 3,  # inspect the unit with an escort (§4(3)7-8)
    "receipt_log": None,
    "key_log": None,
    "decoration_application": None,
}
