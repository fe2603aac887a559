"""Every guide and training edition read back as a reader turns its pages: figures described, charts legible,
no table cut after its first row or before its last, no page left mostly blank inside a section.

Measured on the PDFs: the tagged structure (pikepdf), the text's printed size and the ink on each page (pdfium).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from handbook.commands.cli import main
from handbook.engines.pdf import PageContent, render_pdf
from handbook.engines.templating import environment
from handbook.outputs.guide import (
    CHART_ROLE_PT,
    CHART_TITLE_PT,
    LEAST_FILLED,
    PAGE_MARGINS_MM,
    sections_to_run_on,
)
from tests.conftest import REPO_ROOT, make_repo, template_text
from tests.long_process import LONG_PROCESS

GUIDES = ["public/lotus-garden/downloads/move-in-guide.zh-CN.pdf",
          "public/lotus-garden/en/downloads/move-in-guide.en.pdf",
          "public/lotus-garden/zh-HK/downloads/move-in-guide.zh-HK.pdf",
          "public/harbour-centre/downloads/move-in-guide.zh-HK.pdf",
          "public/harbour-centre/zh-CN/downloads/move-in-guide.zh-CN.pdf"]
PACKS = ["internal/lotus-garden/training/downloads/training.zh-CN.pdf",
         "internal/harbour-centre/training/downloads/training.zh-HK.pdf"]
MM = 72 / 25.4


def test_every_edition_of_the_samples_is_measured(samples_dist):
    found = {str(path.relative_to(samples_dist)) for pattern in ("public/**/move-in-guide.*.pdf",
                                                                 "internal/*/training/downloads/*.pdf")
             for path in samples_dist.glob(pattern)}
    assert found == set(GUIDES + PACKS)


# The tagged structure ------------------------------------------------------------------------------------------

def elements(node, tag: str) -> list[pikepdf.Dictionary]:
    """Return the structure elements of a tag under a node, in document order."""
    if isinstance(node, pikepdf.Array):
        return [found for kid in node for found in elements(kid, tag)]
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
        return []
    if node.S == tag:
        return [node]
    return elements(node.get("/K", pikepdf.Array()), tag)


def page_numbers(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}


@pytest.mark.parametrize("edition", GUIDES)
def test_every_figure_of_the_guide_has_alternative_text_and_the_charts_their_text_version(samples_dist, edition):
    with pikepdf.open(samples_dist / edition) as pdf:
        figures = elements(pdf.Root.StructTreeRoot.K, "/Figure")
        described = [str(figure.get("/Alt", "")) for figure in figures]
    assert len(figures) >= 4  # the cover photo, two charts, the QR code
    assert all(text.strip() for text in described), described
    charts = [text for text in described if re.match(r"(Flowchart|流程[图圖])", text)]
    assert len(charts) == 2, described
    for text in charts:  # every step, numbered, with where a decision leads
        numbers = [int(n) for n in re.findall(r"(?:^|[.。] )?(\d+)\. ", text)]
        assert numbers[:3] == [1, 2, 3] and len(numbers) >= 5, text


@pytest.mark.parametrize("edition", GUIDES + PACKS)
def test_every_bookmark_points_at_a_page_of_its_own_file(samples_dist, edition):
    with pikepdf.open(samples_dist / edition) as pdf:
        pages = page_numbers(pdf)
        with pdf.open_outline() as outline:
            items = list(walk(outline.root))
        assert items
        for item in items:
            assert item.destination[0].objgen in pages, item.title


def walk(items):
    for item in items:
        yield item
        yield from walk(item.children)


@pytest.mark.parametrize("edition", GUIDES + PACKS)
def test_no_table_is_cut_after_its_first_row_or_before_its_last(samples_dist, edition):
    with pikepdf.open(samples_dist / edition) as pdf:
        pages = page_numbers(pdf)
        tables = elements(pdf.Root.StructTreeRoot.K, "/Table")
        assert tables
        for number, table in enumerate(tables, start=1):
            body = elements(table.get("/K"), "/TBody") or [table]
            rows = [pages[row.Pg.objgen] for group in body for row in elements(group.get("/K"), "/TR")]
            if len(rows) >= 2:
                assert rows[0] == rows[1] and rows[-1] == rows[-2], (number, rows)


# Printed sizes -------------------------------------------------------------------------------------------------

def printed_chars(page, box: tuple[float, float, float, float]) -> list[tuple[str, float]]:
    """Return each visible character inside a box (PDF points, y up) and the size it prints at, in points."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    matrix = pdfium_raw.FS_MATRIX()
    found = []
    for index, char in enumerate(text):
        if char.isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        if box[0] <= (left + right) / 2 <= box[2] and box[1] <= (bottom + top) / 2 <= box[3]:
            pdfium_raw.FPDFText_GetMatrix(textpage, index, matrix)
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            found.append((char, pdfium_raw.FPDFText_GetFontSize(textpage, index) * scale))
    textpage.close()
    return found


