"""The whole project as an editor keeps it in projects/<slug>/project.yml."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from ..i18n.languages import LanguageTag
from .base import REGION_OF_LANGUAGE, Id, Int, Model, Region, Term, Text
from .boards import Board
from .contacts import Contact
from .documents import Agreement, Documents, FormToPrepare
from .estate import (
    Amenities,
    Branding,
    Complaints,
    Decoration,
    GuideOptions,
    Meter,
    MoveInWindow,
    Phase,
    Photo,
    Room,
    Service,
    Site,
    UnitType,
    Venue,
)
from .faq import FaqItem
from .fees import Fees
from .operations import Operations
from .process import Processes, Role
from .staff import Staff

# The encodings a CSV unit list may be saved in (handbook/source/unit_files.py reads them).
UnitListEncoding = Literal["utf-8", "utf-16", "gb18030", "big5", "cp950", "big5-hkscs"]


# A name as each edition writes it: language tag -> the name.
NameForms = Annotated[dict[LanguageTag, Text], Field(min_length=1)]


class Terms(Model):
    """Words of the company's own for what the printed labels name (every output uses them), written in the primary language."""

    service_centre: Term | None = None
    """The on-site management office, as forms, notices, sheets and pages name it, e.g. 管理處 (left out: 服务中心 / 服務中心 / service centre)."""
    move_in_notice: Term | None = None
    """The title of each unit's notice, e.g. 收樓通知書 (left out: 入伙通知书 / 入伙通知書 / 交屋通知書 / move-in notice)."""


class Project(Model):
    name: Text
    """Project name, e.g. 莲花花园."""
    kind: Literal["residential", "office", "mall", "mixed"]
    """residential, office (写字楼), mall (商场) or mixed."""
    company: Id | None = None
    """The company whose company.yml this project extends (companies/<id>/); the project then writes only what is its own."""
    languages: list[LanguageTag] = Field(min_length=1)
    """Language editions; the first is the primary one, in which this file is written: zh-CN, zh-HK, zh-MO, zh-TW, en. Other Chinese editions are converted; an English one needs translations/en.yml (`build.py translations <slug>` lists what to translate) and a .en.md beside every page with Chinese prose."""
    region: Region | None = Field(None, validate_default=True)
    """Where the project is: CN (mainland), HK (Hong Kong), MO (Macao) or TW (Taiwan). Every edition follows it: the owner card's registration number and ID document, the sample card, the map links and the agreements' legal wording (a Macao estate's zh-CN edition still asks for Macao numbers). Left out, it is the primary language's (zh-CN: CN, zh-HK: HK, zh-MO: MO, zh-TW: TW); a project written in English (en) must say it."""
    keep_as_written: list[Text | NameForms] = []
    """Proper nouns (the project's, streets' and companies' names) that converted editions do not convert: a name kept exactly as written in every edition (莲花花园), or the name as each edition writes it ({zh-CN: 莲花花园, zh-HK: 蓮花花園, en: Lotus Garden}), which must give the primary language's form and wins over the same name kept as written; an edition it does not list keeps the primary language's form."""
    terms: Terms = Terms()
    """The company's own words for what the printed labels name (service_centre: 管理處); converted and translated with the data."""
    revision: dt.date | None = None
    """Date of this revision of the data, printed in every version line (default: the last git commit)."""
    developer: Text
    """The developer (开发商)."""
    property_company: Text
    """The property-management company publishing this."""
    company_intro: Text
    """Introduction of the property company (Markdown)."""
    welcome: Text
    """Welcome text for owners (欢迎词, Markdown)."""
    address: Text
    """The project's address."""
    city: Text | None = None
    """City, for map links."""
    site: Site
    """The owner site's address and ICP record number."""
    branding: Branding = Branding()
    """Logo and house colours."""
    photos: list[Photo] = []
    """The project's real photos (guide cover, board backgrounds)."""
    households: Int = Field(ge=1)
    """Number of households moving in (入伙户数)."""
    move_in: MoveInWindow | None = None
    """The move-in window of every phase that does not give its own (written once when all phases share it)."""
    late_move_ins: Literal["refused", "allowed"] = "refused"
    """allowed when units of the unit list may move in after their phase's window (handed over later at the service centre; listed on the operations sheet); refused (the default) rejects such dates as typos. A date before the window is always refused."""
    phases: list[Phase] = Field(min_length=1)
    """Phases (分期), each with its own move-in window or the project's move_in; a single-phase project lists one."""
    venue: Venue
    """The move-in venue (入伙现场)."""
    contacts: list[Contact] = Field(min_length=1)
    """Phone numbers owners need (常用电话)."""
    fees: Fees
    """Fee rules (§4(2)2)."""
    documents: Documents
    """Documents to bring, per household type."""
    forms: list[FormToPrepare] = []
    """Forms to prepare, with copies per household (§4(2)4)."""
    agreements: list[Agreement] = []
    """Agreements signed at move-in (§4(3)5)."""
    roles: list[Role] = Field(min_length=1)
    """Roles that appear in the processes."""
    processes: Processes
    """The move-in and decoration processes."""
    decoration: Decoration = Decoration()
    """Decoration rules and uniform styles."""
    rooms: list[Room] = []
    """Rooms used by unit types, with their handover checks."""
    unit_types: list[UnitType] = []
    """Unit types (户型)."""
    meters: list[Meter] = ["water", "electricity"]
    """Meters read at handover: water, electricity, gas."""
    amenities: Amenities = Amenities()
    """Amenities in and around the estate."""
    services: list[Service] = []
    """Services offered (服务项目)."""
    complaints: Complaints
    """How complaints are handled."""
    faq: list[FaqItem] = []
    """Questions owners ask, with public answers and staff notes."""
    guide: GuideOptions = GuideOptions()
    """Options of the printed move-in guide."""
    boards: list[Board] | None = None
    """Display boards to print; when left out: company introduction, move-in process, decoration process, fee guide and a sample form."""
    operations: Operations = Operations()
    """Print quantities and the supplies checklist of the move-in operations sheets."""
    unit_list: str | None = None
    """Unit list (CSV or XLSX): relative to the project folder or an absolute path outside the repository (personal data)."""
    unit_list_encoding: UnitListEncoding | None = None
    """Encoding of a CSV unit list, when it cannot be told from the file: utf-8, utf-16, gb18030, big5, cp950 or big5-hkscs (Big5 with Hong Kong characters). Left out, it is decided from the file and the project's languages."""
    staff: Staff | None = None
    """Staff-only sections (never published to owners)."""

    @field_validator("region")
    @classmethod
    def _region_of_primary_language(cls, region: str | None, info: ValidationInfo) -> str | None:
        """Give a project without a region its primary language's, so every output reads project.region."""
        languages = info.data.get("languages")  # declared before region; absent when it is itself invalid
        if region is None and languages:
            return REGION_OF_LANGUAGE.get(languages[0])  # None for en: checks._check_region reports it
        return region

    @field_validator("phases")
    @classmethod
    def _inherit_move_in(cls, phases: list[Phase], info: ValidationInfo) -> list[Phase]:
        """Give every phase without a move-in window the project's, once, so every output reads phase.move_in."""
        window = info.data.get("move_in")  # declared before phases; absent when it is itself invalid
        if window is None:
            return phases  # a phase left without a window is reported by checks._check_phases
        return [phase if phase.move_in else phase.model_copy(update={"move_in": window}) for phase in phases]


