"""A unit list saved in any encoding Excel writes gives the same notices; one that cannot be read surely is refused."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import get_args

import pytest
from openpyxl import Workbook

from handbook.commands.cli import main
from handbook.commands.schema import schema_text
from handbook.errors import ProjectInvalid
from handbook.i18n.messages import catalogue
from handbook.model.project import UnitListEncoding
from handbook.source.unit_files import CODECS, decode_unit_list
from handbook.source.units import read_rows
from tests.conftest import make_repo, template_in

COLUMNS = ["unit", "building", "area_m2", "property_type", "household_type", "owner_name", "move_in_date"]
OWNERS = ["梁嘉欣", "陳大文", "黃志明", "李美玲"]  # in Big5
HKSCS_OWNERS = OWNERS + ["何𨋢", "陳𤧟"]  # Hong Kong characters: in Big5-HKSCS, not in Big5 or cp950
# Excel's ways of saving: label -> (codec, separator); a tab-separated UTF-16 file is its "Unicode text".
SAVED = {
    "utf-8": ("utf-8", ","), "utf-8-bom": ("utf-8-sig", ","), "utf-16": ("utf-16", "\t"),
    "gb18030": ("gb18030", ","), "cp950": ("cp950", ","), "big5": ("big5", ","), "big5-hkscs": ("big5hkscs", ","),
}
# Each list is compared with one build of it (a notice's font subset holds every name of its list);
# cp950 writes these names with Big5's bytes, so the two share a build.
REFERENCE = {tuple(OWNERS): "xlsx", tuple(HKSCS_OWNERS): "utf-8"}
CASES = [(OWNERS, label) for label in ("cp950", "big5")] + \
        [(HKSCS_OWNERS, label) for label in ("utf-8-bom", "utf-16", "gb18030", "big5-hkscs")]


def rows(owners: list[str]) -> list[list[str]]:
    return [[f"1-{i:02d}", "1座", "72.30", "residential", "family", owner, f"2027-03-{i + 8:02d}"]
            for i, owner in enumerate(owners, start=1)]


def unit_list(owners: list[str], separator: str = ",") -> str:
    return "".join(separator.join(row) + "\r\n" for row in [COLUMNS] + rows(owners))


def project(root: Path, languages: str = "[zh-HK]", extra: str = "") -> Path:
    """Return a repository with one project, demo, whose unit list is units.csv."""
    text = template_in(languages)
    make_repo(root, {"demo": text + "unit_list: units.csv\n" + extra})
    return root / "projects/demo"


def save(folder: Path, owners: list[str], label: str) -> None:
    if label == "xlsx":
        book = Workbook()
        for row in [COLUMNS] + rows(owners):
            book.active.append(row)
        book.save(folder / "units.xlsx")
        data = folder / "project.yml"
        data.write_text(data.read_text(encoding="utf-8").replace("units.csv", "units.xlsx"), encoding="utf-8")
        return
    (folder / "units.csv").write_bytes(saved(owners, label))


def saved(owners: list[str], label: str) -> bytes:
    codec, separator = SAVED[label]
    return unit_list(owners, separator).encode(codec)


def build(root: Path) -> int:
    return main(["--repo", str(root), "build", "demo", "--only", "notices", "--out", str(root / "dist")])


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def notices(tmp_path_factory):
    """Return the notices folder of the demo project built with a unit list saved one way, built once."""
    built: dict[tuple[object, ...], Path] = {}

    def notices_of(owners: list[str], label: str) -> Path:
        key = (*owners, label if label == "xlsx" else saved(owners, label))
        if key not in built:
            root = tmp_path_factory.mktemp(label)
            save(project(root), owners, label)
            assert build(root) == 0
            built[key] = root / "dist/internal/demo/notices"
        return built[key]

    return notices_of


@pytest.mark.parametrize("owners, label", CASES, ids=[f"{label}-{len(owners)}" for owners, label in CASES])
def test_every_encoding_gives_the_same_notices(notices, owners, label):
    expected, got = notices(owners, REFERENCE[tuple(owners)]), notices(owners, label)
    for (unit, *_), owner in zip(rows(owners), owners):
        assert (got / f"{unit}.pdf").read_bytes() == (expected / f"{unit}.pdf").read_bytes(), unit
        assert f"尊敬的{owner}" in pdf_text(got / f"{unit}.pdf")
    assert (got / "summary.csv").read_bytes() == (expected / "summary.csv").read_bytes()


@pytest.mark.parametrize("tag", ["zh-HK", "zh-MO", "zh-TW"])
def test_a_big5_list_is_not_read_as_gb18030(tag):
    owners = ["梁嘉欣", "陳大文", "黃志明", "李美玲", "張偉強", "何家豪", "林淑儀", "吳詠詩", "鄭國華", "劉德明",
              "周慧敏", "馮子健", "蔡嘉怡"]
    raw = unit_list(owners).encode("big5")
    assert "辩古猋" in raw.decode("gb18030")  # what the owner's notice used to print
    read = decode_unit_list(raw, "units.csv", catalogue(tag), (tag,))
    assert read.text == unit_list(owners) and read.encoding == "big5"


def test_a_list_that_reads_plausibly_in_two_encodings_is_refused_until_one_is_named(tmp_path, capsys):
    folder = project(tmp_path)
    (folder / "units.csv").write_bytes(unit_list(["陳詠婷"]).encode("big5"))  # also reads as plausible GB18030
    assert build(tmp_path) == 1
    err = capsys.readouterr().err
    assert "projects/demo/units.csv:2:2: building:" in err and "big5: 1座" in err and "gb18030: 1畒" in err
    assert "unit_list_encoding: big5" in err and "Traceback" not in err

    data = folder / "project.yml"
    data.write_text(data.read_text(encoding="utf-8") + "unit_list_encoding: big5\n", encoding="utf-8")
    assert build(tmp_path) == 0
    assert "尊敬的陳詠婷" in pdf_text(tmp_path / "dist/internal/demo/notices/1-01.pdf")


def test_a_private_use_character_is_refused_with_its_place(tmp_path, capsys):
    folder = project(tmp_path)
    (folder / "units.csv").write_bytes(unit_list(["梁嘉欣", "何\ue677"]).encode("utf-8"))
    assert build(tmp_path) == 1
    err = capsys.readouterr().err
    assert "projects/demo/units.csv:3:6: owner_name:" in err and "U+E677" in err and "EUDC" in err
    assert "Traceback" not in err


def test_a_big5_list_named_gb18030_points_at_big5_hkscs(tmp_path, capsys):
    folder = project(tmp_path, extra="unit_list_encoding: gb18030\n")
    (folder / "units.csv").write_bytes(unit_list(["梁嘉欣", "陳大文"]).encode("big5"))  # 大 reads as U+E610
    assert build(tmp_path) == 1
    err = capsys.readouterr().err
    assert "units.csv:3:6: owner_name:" in err and "U+E610" in err and "unit_list_encoding: big5-hkscs" in err


def test_a_named_encoding_that_does_not_fit_says_where(tmp_path):
    raw = unit_list(["梁嘉欣", "何𨋢"]).encode("utf-8")
    with pytest.raises(ProjectInvalid) as caught:
        decode_unit_list(raw, "units.csv", catalogue("en"), ("zh-HK",), named="big5")
    assert str(caught.value).startswith("units.csv:2: the unit list cannot be read as big5")


def test_a_private_use_character_in_a_spreadsheet_is_refused_with_its_place(tmp_path):
    save(project(tmp_path), ["梁嘉欣", "何\ue677"], "xlsx")
    path = tmp_path / "projects/demo/units.xlsx"
    with pytest.raises(ProjectInvalid) as caught:
        read_rows(path, "units.xlsx", catalogue("en"))
    assert str(caught.value).startswith('units.xlsx:3:6: owner_name: "何\ue677" holds U+E677')
    assert "EUDC" in str(caught.value)


def test_cp950_writes_these_names_as_big5_does():
    assert saved(OWNERS, "cp950") == saved(OWNERS, "big5")


def test_utf16_is_read_as_tab_separated():
    read = decode_unit_list(unit_list(OWNERS, "\t").encode("utf-16"), "units.csv", catalogue("en"))
    assert (read.encoding, read.delimiter) == ("utf-16", "\t")


def test_the_encodings_project_yml_accepts_are_the_ones_read():
    assert set(CODECS) == set(get_args(UnitListEncoding))
    field = json.loads(schema_text())["properties"]["unit_list_encoding"]
    assert field["anyOf"][0]["enum"] == list(get_args(UnitListEncoding))
