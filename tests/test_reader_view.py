"""Tests for tests/reader_view.py: it finds what a reader would see differ between two PDFs, and only that.

Each test lays out tiny HTML with WeasyPrint in the project's CJK face, so pdfium and poppler read real embedded
fonts, and changes one thing a reader would (or would not) notice.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
import segno
import weasyprint

from tests.reader_view import Font, differences, read, same_to_reader

STYLE = '@page { size: A6; margin: 10mm } html { font-family: "Noto Sans CJK SC"; font-size: 10pt }'
LETTER = "<p>尊敬的<span class=v>潘轩梓</span>：您购买的 <span class=v>1-0403</span> 已具备入伙条件。</p>"


def qr(payload: str) -> str:
    """Return an <img> of a QR code (not a Micro QR, which segno.make picks for short text and zbar cannot read)."""
    uri = segno.make_qr(payload).svg_data_uri(border=2)
    return f'<img src="{uri}" style="width: 25mm; height: 25mm">'


def pdf(folder: Path, name: str, body: str, css: str = "") -> Path:
    path = folder / f"{name}.pdf"
    weasyprint.HTML(string=f"<style>{STYLE}{css}</style>{body}").write_pdf(path)
    return path


def test_the_same_html_twice_is_the_same(tmp_path):
    body = LETTER + qr("unit=1-0403")
    assert not same_to_reader(pdf(tmp_path, "a", body), pdf(tmp_path, "b", body))


@pytest.mark.parametrize("side, dx, dy", [("left", 1, 0), ("top", 0, 1)])
def test_a_word_moved_by_1pt_differs_and_says_where(tmp_path, side, dx, dy):
    a = pdf(tmp_path, "a", "<p>单元</p><p>潘轩梓</p>")
    b = pdf(tmp_path, "b", f'<p>单元</p><p style="padding-{side}: 1pt">潘轩梓</p>')
    (x, y), = [w.box[:2] for w in read(a, qr=False)[0].words if w.text == "潘轩梓"]
    assert differences(a, b) == [f"page 1: '潘轩梓' at ({x:.1f}, {y:.1f}) in a, "
                                 f"nearest in b at ({x + dx:.1f}, {y + dy:.1f})"]


def test_a_word_moved_by_02pt_is_within_tolerance(tmp_path):
    a = pdf(tmp_path, "a", "<p>潘轩梓</p>")
    b = pdf(tmp_path, "b", '<p style="margin-left: 0.2pt">潘轩梓</p>')
    assert not differences(a, b)
    assert differences(a, b, tolerance=0.1)  # it did move


def test_bold_and_regular_differ_in_font_only(tmp_path):
    a = pdf(tmp_path, "a", "<p>单元 潘轩梓</p>")
    b = pdf(tmp_path, "b", "<p>单元 <b>潘轩梓</b></p>")  # CJK glyphs are 1em in both weights: nothing moves
    found = differences(a, b)
    assert len(found) == 1 and "'潘轩梓'" in found[0], found
    assert found[0].endswith(": Noto Sans CJK SC 400 in a, Noto Sans CJK SC 700 in b"), found


def test_touching_runs_in_two_fonts_are_one_word_with_a_font_per_character(tmp_path):
    words = read(pdf(tmp_path, "a", "<p><b>粗体</b>普通</p>"), qr=False)[0].words
    bold, regular = Font("Noto Sans CJK SC", 700), Font("Noto Sans CJK SC", 400)
    assert [(w.text, w.fonts) for w in words] == [("粗体普通", (bold, bold, regular, regular))]


def test_a_qr_code_with_another_payload_differs(tmp_path):
    a = pdf(tmp_path, "a", LETTER + qr("unit=1-0403"))
    b = pdf(tmp_path, "b", LETTER + qr("unit=2-0302"))
    assert differences(a, b) == ["page 1: QR ['unit=1-0403'] in a, ['unit=2-0302'] in b"]
    assert not differences(a, b, qr=False)


def test_every_code_of_a_page_is_read_sorted(tmp_path):
    page, = read(pdf(tmp_path, "a", qr("b-second") + qr("a-first") + "<p>单元</p>"))
    assert page.qr == ["a-first", "b-second"]


def test_a_code_drawn_module_by_module_is_read(tmp_path):
    """A code drawn as a square per dark module (hundreds of page objects) is cropped for zbar as one code."""
    matrix = segno.make_qr("unit=1-0403").matrix
    squares = "".join(f'<i style="position: absolute; left: {10 + 2 * x}pt; top: {60 + 2 * y}pt"></i>'
                      for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark)
    css = "i { width: 2pt; height: 2pt; background: black }"
    page, = read(pdf(tmp_path, "a", "<p>单元</p>" + squares, css))
    assert page.qr == ["unit=1-0403"]


def test_a_page_more_differs(tmp_path):
    a = pdf(tmp_path, "a", "<p>第一页</p>")
    b = pdf(tmp_path, "b", '<p>第一页</p><p style="break-before: page">第二页</p>')
    assert differences(a, b) == ["page count: 1 in a, 2 in b"]


def test_drawing_order_does_not_matter(tmp_path):
    """The same words at the same places, drawn in the other order, are the same to a reader."""
    first = '<p style="position: absolute; top: 20mm; left: 10mm">单元</p>'
    second = '<p style="position: absolute; top: 30mm; left: 40mm">潘轩梓</p>'
    a, b = pdf(tmp_path, "a", first + second), pdf(tmp_path, "b", second + first)
    assert [w.text for w in read(a, qr=False)[0].words] == ["单元", "潘轩梓"]
    assert not same_to_reader(a, b)


def test_a_page_merged_from_two_layers_reads_as_the_page_laid_out_once(tmp_path):
    """A static layer and a variable layer merged with pikepdf read as one layout: pdftotext splits '尊敬的潘轩梓：'
    where the layers meet, reader_view joins the touching words again. A variable layer 1pt off differs."""
    body = LETTER + qr("unit=1-0403")
    once = pdf(tmp_path, "once", body)
    static = pdf(tmp_path, "static", body, ".v { visibility: hidden }")

    def merged(name: str, shift: str) -> Path:
        variable = pdf(tmp_path, f"{name}-variable", body,
                       f"body {{ visibility: hidden }} .v {{ visibility: visible }} p {{ margin-left: {shift} }}")
        with pikepdf.open(static) as page, pikepdf.open(variable) as layer:
            page.pages[0].add_overlay(layer.pages[0])
            page.save(tmp_path / f"{name}.pdf")
        return tmp_path / f"{name}.pdf"

    assert not same_to_reader(once, merged("merged", "0"))
    found = same_to_reader(once, merged("shifted", "1pt"))
    assert any("'尊敬的潘轩梓：您购买的'" in line for line in found), found


def test_pages_selects_what_is_read_and_compared(tmp_path):
    a = pdf(tmp_path, "a", '<p>第一页</p><p style="break-before: page">第二页</p>')
    b = pdf(tmp_path, "b", '<p>第一页</p><p style="break-before: page">第二頁</p>')
    assert [view.number for view in read(a, pages=[2, 9])] == [2]
    assert not differences(a, b, pages=[1])
    x, y = read(a, pages=[2])[0].words[0].box[:2]
    assert differences(a, b, pages=[2]) == [f"page 2: '第二页' at ({x:.1f}, {y:.1f}) in a, not in b",
                                            f"page 2: '第二頁' at ({x:.1f}, {y:.1f}) in b, not in a"]
