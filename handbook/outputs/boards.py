"""Display boards (展板, §4(2)5): the public project view in, downloads/boards/<board>.<lang>.pdf and previews out.

One PDF per board, as a large-format print shop takes it: PDF/X-4 in CMYK
with one output intent, the board's trim size plus 3 mm bleed (backgrounds
run into it) and a 12 mm white slug beyond, where the crop and registration
marks go (MediaBox ⊃ BleedBox ⊃ TrimBox), fonts embedded, no transparency,
its own bookmarks only. Text and QR codes stay inside the format's safe zone
(clear of a roll-up's clamp and base, a mount's frame). Process charts are
laid out to fill the room beside or under the facts: a first pass measures
the chart's frame in each arrangement, the flowchart module picks the chart
layout with the largest text, a second pass lays the boards out for good.
A board whose text or chart does not fit, or that reaches past its safe
zone, fails the build naming the board and the element: nothing is clipped
or shrunk silently (#7). The boards of an edition are laid out as one
document (one font subsetting pass), split into files afterwards, and
previewed as PNGs from the same pages for the owner site's downloads page.
"""

from __future__ import annotations

import hashlib
import html
import math
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from markupsafe import Markup

from ..derive.boards import (
    BLEED_MM,
    CMYK_PROFILE,
    PRINT_CONDITION,
    QR_PAGES,
    SLUG_MM,
    board_photo,
    board_shape,
    board_size,
    board_title,
    photo_band_mm,
    project_boards,
    safe_zone,
)
from ..derive.colours import INK, WHITE, darken_for, mix, tint
from ..derive.present import Presenter
from ..engines.flowchart import FittedChart, chart_text_sizes, fitted_chart
from ..engines.images import cmyk_colour, cmyk_jpeg
from ..engines.pdf import (
    MarkedBox,
    PrintCondition,
    drawn_boxes,
    marked_boxes,
    preview_pngs,
    split_pages,
    write_document,
)
from ..engines.qr import qr_data_uri
from ..engines.templating import markdown_html
from ..errors import BuildFailed, Entry, Said
from ..model.boards import Board, SafeZone
from ..repo import Repo
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import page_address, refusals
from .downloads import (
    BOARDS,
    PREVIEW_DENSITIES,
    PREVIEW_WIDTHS,
    board_file_name,
    preview_file_name,
)
from .printing import Printable, PrintJob, printable, template_inputs

TEMPLATE = "boards.html"
MIN_CHART_PT = 40  # every text of a chart (role names are the smallest) reads from two metres: the boards' minimum
MAX_TITLE_LINES = 2
PRINT_INTENT = PrintCondition(PRINT_CONDITION, "Artifex CMYK SWOP Profile (CGATS TR 001, SWOP)")
PX_PER_MM = 96 / 25.4  # CSS px, the unit of WeasyPrint's boxes
PT_PER_MM = 72 / 25.4
FIT_TOLERANCE_PX = 1.0
ARRANGEMENTS = ("beside", "above")  # a process board's facts: a column beside the chart, or a row above it


class Boards:
    name = "boards"
    audience = "public"
    editions = "each"
    lists_downloads = False

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [source.data_file, source.folder / "images", *template_inputs(source, repo, "boards")]

    def check(self, ctx: RenderContext) -> list[Entry]:
        return refusals(lambda: laid_out_boards(ctx))

    def render(self, ctx: RenderContext) -> None:
        folder = ctx.downloads / BOARDS
        folder.mkdir(parents=True, exist_ok=True)
        boards, laid_out, identifier = laid_out_boards(ctx)
        document = write_document(laid_out, identifier=identifier, variant="pdf/x-4")
        files = split_pages(document, bleed_pt=BLEED_MM * PT_PER_MM, condition=PRINT_INTENT)
        for board, pdf, pngs in zip(boards, files, preview_pngs(document, PREVIEW_WIDTHS)):
            (folder / board_file_name(board.id, ctx.edition.tag)).write_bytes(pdf)
            for density, png in zip(PREVIEW_DENSITIES, pngs):
                (folder / preview_file_name(board.id, ctx.edition.tag, density)).write_bytes(png)


