"""Move-in forms (issue 10): blank forms, per-unit packets and day sheets, read back from the PDFs.

Page counts come from pypdf, text from pdftotext, and every trace code from
a real QR decoder (zbarimg, Debian's zbar-tools) reading pages rendered by
pdftoppm, as a filed paper copy would be read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest

from handbook.commands.cli import main
from handbook.derive.packets import copies, unit_forms
from handbook.derive.privacy import public_name
from handbook.model.units import Unit
from handbook.outputs.forms_pages import trace_code
from handbook.source.projects import ProjectSource, load_project
from handbook.source.units import load_units
from tests.conftest import make_repo, template_text
from tests.outputs.test_notices import generated_rows, repo_with_units, write_csv

SLUG = "lotus-garden"


def household_mix(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Return the generated rows with every household type of lotus-garden in them, some units of no type and some
    owners of a compound surname."""
    for index, row in enumerate(rows):
        if index % 20 == 15:
            row["owner_name"] = "欧阳" + row["owner_name"][1:]
        if index % 17 == 5:  # a space bought or rented alone: no area, no property type
            row.update(household_type="parking", area_m2="", property_type="", refuses_prepayment="no")
            if row["parking"] == "none":
                row.update(parking="bought", parking_type="standard")
        elif index % 17 == 9:
            row["household_type"] = "residential_tenant"
        if index % 23 == 4:
            row["unit_type"] = ""
    return rows


UNITS = 60


@pytest.fixture(scope="module")
def packets(tmp_path_factory) -> tuple[Path, list[Unit], object]:
    """Return the forms of lotus-garden built for every fifth unit of an invented 300-unit list, and its units.

    Sixty units keep every household type, proxies, parking tenures, units without a type or with a / in the
    number and several units a day, at a fifth of the build: a unit's packet is about ten pages of layout.
    """
    rows = household_mix(generated_rows(300, seed=11))[::5]
    assert len(rows) == UNITS
    repo = repo_with_units(tmp_path_factory.mktemp("repo"), "units.csv", lambda p: write_csv(p, rows))
    assert main(["--repo", str(repo), "build", SLUG, "--only", "forms", "--jobs", "1"]) == 0
    source = ProjectSource(SLUG, repo / "projects" / SLUG)
    project = load_project(source).project
    units = list(load_units(project, source.folder).units)
    return repo / "dist/internal" / SLUG / "forms", units, project


def pages(pdf: Path) -> int:
    with open(pdf, "rb") as f:
        return len(pypdf.PdfReader(io.BytesIO(f.read())).pages)


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    command = ["pdftotext", "-layout"] + (["-f", str(first), "-l", str(last)] if first else []) + [str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def unit_file(unit: Unit) -> str:
    return unit.unit.replace("/", "-") + ".pdf"


def expected_traces(unit: Unit, project) -> list[str]:
    """Return the trace code each page of a unit's packet must carry, in order."""
    return [trace_code(SLUG, unit=unit.unit, form=copy.form.id, copy=f"{copy.number}/{copy.form.copies}")
            for form in unit_forms(project, unit) for copy in copies(form)]


def decoded_traces(pdf: Path, work: Path, last: int | None = None) -> list[str]:
    """Return the QR code each page of a PDF carries, read by zbarimg from the page's bottom margin at 150 dpi."""
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-x", "700", "-y", "1450", "-W", "540", "-H", "304"]
                   + (["-l", str(last)] if last else []) + [str(pdf), str(work / "page")], check=True)
    found = []
    for image in sorted(work.glob("page-*.png")):
        result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
        codes = [line for line in result.stdout.splitlines() if line]
        assert len(codes) == 1, (pdf.name, image.name, result.stdout, result.stderr)
        found.append(codes[0])
    shutil.rmtree(work)
    return found


