"""Display boards read back the way a print shop and a passer-by would: sizes, boxes, text, fonts, marks, previews."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from handbook.commands.cli import main
from handbook.derive.boards import (
    BLEED_MM,
    SAFE_ZONES,
    SLUG_MM,
    board_title,
    project_boards,
    safe_zone,
)
from handbook.derive.fees import worked_examples
from handbook.derive.present import Presenter
from handbook.engines.pdf import layout_document, marked_boxes
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.outputs.boards import (
    PRINT_INTENT,
    SAMPLE_NUMBERS,
    board_size,
    frame_problems,
)
from handbook.outputs.downloads import (
    PREVIEW_DENSITIES,
    PREVIEW_WIDTH_PX,
    preview_file_name,
)
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import REPO_ROOT, make_repo, template_text
from tests.conftest import sample_project as project
from tests.long_process import LONG_PROCESS

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
    assert lotus["move-in-rollup"].format == "rollup" and lotus["move-in-rollup"].quantity == 2


@pytest.mark.parametrize("slug, board", BOARDS, ids=IDS)
def test_page_is_the_board_plus_bleed_plus_a_slug_and_each_box_is_inside_the_next(dist, slug, board):
    width, height = board_size(board)
    page = pypdf.PdfReader(pdf_of(dist, slug, board.id)).pages
    assert len(page) == 1
    media, bleed, trim = (box_of(page[0], name) for name in ("/MediaBox", "/BleedBox", "/TrimBox"))
    assert "/ArtBox" not in page[0]  # PDF/X: a TrimBox or an ArtBox, not both
    assert trim[2] - trim[0] == pytest.approx(width * PT_PER_MM, abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(height * PT_PER_MM, abs=0.01)
    for outer, inner, gap in ((bleed, trim, BLEED_MM), (media, bleed, SLUG_MM)):  # MediaBox ⊃ BleedBox ⊃ TrimBox
        assert [inner[0] - outer[0], inner[1] - outer[1], outer[2] - inner[2], outer[3] - inner[3]] == \
            pytest.approx([gap * PT_PER_MM] * 4, abs=0.01)


def box_of(page, name: str) -> list[float]:
    """Return a page box as the file has it (pypdf falls back to the MediaBox for a box that is missing)."""
    return [float(v) for v in page[name]]


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


SCALE = 8  # pixels per pt in the corner renders


def corner(pdf: Path) -> Image.Image:
    """Return the top-left corner of the page rendered: slug, bleed and a little of the trim."""
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    width, height = page.get_size()
    reach = (BLEED_MM + SLUG_MM + 6) * PT_PER_MM
    image = page.render(scale=SCALE, crop=(0, height - reach, width - reach, 0)).to_pil().convert("RGB")
    document.close()
    return image


def at_mm(x_mm: float, y_mm: float) -> tuple[int, int]:
    """Return the pixel of corner()'s render at a point given in mm from the trim corner (negative: outside it)."""
    origin = (BLEED_MM + SLUG_MM) * PT_PER_MM * SCALE
    return round(origin + x_mm * PT_PER_MM * SCALE), round(origin + y_mm * PT_PER_MM * SCALE)


def dark(pixel: tuple[int, int, int]) -> bool:
    return sum(pixel) < 120


def test_crop_marks_are_in_the_slug_and_the_bleed_is_background_only(dist):
    image = corner(pdf_of(dist, "lotus-garden", "company-intro"))
    outside = -(BLEED_MM + SLUG_MM / 2)  # the middle of the slug
    # The marks: on the trim lines, in the slug, in registration black.
    assert dark(image.getpixel(at_mm(outside, 0))) and dark(image.getpixel(at_mm(0, outside)))
    # Around them the slug is paper white: the board's colours stop at the bleed.
    assert image.getpixel(at_mm(outside, outside)) == (255, 255, 255)
    assert image.getpixel(at_mm(outside, 3)) == (255, 255, 255)
    # Across the bleed the header band runs on unbroken: the same colour as inside the trim, no mark on it.
    band = image.getpixel(at_mm(2, 2))
    for point in ((-1.5, 0), (0, -1.5), (-1.5, -1.5), (-2.5, 2), (2, -2.5)):
        assert image.getpixel(at_mm(*point)) == band, point


