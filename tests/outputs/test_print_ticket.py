"""The print shop's job ticket, read back as a print shop would: the CSV's rows, the PDF's text and thumbnails.

What the ticket states of each file is compared with the file delivered: its place in the public output, its
page size and its output intent, read from the board's PDF.
"""

from __future__ import annotations

import csv
import io
import math
import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from handbook.commands.cli import main
from handbook.derive.boards import board_photo, cover_ppi, photo_band_mm, project_boards
from handbook.engines.images import image_size
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.outputs import OUTPUTS
from handbook.repo import Repo
from handbook.run.check import check_project
from handbook.source.projects import ProjectSource
from tests.conftest import PROJECTS, make_repo, template_text
from tests.conftest import sample_project as project

SAMPLES = {"lotus-garden": "zh-CN", "harbour-centre": "zh-HK"}  # the staff's language of each sample
COLUMNS = ("number", "edition", "file", "title", "trim", "bleed", "media", "safe_zone", "quantity", "material",
           "colour", "photo", "ppi", "preview", "note")
IN_MM = ("trim", "bleed", "media", "safe_zone")
BOM = b"\xef\xbb\xbf"
MM_PER_PT = 25.4 / 72


@pytest.fixture
def dist(samples_dist: Path) -> Path:
    return samples_dist


def ticket(dist: Path, slug: str) -> Path:
    return dist / "internal" / slug / "print"


def read_rows(folder: Path, tag: str) -> list[dict[str, str]]:
    """Return the ticket's CSV rows, each by column key (its header is in the staff's language, tag)."""
    raw = (folder / "boards-job-ticket.csv").read_bytes()
    assert raw.startswith(BOM)
    reader = csv.reader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline=""))
    t = catalogue(tag)
    assert next(reader) == [t(f"label.ticket.col.{column}") if column not in IN_MM else
                            t("label.ticket.in_mm", column=t(f"label.ticket.col.{column}")) for column in COLUMNS]
    return [dict(zip(COLUMNS, line)) for line in reader]


