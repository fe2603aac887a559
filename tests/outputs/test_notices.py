"""Unit lists, per-unit notices and summary.csv, checked against the fee engine and read back from the PDFs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from handbook.commands.cli import main
from handbook.derive.fees import UnitFacts, statement
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import REPO_ROOT, edit_sample, make_sample_repo

COLUMNS = ["unit", "building", "floor", "phase", "unit_type", "area_m2", "property_type", "household_type",
           "owner_name", "move_in_date", "appointment", "proxy", "parking", "parking_type", "extra_cards",
           "refuses_prepayment", "language"]
NAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def generated_rows(count: int, seed: int = 7) -> list[dict[str, str]]:
    """Return an invented lotus-garden unit list of count units (some with unsafe characters in the unit)."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        phase = "phase-1" if i % 3 else "phase-2"
        start = dt.date(2027, 3, 6) if phase == "phase-1" else dt.date(2027, 9, 11)
        day = start + dt.timedelta(days=rng.randint(0, 14))
        parking = rng.choice(["none", "none", "bought", "rented"])
        rows.append({
            "unit": f"{i // 40 + 1}栋/{i:04d}" if i % 50 == 0 else f"{i // 40 + 1}-{i:04d}",
            "building": f"{i // 40 + 1}栋", "floor": str(i % 30 + 2), "phase": phase, "unit_type": rng.choice("ABC"),
            "area_m2": rng.choice(["88.88", "72.30", "118.60", "101.01"]), "property_type": "residential",
            "household_type": rng.choice(["family", "family", "company", "transfer"]),
            "owner_name": rng.choice(NAMES) + rng.choice("伟芳娜敏静丽强磊军洋") + str(i),
            "move_in_date": day.isoformat(),
            "appointment": f"{day.isoformat()} {rng.choice(['09', '10', '14', '15'])}:{rng.choice(['00', '30'])}",
            "proxy": rng.choice(["yes", "no", "no"]), "parking": parking,
            "parking_type": "" if parking == "none" else rng.choice(["standard", "large"]),
            "extra_cards": str(rng.choice([0, 0, 1, 2])), "refuses_prepayment": rng.choice(["no", "no", "yes"]),
            "language": "",
        })
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def repo_with_units(root: Path, file_name: str, writer) -> Path:
    repo = make_sample_repo(root, ("lotus-garden",))
    (repo / "projects/lotus-garden/units.csv").unlink()
    writer(repo / "projects/lotus-garden" / file_name)
    edit_sample(repo, "lotus-garden", "unit_list: units.csv", f"unit_list: {file_name}")
    return repo


def build_notices(repo: Path) -> Path:
    assert main(["--repo", str(repo), "build", "lotus-garden", "--only", "notices"]) == 0
    return repo / "dist/internal/lotus-garden/notices"


@pytest.fixture(scope="module")
def three_hundred(tmp_path_factory) -> tuple[Path, list[dict[str, str]]]:
    rows = generated_rows(300)
    repo = repo_with_units(tmp_path_factory.mktemp("repo"), "units.csv", lambda p: write_csv(p, rows))
    return build_notices(repo), rows


def test_one_notice_per_unit_each_naming_its_unit_and_owner(three_hundred):
    folder, rows = three_hundred
    files = sorted(p.name for p in folder.glob("*.pdf") if p.name != "notices.pdf")
    assert len(files) == 300
    assert "1栋-0000.pdf" in files and not any("/" in name for name in files)  # unsafe characters replaced
    for row in rows[::37]:
        name = row["unit"].replace("/", "-")
        text = subprocess.run(["pdftotext", str(folder / f"{name}.pdf"), "-"], capture_output=True, text=True).stdout
        assert row["unit"] in text and row["owner_name"] in text
    info = subprocess.run(["pdfinfo", str(folder / "notices.pdf")], capture_output=True, text=True).stdout
    assert "Pages:           300" in info


def test_the_combined_pdf_is_in_appointment_order(three_hundred):
    folder, rows = three_hundred
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "3", str(folder / "notices.pdf"), "-"],
                          capture_output=True, text=True).stdout
    earliest = sorted(rows, key=lambda r: (r["appointment"], r["unit"]))[:3]
    positions = [text.index(row["owner_name"]) for row in earliest]
    assert positions == sorted(positions)


