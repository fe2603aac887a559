"""How owners reach the service centre and keep the dates, read from the built samples (every edition).

Every page's footer carries the service centre's and the emergency numbers as
tel: links; the home page offers the move-in window as a calendar (read back
by the icalendar library, as calendar apps read it) and the service centre
as a vCard; each notice says how to change the appointment.
"""

from __future__ import annotations

import csv
import re
from html import unescape
from pathlib import Path

import pytest
from icalendar import Calendar

from handbook.engines.templating import tel_href
from handbook.i18n.messages import catalogue
from handbook.model.estate import shared_move_in_window
from handbook.outputs.reach import CALENDAR, FOOTER_KINDS, VCARD
from handbook.outputs.unit_editions import file_name
from tests.conftest import PROJECTS, SAMPLES, public_views, sample_project
from tests.outputs.test_regional_words import pdf_text

VIEWS = public_views(SAMPLES)
EDITIONS = sorted(VIEWS)


def site_root(dist: Path, slug: str, edition) -> Path:
    return dist / "public" / slug / edition.site_prefix


@pytest.mark.parametrize(("slug", "tag"), EDITIONS, ids=[f"{s}/{t}" for s, t in EDITIONS])
def test_every_page_ends_with_the_numbers_an_owner_may_need_at_once(samples_dist, slug, tag):
    edition, project = VIEWS[slug, tag]
    wanted = [contact for contact in project.contacts if contact.kind in FOOTER_KINDS]
    assert any(contact.kind == "service_centre" for contact in wanted)
    assert any(contact.kind == "emergency" for contact in wanted)
    root = site_root(samples_dist, slug, edition)
    pages = [page for page in root.rglob("*.html")
             if not any(part in {"zh-HK", "zh-CN", "en", "zh-TW", "zh-MO"} for part in page.relative_to(root).parts[:-1])]
    assert len(pages) > 8
    for page in pages:
        footer = re.search(r'<div class="md-copyright__highlight">(.*?)</div>', page.read_text(encoding="utf-8"),
                           re.DOTALL).group(1)
        for contact in wanted:
            link = f'{unescape(contact.name)} <a href="{tel_href(contact.phone)}">{contact.phone}</a>'
            assert link in unescape(footer), (page, contact.name)


@pytest.mark.parametrize(("slug", "tag"), EDITIONS, ids=[f"{s}/{t}" for s, t in EDITIONS])
def test_the_move_in_window_is_a_calendar_owners_can_add(samples_dist, slug, tag):
    edition, project = VIEWS[slug, tag]
    root = site_root(samples_dist, slug, edition)
    home = (root / "index.html").read_text(encoding="utf-8")
    assert f'href="{CALENDAR}"' in home and catalogue(tag)("label.add_to_calendar") in unescape(home)
    read = Calendar.from_ical((root / CALENDAR).read_bytes())
    events = read.walk("VEVENT")
    shared = shared_move_in_window(project.phases)
    windows = [shared or project.phases[0].move_in] if shared or len(project.phases) == 1 else [
        phase.move_in for phase in project.phases]
    assert len(events) == len(windows)
    for event, window in zip(events, windows):
        assert event.decoded("DTSTART") == window.start
        assert (event.decoded("DTEND") - window.end).days == 1  # the day after the last, as iCalendar counts
        assert project.name in str(event["SUMMARY"])
        assert project.venue.name in str(event["LOCATION"])
        assert str(event["URL"]).startswith(project.site.url)
    primary = VIEWS[slug, project.languages[0]][0]
    other = Calendar.from_ical((site_root(samples_dist, slug, primary) / CALENDAR).read_bytes())
    assert [str(e["UID"]) for e in events] == [str(e["UID"]) for e in other.walk("VEVENT")]  # one event per window


@pytest.mark.parametrize(("slug", "tag"), EDITIONS, ids=[f"{s}/{t}" for s, t in EDITIONS])
def test_the_service_centre_is_a_vcard_a_phone_saves(samples_dist, slug, tag):
    edition, project = VIEWS[slug, tag]
    root = site_root(samples_dist, slug, edition)
    for page in ("index.html", "contacts/index.html"):
        assert VCARD in (root / page).read_text(encoding="utf-8"), page
    text = (root / VCARD).read_bytes().decode("utf-8")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    lines = text.replace("\r\n ", "").split("\r\n")
    centres = [contact for contact in project.contacts if contact.kind == "service_centre"]
    assert lines.count("BEGIN:VCARD") == len(centres)
    for centre in centres:
        assert f"TEL;TYPE=WORK,VOICE:{centre.phone}" in lines
        assert any(line.startswith("FN:") and centre.name.replace(",", "\\,") in line for line in lines)


@pytest.mark.parametrize("slug", SAMPLES)
def test_each_notice_says_how_to_change_or_make_the_appointment(samples_dist, slug):
    """A unit with an appointment is told how to change it, one without how to book: in the owner's language."""
    project = sample_project(slug)
    centre = next(contact for contact in project.contacts if contact.kind == "service_centre")
    with open(PROJECTS / slug / "units.csv", encoding="utf-8-sig", newline="") as f:
        units = list(csv.DictReader(f))
    assert any(unit["appointment"] for unit in units)
    assert slug != "harbour-centre" or not all(unit["appointment"] for unit in units)  # one to book: both are read
    taken: set[str] = set()
    for unit in units:
        name = file_name(unit["unit"], taken)
        taken.add(name)
        text = pdf_text(samples_dist / "internal" / slug / "notices" / f"{name}.pdf")
        said = catalogue(unit.get("language") or project.languages[0])
        keys = ("label.reschedule", "label.make_appointment") if unit["appointment"] else (
            "label.make_appointment", "label.reschedule")
        wanted, other = (re.sub(r"\s+", "", said(key, name="\0", phone="").split("\0")[0]) for key in keys)
        assert wanted in text and other not in text, unit["unit"]
        assert centre.phone.replace(" ", "") in text, unit["unit"]
