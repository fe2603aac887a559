"""Which forms owners fill in at home before they come: the project (its public view will do) in, its fillable forms out.

Three kinds of printed form are for the owner to fill in: the owner card, the
authorisation letter a proxy brings and the bank debit form. A project offers
each kind it prints (a form in `forms` with that kind); the authorisation
letter also when its documents ask a proxy to bring one (a household type's
`proxy_extras`), even if staff do not print it. Each is titled by the
project's name for the form, else the catalogue's name for its kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.documents import FormToPrepare

FILLABLE = ("owner_card", "authorisation", "bank_debit")  # in the order owners meet them (model/forms.py STAGE)


@dataclass(frozen=True)
class FillableForm:
    """One form an owner may fill in: its kind and the project's form of that kind, if the project prints one."""

    kind: str
    form: FormToPrepare | None

    def title(self, messages) -> str:
        """Return the form's name: the project's, else the catalogue's name for its kind."""
        return self.form.name if self.form else messages(f"label.form.kind.{self.kind}")


def fillable_forms(project: Any) -> list[FillableForm]:
    """Return the forms owners of the project may fill in at home, in the order they meet them."""
    printed = {}
    for form in project.forms:
        if form.kind in FILLABLE and form.per == "household":
            printed.setdefault(form.kind, form)  # the first of a kind, as the forms table lists them
    return [FillableForm(kind, printed.get(kind)) for kind in FILLABLE
            if kind in printed or (kind == "authorisation" and asks_for_proxy(project))]


def asks_for_proxy(project: Any) -> bool:
    """Return whether the documents ask a proxy to bring something (the owner's authorisation letter)."""
    return any(documents is not None and documents.proxy_extras for _, documents in project.documents)