def test_every_unit_has_a_packet_of_its_forms_pages_times_copies(packets):
    folder, units, project = packets
    assert len(list((folder / "units").glob("*.pdf"))) == UNITS
    per_copy = {form.id: pages(folder / "blank" / f"{form.id}.pdf") // (form.copies if form.per == "household" else 1)
                for form in project.forms if form.kind}
    assert set(per_copy.values()) == {1}  # every form copy is one page
    for unit in units:
        expected = sum(per_copy[form.id] * form.copies for form in unit_forms(project, unit))
        assert pages(folder / "units" / unit_file(unit)) == expected, unit.unit
    kinds = Counter(unit.household_type for unit in units)
    assert set(kinds) == {"family", "company", "transfer", "parking", "residential_tenant"}


@pytest.mark.parametrize("household_type", ["family", "company", "transfer", "parking", "residential_tenant"])
def test_each_pages_qr_code_decodes_to_its_unit_form_and_copy(packets, household_type, tmp_path):
    folder, units, project = packets
    chosen = [u for u in units if u.household_type == household_type]
    # One unit of the type, and where there is one: a proxy, a parking tenure, no unit type, a / in the number.
    picks = {chosen[0].unit: chosen[0]}
    for wanted in (lambda u: u.proxy, lambda u: u.parking != "none", lambda u: not u.unit_type, lambda u: "/" in u.unit):
        found = next((u for u in chosen if wanted(u)), None)
        if found:
            picks[found.unit] = found
    for unit in picks.values():
        traces = decoded_traces(folder / "units" / unit_file(unit), tmp_path / "png")
        assert traces == expected_traces(unit, project), unit.unit
        fields = parse_qs(urlsplit(traces[0]).query)
        assert fields["unit"] == [unit.unit] and urlsplit(traces[0]).path == SLUG


def test_packets_are_pre_filled_in_move_in_order_with_copy_markings(packets):
    folder, units, project = packets
    unit = next(u for u in units if u.household_type == "family" and u.parking == "rented" and u.unit_type == "B")
    pdf = folder / "units" / unit_file(unit)
    forms = unit_forms(project, unit)
    assert [f.kind for f in forms][0] == "owner_card" and forms[-1].kind == "inspection"
    assert "parking_rental_agreement" in [f.id for f in forms] and "parking_service_agreement" not in [f.id for f in forms]
    page = 0
    for form in forms:
        for copy in copies(form):
            page += 1
            words = text(pdf, page, page)
            assert form.name in words and unit.unit in words and unit.owner_name in words, (form.id, page)
            # The footer names the unit, then the form and the copy, in words; only the QR code carries the form's id.
            what = form.name + (f" · 第 {copy.number} 份，共 {form.copies} 份" if form.copies > 1 else "")
            footer = rf"{re.escape(unit.unit)}\s*\n.*{re.escape(what)}\s*$"
            assert re.search(footer, words, re.MULTILINE), (footer, words[-300:])
            assert form.id not in words, form.id
            if form.copies > 1:
                holder = {"owner": "业主联", "property_company": "物业联", "bank": "银行联"}[copy.holder]
                assert holder in words and f"一式{'二三'[form.copies - 2]}份" in words
    inspection = text(pdf, page, page)
    rooms = {room.id: room.name for room in project.rooms}
    b_type = next(t for t in project.unit_types if t.id == "B")
    for room in b_type.rooms:
        assert rooms[room] in inspection
    assert "主卫" not in inspection  # B has no master bathroom: only the unit type's rooms are listed
    for meter in ("水表", "电表", "燃气表"):
        assert meter in inspection


def test_the_owner_card_asks_a_company_for_its_registration_and_a_person_for_personal_details(packets):
    folder, units, project = packets
    company = next(u for u in units if u.household_type == "company")
    person = next(u for u in units if u.household_type == "family")
    company_card = text(folder / "units" / unit_file(company), 1, 1)
    person_card = text(folder / "units" / unit_file(person), 1, 1)
    blank_card = text(folder / "blank" / "owner_card.pdf")
    assert company.owner_name in company_card
    for field in ("统一社会信用代码", "法定代表人", "使用人员"):
        assert field in company_card and field not in person_card, field
    assert re.search(r"^\s*联系人\s", company_card, re.MULTILINE)  # the person who deals with the centre
    for field in ("性别", "出生日期", "工作单位", "照片", "家庭成员"):
        assert field in person_card and field not in company_card, field
    for field in ("性别", "统一社会信用代码"):  # the blank card serves both
        assert field in blank_card


