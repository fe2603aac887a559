"""Files of composed pages joined, and mended unit by unit (engines/compose.py).

A day's packets file and notices.pdf join units' files. Where one unit
changed, splice_files replaces its pages in the joined file instead of
joining every file again: the result must read as the files joined afresh.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from handbook.engines.compose import PART, concatenate_files, splice_files
from handbook.engines.pdf_batch import BatchJob, render_layered
from tests.engines.test_layered_forecast import LONG, NARROW, batch
from tests.reader_view import differences


def composed(folder: Path, names: dict[str, str]) -> dict[str, Path]:
    """Lay out one part per name in layers (two batches); return each part's file."""
    folder.mkdir()
    keys = list(names)
    jobs = [BatchJob(batch({key: names[key] for key in half}), folder, [folder], "part-")
            for half in (keys[:len(keys) // 2], keys[len(keys) // 2:])]
    for _ in render_layered(jobs, folder / "scratch", lambda part, pdf: (folder / f"{part}.pdf").write_bytes(pdf)):
        pass
    return {key: folder / f"{key}.pdf" for key in keys}


def test_a_mended_file_reads_as_the_files_joined_afresh(tmp_path):
    first = composed(tmp_path / "first", {"1-01": NARROW, "1-02": NARROW, "1-03": LONG, "1-04": NARROW})
    again = composed(tmp_path / "again", {"1-02": LONG, "1-04": "Wu"})  # two units changed: one wraps now
    order = list(first)
    joined = tmp_path / "joined.pdf"
    joined.write_bytes(concatenate_files(first.values()))
    with pikepdf.open(joined) as pdf:
        assert [str(page.obj[PART]) for page in pdf.pages] == order
    mended = tmp_path / "mended.pdf"
    mended.write_bytes(splice_files(joined, order, {"1-02": again["1-02"], "1-04": again["1-04"]}))
    afresh = tmp_path / "afresh.pdf"
    afresh.write_bytes(concatenate_files([first["1-01"], again["1-02"], first["1-03"], again["1-04"]]))
    assert not differences(afresh, mended, qr=False)
    assert differences(joined, mended, qr=False)  # the comparison sees a changed unit
    assert mended.stat().st_size < 1.5 * afresh.stat().st_size  # layers and fonts it had are not copied again


def test_a_file_of_other_units_or_order_is_not_mended(tmp_path):
    first = composed(tmp_path / "first", {"1-01": NARROW, "1-02": NARROW, "1-03": LONG})
    joined = tmp_path / "joined.pdf"
    joined.write_bytes(concatenate_files(first.values()))
    assert splice_files(joined, ["1-02", "1-01", "1-03"], {"1-01": first["1-01"]}) is None
    assert splice_files(joined, ["1-01", "1-02"], {"1-01": first["1-01"]}) is None
    assert splice_files(joined, ["1-01", "1-02", "1-03"], {}) == joined.read_bytes()
