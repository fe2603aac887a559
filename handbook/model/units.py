"""One row of a unit list (the developer's owner list): personal data, for internal outputs only."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from ..i18n.languages import LanguageTag
from .base import Area, HouseholdType, Id, Model, ParkingTenure, Text


class Unit(Model):
    unit: Text
    """Unit number as text, e.g. 1-2-1502."""
    area_m2: Area | None = None
    """Floor area in m²; left out only for a parking space bought or rented alone (household type parking)."""
    property_type: Id | None = None
    """Property type id from fees.management, e.g. residential; left out for a parking space alone."""
    household_type: HouseholdType
    """family, company, parking, transfer, residential_tenant, shop_tenant or office_tenant."""
    owner_name: Text
    """The owner's name (personal data)."""
    move_in_date: dt.date
    """Move-in date (ISO, e.g. 2027-03-10): decides the billing start."""
    building: Text | None = None
    floor: Text | None = None
    phase: Id | None = None
    """Phase id from phases."""
    unit_type: Id | None = None
    """Unit type id from unit_types."""
    proxy: bool = False
    """yes when someone comes on the owner's behalf."""
    parking: ParkingTenure = "none"
    parking_type: Id | None = None
    """Space type id from fees.parking, when parking is bought or rented."""
    extra_cards: int = Field(default=0, ge=0)  # not Strict: every cell of a CSV is text
    refuses_prepayment: bool = False
    options: tuple[Id, ...] = ()
    """Optional fee items the owner asked for (ids from fees, e.g. title_registration)."""
    appointment: dt.datetime | None = None
    """Appointment (ISO date and time, e.g. 2027-03-10 09:30)."""
    language: LanguageTag | None = None
    """The owner's language, one of the project's languages; the primary one when left out."""
