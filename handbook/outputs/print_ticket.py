"""The print shop's job ticket for the display boards: the full project and this build's boards in, print/boards-job-ticket.pdf and .csv out.

Internal: written once, in the staff's language, under dist/internal/<slug>/print/
as boards-job-ticket.pdf (A4 landscape) and boards-job-ticket.csv (the same
rows; UTF-8 with a BOM, so Excel opens it). It is what a large-format print
shop needs to print the boards without calling back: one row per board of
every edition, with the file as delivered (from the owner site's root), the
title printed on it, its finished (trim) size, bleed and media size in mm,
its safe zone, how many, the material and stand, the photo it prints at its
effective resolution, and a thumbnail; above the rows, the project, the
property company, the data's revision, whom to call, the colour set-up
shared by every file (PDF/X-4, CMYK, the output intent) and the pieces in all.

The thumbnails are the boards output's 1x previews, read from this build's
public staging folder: the ticket lists the downloads, so it is rendered after
the boards and remade with them. `check` writes no boards, so it cannot see a
missing preview as a build would: rather than refuse, the ticket then says
"preview not built" in the row, and names the command that builds both.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from math import floor
from pathlib import Path

from ..derive.boards import (
    BLEED_MM,
    CMYK_PROFILE,
    MIN_PPI,
    PRINT_CONDITION,
    SLUG_MM,
    BoardPhoto,
    board_photo,
    board_size,
    board_title,
    photo_ppi,
    project_boards,
    safe_zone,
)
from ..engines.images import profile_description
from ..errors import BuildFailed, Entry, Said
from ..i18n.messages import Catalogue
from ..model.boards import Board, SafeZone
from ..repo import Repo
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import csv_bytes, refusals, remove_files, service_centre
from .downloads import BOARDS, board_file_name, preview_file_name
from .printing import Printable, PrintJob, printable, template_inputs
from .unit_editions import all_editions, in_edition

NAME = "print_ticket"  # the output's name: templates/print_ticket/, output.print_ticket in messages
FOLDER = "print"  # dist/internal/<slug>/print/
STEM = "boards-job-ticket"
OWN_FILES = (f"{STEM}.pdf", f"{STEM}.csv")
TEMPLATE = "print_ticket.html"
MOVE_IN_LEAD = "move_in_lead"  # the role whose holder answers the print shop's questions


class PrintTicket:
    name = NAME
    audience = "internal"
    editions = "once"  # one ticket, in the staff's language, for the boards of every edition
    lists_downloads = True  # it shows the boards' previews: rendered after the boards, remade with them

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        # The project folder: the photos whose resolution the ticket states.
        return [source.data_file, source.folder, *template_inputs(source, repo, NAME)]

    def check(self, ctx: RenderContext) -> list[Entry]:
        return refusals(lambda: ticket(ctx))

    def render(self, ctx: RenderContext) -> None:
        out = ctx.out / FOLDER
        remove_files(out, OWN_FILES)  # a project that prints no boards (boards: []) has no ticket
        made = ticket(ctx)
        if made is None:
            return
        document, table = made
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{STEM}.csv").write_bytes(table)
        (out / f"{STEM}.pdf").write_bytes(document.pdf())


def ticket(ctx: RenderContext) -> tuple[Printable, bytes] | None:
    """Return the ticket, in the staff's language: its checked HTML and its CSV; None when no board is printed."""
    staff = staff_context(ctx)
    rows = ticket_rows(ctx, staff)
    if not rows:
        return None
    colour = colour_setup(staff.edition.messages)
    return ticket_document(staff, rows, colour), ticket_csv(rows, staff.edition.messages, colour)


def staff_context(ctx: RenderContext) -> RenderContext:
    """Return the context in the staff's language: a "once" output is handed the primary edition, and all of them."""
    editions = all_editions(ctx)
    staff = ctx.project.staff
    tag = staff.language if staff and staff.language in editions else next(iter(editions))
    return in_edition(ctx, editions, tag)


