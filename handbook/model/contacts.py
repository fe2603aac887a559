"""Contacts owners can call: phone numbers are text and survive exactly as typed."""

from __future__ import annotations

from typing import Literal

from .base import Id, Model, Phone, Text

ContactKind = Literal[
    "service_centre", "security", "repair", "project_office", "bank", "utility", "emergency", "other"
]


class Contact(Model):
    id: Id
    """Short id, unique among contacts (e.g. service-centre)."""
    kind: ContactKind
    """What the contact is: service_centre, security (24-hour), repair, project_office (developer), bank, utility, emergency, other."""
    name: Text
    """Name shown to owners, e.g. 客户服务中心."""
    phone: Phone
    """Phone number as text, in quotes: "0755-8888 1234". A leading 0 must be quoted."""
    hours: Text | None = None
    """Opening hours, e.g. 08:30-18:00 (24 小时 for round-the-clock lines)."""
    address: Text | None = None
    """Where to find it, if owners can visit."""
    note: Text | None = None
    """A short note shown beside the number."""
