"""The shared building blocks of the data model: the base class and the value types.

Field docstrings become JSON Schema descriptions, which editors see as
autocomplete hints, so they are written for editors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints


class Model(BaseModel):
    """Base of every data-model class: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# Named patterns: the error message names what was expected, by the key here.
PATTERNS: dict[str, str] = {
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$": "what.id",
    r"^\+?[0-9][0-9 ()-]*[0-9]$": "what.phone",
    r"^#[0-9A-Fa-f]{6}$": "what.colour",
    r"^https?://[^\s/$.?#][^\s]*$": "what.url",
    r"^[^/\\][^\\]*$": "what.relative_path",
    r"^[^{}\n]+$": "what.term",
}
_ID, _PHONE, _COLOUR, _URL, _RELPATH, _TERM = PATTERNS

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=_ID, max_length=64)]
Phone = Annotated[str, StringConstraints(pattern=_PHONE, max_length=32)]
Colour = Annotated[str, StringConstraints(pattern=_COLOUR)]
Url = Annotated[str, StringConstraints(pattern=_URL, max_length=512)]
RelPath = Annotated[str, StringConstraints(pattern=_RELPATH, max_length=512)]
# A word printed inside the catalogue's sentences: one line, no braces (they would read as a placeholder).
Term = Annotated[str, StringConstraints(strip_whitespace=True, pattern=_TERM, max_length=30)]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, allow_inf_nan=False)]
Rate = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=4, allow_inf_nan=False)]
Area = Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2, allow_inf_nan=False)]
# Whole numbers are strict: YAML's unquoted yes/no must not count as 1/0.
Int = Annotated[int, Strict()]
Count = Annotated[int, Strict(), Field(ge=0)]
Months = Annotated[int, Strict(), Field(ge=0, le=120)]

HouseholdType = Literal[
    "family", "company", "parking", "transfer", "residential_tenant", "shop_tenant", "office_tenant"
]
HOUSEHOLD_TYPES: tuple[str, ...] = HouseholdType.__args__
TENANT_TYPES: tuple[str, ...] = ("residential_tenant", "shop_tenant", "office_tenant")
"""Household types that rent what they move into: their notices say 您租用的 (what you rent), not 您购买的."""
Tenure = Literal["bought", "rented"]
ParkingTenure = Literal["none", "bought", "rented"]
"""A unit's parking: none, or a space bought or rented."""
Payer = Literal["owner", "developer"]
Collector = Literal["property_company", "developer"]
Region = Literal["CN", "HK", "MO", "TW"]
"""Where a project is: the mainland (CN), Hong Kong, Macao or Taiwan; its forms, samples, maps and legal wording follow it."""
REGIONS: tuple[str, ...] = Region.__args__
# The region a primary language tells; English tells none (handbook/source/checks.py asks for region).
REGION_OF_LANGUAGE: dict[str, str] = {"zh-CN": "CN", "zh-HK": "HK", "zh-MO": "MO", "zh-TW": "TW"}
