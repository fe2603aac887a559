"""The content lines vCards and calendars share: folded at 75 octets, never inside a character, unfolded as written."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from handbook.engines.vformats import (
    Card,
    DaysEvent,
    calendar,
    content_line,
    escape_text,
    lines_file,
    unfolded_text,
    vcard,
)


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=400))
def test_a_folded_line_unfolds_to_itself_and_no_piece_passes_75_octets(value):
    line = content_line("NOTE", escape_text(value))
    for piece in line.split("\r\n"):
        assert len(piece.encode("utf-8")) <= 75
    assert unfold(line) == "NOTE:" + escape_text(value)
    assert unfolded_text(lines_file([line])) == "NOTE:" + value + "\r\n"  # what the public audit reads


def test_text_escapes_what_separates_values():
    assert escape_text('a,b;c\\d\ne') == "a\\,b\\;c\\\\d\\ne"


def test_a_card_says_every_part_once_with_crlf_line_ends():
    data = vcard([Card(name="濠江“星輝”花園 & 廣場 管理處", organisation="濠江“星輝”花園 & 廣場",
                       department="管理處", phone="+853 2888 1234", street="澳門氹仔偉龍馬路 1 號, 第三座",
                       place="地下大堂", city="澳門", note="星期一至五 09:00-18:00；星期六 09:00-13:00")])
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = unfold(text).split("\r\n")
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"]
    assert "FN:濠江“星輝”花園 & 廣場 管理處" in lines
    assert "TEL;TYPE=WORK,VOICE:+853 2888 1234" in lines
    assert "ADR;TYPE=WORK:;地下大堂;澳門氹仔偉龍馬路 1 號\\, 第三座;澳門;;;" in lines
    assert "NOTE:星期一至五 09:00-18:00；星期六 09:00-13:00" in lines


def test_a_calendar_is_read_back_by_icalendar_with_the_days_it_was_given():
    events = [DaysEvent(uid="move-in-phase-3@example.mo", summary="三期, 商場 & 寫字樓: 收樓",
                        first=dt.date(2027, 12, 30), last=dt.date(2028, 1, 2), location="會所; 一樓",
                        description="辦理時間：09:00-17:00\n電話 2888 1234")]
    read = Calendar.from_ical(calendar("濠江“星輝”花園 & 廣場收樓", "zh-MO", events, dt.date(2026, 11, 20)))
    (event,) = read.walk("VEVENT")
    assert str(event["SUMMARY"]) == "三期, 商場 & 寫字樓: 收樓"
    assert str(event["LOCATION"]) == "會所; 一樓"
    assert str(event["DESCRIPTION"]) == "辦理時間：09:00-17:00\n電話 2888 1234"
    assert event.decoded("DTSTART") == dt.date(2027, 12, 30)
    assert event.decoded("DTEND") == dt.date(2028, 1, 3)  # the day after the last, as iCalendar counts