def test_registration_targets_sit_in_the_slug_at_each_edges_middle(dist):
    pdf = pdf_of(dist, "lotus-garden", "move-in-rollup")
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    width, height = page.get_size()
    image = page.render(scale=2).to_pil().convert("L")
    document.close()
    middle = (BLEED_MM + SLUG_MM / 2) * PT_PER_MM * 2  # the target's centre, from the page's edge
    for x, y in ((width, middle), (width, 2 * height - middle), (middle, height), (2 * width - middle, height)):
        assert image.getpixel((round(x), round(y))) < 100, (x, y)  # the crosshair's centre


def test_crop_marks_can_be_turned_off(tmp_path):
    boards = ("boards:\n  - id: marked\n    kind: fee_guide\n"
              "  - id: unmarked\n    kind: fee_guide\n    crop_marks: false\n")
    repo = make_repo(tmp_path, {"demo": template_text() + boards})
    assert main(["--repo", str(repo), "build", "--only", "boards"]) == 0
    folder = repo / "dist/public/demo/downloads/boards"
    outside = -(BLEED_MM + SLUG_MM / 2)
    assert dark(corner(folder / "marked.zh-CN.pdf").getpixel(at_mm(outside, 0)))
    assert corner(folder / "unmarked.zh-CN.pdf").getpixel(at_mm(outside, 0)) == (255, 255, 255)


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


@pytest.mark.parametrize("slug, board", BOARDS, ids=IDS)
def test_every_board_is_pdf_x_4_in_cmyk_with_one_named_output_intent(dist, slug, board):
    reader = pypdf.PdfReader(pdf_of(dist, slug, board.id))
    assert reader.pdf_header == "%PDF-1.6"
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == PRINT_INTENT.identifier
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4  # a CMYK profile
    assert b"PDF/X-4" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    content = reader.pages[0].get_contents().get_data()
    assert b"/DeviceCMYK cs" in content  # device-cmyk fills
    assert not re.search(rb"[\d.]+ [\d.]+ [\d.]+ (rg|RG)\b", content)  # no RGB fills or strokes left
    images = [obj for obj in iter_objects(reader) if obj.get("/Subtype") == "/Image"]
    assert all(obj["/ColorSpace"] == "/DeviceCMYK" for obj in images)


