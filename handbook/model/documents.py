"""What owners bring (§4(3)1, §4(4), §4(5)), the forms staff prepare (§4(2)4) and the agreements signed (§4(3)5)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Count, HouseholdType, Id, Model, Tenure, Text
from .forms import CopyHolder, FormKind


class DocumentItem(Model):
    name: Text
    """What to bring, e.g. 业主身份证."""
    original: bool = False
    """True when the original must be shown."""
    copies: Count = 0
    """Number of photocopies to bring."""
    purpose: Text | None = None
    """Why it is needed, e.g. 用于服务中心存档、办理银行托收."""


class HouseholdDocuments(Model):
    items: list[DocumentItem] = Field(min_length=1)
    """Documents every household of this type brings, in order (A, B, C...)."""
    proxy_extras: list[DocumentItem] = []
    """Extra documents when a proxy (委托人) comes instead of the owner."""


class Documents(Model):
    family: HouseholdDocuments | None = None
    """Family household (家庭户)."""
    company: HouseholdDocuments | None = None
    """Company household (公司户)."""
    parking: HouseholdDocuments | None = None
    """Parking space owner (车位)."""
    transfer: HouseholdDocuments | None = None
    """Transferred property (转让房)."""
    residential_tenant: HouseholdDocuments | None = None
    """Tenant of an owner's home."""
    shop_tenant: HouseholdDocuments | None = None
    """Tenant of a commercial property let by a leasing company."""
    office_tenant: HouseholdDocuments | None = None
    """Tenant of a managed office or mall unit."""


class FormToPrepare(Model):
    id: Id
    """Form id, unique among forms, e.g. management_covenant."""
    name: Text
    """Form name, e.g. 业主临时管理规约."""
    copies: Count = 1
    """Copies per household (一式二份 = 2), or in all when per is project."""
    per: Literal["household", "project"] = "household"
    """household: copies for each household (most forms); project: a fixed number in all (logs, floor plans)."""
    note: Text | None = None
    """Who keeps each copy or why it is needed."""
    household_types: list[HouseholdType] = []
    """Household types that need it; empty for all."""
    parking: Tenure | None = None
    """Only for owners who bought or rented a parking space."""
    kind: FormKind | None = None
    """How the forms output prints it: owner_card, authorisation (the letter a proxy brings), agreement (wording from content/owner/agreements/<agreement id>.md), bank_debit, inspection, receipt_log, key_log or decoration_application; leave out for what is not a form (bags, the handbook, floor plans)."""
    to: list[CopyHolder] = []
    """Who keeps each copy, in order, as printed on it: owner, property_company, bank, developer, tenant, e.g. [owner, property_company] (业主联 / 物业联); when left out the copies are numbered."""


class Agreement(Model):
    id: Id
    """Agreement id, unique among agreements."""
    name: Text
    """Agreement name, as the guide, the site and the forms print it, e.g. 业主临时管理规约: the same as its form's name."""
    form: Id | None = None
    """The form (id from forms) that is signed; it must have the agreement's name."""
    household_types: list[HouseholdType] = []
    """Household types that sign it; empty for all."""
    parking: Tenure | None = None
    """Only for owners who bought or rented a parking space."""
    note: Text | None = None
    """A short explanation for owners."""