@pytest.mark.parametrize("edition", GUIDES)
def test_chart_titles_and_role_names_print_at_the_guides_minimum(samples_dist, edition):
    assert charts_at_least_the_minimum(samples_dist / edition) == 2


def charts_at_least_the_minimum(path: Path) -> int:
    """Assert every chart of a guide prints its text at CHART_ROLE_PT or more and its step titles at CHART_TITLE_PT
    or more; return how many charts there are."""
    with pikepdf.open(path) as pdf:
        pages = page_numbers(pdf)
        charts = [(pages[figure.Pg.objgen], [float(v) for v in figure.A.BBox])
                  for figure in elements(pdf.Root.StructTreeRoot.K, "/Figure")
                  if re.match(r"(Flowchart|流程[图圖])", str(figure.get("/Alt", "")))]
    document = pdfium.PdfDocument(str(path))
    for number, (x1, y1, x2, y2) in charts:
        page = document[number - 1]
        height = page.get_height()
        px = 0.75  # the structure's boxes are in CSS pixels from the page's top left
        chars = printed_chars(page, (x1 * px, height - y2 * px, x2 * px, height - y1 * px))
        assert len(chars) > 40, path
        assert min(size for _, size in chars) >= CHART_ROLE_PT - 0.05, (path, number)
        text = "".join(char for char, _ in chars)
        numbered = [match.start() for match in re.finditer(r"\d+\.", text)]  # each step title starts "n."
        assert len(numbered) >= 5
        assert min(chars[at][1] for at in numbered) >= CHART_TITLE_PT - 0.05, (path, number)
    document.close()
    return len(charts)


# Page fill -----------------------------------------------------------------------------------------------------

def filled(page, margin_mm: float) -> float:
    """Return how far down a page's text area its ink reaches, as a share of the area's height."""
    bitmap = page.render(scale=50 / 72, grayscale=True).to_pil()
    top = round(margin_mm * MM * 50 / 72)
    area = bitmap.crop((0, top, bitmap.width, bitmap.height - top))
    pixels = area.tobytes()  # one byte a pixel, row after row
    rows = [y for y in range(area.height) if min(pixels[y * area.width:(y + 1) * area.width]) < 200]
    return (rows[-1] + 1) / area.height if rows else 0.0


def section_ends(pdf: pikepdf.Pdf, margin_mm: float) -> set[int]:
    """Return the pages on which a section ends: the last, a page before one whose top starts a section, and a
    page with a section starting below its top (the one before ended above it)."""
    pages = page_numbers(pdf)
    ends = {len(pdf.pages)}
    with pdf.open_outline() as outline:
        for item in outline.root:
            number = pages[item.destination[0].objgen]
            height = float(pdf.pages[number - 1].mediabox[3])
            at_top = float(item.destination[3]) >= height - margin_mm * MM - 12 * MM
            ends.add(number - 1 if at_top else number)
    return ends


@pytest.mark.parametrize("edition", GUIDES + PACKS)
def test_no_page_is_mostly_blank_unless_it_ends_a_section(samples_dist, edition):
    path = samples_dist / edition
    with pikepdf.open(path) as pdf:
        width = float(pdf.pages[0].mediabox[2])
        margin = PAGE_MARGINS_MM["A5" if width < 500 else "A4"][0]  # the training pack's A4 margin is the guide's
        ends = section_ends(pdf, margin)
    document = pdfium.PdfDocument(str(path))
    blank = [(number, round(share, 2)) for number, page in enumerate(document, start=1)
             if (share := filled(page, margin)) < LEAST_FILLED and number not in ends]
    document.close()
    assert not blank, (edition, blank)