def test_each_packet_is_in_its_owners_language_blank_forms_and_day_sheets_in_the_staffs(tmp_path):
    rows = generated_rows(9, seed=5)
    for row, language in zip(rows, ["en", "zh-HK", "", "en", "zh-HK", "", "en", "", ""]):
        row["language"] = language
        row["household_type"] = "family"
    repo = repo_with_units(tmp_path / "repo", "units.csv", lambda p: write_csv(p, rows))
    assert main(["--repo", str(repo), "build", SLUG, "--only", "forms"]) == 0
    folder = repo / "dist/internal" / SLUG / "forms"
    for row in rows:
        packet = text(folder / "units" / unit_file_of(row["unit"]))
        card = packet.split("\f")[0]
        if row["language"] == "en":
            assert "Owner (Resident) Information Card" in card and "Date of birth" in card
            # the footer, in English: the unit over the form's name and the copy
            assert re.search(rf"{re.escape(row['unit'])}\s*\n.*Interim Management Covenant · copy 2 of 2", packet)
            assert "I have received and read" in packet  # the agreement's English wording
            assert "Problems found" in packet and "electrical" in packet  # the inspection form, its items upright
        elif row["language"] == "zh-HK":
            assert "資料卡" in card and "出生日期" in card and "资料卡" not in card
        else:
            assert "业主（住户）资料卡" in card
        assert row["owner_name"] in card and pages(folder / "units" / unit_file_of(row["unit"])) > 5
    assert "业主（住户）资料卡" in text(folder / "blank" / "owner_card.pdf")  # the staff's language
    days = sorted((folder / "days").glob("*-sign-in.pdf"))
    assert days and all("Owner (Resident)" not in text(day) and "Move-in sign-in" not in text(day) for day in days)
    for day in sorted((folder / "days").glob("*-packets.pdf")):  # one day's packets, every language, in order
        units_of_day = sorted((r for r in rows if day.name.startswith(r["move_in_date"])), key=lambda r: r["appointment"])
        assert pages(day) == sum(pages(folder / "units" / unit_file_of(r["unit"])) for r in units_of_day)


def unit_file_of(unit: str) -> str:
    return unit.replace("/", "-") + ".pdf"


def test_a_unit_without_a_type_gets_blank_room_rows(packets):
    folder, units, project = packets
    unit = next(u for u in units if not u.unit_type and u.household_type == "family")
    last = text(folder / "units" / unit_file(unit)).split("\f")[-2]
    assert "房屋验收表" in last and "未登记本单元的户型" in last
    assert "客厅" not in last