def laid_out_boards(ctx: RenderContext) -> tuple[list[BoardView], Any, str]:
    """Return the boards, laid out and checked, and the identifier of their document; raise BuildFailed naming
    every board that does not fit."""
    boards = with_charts(ctx, [board_view(ctx, board) for board in project_boards(ctx.project)])
    document = boards_document(ctx, boards)
    return boards, lay_out_boards(boards, document), document.html


# Type and bands, in one place: the CSS uses these, and the header is sized from them. Boards are read from
# two metres: titles well over 100 pt, body text at least 40 pt (#7).
TYPE_PT = {"title": 128, "kicker": 56, "body": 52, "footer": 36}
LINE_HEIGHT = {"title": 1.15, "kicker": 1.3, "footer": 1.3}
SIDE_MM = 45  # left and right padding of the bands
HEAD_TOP_MM = 32  # the header's room above the project name
FOOT_BOTTOM_MM = 18  # the footer's room under its last line
CARD_MARGIN_MM = (20, 30)  # body card's margin: above and below, left and right
CARD_PADDING_MM = (26, 35)


@dataclass(frozen=True)
class BoardView:
    """A board as the template draws it: sizes resolved, title, photo and safe zone chosen, bands measured."""

    id: str
    kind: str
    title: str
    width_mm: int
    height_mm: int
    photo: str | None  # URL of the photo in the band under the header (a CMYK copy)
    photo_band_mm: float  # that band's height (0 without a photo)
    crop_marks: bool
    safe: SafeZone
    qr: QrCode | None = None  # the code to the page about what the board shows (derive.boards.QR_PAGES)
    arrangement: str = "beside"  # a process board's facts beside its chart or above it
    chart: Markup | None = None  # a process board's chart, fitted to its frame (with_charts)

    @property
    def page_name(self) -> str:
        return f"board-{self.id}"

    @property
    def shape(self) -> str:
        return board_shape(self.width_mm, self.height_mm)

    @property
    def process(self) -> str | None:
        """Return the process a process board charts (move_in, decoration), None for other kinds."""
        return self.kind.removesuffix("_process") if self.kind.endswith("_process") else None

    @property
    def side_mm(self) -> float:
        """Return the bands' side padding: the standard one, or more when the safe zone asks for it."""
        return max(SIDE_MM, self.safe.sides + 10)

    @property
    def card_side_mm(self) -> float:
        """Return the body card's side margin: its text starts CARD_PADDING_MM further in, clear of the safe zone."""
        return max(CARD_MARGIN_MM[1], self.safe.sides + 10 - CARD_PADDING_MM[1])

    @property
    def head_top_mm(self) -> float:
        """Return the room above the project name: clear of the safe zone (a roll-up's clamp) with 12 mm to spare."""
        return max(HEAD_TOP_MM, self.safe.top + 12)

    @property
    def head_mm(self) -> int:
        """Return the header band's height: room for the kicker and the title's lines (at most two)."""
        lines = min(MAX_TITLE_LINES, title_lines(self.title, self.width_mm - 2 * self.side_mm, TYPE_PT["title"]))
        return round(self.head_top_mm + pt_mm(TYPE_PT["kicker"] * LINE_HEIGHT["kicker"]) + 6
                     + lines * pt_mm(TYPE_PT["title"] * LINE_HEIGHT["title"]) + 20 + 22)

    @property
    def foot_bottom_mm(self) -> float:
        """Return the room under the footer's last line: clear of the safe zone (a roll-up's base) with 8 mm to spare."""
        return max(FOOT_BOTTOM_MM, self.safe.bottom + 8)

    @property
    def foot_mm(self) -> int:
        """Return the footer band's height: one line, two on a roll-up (narrow), above its bottom room."""
        lines = 2 if self.shape == "tall" else 1
        return round(16 + lines * pt_mm(TYPE_PT["footer"] * LINE_HEIGHT["footer"]) + self.foot_bottom_mm)


