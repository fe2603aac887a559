"""vCard (RFC 2426, version 3.0) and iCalendar (RFC 5545) files: the content lines both formats share.

Phones and calendar apps read these files, so every line follows the rules
they share: text values escape backslash, comma, semicolon and newline; lines
end in CRLF and fold at 75 octets, never inside a UTF-8 character (a Chinese
name is 3 octets a character). Version 3.0 of vCard is the one every phone
imports (iOS and Android both read it; 4.0 is not read everywhere).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

LINE_OCTETS = 75  # the longest a line may be before it folds, CRLF not counted


def escape_text(value: str) -> str:
    """Return a TEXT value as a content line writes it."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Return a content line folded into lines of at most 75 octets, each continuation starting with a space."""
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1  # a continuation line's leading space counts towards its 75 octets
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def unfolded_text(data: bytes) -> str:
    """Return a vCard's or calendar's lines as their values read: unfolded, the escaped characters as written."""
    text = data.decode("utf-8", errors="replace").replace("\r\n ", "").replace("\r\n\t", "")
    return re.sub(r"\\([\\;,nN])", lambda match: "\n" if match.group(1) in "nN" else match.group(1), text)


def content_line(name: str, value: str, **params: str) -> str:
    """Return one content line: NAME;PARAM=value:value, folded. The value is written as given (escape text first)."""
    head = name + "".join(f";{key.upper().replace('_', '-')}={param}" for key, param in params.items())
    return fold(f"{head}:{value}")


def lines_file(lines: list[str]) -> bytes:
    """Return content lines as a file: CRLF after every line, UTF-8."""
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


@dataclass(frozen=True)
class Card:
    """One contact as an address book keeps it: an organisation's line, not a person."""

    name: str  # as the phone lists it, e.g. 莲花花园 客户服务中心
    organisation: str  # the estate
    department: str  # the contact's own name, e.g. 客户服务中心
    phone: str
    street: str | None = None  # the estate's address
    place: str | None = None  # where on the estate, e.g. 会所一楼东侧 (the address's extended part)
    city: str | None = None
    note: str | None = None  # opening hours, or a note
    url: str | None = None


def vcard(cards: list[Card]) -> bytes:
    """Return a .vcf file holding each card, each shown as a company (not a person) by the phone."""
    lines = []
    for card in cards:
        lines += ["BEGIN:VCARD", "VERSION:3.0",
                  content_line("FN", escape_text(card.name)),
                  content_line("N", escape_text(card.name) + ";;;;"),  # required in 3.0; an organisation's own name
                  content_line("ORG", f"{escape_text(card.organisation)};{escape_text(card.department)}"),
                  content_line("TEL", card.phone, type="WORK,VOICE")]  # a phone number, not text: as typed
        if card.street or card.place:
            parts = ("", card.place, card.street, card.city, "", "", "")  # ADR's seven parts, in RFC 2426's order
            lines.append(content_line("ADR", ";".join(escape_text(part or "") for part in parts), type="WORK"))
        if card.note:
            lines.append(content_line("NOTE", escape_text(card.note)))
        if card.url:
            lines.append(content_line("URL", card.url))
        lines += ["X-ABShowAs:COMPANY", "END:VCARD"]  # Apple's contacts: list it by its organisation
    return lines_file(lines)


@dataclass(frozen=True)
class DaysEvent:
    """An all-day event over consecutive days, e.g. a phase's move-in window."""

    uid: str  # stable across builds: calendar apps update the event they already hold
    summary: str
    first: dt.date
    last: dt.date  # the last day it covers (the file writes the day after, as iCalendar counts)
    location: str | None = None
    description: str | None = None
    url: str | None = None


def calendar(name: str, language: str, events: list[DaysEvent], stamp: dt.date) -> bytes:
    """Return an .ics file publishing the events; stamp (the revision date) makes the same data give the same bytes."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//handbook//move-in calendar//" + language.upper(),
             "CALSCALE:GREGORIAN", content_line("X-WR-CALNAME", escape_text(name))]
    for event in events:
        lines += ["BEGIN:VEVENT",
                  content_line("UID", event.uid),
                  f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
                  f"DTSTART;VALUE=DATE:{event.first:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{event.last + dt.timedelta(days=1):%Y%m%d}",
                  content_line("SUMMARY", escape_text(event.summary), language=language)]
        if event.location:
            lines.append(content_line("LOCATION", escape_text(event.location), language=language))
        if event.description:
            lines.append(content_line("DESCRIPTION", escape_text(event.description), language=language))
        if event.url:
            lines.append(content_line("URL", event.url))
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]  # a window to come in, not a busy day
    lines.append("END:VCALENDAR")
    return lines_file(lines)