def test_summary_csv_agrees_with_the_fee_engine(three_hundred):
    folder, rows = three_hundred
    raw = (folder / "summary.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == 300
    header = list(table[0])
    assert header[:5] == ["unit", "household_type", "cashier_day", "billing_start", "options"]
    assert header[-3:] == ["total_property", "total_developer", "total"]
    project = load_project(ProjectSource("lotus-garden", REPO_ROOT / "projects/lotus-garden")).project
    by_unit = {row["unit"]: row for row in table}
    for row in rows[::13]:
        facts = UnitFacts(Decimal(row["area_m2"]), "residential", dt.date.fromisoformat(row["move_in_date"]),
                          row["phase"], row["parking"], row["parking_type"] or None, int(row["extra_cards"]),
                          row["refuses_prepayment"] == "yes", household_type=row["household_type"])
        expected = statement(project, facts)
        got = by_unit[row["unit"]]
        assert got["billing_start"] == expected.billing_start.isoformat()
        assert got["cashier_day"] == row["appointment"][:10]
        assert Decimal(got["total"]) == expected.owner_total
        assert Decimal(got["total_developer"]) == expected.total(payer="owner", collector="developer")
        for line in expected.lines:
            if line.payer == "owner":
                assert Decimal(got[line.id]) == line.amount


def summary(folder: Path) -> bytes:
    return (folder / "summary.csv").read_bytes()


def test_gb18030_csv_and_xlsx_give_the_same_result_as_utf8(tmp_path):
    rows = generated_rows(30, seed=3)
    utf8 = build_notices(repo_with_units(tmp_path / "a", "units.csv", lambda p: write_csv(p, rows)))
    gbk = build_notices(repo_with_units(tmp_path / "b", "units.csv", lambda p: write_csv(p, rows, "gb18030")))

    def write_xlsx(path: Path) -> None:
        book = Workbook()
        sheet = book.active
        sheet.append(COLUMNS)
        for row in rows:
            values = [row[c] for c in COLUMNS]
            values[COLUMNS.index("area_m2")] = float(row["area_m2"])  # Excel stores numbers and dates natively
            values[COLUMNS.index("move_in_date")] = dt.date.fromisoformat(row["move_in_date"])
            values[COLUMNS.index("appointment")] = dt.datetime.fromisoformat(row["appointment"])
            values[COLUMNS.index("extra_cards")] = int(row["extra_cards"])
            sheet.append(values)
        book.save(path)

    xlsx = build_notices(repo_with_units(tmp_path / "c", "units.xlsx", write_xlsx))
    assert summary(utf8) == summary(gbk) == summary(xlsx)
    assert sorted(p.name for p in utf8.glob("*.pdf")) == sorted(p.name for p in xlsx.glob("*.pdf"))


def test_every_bad_row_is_reported_with_its_line_and_none_is_dropped(tmp_path, capsys):
    rows = generated_rows(8, seed=5)
    rows[1]["area_m2"] = "八十"
    rows[2]["household_type"] = "villa"
    rows[3]["unit"] = rows[0]["unit"]
    rows[4]["move_in_date"] = "2027-02-30"
    rows[5]["proxy"] = "maybe"
    rows[6]["parking"], rows[6]["parking_type"] = "bought", "helipad"
    repo = repo_with_units(tmp_path, "units.csv", lambda p: write_csv(p, rows))
    assert main(["--repo", str(repo), "build", "lotus-garden", "--only", "notices"]) == 1
    err = capsys.readouterr().err
    for line, field in [(3, "area_m2"), (4, "household_type"), (5, "unit"), (6, "move_in_date"), (7, "proxy"),
                        (8, "parking_type")]:
        assert f"units.csv:{line}: {field}:" in err, (line, field)
    assert "Traceback" not in err
    assert not (repo / "dist/internal/lotus-garden").exists()


def test_a_csv_in_neither_utf8_nor_gb18030_names_the_encoding_problem(tmp_path, capsys):
    rows = generated_rows(3)
    repo = repo_with_units(tmp_path, "units.csv",
                           lambda p: p.write_bytes(",".join(COLUMNS).encode() + b"\r\n\xff\xfe\xfd\x80\r\n"))
    assert main(["--repo", str(repo), "build", "lotus-garden", "--only", "notices"]) == 1
    assert "GB18030" in capsys.readouterr().err
    assert rows


def test_an_owner_name_on_a_public_page_fails_the_audit(tmp_path, capsys):
    rows = generated_rows(5)
    repo = repo_with_units(tmp_path, "units.csv", lambda p: write_csv(p, rows))
    page = repo / "projects/lotus-garden/content/owner/thanks.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"# 鸣谢\n\n感谢业主{rows[2]['owner_name']}的建议。\n", encoding="utf-8")
    page.with_name("thanks.en.md").write_text("# Thanks\n\nThanks to an owner for a suggestion.\n", encoding="utf-8")
    assert main(["--repo", str(repo), "build", "lotus-garden", "--only", "site,notices"]) == 1
    err = capsys.readouterr().err
    assert "thanks/index.html" in err and "owner_name" in err
