"""Display boards read back the way a print shop and a passer-by would: sizes, boxes, text, fonts, marks, previews."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageStat

from handbook.commands.cli import main
from handbook.derive.boards import project_boards
from handbook.derive.fees import worked_examples
from handbook.derive.present import Presenter
from handbook.engines.pdf import layout_document, marked_boxes
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.outputs.boards import BLEED_MM, SAMPLE_NUMBERS, board_size, frame_problems
from handbook.outputs.downloads import (
    PREVIEW_DENSITIES,
    PREVIEW_WIDTH_PX,
    preview_file_name,
)
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import make_repo, template_text
from tests.conftest import sample_project as project

SAMPLES = {"lotus-garden": "zh-CN", "harbour-centre": "zh-HK"}
PT_PER_MM = 72 / 25.4


@pytest.fixture
def dist(samples_dist: Path) -> Path:
    return samples_dist


def sample_boards() -> list[tuple[str, object]]:
    return [(slug, board) for slug in SAMPLES for board in project_boards(project(slug))]


BOARDS = sample_boards()
IDS = [f"{slug}/{board.id}" for slug, board in BOARDS]


def pdf_of(dist: Path, slug: str, board_id: str, suffix: str = "pdf") -> Path:
    return dist / "public" / slug / "downloads" / "boards" / f"{board_id}.{SAMPLES[slug]}.{suffix}"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_of(pdf: Path) -> str:
    """Return the PDF's text in content order (-raw keeps a chart node's lines together), white space removed."""
    result = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                            capture_output=True, text=True, check=True)
    return squash(result.stdout)


def test_the_samples_get_their_boards_and_the_default_set():
    assert [b.id for b in project_boards(project("harbour-centre"))] == [
        "company-intro", "move-in-process", "decoration-process", "fee-guide", "sample-form"]
    lotus = {b.id: b for b in project_boards(project("lotus-garden"))}
    assert lotus["move-in-rollup"].format == "rollup" and lotus["move-in-rollup"].pdf_x


@pytest.mark.parametrize("slug, board", BOARDS, ids=IDS)
def test_page_is_the_board_plus_bleed_and_the_trim_box_is_the_board(dist, slug, board):
    width, height = board_size(board)
    page = pypdf.PdfReader(pdf_of(dist, slug, board.id)).pages
    assert len(page) == 1
    media, trim, bleed = page[0].mediabox, page[0].trimbox, page[0].bleedbox
    assert media.width == pytest.approx((width + 2 * BLEED_MM) * PT_PER_MM, abs=0.01)
    assert media.height == pytest.approx((height + 2 * BLEED_MM) * PT_PER_MM, abs=0.01)
    assert trim.width == pytest.approx(width * PT_PER_MM, abs=0.01)
    assert trim.height == pytest.approx(height * PT_PER_MM, abs=0.01)
    assert float(trim.left) - float(media.left) == pytest.approx(BLEED_MM * PT_PER_MM, abs=0.01)
    assert [float(v) for v in bleed] == pytest.approx([float(v) for v in media], abs=0.01)


@pytest.mark.parametrize("slug, board", [(s, b) for s, b in BOARDS if b.kind.endswith("_process")],
                         ids=[i for i, (s, b) in zip(IDS, BOARDS) if b.kind.endswith("_process")])
def test_every_step_and_branch_label_is_printed(dist, slug, board):
    process = getattr(project(slug).processes, board.kind.removesuffix("_process"))
    text = text_of(pdf_of(dist, slug, board.id))
    assert squash(process.name) in text
    for step in process.steps:
        assert squash(step.title) in text, step.title
        for branch in step.branches:
            assert squash(branch.label) in text, branch.label


@pytest.mark.parametrize("slug", SAMPLES)
def test_fee_guide_prints_the_fee_engines_worked_example(dist, slug):
    p, tag = project(slug), SAMPLES[slug]
    board = next(b for b in project_boards(p) if b.kind == "fee_guide")
    text = text_of(pdf_of(dist, slug, board.id))
    fmt = Presenter(LANGUAGES[tag], catalogue(tag), p.fees.currency)
    example = worked_examples(p)[0].statement
    assert squash(fmt.money(example.owner_total)) in text
    for line in example.lines:
        if line.payer == "owner":
            assert squash(fmt.money(line.amount)) in text, line.id
    assert squash(fmt.date(worked_examples(p)[1].statement.billing_start)) in text


@pytest.mark.parametrize("slug", SAMPLES)
def test_sample_form_is_stamped_and_filled_in(dist, slug):
    board = next(b for b in project_boards(project(slug)) if b.kind == "sample_form")
    text = text_of(pdf_of(dist, slug, board.id))
    t, region = catalogue(SAMPLES[slug]), project(slug).region
    owner = ("board.form.company_name", f"board.example.{region}.company") if slug == "harbour-centre" \
        else ("board.form.owner_name", f"board.example.{region}.owner_name")  # an office's owner is a company
    for key in ("board.sample_stamp", *owner, f"board.example.{region}.room"):
        assert squash(t(key)) in text, key
    assert squash(SAMPLE_NUMBERS[region]["phone"]) in text


@pytest.mark.parametrize("slug, board", BOARDS, ids=IDS)
def test_fonts_are_embedded_subset_and_regional(dist, slug, board):
    listing = subprocess.run(["pdffonts", str(pdf_of(dist, slug, board.id))],
                             capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows
    for row in rows:
        assert (row[-5], row[-4]) == ("yes", "yes"), row
        assert f"CJK-{LANGUAGES[SAMPLES[slug]].cjk_face}" in row[0], row


def corner(pdf: Path, scale: float = 8) -> Image.Image:
    """Return the top-left 24 x 24 pt of the page (bleed and a little of the trim), rendered."""
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    width, height = page.get_size()
    image = page.render(scale=scale, crop=(0, height - 24, width - 24, 0)).to_pil().convert("L")
    document.close()
    return image


def mark_pixels(scale: float = 8) -> dict[str, list[tuple[int, int]]]:
    """Return pixels on the top-left crop marks (on the trim lines, in the outer 2 mm of the bleed) and beside them."""
    bleed = BLEED_MM * PT_PER_MM * scale
    along = [round(bleed * f) for f in (0.1, 0.3, 0.5)]  # inside the 2 mm long mark, away from its ends
    line, beside = round(bleed), round(bleed) + round(0.3 * PT_PER_MM * scale)  # 0.3 mm off: the white halo
    return {"mark": [(x, line) for x in along] + [(line, y) for y in along],
            "halo": [(x, beside) for x in along] + [(beside, y) for y in along]}


def test_crop_marks_are_visible_over_the_photo(dist):
    # lotus-garden's company board has the photo behind it and a header band reaching into the bleed.
    image = corner(pdf_of(dist, "lotus-garden", "company-intro"))
    pixels = mark_pixels()
    assert all(image.getpixel(p) < 60 for p in pixels["mark"]), [image.getpixel(p) for p in pixels["mark"]]
    assert all(image.getpixel(p) > 200 for p in pixels["halo"]), [image.getpixel(p) for p in pixels["halo"]]
    # The background does run into the bleed (a colour, not paper white), so the marks are drawn over it.
    assert image.getpixel((round(BLEED_MM * PT_PER_MM * 8 * 1.5), round(BLEED_MM * PT_PER_MM * 8 * 1.5))) < 200


def test_crop_marks_can_be_turned_off(tmp_path):
    boards = ("boards:\n  - id: marked\n    kind: fee_guide\n"
              "  - id: unmarked\n    kind: fee_guide\n    crop_marks: false\n")
    repo = make_repo(tmp_path, {"demo": template_text() + boards})
    assert main(["--repo", str(repo), "build", "--only", "boards"]) == 0
    folder = repo / "dist/public/demo/downloads/boards"
    marked, unmarked = corner(folder / "marked.zh-CN.pdf"), corner(folder / "unmarked.zh-CN.pdf")
    pixels = mark_pixels()
    assert all(marked.getpixel(p) < 60 for p in pixels["mark"])
    assert not any(unmarked.getpixel(p) < 60 for p in pixels["mark"])


@pytest.mark.parametrize("slug, board", BOARDS, ids=IDS)
def test_previews_exist_are_the_trimmed_board_and_not_blank(dist, slug, board):
    width, height = board_size(board)
    for density in PREVIEW_DENSITIES:
        path = pdf_of(dist, slug, board.id).with_name(preview_file_name(board.id, SAMPLES[slug], density))
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width == PREVIEW_WIDTH_PX * density
            assert image.height == round(image.width * height / width)  # the trim's proportions, to the pixel
            grey = image.convert("L")
        assert ImageStat.Stat(grey).stddev[0] > 30  # header band, card, text: far from a blank page
        assert len(grey.getcolors(256 * 256) or range(100)) > 50


def test_pdf_x_board_is_cmyk_with_an_output_intent(dist):
    pdf = pdf_of(dist, "lotus-garden", "move-in-rollup")
    reader = pypdf.PdfReader(pdf)
    assert reader.pdf_header == "%PDF-1.6"
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFX" and "/DestOutputProfile" in intent.get_object()
    assert b"PDF/X-4" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    content = reader.pages[0].get_contents().get_data()
    assert b"/DeviceCMYK cs" in content  # device-cmyk fills
    assert not re.search(rb"[\d.]+ [\d.]+ [\d.]+ rg\b", content)  # no RGB fills left
    images = [obj for obj in iter_objects(reader) if obj.get("/Subtype") == "/Image"]
    assert images and all(obj["/ColorSpace"] == "/DeviceCMYK" for obj in images)


def iter_objects(reader: pypdf.PdfReader):
    for number in range(1, reader.trailer["/Size"]):
        try:
            obj = reader.get_object(number)
        except Exception:  # free entries
            continue
        if isinstance(obj, pypdf.generic.DictionaryObject):
            yield obj


def test_rgb_boards_are_plain_pdf(dist):
    reader = pypdf.PdfReader(pdf_of(dist, "harbour-centre", "fee-guide"))
    assert "/OutputIntents" not in reader.trailer["/Root"]


def test_two_builds_give_the_same_bytes(dist, sample_repo, tmp_path):
    assert main(["--repo", str(sample_repo), "build", "lotus-garden", "--only", "boards", "--out", str(tmp_path)]) == 0
    for board in project_boards(project("lotus-garden")):
        again = tmp_path / "public/lotus-garden/downloads/boards" / f"{board.id}.zh-CN.pdf"
        assert again.read_bytes() == pdf_of(dist, "lotus-garden", board.id).read_bytes(), board.id


def small_board(extra: str) -> str:
    return template_text() + "boards:\n  - id: tiny\n    format: custom\n    width_mm: 420\n    height_mm: 300\n" + extra


def test_a_title_too_long_for_its_board_fails_naming_board_and_title(tmp_path, capsys):
    title = "入伙期间请业主按预约时段前来办理，并带齐收楼通知书、身份证原件及复印件和购房合同"
    repo = make_repo(tmp_path, {"demo": small_board(f"    kind: sample_form\n    title: {title}\n")})
    assert main(["--repo", str(repo), "build", "--only", "boards"]) == 1
    err = capsys.readouterr().err
    assert "展板 tiny" in err and f"标题“{title}”" in err  # the project's language: zh-CN
    assert not (repo / "dist/public/demo").exists()


def test_a_chart_too_large_for_its_board_fails_naming_board_and_chart(tmp_path, capsys):
    repo = make_repo(tmp_path, {"demo": small_board("    kind: move_in_process\n")})
    assert main(["--repo", str(repo), "build", "--only", "boards"]) == 1
    err = capsys.readouterr().err
    name = load_project(ProjectSource("demo", repo / "projects/demo")).project.processes.move_in.name
    assert "展板 tiny" in err and f"流程图“{name}”" in err and "pt" in err


def test_content_running_off_the_board_fails_naming_what_does_not_fit(tmp_path, capsys):
    repo = make_repo(tmp_path, {"demo": small_board("    kind: fee_guide\n")})
    assert main(["--repo", str(repo), "build", "--only", "boards"]) == 1
    err = capsys.readouterr().err
    assert "展板 tiny" in err and "放不下" in err


def test_a_custom_board_without_a_size_is_an_input_error(tmp_path, capsys):
    boards = "boards:\n  - id: odd\n    kind: fee_guide\n    format: custom\n    width_mm: 600\n"
    repo = make_repo(tmp_path, {"demo": template_text() + boards})
    assert main(["--repo", str(repo), "check"]) == 1
    assert "boards[1].height_mm" in capsys.readouterr().err


def test_the_downloads_page_shows_each_board_preview_linked_to_its_pdf(tmp_path):
    repo = make_repo(tmp_path, {"demo": template_text()})
    assert main(["--repo", str(repo), "build", "--only", "guide,boards,site"]) == 0
    page = (repo / "dist/public/demo/downloads/index.html").read_text(encoding="utf-8")
    boards = project_boards(load_project(ProjectSource("demo", repo / "projects/demo")).project)
    assert boards
    for board in boards:
        pdf, png, png_2x = (f"boards/{board.id}.zh-CN.pdf", f"boards/{board.id}.zh-CN.png",
                            f"boards/{board.id}.zh-CN@2x.png")
        img = re.search(rf'<a href="{re.escape(pdf)}"><img class="board-preview" src="{re.escape(png)}" '
                        rf'srcset="{re.escape(png)} 1x, {re.escape(png_2x)} 2x" width="(\d+)" height="(\d+)"', page)
        assert img, board.id
        with Image.open(repo / "dist/public/demo/downloads" / png) as image:
            assert (int(img[1]), int(img[2])) == image.size
        assert (repo / "dist/public/demo/downloads" / png_2x).is_file()
    assert page.index('href="move-in-guide.zh-CN.pdf"') < page.index(f'href="boards/{boards[0].id}.zh-CN.pdf"')
    assert f">{boards[0].id}.zh-CN.png<" not in page  # previews are shown, not listed as files


def test_text_that_cannot_break_reaches_past_its_box_and_is_measured_there(tmp_path):
    """A date kept on one line runs out of its column without widening it: the fit check measures where it ends."""
    html = ('<div data-frame="left" style="width: 100px"><p data-fit="fit.section:cases" data-in="left" '
            'style="white-space: nowrap">2027年3月10日入伙 → 2027年3月15日起计费</p></div>')
    document = layout_document(html, tmp_path, [tmp_path])
    (frame,), = marked_boxes(document, "data-frame")
    (as_laid_out,), = marked_boxes(document, "data-fit")
    (reached,), = marked_boxes(document, "data-fit", reach=True)
    assert as_laid_out.width == frame.width  # the box itself stays inside its column
    assert reached.width > 2 * frame.width
    (problem,) = frame_problems("fee-guide", [frame], [reached])
    assert problem.key == "refusal.board_too_wide" and problem.params["element"].params["name"] == "cases"