def pt_mm(points: float) -> float:
    return points * 25.4 / 72


def title_lines(text: str, width_mm: float, size_pt: float) -> int:
    """Return the lines a heading is likely to take (wide characters one em, others 0.6): sizes the header only.

    The fit check measures the real layout; this estimate just keeps one-line titles from a two-line band.
    """
    ems = sum(1.04 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text)
    return max(1, math.ceil(ems * pt_mm(size_pt) / width_mm))


def board_view(ctx: RenderContext, board: Board) -> BoardView:
    """Return what the template needs of one board (a process board's chart comes later: with_charts)."""
    width, height = board_size(board)
    photo = board_photo(board, None, ctx.project)
    band = photo_band_mm(board)[1] if photo else 0
    return BoardView(board.id, board.kind, board_title(board, ctx.project, ctx.edition.messages), width, height,
                     board_photo_url(ctx, photo.file) if photo else None, band, board.crop_marks, safe_zone(board),
                     board_code(ctx, board.kind))


def with_charts(ctx: RenderContext, boards: list[BoardView]) -> list[BoardView]:
    """Return the boards with each process board's chart chosen: the arrangement and chart layout with the largest text.

    A first layout of the process boards, in every arrangement and without their charts, measures the chart's frame
    (the chart is placed absolutely in it, so it does not move anything); the flowchart module then tries its
    layouts in each frame.
    """
    process_boards = [board for board in boards if board.process]
    if not process_boards:
        return boards
    trials = [replace(board, id=f"{board.id}--{arrangement}", arrangement=arrangement)
              for board in process_boards for arrangement in ARRANGEMENTS]
    frames = {box.value: box for page in marked_boxes(boards_document(ctx, trials).laid_out(), "data-chart")
              for box in page}
    chosen = {}
    for board in process_boards:
        best: tuple[FittedChart, str] | None = None
        for arrangement in ARRANGEMENTS:
            frame = frames.get(f"{board.id}--{arrangement}")
            if not frame:
                continue
            fitted = board_chart(ctx, board.process, (frame.width * 0.75, frame.height * 0.75))  # px to pt
            if best is None or fitted.smallest_pt > best[0].smallest_pt:
                best = (fitted, arrangement)
        if best:
            chosen[board.id] = replace(board, arrangement=best[1], chart=chart_markup(ctx, board.process, best[0]))
    return [chosen.get(board.id, board) for board in boards]


@dataclass(frozen=True)
class QrCode:
    """A board's QR code: the address it opens, its image, and the line inviting a reader to scan it."""

    address: str
    image: str  # a data URI
    invitation: str


def board_code(ctx: RenderContext, kind: str) -> QrCode | None:
    """Return the QR code of a kind of board: to its page on the edition's site (the home page: the handbook)."""
    page = QR_PAGES.get(kind)
    if page is None:
        return None
    address = page_address(ctx.project.site.url, page)
    t, stem = ctx.edition.messages, page.removesuffix(".md")
    if stem == "index":
        invitation = t("board.scan")
    else:  # the page by its title: label.page_fees for fees.md
        invitation = t("board.scan_page", page=t(f"label.page_{stem.replace('-', '_')}"))
    return QrCode(address, board_qr(address), invitation)


def print_boards(ctx: RenderContext, boards: list[BoardView]) -> bytes:
    """Return the boards' PDF, a page each (the benchmarks time this alone)."""
    document = boards_document(ctx, boards)
    return write_document(lay_out_boards(boards, document), identifier=document.html, variant="pdf/x-4")


def lay_out_boards(boards: list[BoardView], document: Printable):
    """Return the boards laid out as one document, a page each; raise BuildFailed for what does not fit."""
    laid_out = document.laid_out()
    problems = fit_problems(laid_out, boards, marked_in_source(document.html))
    if problems:
        raise BuildFailed([Said("refusal.board_fit")] + problems)
    return laid_out


