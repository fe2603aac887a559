"""The "what to bring" pages as owners and staff read them: one site page and one A4 page per household type.

Read from the built samples, in every edition, for every household type a
sample lists documents for: the site page and the printable page list
exactly the type's documents, lettered A, B, C... with a proxy's extras
continuing the letters, as the guide and the notice of a unit of that type
letter them. The letters expected are counted here, from the data, not by
the code under test. A project unlike the samples (Macau, shop and office
tenants, a list of seventeen) proves a long list still fits its one page.
"""

from __future__ import annotations

import csv
import functools
import html
import re
import subprocess
from pathlib import Path
from string import ascii_uppercase

import pytest
import yaml

from handbook.commands.cli import main
from handbook.derive.lettering import letter
from handbook.derive.present import Presenter
from handbook.outputs.downloads import BRING, bring_file_name, guide_file_name
from handbook.outputs.unit_editions import file_name
from tests.conftest import (
    PROJECTS,
    SAMPLES,
    make_repo,
    public_views,
    sample_project,
    template_in,
)

A4 = "595.276 x 841.89 pts (A4)"
CASES = [(slug, tag, household_type) for slug in SAMPLES for tag in sample_project(slug).languages
         for household_type, documents in sample_project(slug).documents if documents]
TYPES = sorted({(slug, household_type) for slug, _, household_type in CASES})


@functools.cache
def views() -> dict:
    return public_views(SAMPLES)