def test_day_files_hold_the_days_packets_and_sheets_in_appointment_order(packets, tmp_path):
    folder, units, project = packets
    day = max({u.appointment.date() for u in units}, key=lambda d: sum(u.appointment.date() == d for u in units))
    of_day = sorted((u for u in units if u.appointment.date() == day), key=lambda u: (u.appointment, u.unit))
    packets = folder / "days" / f"{day.isoformat()}-packets.pdf"
    assert pages(packets) == sum(pages(folder / "units" / unit_file(u)) for u in of_day)
    sign_in = text(folder / "days" / f"{day.isoformat()}-sign-in.pdf")
    positions = [sign_in.index(u.unit) for u in of_day]
    assert positions == sorted(positions)
    assert all(public_name(u) in sign_in for u in of_day)
    staff = text(folder / "days" / f"{day.isoformat()}-sign-in-staff.pdf")
    positions = [staff.index(u.unit) for u in of_day]
    assert positions == sorted(positions)
    assert all(u.owner_name in staff for u in of_day)
    keys = text(folder / "days" / f"{day.isoformat()}-keys.pdf")
    assert all(u.unit in keys for u in of_day)
    first = of_day[0]
    row = next(line for line in keys.splitlines() if first.unit in line).split()
    assert row[row.index(public_name(first)) + 1] == str(project.fees.access_cards.free_per_unit + first.extra_cards)
    for sheet in ("sign_in", "sign_in_staff", "keys"):
        pdf = folder / "days" / f"{day.isoformat()}-{sheet.replace('_', '-')}.pdf"
        traces = decoded_traces(pdf, tmp_path / sheet)
        assert set(traces) == {trace_code(SLUG, form=sheet, day=day.isoformat())}
    two = expected_traces(of_day[0], project) + expected_traces(of_day[1], project)
    assert decoded_traces(packets, tmp_path / "png2", last=len(two)) == two


def owner_shown(name: str, text: str) -> bool:
    """Return whether a name is in a text as a whole name (张伟1 is not in 张伟12)."""
    return re.search(re.escape(name) + r"(?!\d)", text) is not None


def test_the_sheets_owners_see_mask_every_persons_name_and_the_staff_copy_has_them_all(packets):
    folder, units, project = packets
    days: dict[str, list[Unit]] = {}
    for unit in units:
        days.setdefault(unit.appointment.date().isoformat(), []).append(unit)
    persons = [u for u in units if public_name(u) != u.owner_name]
    shown = {u.household_type for u in units if public_name(u) == u.owner_name}
    assert persons and shown == {"company"}  # only a company's name is shown in full
    assert any(public_name(u).startswith("欧阳*") for u in persons)  # a compound surname keeps both characters
    for day, of_day in days.items():
        public = {sheet: text(folder / "days" / f"{day}-{sheet}.pdf") for sheet in ("sign-in", "keys")}
        staff = text(folder / "days" / f"{day}-sign-in-staff.pdf")
        for sheet, words in public.items():
            # No person of the whole list is named in full on a sheet owners see; each of the day's is, masked.
            assert not [u.owner_name for u in persons if owner_shown(u.owner_name, words)], (day, sheet)
            assert all(public_name(u) in words for u in of_day if u in persons), (day, sheet)
            assert "工作人员专用" not in words and "个人姓名只显示姓氏" in words
        assert all(u.owner_name in staff for u in of_day), day
        assert "工作人员专用：本表列有业主全名" in staff and "入伙签到表（工作人员核对用）" in staff
        # Every page of the staff copy says so at its head; the footers name the day and the sheet in words.
        for page in staff.split("\f")[:-1]:
            assert page.lstrip().startswith("工作人员专用"), page[:200]
        date = dt.date.fromisoformat(day)
        title = f"{date.year}年{date.month}月{date.day}日"
        assert f"{title} · 入伙签到表\n" in public["sign-in"] and f"{title} · 钥匙及门禁卡发放表" in public["keys"]
        assert f"{title} · 入伙签到表（工作人员核对用）" in staff
        for words in (*public.values(), staff):
            assert "sign_in" not in words and "keys" not in words


def test_blank_forms_each_copy_once_and_the_logs_a_page(packets):
    folder, units, project = packets
    printed = [form for form in project.forms if form.kind]
    assert sorted(p.stem for p in (folder / "blank").glob("*.pdf")) == sorted([f.id for f in printed] + ["all"])
    for form in printed:
        pdf = folder / "blank" / f"{form.id}.pdf"
        assert pages(pdf) == (form.copies if form.per == "household" else 1), form.id
        assert form.name in text(pdf) and form.id not in text(pdf)
        if form.per == "household" and form.copies > 1:
            assert f"{form.name} · 第 {form.copies} 份，共 {form.copies} 份" in text(pdf)  # the footer, in words
    log = text(folder / "blank" / "item_receipt_log.pdf")
    assert "领用人签名" in log and re.search(r"^\s*15\s*$", log, re.MULTILINE)  # 15 rows a page
    assert "预约时间" not in log  # a log is not a unit's form: no unit facts
    assert pages(folder / "blank" / "all.pdf") == sum(pages(folder / "blank" / f"{f.id}.pdf") for f in printed)
    assert not any(u.owner_name in text(folder / "blank" / "all.pdf") for u in units[:20])