def boards_document(ctx: RenderContext, boards: list[BoardView]) -> Printable:
    """Return a set of boards, ready to lay out: one page each, in the board's own size, the public view printed."""
    if not CMYK_PROFILE.is_file():
        raise BuildFailed(Said("refusal.cmyk_profile", boards=[b.id for b in boards], path=str(CMYK_PROFILE)))
    colours = board_colours(ctx.project)
    context = {
        **board_context(ctx),
        "colours": colours,
        "boards": boards,
        "bleed_mm": BLEED_MM,
        "slug_mm": SLUG_MM,
        "type_pt": TYPE_PT,
        "line_height": LINE_HEIGHT,
        "card_margin_mm": CARD_MARGIN_MM,
        "card_padding_mm": CARD_PADDING_MM,
        "cmyk_profile": CMYK_PROFILE.as_uri(),
    }
    palette = {name: paint(colour) for name, colour in colours.items()}
    return printable(ctx, PrintJob("boards", TEMPLATE, "boards.css", context, palette=palette, charts="board",
                                   reads=(cmyk_cache(ctx), CMYK_PROFILE.parent)))


def board_colours(project) -> dict[str, str]:
    """Return the boards' colours (#RRGGBB) by name: the house colours darkened for text, the tint, greys, inks."""
    primary = project.branding.primary
    band = mix(primary, "#000000", 0.25)  # header and footer bands: white text on them at >= 7:1 contrast
    return {
        "band": band, "primary": darken_for(primary), "accent": darken_for(project.branding.accent),
        "tint": tint(primary), "panel": WHITE, "ink": INK, "muted": "#4D4D4D", "rule": mix("#4D4D4D", WHITE, 0.6),
        "pen": "#1F3C88", "stamp": "#C62828", "white": WHITE,
    }


def board_context(ctx: RenderContext) -> dict[str, Any]:
    """Return the boards' own template variables: the paint, the facts each kind shows."""
    project = ctx.project
    return {
        "paint": paint,
        "about": markdown_html(project.company_intro),
        "key_contacts": key_contacts(project.contacts),
        "form_rows": form_rows(ctx),
    }


def board_qr(url: str) -> str:
    """Return a QR code to an address as a data URI, its modules in black ink only."""
    uri = qr_data_uri(url)
    # segno strokes in #000 and leaves the fill at SVG's default black (sRGB): print on the black plate only.
    prefix, _, payload = uri.partition(",")
    svg = unquote(payload).replace("stroke='#000'", f"stroke='{paint('#000000')}' fill='none'")
    return f"{prefix},{quote(svg, safe='')}"


def key_contacts(contacts: list) -> list:
    """Return the numbers a board shows: service centre, security, repairs (the first of each kind)."""
    chosen = []
    for kind in ("service_centre", "security", "repair"):
        contact = next((c for c in contacts if c.kind == kind), None)
        if contact:
            chosen.append(contact)
    return chosen or contacts[:3]


# The sample card's numbers in each region's format, all invented: an ID (a mainland one masked as cards show it), a
# mobile, a second mobile (the emergency contact's) and a company's registration number.
SAMPLE_NUMBERS = {
    "CN": {"id": "4403**********1234", "phone": "138 0013 8000", "phone_2": "139 0013 9000",
           "registration": "91440300MA5F******"},
    "HK": {"id": "A123456(7)", "phone": "9123 4567", "phone_2": "9876 5432", "registration": "12345678"},
    "MO": {"id": "1234567(8)", "phone": "6612 3456", "phone_2": "6654 3210", "registration": "12345 (SO)"},
    "TW": {"id": "A123456789", "phone": "0912-345-678", "phone_2": "0987-654-321", "registration": "12345678"},
}