def slug_of(household_type: str) -> str:
    return household_type.replace("_", "-")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: Path, raw: bool) -> str:
    """Return a PDF's text without white space: raw in the order it is drawn (a table row by row), else as laid out."""
    args = ["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else []), str(pdf), "-"]
    return squash(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def pdf_pages(pdf: Path) -> tuple[int, str]:
    """Return a PDF's number of pages and its page size as pdfinfo writes it."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


def expected(slug: str, tag: str, household_type: str) -> tuple[list[tuple], list[tuple]]:
    """Return the type's documents as the edition writes them, (letter, name, details, purpose), then the extras.

    Counted here: A for the first document, a letter more for each, the extras going on after the last.
    """
    edition, view = views()[slug, tag]
    documents = getattr(view.documents, household_type)
    p = Presenter(edition.language, edition.messages, view.fees.currency)
    entries = [(ascii_uppercase[index], item.name, p.document_details(item), item.purpose)
               for index, item in enumerate(documents.items + documents.proxy_extras)]
    return entries[:len(documents.items)], entries[len(documents.items):]


def span(entries: list[tuple]) -> str:
    return f"{entries[0][0]}–{entries[-1][0]}"


def edition_folder(samples_dist: Path, slug: str, tag: str) -> Path:
    edition, _ = views()[slug, tag]
    return samples_dist / "public" / slug / edition.site_prefix


# The site page ---------------------------------------------------------------------------------------------------

_CHECKLIST = re.compile(r'<ul class="checklist">(.*?)</ul>', re.DOTALL)
_ITEM = re.compile(r'<li><label><input type="checkbox"> <b class="letter">([A-Z]+)</b> (.*?)</label></li>', re.DOTALL)


def checklists(page: str) -> list[list[tuple[str, str]]]:
    """Return each checklist of a page's article: its items' letters and what each says after its letter."""
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    return [[(found, html.unescape(re.sub(r"<[^>]+>", "", text))) for found, text in _ITEM.findall(listed)]
            for listed in _CHECKLIST.findall(article)]


@pytest.mark.parametrize(("slug", "tag", "household_type"), CASES, ids=["/".join(case) for case in CASES])
def test_the_site_page_lists_exactly_the_type_s_documents_lettered(samples_dist, slug, tag, household_type):
    edition, _ = views()[slug, tag]
    t, colon = edition.messages, edition.messages("punct.colon")
    items, extras = expected(slug, tag, household_type)
    site = edition_folder(samples_dist, slug, tag)
    page = (site / "bring" / slug_of(household_type) / "index.html").read_text(encoding="utf-8")
    said = lambda entries: [(found, name + details + (colon + purpose if purpose else ""))  # noqa: E731
                            for found, name, details, purpose in entries]
    assert checklists(page) == ([said(items), said(extras)] if extras else [said(items)])
    assert t("label.bring.title", type=t(f"label.household.{household_type}")) in html.unescape(page)
    if extras:
        assert t("label.bring.proxy_also", span=span(items)) in html.unescape(page)
    pdf = f"downloads/{BRING}/{bring_file_name(household_type, tag)}"
    assert f'href="../../{pdf}"' in page and (site / pdf).is_file()  # the printable page, one tap away


@pytest.mark.parametrize("slug", SAMPLES)
def test_the_move_in_page_leads_to_every_type_s_page_and_no_other(samples_dist, slug):
    for tag in sample_project(slug).languages:
        site = edition_folder(samples_dist, slug, tag)
        article = (site / "move-in/index.html").read_text(encoding="utf-8").split("<article", 1)[1]
        linked = re.findall(r'href="\.\./bring/([a-z-]+)/"', article.split("</article>", 1)[0])
        assert linked == [slug_of(kind) for s, t, kind in CASES if (s, t) == (slug, tag)]
        assert sorted(path.name for path in (site / "bring").iterdir()) == sorted(linked)


# The printable page ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("slug", "tag", "household_type"), CASES, ids=["/".join(case) for case in CASES])
def test_the_printable_page_lists_exactly_the_type_s_documents_on_one_a4_page(samples_dist, slug, tag,
                                                                             household_type):
    edition, view = views()[slug, tag]
    t = edition.messages
    items, extras = expected(slug, tag, household_type)
    pdf = edition_folder(samples_dist, slug, tag) / "downloads" / BRING / bring_file_name(household_type, tag)
    assert pdf_pages(pdf) == (1, A4)
    text = pdf_text(pdf, raw=True)
    head = squash(t("label.bring.document") + t("label.bring.purpose"))
    rows = lambda entries: "".join(squash(found + name + details + (purpose or ""))  # noqa: E731
                                   for found, name, details, purpose in entries)
    listed = head + rows(items)
    if extras:
        listed += squash(t("label.bring.proxy_heading") + t("label.bring.proxy_also", span=span(items))
                         + t("punct.colon")) + head + rows(extras)
    start = text.index(head)
    assert text[start:text.index(squash(t("label.move_in_window")), start)] == listed
    assert squash(t("label.bring.title", type=t(f"label.household.{household_type}"))) in text
    assert squash(view.name) in text and squash(view.venue.name) in text
    service_centre = next(contact for contact in view.contacts if contact.kind == "service_centre")
    assert squash(service_centre.phone) in text


@pytest.mark.parametrize(("slug", "tag", "household_type"), CASES[:1] + CASES[-1:], ids=lambda value: value)
def test_the_printable_page_s_code_opens_the_type_s_site_page(samples_dist, tmp_path, slug, tag, household_type):
    _, view = views()[slug, tag]
    pdf = edition_folder(samples_dist, slug, tag) / "downloads" / BRING / bring_file_name(household_type, tag)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    read = subprocess.run(["zbarimg", "--raw", "--quiet", str(tmp_path / "page.png")],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert read == view.site.url.rstrip("/") + f"/bring/{slug_of(household_type)}/"


# The same letters in the guide and on the notices ----------------------------------------------------------------

@pytest.mark.parametrize(("slug", "tag", "household_type"), CASES, ids=["/".join(case) for case in CASES])
def test_the_guide_letters_the_type_s_documents_the_same(samples_dist, slug, tag, household_type):
    edition, view = views()[slug, tag]
    t, colon = edition.messages, edition.messages("punct.colon")
    items, extras = expected(slug, tag, household_type)
    guide = pdf_text(edition_folder(samples_dist, slug, tag) / "downloads" / guide_file_name(tag), raw=False)
    # A page turn inside the list: the page's number, then the next page's running heads (pdftotext may read the
    # first line's hanging letter between the two heads).
    guide = re.sub(r"\d+/\d+" + re.escape(squash(view.name)) + r"([A-Z]?)" + re.escape(squash(t("label.guide_title"))),
                   r"\1", guide)
    said = lambda entries: "".join(squash(found + name + details + (colon + purpose if purpose else ""))  # noqa: E731
                                   for found, name, details, purpose in entries)
    block = squash(t(f"label.household.{household_type}")) + said(items)
    if extras:
        block += squash(t("label.bring.proxy_also", span=span(items)) + colon) + said(extras)
    assert block in guide


def unit_of(slug: str, household_type: str) -> dict[str, str]:
    """Return a unit of the household type from the sample's unit list, one a proxy comes for if there is one."""
    with (PROJECTS / slug / "units.csv").open(encoding="utf-8-sig", newline="") as rows:
        units = [row for row in csv.DictReader(rows) if row["household_type"] == household_type]
    assert units, f"{slug} has no unit of the type {household_type}: add one to its unit list"
    return next((unit for unit in units if unit["proxy"] == "yes"), units[0])


@pytest.mark.parametrize(("slug", "household_type"), TYPES, ids=["/".join(case) for case in TYPES])
def test_a_notice_of_a_unit_of_the_type_letters_its_documents_the_same(samples_dist, slug, household_type):
    unit = unit_of(slug, household_type)
    tag = unit["language"] if unit["language"] in sample_project(slug).languages else sample_project(slug).languages[0]
    edition, _ = views()[slug, tag]
    t = edition.messages
    items, extras = expected(slug, tag, household_type)
    notice = samples_dist / "internal" / slug / "notices" / f"{file_name(unit['unit'], set())}.pdf"
    text = pdf_text(notice, raw=True)
    ticked = lambda entries: "".join(squash("□" + found + name + details)  # noqa: E731
                                     for found, name, details, _ in entries)
    block = squash(t("label.your_documents")) + ticked(items)
    if unit["proxy"] == "yes" and extras:
        block += squash(t("label.proxy_coming")) + ticked(extras)
    assert block in text
    assert not text[text.index(block) + len(block):].startswith("□")  # nothing more to tick


# A project unlike the samples ------------------------------------------------------------------------------------

def long_list(count: int, prefix: str) -> list[dict]:
    """Return count documents with long names, originals, copies and purposes: the most a row can hold."""
    return [{"name": f"{prefix}第 {index + 1} 項證明文件（須由發出機構蓋章並註明有效日期）", "original": True,
             "copies": index % 3 + 1, "purpose": "供管理處存檔、辦理銀行自動轉賬及申請停車證之用，正本核對後即時交還"}
            for index in range(count)]


def macau_estate(documents: dict) -> str:
    """Return a Macau estate (zh-MO) whose shop and office tenants bring the documents given."""
    data = yaml.safe_load(template_in("[zh-MO]", "macau"))
    data["kind"] = "mixed"
    data["documents"] = documents
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def macau(tmp_path_factory) -> Path:
    """Return the printable pages of a Macau estate: shop tenants bring 11 documents, office tenants 14 and 3 extras."""
    documents = {"shop_tenant": {"items": long_list(11, "商舖")},
                 "office_tenant": {"items": long_list(14, "寫字樓"), "proxy_extras": long_list(3, "受託人")}}
    repo = make_repo(tmp_path_factory.mktemp("macau"), {"macau": macau_estate(documents)})
    assert main(["--repo", str(repo), "build", "macau", "--only", "bring"]) == 0
    return repo / "dist" / "public" / "macau" / "downloads" / BRING


@pytest.mark.parametrize(("household_type", "last"), [("shop_tenant", "K"), ("office_tenant", "Q")])
def test_a_long_list_fits_its_one_a4_page_lettered_to_the_end(macau, household_type, last):
    pdf = macau / bring_file_name(household_type, "zh-MO")
    assert pdf_pages(pdf) == (1, A4)
    text = pdf_text(pdf, raw=True)
    count = ascii_uppercase.index(last) + 1
    rows = re.findall(r"([A-Z]+)(?:商舖|寫字樓|受託人)第(\d+)項", text)  # each row: its letter, then its document
    assert [found for found, _ in rows] == list(ascii_uppercase[:count])
    assert sorted(path.name for path in macau.iterdir()) == ["office-tenant.zh-MO.pdf", "shop-tenant.zh-MO.pdf"]


def test_a_list_too_long_for_one_page_is_refused_naming_its_type(tmp_path, capsys):
    repo = make_repo(tmp_path, {"macau": macau_estate({"office_tenant": {"items": long_list(60, "寫字樓")}})})
    capsys.readouterr()
    assert main(["--repo", str(repo), "build", "macau", "--only", "bring"]) == 1
    err = capsys.readouterr().err
    assert "寫字樓租戶" in err and "60" in err and "A4" in err


def test_letters_go_on_past_z_as_spreadsheet_columns_do():
    assert [letter(index) for index in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]
