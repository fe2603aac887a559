"""The English edition of lotus-garden reads as written by a person: no "(s)", no cheque-style "00/100".

Every English output of the built sample is read back: the owner site's pages, the guide and the boards
(pdftotext), and the internal outputs in English (files named .en., and the notices of units whose owners
read English).
"""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECTS

SLUG = "lotus-garden"
SHOUTS = re.compile(r"\w\((?:s|es|ies)\)|\d\d/100\b")  # photocopy(ies), unit(s); and 00/100


def english_notices(internal: Path) -> list[Path]:
    """Return the notices of the units whose owners read English (the unit list's language column)."""
    with open(PROJECTS / SLUG / "units.csv", encoding="utf-8-sig", newline="") as f:
        units = [row["unit"] for row in csv.DictReader(f) if row["language"] == "en"]
    return [internal / "notices" / f"{unit}.pdf" for unit in units]


def english_outputs(dist: Path) -> list[Path]:
    public, internal = dist / "public" / SLUG / "en", dist / "internal" / SLUG
    return sorted(public.rglob("*.html")) + sorted(public.rglob("*.pdf")) + \
        sorted(path for path in internal.rglob("*.en.*") if path.suffix in (".pdf", ".html", ".csv")) + \
        english_notices(internal)


def text_of(path: Path) -> str:
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def outputs(samples_dist: Path) -> dict[str, str]:
    return {str(path.relative_to(samples_dist)): text_of(path) for path in english_outputs(samples_dist)}


def test_the_english_outputs_read_are_the_ones_that_print_plurals_and_totals(outputs):
    names = set(outputs)
    assert f"public/{SLUG}/en/fees/index.html" in names
    assert f"public/{SLUG}/en/downloads/move-in-guide.en.pdf" in names
    assert f"public/{SLUG}/en/downloads/boards/fee-guide.en.pdf" in names
    assert f"internal/{SLUG}/notices/2-0601.pdf" in names
    guide = outputs[f"public/{SLUG}/en/downloads/move-in-guide.en.pdf"]
    assert re.search(r"\b1 photocopy\b", guide) and re.search(r"\b3 photocopies\b", guide)
    assert re.search(r"\b3 months\b", outputs[f"internal/{SLUG}/notices/2-0601.pdf"])


def test_no_english_output_says_s_in_brackets_or_writes_a_total_like_a_cheque(outputs):
    found = {name: sorted({" ".join(text[max(0, match.start() - 30):match.end()].split())
                           for match in SHOUTS.finditer(text)}) for name, text in outputs.items()}
    found = {name: matches for name, matches in found.items() if matches}
    assert not found, "\n".join(f"{name}: …{' / …'.join(matches)}" for name, matches in found.items())


def test_english_totals_print_the_figure_without_an_empty_in_words(outputs):
    for name in (f"public/{SLUG}/en/downloads/move-in-guide.en.pdf", f"internal/{SLUG}/notices/2-0601.pdf"):
        text = " ".join(outputs[name].split())
        assert re.search(r"(Total the owner pays at move-in|Total to pay): ¥[\d,]+\.\d\d", text), name
        assert "In words:" not in text and "()" not in text, name
