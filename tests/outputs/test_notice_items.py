"""Every sample notice, read back from its PDF, charges exactly the fee items its unit's scope allows; the
cashiers' day sheets add up to summary.csv per day and desk.

Which items a unit pays is decided here from the unit list and the rules as
an editor reads them (household type, property type, phase, parking, options),
not by the fee engine, so a scope the engine gets wrong shows up as an item
printed on a notice that should not carry it, or missing from one that should.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from handbook.derive.present import Presenter
from handbook.outputs.unit_editions import file_name
from handbook.repo import Repo
from handbook.run.gather import gather
from handbook.source.projects import ProjectSource
from tests.conftest import PROJECTS, REPO_ROOT

WITH_UNIT_LISTS = ["lotus-garden", "harbour-centre"]
EVERY_TYPE_BUT_PARKING = ["family", "company", "transfer", "residential_tenant", "shop_tenant", "office_tenant"]


def text_of(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    """Return text with its line breaks and runs of spaces as one space; none between two CJK characters.

    A table cell wraps wherever the column ends: read back, a name is whole only once its lines are joined.
    """
    joined = " ".join(text.split())
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", joined)


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
MM = 72 / 25.4


def page_words(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Return each page's words as (left, right, text), in points."""
    pages = text_of(pdf, "-bbox").split("<page ")[1:]
    return [[(float(left), float(right), word) for left, right, word in WORD.findall(page)] for page in pages]


def unit_rows(slug: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((PROJECTS / slug / "units.csv").read_text(encoding="utf-8-sig"))))


def charged(item, row: dict[str, str]) -> bool:
    """Return whether a unit pays an item: in each of the item's scopes (empty: any), and asked for it if optional."""
    for_spaces = item.parking and "none" not in item.parking
    # A space alone pays only the items naming parking, or charged for spaces alone.
    households = item.household_types or EVERY_TYPE_BUT_PARKING + (["parking"] if for_spaces else [])
    options = row.get("options", "").replace(",", " ").split()
    return (row["household_type"] in households
            and (not item.property_types or row["property_type"] in item.property_types)
            and (not item.phases or row["phase"] in item.phases)
            and (not item.parking or (row["parking"] or "none") in item.parking)
            and (not item.optional or item.id in options))


def between(text: str, start: str, end: str) -> str:
    """Return the part of text from start to end (both must be there)."""
    first = text.index(start)
    return text[first:text.index(end, first)]


@pytest.fixture(scope="module")
def gathered():
    return {slug: gather(ProjectSource(slug, PROJECTS / slug), Repo(REPO_ROOT)) for slug in WITH_UNIT_LISTS}


@pytest.mark.parametrize("slug", WITH_UNIT_LISTS)
def test_each_notice_lists_exactly_the_items_its_unit_is_charged(samples_dist, gathered, slug):
    project = gathered[slug]
    views = project.views("internal")
    primary = next(iter(views))
    folder = samples_dist / "internal" / slug / "notices"
    names: set[str] = set()
    seen = {"charged": 0, "not charged": 0, "rates": 0, "options": 0}
    for row in unit_rows(slug):
        tag = row["language"] or primary
        edition, view = views[tag]
        t = edition.messages
        text = flat(text_of(folder / f"{file_name(row['unit'], names)}.pdf"))
        fees_table = between(text, t("label.your_fees"), t("label.total_to_bring"))
        after_total = text[text.index(t("label.total_to_bring")):]
        for item in view.fees.other + view.fees.for_developer:
            expected = charged(item, row) and item.basis != "per_person"
            assert (item.name in fees_table) == expected, (row["unit"], item.id, "charged" if expected else "not")
            seen["charged" if expected else "not charged"] += 1
            if expected and item.optional:
                assert flat(t("label.you_asked_for", option=item.option or item.name)) in fees_table
                seen["options"] += 1
        for item in view.fees.decoration + view.fees.other + view.fees.for_developer:
            if item.basis == "per_person":
                assert (item.name in after_total) == charged(item, row), (row["unit"], item.id)
                seen["rates"] += charged(item, row)
        if row["household_type"] == "parking":  # a space alone: no management fee, whatever its area
            assert not any(t("label.fee_line.management_owner", name=rate.name) in fees_table
                           for rate in view.fees.management), row["unit"]
    assert seen["charged"] and seen["not charged"] and seen["options"], seen  # the samples exercise every branch


