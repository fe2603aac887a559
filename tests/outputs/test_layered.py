"""Per-unit paperwork laid out in layers (issue 27): the same documents as the reference renderer, and builds per unit.

The layered renderer (engines/layers.py, layered.py, compose.py) must give a
reader what the whole-document renderer of the same commit gives: the same
words at the same places (0.5 pt), in the same type, and the same QR codes
(tests/reader_view.py). It is compared on the lotus-garden sample (three
languages) and on a generated list with the cases that move a page: long
company and Latin names that wrap, names with & " <, long unit numbers.

A changed unit row makes again only that unit's notice and packet and the
files that list it (by file hashes); --unit reprints one unit; a rebuild
that fails midway leaves dist/ as it was, linked files included.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from handbook.commands.cli import main
from handbook.outputs import forms as forms_output
from handbook.outputs.per_unit import LAYERS
from handbook.outputs.unit_editions import file_name
from tests.conftest import make_sample_repo
from tests.outputs.test_forms import text as pdf_text
from tests.reader_view import differences
from tests.unit_lists import generate

SLUG = "lotus-garden"


def build(repo: Path, out: Path, *options: str) -> int:
    return main(["--repo", str(repo), "build", SLUG, "--only", "notices,forms", "--out", str(out), *options])


def pdfs(folder: Path) -> list[Path]:
    return sorted(path.relative_to(folder) for path in folder.rglob("*.pdf"))


def hashes(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def hard_cases(tmp_path_factory) -> Path:
    """A copy of lotus-garden with a generated list of 70 units: every hard case of tests/unit_lists.py."""
    repo = make_sample_repo(tmp_path_factory.mktemp("hard"), (SLUG,))
    (repo / "projects" / SLUG / "units.csv").write_text(generate(70, seed=3), encoding="utf-8")
    return repo


def test_the_sample_s_notices_and_packets_are_the_reference_s_to_a_reader(sample_repo, tmp_path):
    layered, whole = tmp_path / "layered", tmp_path / "whole"
    assert build(sample_repo, layered) == 0 and build(sample_repo, whole, "--renderer", "whole") == 0
    internal = Path("internal") / SLUG
    made = pdfs(layered / internal)
    assert made == pdfs(whole / internal) and len(made) > 150
    for path in made:
        assert not differences(whole / internal / path, layered / internal / path), path


def test_wrapping_names_and_long_units_read_as_in_the_reference(hard_cases, tmp_path):
    layered, whole = tmp_path / "layered", tmp_path / "whole"
    assert build(hard_cases, layered) == 0 and build(hard_cases, whole, "--renderer", "whole") == 0
    rows = list(csv.DictReader(io.StringIO((hard_cases / "projects" / SLUG / "units.csv").read_text(encoding="utf-8"))))
    hard = [row for row in rows
            if len(row["owner_name"]) > 12 or len(row["unit"]) > 8 or set("&\"<") & set(row["owner_name"])]
    assert len(hard) >= 8
    internal = Path("internal") / SLUG
    names = {row["unit"]: row for row in rows}
    checked = 0
    for folder in ("notices", "forms/units"):
        for path in pdfs(layered / internal / folder):
            unit = next((unit for unit in names if path.stem in (unit, _file(unit))), None)
            if unit is None or names[unit] not in hard:
                continue
            checked += 1
            assert not differences(whole / internal / folder / path, layered / internal / folder / path), path
    assert checked >= 2 * len(hard) - 2
    for path in pdfs(layered / internal / "forms" / "days"):  # the day files join the units' files
        assert not differences(whole / internal / "forms/days" / path, layered / internal / "forms/days" / path,
                               qr=False), path


def _file(unit: str) -> str:
    """Return a unit's file name (without .pdf), as the outputs name it."""
    return file_name(unit, set())


def test_a_changed_row_makes_again_only_that_unit_s_files_and_the_sheets_listing_it(hard_cases, tmp_path):
    out = tmp_path / "dist"
    assert build(hard_cases, out) == 0
    before = hashes(out / "internal" / SLUG)
    units = hard_cases / "projects" / SLUG / "units.csv"
    rows = list(csv.DictReader(io.StringIO(units.read_text(encoding="utf-8"))))
    row = next(row for row in rows if row["appointment"] and row["language"] == "" and len(row["owner_name"]) == 3)
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace(f",{row['owner_name']},", f",{row['owner_name'][:2]}新,", 1), encoding="utf-8")
    assert build(hard_cases, out) == 0
    after = hashes(out / "internal" / SLUG)
    changed = {name for name in after if before.get(name) != after[name]}
    key, day = _file(row["unit"]), row["appointment"][:10]
    assert changed == {
        f"notices/{key}.pdf", "notices/notices.pdf", "notices/.units.json",  # summary.csv has no names
        f"forms/units/{key}.pdf", f"forms/days/{day}-packets.pdf", f"forms/days/{day}-sign-in.pdf",
        f"forms/days/{day}-sign-in-staff.pdf", f"forms/days/{day}-keys.pdf", "forms/.units.json",
    }
    assert set(after) == set(before)