def public_staging(ctx: RenderContext) -> Path:
    """Return this build's public folder of the project: beside ctx.out, the internal one (run.write.Staging, check)."""
    return ctx.out.parent / "public"


# Rows ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TicketRow:
    """One file the print shop prints: a board in one edition, with what to print it on and how."""

    tag: str  # the edition's language tag
    board: Board  # as the staff's edition writes it (its material)
    file: str  # as delivered, from the owner site's root: zh-HK/downloads/boards/<board>.zh-HK.pdf
    title: str  # the heading printed on it, in its edition's words
    photo: BoardPhoto | None
    ppi: int | None  # the photo's resolution at the board's size, rounded down (never flattering); None without
    preview: Path | None  # its 1x preview in this build; None when the boards were not built

    @property
    def trim(self) -> tuple[int, int]:
        """Return the finished size in mm (width, height)."""
        return board_size(self.board)

    @property
    def media(self) -> tuple[int, int]:
        """Return the file's page size in mm: the trim, with bleed and slug on every side."""
        width, height = self.trim
        return width + 2 * (BLEED_MM + SLUG_MM), height + 2 * (BLEED_MM + SLUG_MM)

    @property
    def zone(self) -> SafeZone:
        return safe_zone(self.board)

    @property
    def quantity(self) -> int:
        return self.board.quantity

    @property
    def low(self) -> bool:
        """Return whether the photo prints below MIN_PPI, as the data accepts (gather refuses it otherwise)."""
        return self.ppi is not None and self.ppi < MIN_PPI


def ticket_rows(ctx: RenderContext, staff: RenderContext) -> list[TicketRow]:
    """Return one row per board of every edition, the editions in the project's order (staff: staff_context)."""
    editions = all_editions(ctx)
    staff_boards = {board.id: board for board in project_boards(staff.project)}
    rows = []
    for tag in editions:
        edition_ctx = in_edition(ctx, editions, tag)
        project = edition_ctx.project
        downloads = replace(edition_ctx, out=public_staging(ctx)).downloads
        for index, board in enumerate(project_boards(project)):
            photo = board_photo(board, index if project.boards is not None else None, project)
            preview = downloads / BOARDS / preview_file_name(board.id, tag)
            ppi = photo_ppi(ctx.source.find, board, photo)
            rows.append(TicketRow(
                tag, staff_boards[board.id], delivered_path(edition_ctx, board_file_name(board.id, tag)),
                board_title(board, project, edition_ctx.edition.messages), photo,
                None if ppi is None else floor(ppi),
                preview if preview.is_file() else None))
    return rows


def delivered_path(ctx: RenderContext, name: str) -> str:
    """Return where a board's file is in the owner site, from its root: the edition's downloads/boards/."""
    return f"{ctx.edition.site_prefix}downloads/{BOARDS}/{name}"


def material(board: Board, t: Catalogue) -> str:
    """Return what a board is printed on and stands in: its own words, else its format's usual ones."""
    return board.material or t(f"label.ticket.material.{board.format}")


def ppi_text(row: TicketRow, t: Catalogue) -> str:
    """Return a row's photo resolution, and that it is accepted below the minimum; empty without a photo."""
    if row.ppi is None:
        return ""
    low = [t("label.ticket.accepted_low", least=MIN_PPI)] if row.low else []
    return t("punct.comma").join([t("label.ticket.ppi", ppi=row.ppi), *low])


def notes(row: TicketRow, t: Catalogue) -> str:
    return "" if row.board.crop_marks else t("label.ticket.no_crop_marks")


# The ticket's head -----------------------------------------------------------------------------------------