@pytest.mark.parametrize("slug", WITH_UNIT_LISTS)
def test_notices_word_what_was_bought_or_rented(samples_dist, gathered, slug):
    views = gathered[slug].views("internal")
    primary = next(iter(views))
    folder = samples_dist / "internal" / slug / "notices"
    names: set[str] = set()
    for row in unit_rows(slug):
        edition = views[row["language"] or primary][0]
        text = flat(text_of(folder / f"{file_name(row['unit'], names)}.pdf"))
        kind = row["household_type"]
        opening = (f"space_{row['parking']}" if kind == "parking" else "rented" if kind.endswith("_tenant")
                   else "company" if kind == "company" else "bought")
        assert flat(edition.messages(f"label.notice_intro.{opening}", unit=row["unit"])) in text, row["unit"]


def summary_totals(folder: Path) -> dict[tuple[dt.date, str], tuple[int, Decimal]]:
    """Return summary.csv's units and owner totals per cashier day and collector (units paying nothing left out)."""
    table = csv.DictReader(io.StringIO((folder / "summary.csv").read_text(encoding="utf-8-sig")))
    totals: dict[tuple[dt.date, str], tuple[int, Decimal]] = defaultdict(lambda: (0, Decimal("0")))
    for row in table:
        day = dt.date.fromisoformat(row["cashier_day"])
        for collector, column in (("property_company", "total_property"), ("developer", "total_developer")):
            if Decimal(row[column]):
                count, total = totals[day, collector]
                totals[day, collector] = (count + 1, total + Decimal(row[column]))
    return dict(totals)


@pytest.mark.parametrize("slug", WITH_UNIT_LISTS)
def test_cashier_sheets_add_up_to_summary_csv_per_day_and_desk(samples_dist, gathered, slug):
    (sheets,) = (samples_dist / "internal" / slug / "cashier").glob("cashier-sheets.*.pdf")  # the staff's language
    edition, view = gathered[slug].views("internal")[sheets.suffixes[0].lstrip(".")]
    t = edition.messages
    p = Presenter(edition.language, t, view.fees.currency)
    text = flat(text_of(sheets, "-layout"))
    expected = summary_totals(samples_dist / "internal" / slug / "notices")
    assert expected
    headings = {key: t("label.cashier.heading", day=p.date(key[0]), desk=t(f"label.collector.{key[1]}"))
                for key in expected}
    starts = sorted((text.index(heading), key) for key, heading in headings.items())
    # One sheet per day and desk, and no other: each heading once, as many day totals as sheets.
    assert all(text.count(heading) == 1 for heading in headings.values())
    assert text.count(t("label.cashier.day_total", count=0).split("0")[0]) == len(expected)
    for (start, key), (end, _) in zip(starts, starts[1:] + [(len(text), None)]):
        count, total = expected[key]
        sheet = text[start:end]
        assert f"{t('label.cashier.day_total', count=count)} {p.money(total)}" in sheet, (key, sheet[-300:])


@pytest.mark.parametrize("slug", WITH_UNIT_LISTS)
def test_no_amount_runs_out_of_its_column(samples_dist, gathered, slug):
    # Notices: nothing passes the right margin (14 mm), where the amount column ends.
    for pdf in (samples_dist / "internal" / slug / "notices").glob("*.pdf"):
        for words in page_words(pdf):
            widest = max(words, key=lambda word: word[1])
            assert widest[1] <= (210 - 14) * MM + 1, (pdf.name, widest)
    # Cashier sheets: nothing reaches from the expected amount into the column the cashier writes in.
    (sheets,) = (samples_dist / "internal" / slug / "cashier").glob("cashier-sheets.*.pdf")
    edition = gathered[slug].views("internal")[sheets.suffixes[0].lstrip(".")][0]
    received = edition.messages("label.cashier.col.received")
    for words in page_words(sheets):
        edge = next(left for left, _, word in words if word == received)
        assert not [word for left, right, word in words if left < edge < right], sheets.name