def text_of(pdf: Path) -> str:
    """Return the PDF's text with all white space removed (Chinese lines break anywhere)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                            check=True)
    return re.sub(r"\s+", "", result.stdout)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def by_file(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["file"]: row for row in rows}


def delivered(slug: str) -> list[tuple[str, str]]:
    """Return each board file a sample delivers, from the site's root, with its board id: every edition's."""
    data = project(slug)
    return [(f"{'' if tag == data.languages[0] else tag + '/'}downloads/boards/{board.id}.{tag}.pdf", board.id)
            for tag in data.languages for board in project_boards(data)]


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_board_of_every_edition_has_a_row_naming_its_delivered_file(dist, slug):
    rows = read_rows(ticket(dist, slug), SAMPLES[slug])
    assert [row["file"] for row in rows] == [path for path, _ in delivered(slug)]
    assert [row["number"] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    for row in rows:
        assert (dist / "public" / slug / row["file"]).is_file(), row["file"]
        assert (dist / "public" / slug / row["preview"]).is_file(), row["preview"]
        assert row["edition"] in row["file"] and row["bleed"] == "3"


def test_the_rollup_row_gives_its_size_quantity_safe_zone_material_and_photo(dist):
    rows = by_file(read_rows(ticket(dist, "lotus-garden"), "zh-CN"))
    lotus = project("lotus-garden")
    index, board = next((i, b) for i, b in enumerate(lotus.boards) if b.id == "move-in-rollup")
    photo = board_photo(board, index, lotus)
    ppi = math.floor(cover_ppi(image_size(PROJECTS / "lotus-garden" / photo.file), photo_band_mm(board)))
    assert ppi < 100 and photo.accepted_low  # the sample's placeholder photo, accepted as it is
    for path in ("downloads/boards/move-in-rollup.zh-CN.pdf", "zh-HK/downloads/boards/move-in-rollup.zh-HK.pdf",
                 "en/downloads/boards/move-in-rollup.en.pdf"):
        row = rows[path]
        assert (row["trim"], row["media"], row["safe_zone"]) == ("800 × 2000", "830 × 2030", "40 / 120 / 20")
        assert row["quantity"] == "2"  # the sample orders two: the entrance and the clubhouse
        assert row["material"] == "PET 写真布，配 80×200 厘米易拉宝展架"
        assert (row["photo"], row["ppi"]) == ("images/estate.jpg", f"{ppi} ppi，低于 100 ppi，已确认照印")
        assert row["colour"] == ("PDF/X-4，CMYK；输出意图 Artifex CMYK SWOP Profile（CGATS TR 001，SWOP）；"
                                 "字体已嵌入")
    standard = rows["downloads/boards/company-intro.zh-CN.pdf"]
    assert (standard["trim"], standard["safe_zone"], standard["quantity"]) == ("900 × 1200", "15 / 15 / 15", "1")
    assert standard["material"] == "5 毫米 KT 板，覆哑膜，配三脚展架"
    assert rows["downloads/boards/move-in-rollup.zh-CN.pdf"]["title"] == lotus.processes.move_in.name


@pytest.mark.parametrize("slug", SAMPLES)
def test_what_the_ticket_says_of_a_file_is_what_the_file_is(dist, slug):
    """Each row's media size and the colour line's output intent are read back from the board's own PDF."""
    rows = read_rows(ticket(dist, slug), SAMPLES[slug])
    for row in rows:
        reader = pypdf.PdfReader(dist / "public" / slug / row["file"])
        page = reader.pages[0]
        width, height = (round(float(side) * MM_PER_PT) for side in (page.mediabox.width, page.mediabox.height))
        assert row["media"] == f"{width} × {height}", row["file"]
        trim = (round(float(page.trimbox.width) * MM_PER_PT), round(float(page.trimbox.height) * MM_PER_PT))
        assert row["trim"] == f"{trim[0]} × {trim[1]}", row["file"]
        intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
        assert intent["/OutputConditionIdentifier"] in row["colour"], row["file"]
        assert "Artifex CMYK SWOP Profile" in intent["/Info"] and "Artifex CMYK SWOP Profile" in row["colour"]


def test_the_pdf_shows_the_job_and_every_row(dist):
    pdf = ticket(dist, "lotus-garden") / "boards-job-ticket.pdf"
    text = text_of(pdf)
    lotus = project("lotus-garden")
    assert "莲花花园展板印刷工单" in text and squeeze(lotus.property_company) in text
    assert lotus.revision.isoformat() in text
    assert "陈志明（入伙负责人）13926880002" in text  # the move-in lead answers the print shop
    assert "莲花花园客户服务中心0755-26888000" in text
    pieces = sum(board.quantity for board in lotus.boards) * len(lotus.languages)
    assert f"{pieces}块（{len(lotus.boards) * len(lotus.languages)}个文件）" in text
    assert "ArtifexCMYKSWOPProfile（CGATSTR001，SWOP）" in text
    for path, _ in delivered("lotus-garden"):
        assert path in text
    assert "800×2000" in text and "830×2030" in text and "40/120/20" in text
    assert "低于100ppi，已确认照印" in text
    assert "预览图未生成" not in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276" in info  # A4 landscape


@pytest.mark.parametrize("slug", SAMPLES)
def test_the_pdf_shows_a_thumbnail_per_board(dist, slug):
    pdf = ticket(dist, slug) / "boards-job-ticket.pdf"
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    images = [line.split() for line in listing.splitlines()[2:]]
    assert len([image for image in images if image[2] == "image"]) == len(delivered(slug))