def test_forms_are_internal_only(packets):
    folder, units, project = packets
    dist = folder.parents[2]
    public = dist / "public"
    assert not public.exists() or not list(public.rglob("*forms*"))


# Bad input ----------------------------------------------------------------------------------------------------

FORMS = """
forms:
  - id: card
    name: 业主资料卡
    kind: owner_card
    household_types: [company]
"""


def check(repo: Path, capsys) -> str:
    assert main(["--repo", str(repo), "check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_household_type_without_forms_is_an_error_at_its_line(tmp_path, capsys, monkeypatch):
    data = template_text() + FORMS
    repo = make_repo(tmp_path, {"demo": data})
    monkeypatch.chdir(repo)
    err = check(repo, capsys)
    key = line_of(data, "  family:")  # the error points at the key's line or its mapping's first line
    assert any(f"projects/demo/project.yml:{line}:" in err for line in (key, key + 1)), err
    assert "documents.family" in err and "owner_card" in err


def test_a_unit_type_with_an_unknown_room_is_an_error_at_its_line(tmp_path, capsys, monkeypatch):
    data = template_text() + "rooms:\n  - id: living\n    name: 客厅\n    checks: [walls]\n" \
        "unit_types:\n  - id: A\n    name: A 户型\n    rooms: [living, attic]\n"
    repo = make_repo(tmp_path, {"demo": data})
    monkeypatch.chdir(repo)
    err = check(repo, capsys)
    assert f"projects/demo/project.yml:{line_of(data, 'rooms: [living, attic]')}:" in err
    assert "unit_types[1].rooms[2]" in err and "attic" in err


def test_copy_holders_must_match_the_copies(tmp_path, capsys, monkeypatch):
    data = template_text() + FORMS.replace("household_types: [company]", "copies: 2\n    to: [owner]")
    repo = make_repo(tmp_path, {"demo": data})
    monkeypatch.chdir(repo)
    err = check(repo, capsys)
    assert f"projects/demo/project.yml:{line_of(data, 'to: [owner]')}:" in err and "forms[1].to" in err


def test_a_unit_of_a_household_type_without_forms_is_an_error_at_its_row(tmp_path, capsys, monkeypatch):
    data = template_text() + FORMS.replace("[company]", "[family]") + "unit_list: units.csv\n"
    repo = make_repo(tmp_path, {"demo": data})
    (repo / "projects/demo/units.csv").write_text(
        "unit,area_m2,property_type,household_type,owner_name,move_in_date\n"
        "1-101,88.5,residential,family,张三,2027-03-06\n"
        "1-102,72.3,residential,company,某某公司,2027-03-07\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    assert main(["--repo", str(repo), "build", "--only", "forms", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "projects/demo/units.csv:3: household_type:" in err and "company" in err and "Traceback" not in err


def test_an_agreement_form_without_wording_names_the_file_to_write(tmp_path, capsys, monkeypatch):
    data = template_text() + FORMS.replace("name: 业主资料卡\n    kind: owner_card\n    household_types: [company]",
                                           "name: 管理守则\n    kind: agreement") \
        + "agreements:\n  - id: house_rules\n    name: 管理守则\n    form: card\n"
    repo = make_repo(tmp_path, {"demo": data})
    monkeypatch.chdir(repo)
    assert main(["--repo", str(repo), "build", "--only", "forms", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "house_rules" in err and "content/owner/agreements/house_rules.md" in err and "Traceback" not in err