@pytest.mark.parametrize("slug, board", BOARDS, ids=IDS)
def test_nothing_is_transparent(dist, slug, board):
    """A RIP flattens transparency its own way, and the preview would show it otherwise: boards have none."""
    with pikepdf.open(pdf_of(dist, slug, board.id)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert float(obj.get("/CA", 1)) == 1 and float(obj.get("/ca", 1)) == 1
                assert obj.get("/SMask", pikepdf.Name.None_) == pikepdf.Name.None_


@pytest.mark.parametrize("slug, board", BOARDS, ids=IDS)
def test_each_file_has_its_own_bookmarks_and_no_other_page(dist, slug, board):
    with pikepdf.open(pdf_of(dist, slug, board.id)) as pdf:
        (page,) = pdf.pages
        pages = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Page"]
        assert len(pages) == 1  # no page of another board left behind outside the page tree
        with pdf.open_outline() as outline:
            items = list(walk(outline.root))
            assert [item.title for item in outline.root] == [board_title(board, project(slug),
                                                                        catalogue(SAMPLES[slug]))]
        for item in items:
            target = item.destination if item.destination is not None else item.action.D
            assert target[0].objgen == page.objgen, item.title


def walk(items):
    for item in items:
        yield item
        yield from walk(item.children)


def words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """Return every word of a page with its box in pt from the MediaBox's top-left (poppler's reading)."""
    result = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [(html.unescape(m[5]), float(m[1]), float(m[2]), float(m[3]), float(m[4])) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', result.stdout)]


@pytest.mark.parametrize("slug, board", BOARDS, ids=IDS)
def test_text_stays_inside_the_safe_zone(dist, slug, board):
    pdf = pdf_of(dist, slug, board.id)
    width, height = board_size(board)
    safe, edge = safe_zone(board), (BLEED_MM + SLUG_MM) * PT_PER_MM
    left, top = edge + safe.sides * PT_PER_MM, edge + safe.top * PT_PER_MM
    right, bottom = edge + (width - safe.sides) * PT_PER_MM, edge + (height - safe.bottom) * PT_PER_MM
    found = words(pdf)
    assert len(found) > 10
    for text, x0, y0, x1, y1 in found:
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, (text, x0, y0, x1, y1)


def test_the_roll_ups_footer_sits_above_the_stands_base(dist):
    board = next(b for b in project_boards(project("lotus-garden")) if b.id == "move-in-rollup")
    (line,) = [w for w in words(pdf_of(dist, "lotus-garden", board.id)) if w[0].startswith("版本")]
    trim_bottom = (BLEED_MM + SLUG_MM + board_size(board)[1]) * PT_PER_MM
    assert trim_bottom - line[4] >= SAFE_ZONES["rollup"].bottom * PT_PER_MM


@pytest.mark.parametrize("slug, board", BOARDS, ids=IDS)
def test_the_preview_shows_what_the_pdf_prints(dist, slug, board, tmp_path):
    """poppler (another renderer than the previews') draws the trimmed page as the 1x preview shows it.

    Compared at an eighth of the size: the two renderers turn CMYK into screen colours and smooth text each their
    own way (a few levels apart), while a missing photo, a shifted crop or a card drawn otherwise moves the mean.
    """
    pdf = pdf_of(dist, slug, board.id)
    with Image.open(pdf.with_name(preview_file_name(board.id, SAMPLES[slug], 1))) as preview:
        shown = preview.convert("RGB")
    bleed = (BLEED_MM + SLUG_MM) * PT_PER_MM
    dpi = shown.width / board_size(board)[0] * 25.4
    subprocess.run(["pdftoppm", "-png", "-r", f"{dpi:.4f}", "-x", str(round(bleed * dpi / 72)),
                    "-y", str(round(bleed * dpi / 72)), "-W", str(shown.width), "-H", str(shown.height),
                    "-singlefile", str(pdf), str(tmp_path / "printed")], check=True)
    with Image.open(tmp_path / "printed.png") as image:
        printed = image.convert("RGB")
    small = (shown.width // 8, shown.height // 8)
    printed, shown = (image.resize(small, Image.Resampling.BOX) for image in (printed, shown))
    difference = ImageStat.Stat(ImageChops.difference(printed, shown).convert("L")).mean[0]
    assert difference < 10, difference


def iter_objects(reader: pypdf.PdfReader):
    for number in range(1, reader.trailer["/Size"]):
        try:
            obj = reader.get_object(number)
        except Exception:  # free entries
            continue
        if isinstance(obj, pypdf.generic.DictionaryObject):
            yield obj


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


def photo_project(tmp_path: Path, size: tuple[int, int], board_lines: str = "") -> Path:
    """Return a repository whose one board (a company introduction) prints a photo of the given pixels."""
    boards = "boards:\n  - id: intro\n    kind: company_intro\n    background: images/estate.jpg\n" + board_lines
    repo = make_repo(tmp_path, {"demo": template_text() + boards})
    (repo / "projects/demo/images").mkdir()
    Image.new("RGB", size, (90, 140, 110)).save(repo / "projects/demo/images/estate.jpg", quality=80)
    return repo


def test_a_photo_too_small_for_its_board_is_refused_with_its_resolution_and_the_pixels_needed(tmp_path, capsys):
    repo = photo_project(tmp_path, (1500, 1000))
    for command in ("check", "build"):
        assert main(["--repo", str(repo), command]) == 1, command
        err = capsys.readouterr().err
        # 906 mm across (the board and its bleed) from 1500 pixels: 42 ppi; 100 ppi needs 3567 pixels across.
        assert "boards[1].background" in err and "estate.jpg" in err and "1500×1000" in err, err
        assert "42 ppi" in err and "3567×2378" in err, err
    assert not (repo / "dist/public/demo").exists()


def test_a_low_resolution_photo_prints_when_the_editor_accepts_it_or_the_board_goes_without(tmp_path):
    repo = photo_project(tmp_path, (1500, 1000), "    accept_low_resolution: true\n"
                                                 "  - id: flat\n    kind: company_intro\n    photo: false\n")
    assert main(["--repo", str(repo), "build", "--only", "boards"]) == 0
    folder = repo / "dist/public/demo/downloads/boards"
    images = lambda name: subprocess.run(["pdfimages", "-list", str(folder / name)],  # noqa: E731
                                         capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert any(line.split()[3:5] == ["1500", "1000"] for line in images("intro.zh-CN.pdf"))
    assert not any(line.split()[3:5] == ["1500", "1000"] for line in images("flat.zh-CN.pdf"))


def test_a_photo_large_enough_prints_without_a_word(tmp_path):
    repo = photo_project(tmp_path, (3600, 2400))
    assert main(["--repo", str(repo), "build", "--only", "boards"]) == 0


def test_the_bands_make_room_for_a_safe_zone_the_project_sets(tmp_path):
    boards = "boards:\n  - id: intro\n    kind: company_intro\n    safe_zone: {top: 90, bottom: 150, sides: 60}\n"
    repo = make_repo(tmp_path, {"demo": template_text() + boards})
    assert main(["--repo", str(repo), "build", "--only", "boards"]) == 0
    edge, (width, height) = (BLEED_MM + SLUG_MM) * PT_PER_MM, (900, 1200)
    for text, x0, y0, x1, y1 in words(repo / "dist/public/demo/downloads/boards/intro.zh-CN.pdf"):
        assert y0 >= edge + 90 * PT_PER_MM and y1 <= edge + (height - 150) * PT_PER_MM, text
        assert x0 >= edge + 60 * PT_PER_MM and x1 <= edge + (width - 60) * PT_PER_MM, text


def test_text_reaching_into_a_safe_zone_is_refused_naming_the_edge(tmp_path, capsys):
    # A project's own stylesheet lifts the heading under a roll-up's clamp.
    css = template_file("boards/boards.css") + "\nsection.board .head { padding-top: 8mm !important; }\n"
    boards = "boards:\n  - id: banner\n    kind: company_intro\n    format: rollup\n"
    repo = make_repo(tmp_path, {"demo": template_text() + boards})
    (repo / "projects/demo/templates/boards").mkdir(parents=True)
    (repo / "projects/demo/templates/boards/boards.css").write_text(css, encoding="utf-8")
    assert main(["--repo", str(repo), "check"]) == 1
    err = capsys.readouterr().err
    assert "展板 banner" in err and "项目名称" in err and "顶边的安全区" in err and "40 毫米" in err, err


def template_file(name: str) -> str:
    return (REPO_ROOT / "templates" / name).read_text(encoding="utf-8")


def test_a_long_process_fits_the_standard_board_and_the_roll_up_at_the_boards_minimum(tmp_path):
    text = template_text()
    start, end = text.index("roles:\n"), text.index("complaints:\n")
    boards = ("boards:\n  - id: standard\n    kind: move_in_process\n"
              "  - id: rollup\n    kind: move_in_process\n    format: rollup\n")
    repo = make_repo(tmp_path, {"demo": text[:start] + LONG_PROCESS + text[end:] + boards})
    assert main(["--repo", str(repo), "build", "--only", "boards"]) == 0  # the fit check: every chart text >= 40 pt
    process = load_project(ProjectSource("demo", repo / "projects/demo")).project.processes.move_in
    for board in ("standard", "rollup"):
        pdf = repo / f"dist/public/demo/downloads/boards/{board}.zh-CN.pdf"
        sizes = chart_text_sizes(pdf, ["前台接待员", "收银员", "验房陪同员", "项目办", "不齐全", "没有问题"]
                                 + [step.title for step in process.steps])
        assert min(sizes.values()) >= 40, (board, sizes)


def chart_text_sizes(pdf: Path, texts: list[str]) -> dict[str, float]:
    """Return the smallest printed size in pt of each text wherever it is on the page, as pdfium measures it.

    A CJK face's em box is its full height, so the loose box of an ideograph is its font size; a text that
    wraps in its chart box is found with the line breaks taken out.
    """
    document = pdfium.PdfDocument(str(pdf))
    textpage = document[0].get_textpage()
    full = textpage.get_text_range()
    kept = [index for index, char in enumerate(full) if not char.isspace()]
    squashed = "".join(full[index] for index in kept)
    sizes = {}
    for text in texts:
        starts = [m.start() for m in re.finditer(re.escape(squash(text)), squashed)]
        assert starts, text
        sizes[text] = min(top - bottom for at in starts for _, bottom, _, top in
                          (textpage.get_charbox(kept[at + k], loose=True) for k in range(len(squash(text)))))
    textpage.close()
    document.close()
    return sizes