def test_a_fee_rule_makes_again_the_notices_it_changes_and_no_packet(tmp_path):
    """A standard space's rent: the notices that print it (renting one, or listing it as an option) and no other."""
    repo = make_sample_repo(tmp_path / "repo", (SLUG,))
    out = tmp_path / "dist"
    assert build(repo, out) == 0
    folder = out / "internal" / SLUG
    before, words = hashes(folder), {path.name: pdf_text(path) for path in (folder / "notices").glob("*.pdf")}
    data = repo / "projects" / SLUG / "project.yml"
    rate = "tenure: rented, monthly: 450.00"
    assert data.read_text(encoding="utf-8").count(rate) == 1
    data.write_text(data.read_text(encoding="utf-8").replace(rate, "tenure: rented, monthly: 460.00"), encoding="utf-8")
    assert build(repo, out) == 0
    after = hashes(folder)
    reworded = {name for name, text in words.items() if pdf_text(folder / "notices" / name) != text}
    remade = {name[len("notices/"):] for name in after if name.startswith("notices/") and name.endswith(".pdf")
              and before[name] != after[name]}
    # every notice whose words changed is made again; one whose statement changed but prints the same words may
    # be too (its rules are what it is made from); the others are left as they were
    assert reworded and reworded <= remade and len(remade) < len(words) - 1
    assert not [name for name in after if name.startswith("forms/") and before.get(name) != after[name]
                and not name.endswith(".units.json") and f"/{LAYERS}/" not in name]


def test_unit_reprints_one_unit_and_refuses_a_unit_not_listed(tmp_path, capsys):
    repo = make_sample_repo(tmp_path / "repo", (SLUG,))
    out = tmp_path / "dist"
    assert build(repo, out) == 0
    folder = out / "internal" / SLUG
    before = {path: path.stat().st_ino for path in folder.rglob("*.pdf")}
    assert main(["--repo", str(repo), "build", SLUG, "--unit", "1-0403", "--out", str(out)]) == 0
    written = {str(path.relative_to(folder)) for path in folder.rglob("*.pdf")
               if before.get(path) != path.stat().st_ino}
    # the same unit again, the same bytes: what is written anew is told by the file (a new inode), not its bytes
    assert written == {"notices/1-0403.pdf", "forms/units/1-0403.pdf", "notices/notices.pdf",
                       "forms/days/2027-03-08-packets.pdf"}
    unchanged = hashes(folder)
    assert main(["--repo", str(repo), "build", SLUG, "--unit", "9-9999", "--out", str(out)]) == 1
    assert "9-9999" in capsys.readouterr().err
    assert hashes(folder) == unchanged


def test_a_rebuild_failing_midway_leaves_dist_as_it_was(tmp_path, monkeypatch):
    """Staging links the previous packets; a unit's new packet replaces its link, never writes through it."""
    repo = make_sample_repo(tmp_path / "repo", (SLUG,))
    out = tmp_path / "dist"
    assert build(repo, out) == 0
    before = hashes(out)
    units = repo / "projects" / SLUG / "units.csv"
    units.write_text(units.read_text(encoding="utf-8-sig").replace("潘轩梓", "潘轩", 1), encoding="utf-8")

    def fail(*args, **kwargs):
        raise RuntimeError("stopped")  # as a kill would stop it: after the unit's files, before the day's
    monkeypatch.setattr(forms_output, "join_packets", fail)
    assert build(repo, out) == 1
    assert {name: digest for name, digest in hashes(out).items() if not name.startswith(".")} == \
        {name: digest for name, digest in before.items() if not name.startswith(".")}


def test_a_rebuild_prints_on_the_static_layers_the_full_build_kept(tmp_path):
    """The layers of each kind of page are kept (per_unit.LAYERS): a changed row lays out its words, not its pages."""
    repo = make_sample_repo(tmp_path / "repo", (SLUG,))
    out, fresh = tmp_path / "dist", tmp_path / "fresh"
    assert build(repo, out) == 0
    internal = out / "internal" / SLUG
    kept = {path: path.stat().st_ino for folder in ("notices", "forms")
            for path in (internal / folder / LAYERS).rglob("*") if path.is_file()}
    assert any(path.suffix == ".json" for path in kept) and all(path.suffix != ".pdf" for path in kept)
    units = repo / "projects" / SLUG / "units.csv"
    text = units.read_text(encoding="utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    units.write_text(text.replace(row["owner_name"], "欧阳新名", 1), encoding="utf-8")
    assert build(repo, out) == 0
    assert {path: path.stat().st_ino for path in kept} == kept  # none laid out again, none rewritten
    assert build(repo, fresh, "--force") == 0
    key = _file(row["unit"])
    for path in (f"notices/{key}.pdf", f"forms/units/{key}.pdf", "notices/notices.pdf"):
        assert not differences(fresh / "internal" / SLUG / path, internal / path), path