def form_rows(ctx: RenderContext) -> list[tuple[str, str]]:
    """Return the sample owner card's rows (label, example value): an invented owner of the project's region and
    household type (a person with an ID, or a company with its registration number), the project's real unit facts."""
    t, project = ctx.edition.messages, ctx.project
    p = Presenter(ctx.edition.language, t, project.fees.currency)
    unit = project.unit_types[0] if project.unit_types else None
    phase = project.phases[0]
    household = "family" if project.documents.family else next((n for n, docs in project.documents if docs), "family")
    region, numbers = project.region, SAMPLE_NUMBERS[project.region]
    sample = lambda key: t(f"board.example.{region}.{key}")  # noqa: E731
    field = lambda key: t(f"board.form.{key}")  # noqa: E731
    company = household == "company"
    signer = sample("staff_1" if company else "owner_name")
    if company:
        owner = [(field("company_name"), sample("company")),
                 (t(f"label.form.registration.{region}"), numbers["registration"]),
                 (field("contact_person"), signer)]
    else:
        owner = [(field("owner_name"), signer),
                 (field(f"id_number.{region}"), numbers["id"])]
    if project.kind == "residential" and not company:
        people = (field("members"), t("board.example.members", spouse=sample("spouse"), child=sample("child")))
    else:
        people = (field("occupants"), t("board.example.occupants", first=sample("staff_1"), second=sample("staff_2")))
    area = unit.area_m2 if unit and unit.area_m2 else Decimal("88.5")
    return [
        (field("room"), sample("room")),
        *owner,
        (field("phone"), numbers["phone"]),
        (field("household_type"), t(f"label.household.{household}")),
        (field("unit_type"), unit.name if unit else t("board.example.unit_type")),
        (field("area"), t("board.example.area", area=p.number(area))),
        (field("move_in_date"), p.date(phase.move_in.start)),
        people,
        (field("emergency_contact"), t("board.example.emergency_contact",
                                       name=sample("staff_2" if company else "spouse"), phone=numbers["phone_2"])),
        (field("parking"), t("board.example.parking")),
        (field("signature"), t("board.example.company_signature" if company else "board.example.signature",
                               name=signer, date=p.date(phase.move_in.start))),
    ]


_SVG_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_SVG_COLOUR = re.compile(r'(fill|stroke)="(#[0-9A-Fa-f]{6}|white|black)"')


def board_chart(ctx: RenderContext, name: str, frame_pt: tuple[float, float]) -> FittedChart:
    """Return a process's chart (the flowchart module's board variant) in the layout with the largest text in a frame."""
    process = getattr(ctx.project.processes, name)
    return fitted_chart(process, ctx.project, ctx.edition.language, ctx.edition.messages, "board", frame_pt,
                        ctx.repo.root / ".cache" / "flowcharts")


def chart_markup(ctx: RenderContext, name: str, fitted: FittedChart) -> Markup:
    """Return a fitted chart as the board prints it: sized by its frame, in CMYK, with what the fit check needs.

    data-smallest is its smallest text at its natural size: the check scales it by how the frame scales the chart.
    """
    process = getattr(ctx.project.processes, name)
    width, height, smallest = chart_text_sizes(fitted.svg)
    label = html.escape(f"fit.chart:{process.name}", quote=True)
    svg = _SVG_SIZE.sub(f'<svg class="chart" width="100%" height="100%" data-fit="{label}" data-in="body" '
                        f'data-natural-width="{width:g}" data-natural-height="{height:g}" data-smallest="{smallest:g}"',
                        fitted.svg, count=1)
    named = {"white": WHITE, "black": "#000000"}
    return Markup(_SVG_COLOUR.sub(lambda m: f'{m[1]}="{paint(named.get(m[2], m[2]))}"', svg))


def paint(colour: str) -> str:
    """Return a #RRGGBB house colour as the boards print it: device-cmyk() through the output profile.

    Boards use no transparency: what a RIP flattens differently from a screen, and what the preview must show alike.
    """
    c, m, y, k = device_cmyk(colour.upper())
    return f"device-cmyk({c:.3f} {m:.3f} {y:.3f} {k:.3f})"