def test_a_twelve_step_process_fits_an_a5_guide_page_at_the_minimum_sizes(tmp_path):
    text = template_text()
    start, end = text.index("roles:\n"), text.index("complaints:\n")
    repo = make_repo(tmp_path, {"demo": text[:start] + LONG_PROCESS + text[end:] + "guide:\n  page_size: A5\n"})
    assert main(["--repo", str(repo), "build", "--only", "guide"]) == 0
    guide = repo / "dist/public/demo/downloads/move-in-guide.zh-CN.pdf"
    with pikepdf.open(guide) as pdf:
        assert round(float(pdf.pages[0].mediabox[2]) / MM) == 148  # A5
    assert charts_at_least_the_minimum(guide) == 1


def test_a_chart_too_long_for_the_guides_page_is_refused_naming_the_process_and_the_way_out(tmp_path, capsys):
    text = template_text()
    start, end = text.index("roles:\n"), text.index("complaints:\n")
    steps = "".join(f"      - {{id: s{n}, title: 第{n}项很长的入伙办理步骤名称, role: reception}}\n" for n in range(1, 61))
    process = LONG_PROCESS[:LONG_PROCESS.index("    steps:\n") + len("    steps:\n")] + steps
    repo = make_repo(tmp_path, {"demo": text[:start] + process + text[end:] + "guide:\n  page_size: A5\n"})
    assert main(["--repo", str(repo), "check", "demo"]) == 1
    err = capsys.readouterr().err
    assert "入伙办理流程" in err and "guide.page_size" in err and "pt" in err


def shared_table_rules() -> str:
    """Return the tables rules every print stylesheet takes from templates/_shared/print.css."""
    env = environment([REPO_ROOT / "templates/_shared"], "en")
    return env.from_string('{% import "print.css" as print %}{{ print.tables("0", "1mm") }}').render()


def cut_rows(rules: str, lines_before: int, tmp_path: Path) -> list[int]:
    """Return the page of each body row of an eight-row table printed under some lines of text."""
    rows = "".join(f"<tr><td>row {n}</td><td>x</td></tr>" for n in range(1, 9))
    html = (f'<html lang="en"><head><title>t</title><style>@page {{ size: A6; margin: 10mm }} '
            f'body {{ font: 10pt sans-serif; --rule: #000; --tint: #eee }} {rules}</style></head><body>'
            + "<p>filler</p>" * lines_before
            + f"<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>{rows}</tbody></table></body></html>")
    path = tmp_path / f"{lines_before}.pdf"
    path.write_bytes(render_pdf(html, base=tmp_path, roots=[tmp_path]))
    with pikepdf.open(path) as pdf:
        pages = page_numbers(pdf)
        return [pages[row.Pg.objgen] for body in elements(pdf.Root.StructTreeRoot.K, "/TBody")
                for row in elements(body.get("/K", pikepdf.Array()), "/TR")]


def test_the_shared_table_rules_keep_two_rows_together_at_each_end_wherever_the_page_breaks(tmp_path):
    rules = shared_table_rules()
    assert "break-after: avoid" in rules
    without = [cut_rows(rules.split("/*")[0], lines, tmp_path) for lines in range(20, 36)]
    assert any(rows[0] != rows[1] or rows[-1] != rows[-2] for rows in without)  # the measure sees a cut table
    for lines in range(20, 36):
        rows = cut_rows(rules, lines, tmp_path)
        assert rows[0] == rows[1] and rows[-1] == rows[-2], (lines, rows)


def contents(filled: float, *parts: str) -> PageContent:
    return PageContent(filled, parts)


def test_a_section_ending_on_a_mostly_blank_page_has_the_next_one_start_under_it():
    pages = [contents(1.0, "cover"), contents(0.2, "toc"), contents(0.9, "welcome"), contents(0.1, "welcome"),
             contents(0.9, "documents"), contents(0.2, "documents", "move-in"), contents(0.9, "move-in"),
             contents(0.5, "fees"), contents(0.25, "fees"), contents(0.6, "contacts")]
    # After the contents page (its own page always); not inside a section; not after a page a third full.
    assert sections_to_run_on(pages) == {"documents", "contacts"}