@pytest.mark.parametrize("slug", SAMPLES)
def test_the_ticket_is_internal_and_in_the_staffs_language(dist, slug):
    assert sorted(p.name for p in ticket(dist, slug).iterdir()) == ["boards-job-ticket.csv", "boards-job-ticket.pdf"]
    assert not list((dist / "public").rglob("boards-job-ticket*"))
    listing = subprocess.run(["pdffonts", str(ticket(dist, slug) / "boards-job-ticket.pdf")], capture_output=True,
                             text=True, check=True).stdout
    for line in listing.splitlines()[2:]:
        assert f"CJK-{LANGUAGES[SAMPLES[slug]].cjk_face}" in line.split()[0], line


def test_the_supplies_count_a_stand_for_every_board_printed(dist):
    lotus = project("lotus-garden")
    raw = (dist / "internal" / "lotus-garden" / "operations" / "supplies.csv").read_bytes()
    rows = {row["物资"]: row for row in csv.DictReader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline=""))}
    assert rows["展板架"]["数量"] == f"{sum(board.quantity for board in lotus.boards)} 个"  # 7: two roll-ups


# A project of its own: its material, staff in another edition, boards not built ---------------------------------

BOARDS = """
boards:
  - id: lobby
    kind: company_intro
    material: 5 毫米 PVC 板，配不锈钢立架
    quantity: 3
  - id: welcome
    kind: company_intro
    format: rollup
    crop_marks: false
"""


@pytest.fixture(scope="module")
def own(tmp_path_factory) -> Path:
    """Return the dist of a project with its own boards, read by Taiwan staff, its ticket built without its boards."""
    text = template_text().replace("languages: [zh-CN]", "languages: [zh-CN, zh-TW]")
    text = text.replace("\nstaff:\n", "\nstaff:\n  language: zh-TW\n") + BOARDS
    repo = make_repo(tmp_path_factory.mktemp("own"), {"demo": text})
    dist = repo / "dist"
    assert main(["--repo", str(repo), "build", "demo", "--only", "print_ticket", "--out", str(dist)]) == 0
    gathered, problems = check_project(ProjectSource("demo", repo / "projects" / "demo"), Repo(repo),
                                       [OUTPUTS["print_ticket"]])
    assert problems == []  # a preview not built is no refusal: check renders no boards to see one
    return dist


def test_a_boards_own_material_is_printed_and_the_rest_take_their_formats(own):
    rows = read_rows(ticket(own, "demo"), "zh-TW")  # headed in the staff's language
    assert [row["file"] for row in rows] == ["downloads/boards/lobby.zh-CN.pdf", "downloads/boards/welcome.zh-CN.pdf",
                                             "zh-TW/downloads/boards/lobby.zh-TW.pdf",
                                             "zh-TW/downloads/boards/welcome.zh-TW.pdf"]
    lobby, welcome = rows[2], rows[3]
    assert (lobby["material"], lobby["quantity"]) == ("5 毫米 PVC 板，配不鏽鋼立架", "3")  # as Taiwan staff read it
    assert welcome["material"] == "PET 寫真布，配 80×200 公分易拉展"
    assert (welcome["photo"], welcome["ppi"]) == ("無照片（純色背景）", "")  # no photo marked for boards: the house colour
    assert welcome["note"] == "檔案不含裁切線，請自行加上" and lobby["note"] == ""
    text = text_of(ticket(own, "demo") / "boards-job-ticket.pdf")
    assert "5毫米PVC板，配不鏽鋼立架" in text and "8塊（4個檔案）" in text


def test_a_preview_not_built_is_said_with_the_command_that_builds_it(own):
    rows = read_rows(ticket(own, "demo"), "zh-TW")
    assert {row["preview"] for row in rows} == {"預覽圖未產生"}
    text = text_of(ticket(own, "demo") / "boards-job-ticket.pdf")
    assert text.count("預覽圖未產生") == 1 + len(rows)  # the warning, and each row
    assert "pythonbuild.pybuilddemo--onlyboards,print_ticket" in text