@lru_cache(maxsize=256)
def device_cmyk(colour: str) -> tuple[float, float, float, float]:
    """Return a colour's CMYK through the output profile; greys (and black text) on the black plate only."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    if r == g == b:  # rich black under small text misregisters: neutral greys print on K alone
        return 0.0, 0.0, 0.0, round(1 - r / 255, 3)
    return tuple(round(v / 255, 3) for v in cmyk_colour((r, g, b), CMYK_PROFILE))


def board_photo_url(ctx: RenderContext, photo: str) -> str:
    """Return the URL a board prints a photo from: a CMYK copy, or a drawing (SVG) as it is (WeasyPrint draws it)."""
    return ctx.source.find(photo).resolve().as_uri() if photo.lower().endswith(".svg") else cmyk_photo(ctx, photo)


def cmyk_photo(ctx: RenderContext, photo: str) -> str:
    """Return the URL of a CMYK copy of a photo (through the output profile), cached by the photo's content.

    The cache lives at a fixed place so the PDF (which names images by URL) is the same from build to build.
    """
    if not CMYK_PROFILE.is_file():
        raise BuildFailed(Said("refusal.cmyk_profile", boards=[], path=str(CMYK_PROFILE)))
    source = ctx.source.find(photo).read_bytes()
    key = hashlib.sha256(source + CMYK_PROFILE.read_bytes()).hexdigest()[:32]
    target = cmyk_cache(ctx) / f"{key}.jpg"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")  # parallel workers may convert the same photo
        tmp.write_bytes(cmyk_jpeg(source, CMYK_PROFILE))
        tmp.replace(target)
    return target.resolve().as_uri()


def cmyk_cache(ctx: RenderContext) -> Path:
    return ctx.repo.root / ".cache" / "boards"


_SECTION = re.compile(r'<section class="board[^"]*" data-board="([^"]+)"')
_FIT = re.compile(r' data-fit="([^"]*)"')


def marked_in_source(document_html: str) -> dict[str, list[str]]:
    """Return, board by board, the data-fit labels of the HTML: what layout must place."""
    parts = _SECTION.split(document_html)[1:]
    return {board_id: [html.unescape(label) for label in _FIT.findall(body)]
            for board_id, body in zip(parts[::2], parts[1::2])}


def fit_problems(document, boards: list[BoardView], expected: dict[str, list[str]]) -> list[str]:
    """Return what does not fit, board by board: left out, onto a second page, past its frame, or too small.

    WeasyPrint drops what an absolutely placed band has no room for, so every marked element of the HTML
    must be found in the layout.
    """
    sections = marked_boxes(document, "data-board")
    frames = marked_boxes(document, "data-frame")
    elements = marked_boxes(document, "data-fit", reach=True)
    drawn = drawn_boxes(document, "data-fit")
    by_id = {board.id: board for board in boards}
    problems: list[Said] = []
    placed: dict[str, list[str]] = {}
    for page_sections, page_frames, page_elements, page_drawn in zip(sections, frames, elements, drawn):
        board_id = page_sections[0].value if page_sections else "?"
        if board_id in placed:  # the board flowed onto another page: name what landed there
            first = fit_label(page_elements[0].value) if page_elements else Said("fit.content")
            problems.append(Said("refusal.board_second_page", board=board_id, element=first))
            continue
        placed[board_id] = [element.value for element in page_elements]
        problems += frame_problems(board_id, page_frames, page_elements)
        problems += chart_problems(board_id, page_elements)
        if board_id in by_id:
            problems += safe_zone_problems(by_id[board_id], page_drawn)
    for board in boards:
        missing = [label for label in expected.get(board.id, []) if label not in placed.get(board.id, [])]
        if missing:
            problems.append(Said("refusal.board_no_room", board=board.id, element=fit_label(missing[0]),
                                 more=Said("refusal.and_more", count=len(missing) - 1) if len(missing) > 1 else ""))
    return problems


def fit_label(value: str) -> Said:
    """Return what an element's data-fit attribute names ("fit.<kind>:<name>"), as a message."""
    key, _, name = value.partition(":")
    return Said(key, name=name)


