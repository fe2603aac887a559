"""The estate itself: phases, venue, units and rooms, decoration rules, amenities and services."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Sequence

from pydantic import Field, field_validator

from .base import Area, Id, Int, Model, RelPath, Text
from .fees import DeveloperMonths


class MoveInWindow(Model):
    start: dt.date
    """First move-in day, e.g. 2027-03-06."""
    end: dt.date
    """Last move-in day of the concentrated move-in."""
    hours: Text | None = None
    """Opening hours on move-in days, e.g. 09:00-17:00."""


class Phase(Model):
    id: Id
    """Phase id, e.g. phase-1."""
    name: Text
    """Phase name, e.g. 一期."""
    households: Int = Field(ge=1)
    """Number of households moving in during this phase."""
    move_in: MoveInWindow | None = None
    """This phase's move-in window; when left out, the project's move_in (one window written once for every phase)."""
    buildings: list[Text] = []
    """Buildings in this phase, e.g. 1栋."""
    developer_months: DeveloperMonths | None = None
    """Months the developer pays for this phase's units, per monthly fee (management, parking_service, parking_rent), overriding fees.developer_months for each fee given."""


def shared_move_in_window(phases: Sequence[Phase]) -> MoveInWindow | None:
    """Return the window every phase shares when there are several, else None (each phase shows its own)."""
    windows = [phase.move_in for phase in phases]
    return windows[0] if len(windows) > 1 and all(window == windows[0] for window in windows) else None


class Venue(Model):
    name: Text
    """Where move-in is handled, e.g. 会所一楼多功能厅."""
    address: Text | None = None
    """Its address or directions."""
    note: Text | None = None
    """Parking or access notes for owners."""


CheckItem = Literal["walls", "ceiling", "floor", "doors", "windows", "plumbing", "electrical", "gas", "fixtures"]
Meter = Literal["water", "electricity", "gas"]


class Room(Model):
    id: Id
    """Room id used by unit types, e.g. living."""
    name: Text
    """Room name, e.g. 客厅."""
    checks: list[CheckItem] = Field(min_length=1)
    """What is checked at handover: walls, ceiling, floor, doors, windows, plumbing, electrical, gas, fixtures."""


class UnitType(Model):
    id: Id
    """Unit type id (户型), e.g. A."""
    name: Text
    """Name, e.g. A户型 三房两厅."""
    area_m2: Area | None = None
    """Typical floor area in m²."""
    rooms: list[Id] = Field(min_length=1)
    """Rooms (ids from rooms), in inspection order."""
    floor_plan: RelPath | None = None
    """Floor plan image inside the project folder."""


UniformItem = Literal["security_door", "window_grille", "balcony_door", "awning", "anti_theft_net"]
RuleTopic = Literal["working_hours", "forbidden", "facade", "air_conditioner", "balcony", "waste", "safety", "other"]


class DecorationRule(Model):
    topic: RuleTopic
    """working_hours, forbidden, facade, air_conditioner, balcony, waste, safety or other."""
    text: Text
    """The rule, one sentence."""


class UniformStyle(Model):
    item: UniformItem
    """security_door, window_grille, balcony_door, awning or anti_theft_net."""
    style: Text
    """Style (款式)."""
    size: Text
    """Size (规格)."""
    material: Text
    """Material (用材)."""
    image: RelPath | None = None
    """Picture inside the project folder."""
    note: Text | None = None
    """A short note."""


class Decoration(Model):
    rules: list[DecorationRule] = []
    """Decoration rules owners must follow."""
    uniform_styles: list[UniformStyle] = []
    """Styles the developer fixed for a uniform facade (§4(2)3④)."""


AmenityCategory = Literal[
    "clubhouse", "playground", "sports", "garden", "school", "hospital", "transport",
    "shopping", "bank", "restaurant", "government", "other",
]


class Amenity(Model):
    name: Text
    """Name, e.g. 莲花小学."""
    category: AmenityCategory
    """clubhouse, playground, sports, garden, school, hospital, transport, shopping, bank, restaurant, government or other."""
    description: Text | None = None
    """One sentence for owners."""
    hours: Text | None = None
    """Opening hours."""
    distance: Text | None = None
    """Distance or walking time, for nearby places, e.g. 步行 5 分钟."""
    location: Text | None = None
    """Where it is."""


class Amenities(Model):
    on_site: list[Amenity] = []
    """In-estate amenities (小区配套)."""
    nearby: list[Amenity] = []
    """Nearby amenities (周边配套)."""


class Service(Model):
    name: Text
    """Service name, e.g. 家政服务."""
    description: Text
    """What it is and how to ask for it."""
    hours: Text | None = None
    """When it is available."""
    charge: Text | None = None
    """Price or 免费."""


class Complaints(Model):
    channels: list[Text] = Field(min_length=1)
    """How owners raise a complaint, e.g. 服务中心前台, 24 小时热线."""
    response: Text
    """What happens next and how fast, e.g. 24 小时内回复处理意见."""


class Photo(Model):
    file: RelPath
    """Image file inside the project folder."""
    caption: Text
    """What it shows (also the image's text alternative)."""
    use: list[Literal["cover", "board", "site"]] = ["site"]
    """Where it may be used: cover (guide cover), board (board background), site."""
    accept_low_resolution: bool = False
    """Print it on boards even below 100 ppi at their size (a placeholder, or the best there is)."""


class Branding(Model):
    logo: RelPath | None = None
    """Logo image inside the project folder (SVG or PNG)."""
    primary: str = Field(default="#1E5AA8", pattern=r"^#[0-9A-Fa-f]{6}$")
    """House colour for headers and headings, e.g. #1E5AA8."""
    accent: str = Field(default="#E07B00", pattern=r"^#[0-9A-Fa-f]{6}$")
    """Accent colour for highlights."""


class Site(Model):
    url: str = Field(pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=512)
    """Address of the published owner site (printed as a QR code)."""
    icp_record: Text | None = None
    """ICP record number (备案号) shown in the footer, required for mainland hosting."""

    @field_validator("url")
    @classmethod
    def _ends_in_slash(cls, url: str) -> str:
        """Every page's address is the site's plus its path: https://example.cn is https://example.cn/."""
        return url if url.endswith("/") else url + "/"


class GuideOptions(Model):
    page_size: Literal["A4", "A5"] = "A4"
    """Page size of the printed move-in guide."""


