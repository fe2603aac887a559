"""The layered renderer's forecast of wrapping words, and its way back when the forecast is wrong (engines/layered.py).

Before any page of words is laid out, the lines each variable element will
take are counted (forecast) where they may differ from its static layer's:
a section that wraps otherwise is printed at once on a layer of its own
lines. An element that the forecast takes to fit its layer's one line (no
longer by text_measure) is not measured: where it wraps all the same (wide
Latin letters against narrow ones), its part waits for a layer of its lines
(finish_batch). Either way the document is the reference renderer's to a
reader.
"""

from __future__ import annotations

from handbook.engines import pdf_batch
from handbook.engines.layered import _one_line
from handbook.engines.layers import Slot, Variable, text_measure
from handbook.engines.pdf_batch import BatchJob, render_batch, render_layered, split
from tests.reader_view import differences

NARROW = "Lilli Ill Jilli"  # most owners: the static layer holds the room of a name like theirs, on one line
WIDE = "WWMWW MWWMW WM"  # no longer by text_measure, far wider: wraps in the cell
LONG = "深圳市宝安区瑞丰投资发展有限公司"  # longer: measured before its page of words is laid out, wraps
HEAD = """<!DOCTYPE html><html lang="en"><head><style>
@page { size: A5; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 12pt; margin: 0; }
table { table-layout: fixed; width: 100%; border-collapse: collapse; }
th { width: 30mm; } th, td { border: 0.5pt solid black; padding: 1mm; text-align: left; vertical-align: top; }
section + section { break-before: page; }
.name { width: 36mm; }
</style></head><body>"""
SECTION = ('<section id="part-{key}"><h1>Move-in form</h1><table><tr><th>Owner</th>'
           '<td><div class="name" data-var>{name}</div><!--var--></td></tr>'
           '<tr><th>Unit</th><td><div data-var>{key}</div><!--var--></td></tr></table>'
           '<p>Signed by the owner on the day of the move-in, in front of the staff.</p></section>')


def batch(names: dict[str, str]) -> str:
    return HEAD + "".join(SECTION.format(key=key, name=name) for key, name in names.items()) + "</body></html>"


def test_a_word_no_longer_but_wider_is_taken_to_fit_one_line():
    slot = Slot(0, 0, 0, 136, 20, 1, "", measure=text_measure(Variable("div", "", NARROW)))
    assert _one_line(Variable("div", "", WIDE), slot)
    assert not _one_line(Variable("div", "", LONG), slot)
    assert not _one_line(Variable("div", "", ""), slot)  # an empty one takes no line at all: measured


def test_forecast_words_and_words_that_wait_read_as_the_reference(tmp_path, monkeypatch):
    batches = [{f"1-{n:02d}": NARROW for n in range(6)} | {"1-90": LONG},
               {f"2-{n:02d}": NARROW for n in range(5)} | {"2-90": WIDE, "2-91": LONG}]
    finished = tmp_path / "finished.txt"  # what finish_batch wrote, as forked children tell it

    def spied(*args, **kwargs):
        pages = original(*args, **kwargs)
        with finished.open("a", encoding="utf-8") as out:
            out.write("".join(f"{part}\n" for part in pages))
        return pages
    original = pdf_batch.finish_batch
    monkeypatch.setattr(pdf_batch, "finish_batch", spied)
    layered, whole = tmp_path / "layered", tmp_path / "whole"
    layered.mkdir()
    whole.mkdir()
    jobs = [BatchJob(batch(names), tmp_path, [tmp_path], "part-") for names in batches]
    counts = list(render_layered(jobs, tmp_path / "scratch", lambda part, pdf: (layered / f"{part}.pdf").write_bytes(pdf)))
    assert [batch.pages for batch in counts] == [{key: 1 for key in names} for names in batches]
    for job in jobs:
        reference = render_batch(job)
        for part, pdf in split(reference.pdf, reference.parts):
            (whole / f"{part}.pdf").write_bytes(pdf)
    assert sorted(path.name for path in layered.iterdir()) == sorted(path.name for path in whole.iterdir())
    for path in whole.iterdir():
        assert not differences(path, layered / path.name, qr=False), path.name
    assert finished.read_text(encoding="utf-8").split() == ["2-90"]  # the long name was forecast; the wide one waited