def colour_setup(t: Catalogue) -> str:
    """Return the colour set-up every board file shares: PDF/X-4 in CMYK, the output intent, fonts embedded."""
    if not CMYK_PROFILE.is_file():  # the boards refuse the same (Debian's libgs-common ships it)
        raise BuildFailed(Said("refusal.cmyk_profile", boards=[], path=str(CMYK_PROFILE)))
    return t("label.ticket.colour_value", profile=profile_description(CMYK_PROFILE), condition=PRINT_CONDITION)


def contacts(project, t: Catalogue) -> list[str]:
    """Return whom the print shop calls: the move-in lead (the staff contact holding its post), the service centre."""
    found = []
    lead = next((role.name for role in project.roles if role.id == MOVE_IN_LEAD), None)
    staff = project.staff.contacts if project.staff else []
    person = next((contact for contact in staff if lead and contact.post == lead), None)
    if person:
        found.append(t("label.ticket.contact_person", name=person.name, post=person.post, phone=person.phone))
    desk = service_centre(project)
    if desk:
        found.append(t("label.ticket.contact_desk", name=desk.name, phone=desk.phone))
    return found


# Files ---------------------------------------------------------------------------------------------------

COLUMNS = ("number", "edition", "file", "title", "trim", "bleed", "media", "safe_zone", "quantity", "material",
           "colour", "photo", "ppi", "preview", "note")
IN_MM = {"trim", "bleed", "media", "safe_zone"}  # headed with their unit


def ticket_csv(rows: list[TicketRow], t: Catalogue, colour: str) -> bytes:
    """Return the ticket's rows as a spreadsheet reads them, headed in the staff's language."""
    return csv_bytes([column_name(column, t) for column in COLUMNS], ([
        number, row.tag, row.file, row.title, size(row.trim, t), BLEED_MM, size(row.media, t),
        t("label.ticket.safe_zone", top=row.zone.top, bottom=row.zone.bottom, sides=row.zone.sides),
        row.quantity, material(row.board, t), colour, row.photo.file if row.photo else t("label.ticket.no_photo"),
        ppi_text(row, t),
        preview_path(row) if row.preview else t("label.ticket.preview_missing"), notes(row, t),
    ] for number, row in enumerate(rows, start=1)))


def column_name(column: str, t: Catalogue) -> str:
    """Return a column's heading in the CSV, with its unit: 成品尺寸（毫米）."""
    name = t(f"label.ticket.col.{column}")
    return t("label.ticket.in_mm", column=name) if column in IN_MM else name


def size(mm: tuple[int, int], t: Catalogue) -> str:
    return t("label.ticket.size", width=mm[0], height=mm[1])


def preview_path(row: TicketRow) -> str:
    """Return the preview's place in the owner site, beside its board's file."""
    return row.file.rsplit("/", 1)[0] + "/" + row.preview.name


def thumbnail(path: Path) -> str:
    """Return a preview PNG as a data URI: the ticket's bytes then name no staging folder of the build."""
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def ticket_document(ctx: RenderContext, rows: list[TicketRow], colour: str) -> Printable:
    """Return the A4 landscape ticket in the staff's language: the job's facts, then a table of files by edition."""
    t = ctx.edition.messages
    editions = all_editions(ctx)
    groups = [(editions[tag][0], [row for row in rows if row.tag == tag]) for tag in editions]
    primary = next(iter(editions.values()))[1]
    context = {
        "groups": [(edition, group) for edition, group in groups if group],
        "pieces": sum(row.quantity for row in rows),
        "files": len(rows),
        "contacts": contacts(ctx.project, t),
        "site_url": primary.site.url,
        "colour": colour,
        "bleed_mm": BLEED_MM,
        "slug_mm": SLUG_MM,
        "least_ppi": MIN_PPI,
        "slug": ctx.source.slug,
        "missing": any(row.preview is None for row in rows),
        "size": lambda mm: size(mm, t),
        "material": lambda board: material(board, t),
        "notes": lambda row: notes(row, t),
        "thumbnail": thumbnail,
    }
    return printable(ctx, PrintJob(NAME, TEMPLATE, "print_ticket.css", context))