def frame_problems(board_id: str, frames: list[MarkedBox], elements: list[MarkedBox]) -> list[Said]:
    """Return the elements reaching past their frame (header, body, footer) or with too many lines."""
    by_name = {frame.value: frame for frame in frames}
    problems = []
    for element in elements:
        frame = by_name.get(element.element.get("data-in", ""))
        if frame is not None:
            over_x = max(frame.x - element.x, element.x + element.width - frame.x - frame.width)
            over_y = element.y + element.height - frame.y - frame.height
            if over_x > FIT_TOLERANCE_PX:
                problems.append(Said("refusal.board_too_wide", board=board_id, element=fit_label(element.value),
                                     mm=f"{over_x / PX_PER_MM:.0f}"))
            if over_y > FIT_TOLERANCE_PX:
                problems.append(Said("refusal.board_past_frame", board=board_id, element=fit_label(element.value),
                                     mm=f"{over_y / PX_PER_MM:.0f}", frame=Said(f"fit.frame.{frame.value}")))
        limit = element.element.get("data-max-lines")
        if limit and element.lines > int(limit):
            problems.append(Said("refusal.board_too_many_lines", board=board_id, element=fit_label(element.value),
                                 lines=element.lines, limit=limit))
    return problems


def chart_problems(board_id: str, elements: list[MarkedBox]) -> list[Said]:
    """Return the charts whose smallest text (role names) would print below the minimum once scaled into their frame."""
    problems = []
    for element in elements:
        natural_width = element.element.get("data-natural-width")
        if not natural_width:
            continue
        natural_height = float(element.element.get("data-natural-height"))
        # Box sizes are CSS px, natural sizes pt: 1 px = 0.75 pt.
        scale = min(element.width * 0.75 / float(natural_width), element.height * 0.75 / natural_height)
        size = float(element.element.get("data-smallest")) * scale
        if size < MIN_CHART_PT:
            problems.append(Said("refusal.board_chart_small", board=board_id, element=fit_label(element.value),
                                 size=f"{size:.1f}", least=MIN_CHART_PT))
    return problems


def safe_zone_problems(board: BoardView, drawn: list) -> list[Said]:
    """Return the text and images reaching into the board's safe zone (a stand's clamp or base, a mount's frame).

    Backgrounds and bands run to the bleed; what a reader must see stays inside. One problem per element, with
    the edge it crosses and by how much.
    """
    width, height, safe = board.width_mm * PX_PER_MM, board.height_mm * PX_PER_MM, board.safe
    limits = {"top": safe.top * PX_PER_MM, "bottom": height - safe.bottom * PX_PER_MM,
              "left": safe.sides * PX_PER_MM, "right": width - safe.sides * PX_PER_MM}
    worst: dict[tuple[str, str], float] = {}
    for box in drawn:
        overs = {"top": limits["top"] - box.y, "bottom": box.y + box.height - limits["bottom"],
                 "left": limits["left"] - box.x, "right": box.x + box.width - limits["right"]}
        for edge, over in overs.items():
            if over > FIT_TOLERANCE_PX:
                key = (box.label or box.text, edge)
                worst[key] = max(worst.get(key, 0), over)
    zone = {"top": safe.top, "bottom": safe.bottom, "left": safe.sides, "right": safe.sides}
    return [Said("refusal.board_unsafe", board=board.id,
                 element=fit_label(label) if label.startswith("fit.") else label,
                 edge=Said(f"fit.edge.{edge}"), mm=f"{over / PX_PER_MM:.0f}", zone=zone[edge])
            for (label, edge), over in worst.items()]
