"""The downloads page as owners read it: the guide first by its title, pages and size, then the boards with previews.

Read from the built samples (every edition): each file by its title in the
edition's words, never by its file name; each board's preview sized as it is
shown (width and height given, the file that small), its 2x beside it.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pypdf
import pytest
from PIL import Image

from handbook.commands.cli import main
from handbook.derive.boards import board_size, board_title, project_boards
from handbook.derive.present import Presenter
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.outputs.downloads import PREVIEW_WIDTH_PX, file_size
from handbook.repo import Repo
from handbook.run.gather import project_editions
from handbook.source.editions import edition_project
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import REPO_ROOT, make_repo, template_text

# (slug, edition, its folder in the site)
EDITIONS = [("lotus-garden", "zh-CN", ""), ("lotus-garden", "zh-HK", "zh-HK/"), ("lotus-garden", "en", "en/"),
            ("harbour-centre", "zh-HK", ""), ("harbour-centre", "zh-CN", "zh-CN/")]
IDS = [f"{slug}/{tag}" for slug, tag, _ in EDITIONS]
# The guide's line as each language writes it.
GUIDE_LINE = {"zh-CN": "入伙指引（PDF，{pages} 页，{kb} KB）", "zh-HK": "入伙指引（PDF，{pages} 頁，{kb} KB）",
              "en": "Move-in guide (PDF, {pages} pages, {kb} KB)"}
BOARDS_HEADING = {"zh-CN": "展板", "zh-HK": "展板", "en": "Display boards"}
MAX_PREVIEW_BYTES = {1: 24_000, 2: 60_000}  # the 720 px previews shown until now weighed 38-63 KB each


class Listing(HTMLParser):
    """The downloads page's article: its list items' text, links and images, and the h2 section each is in."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []  # {"text", "href", "img", "section"}: section is its h2's text, "" before any
        self.sections: list[str] = []  # the h2s' texts, in order
        self._li, self._in_h2 = None, False
        self.feed(page.split("<article", 1)[1].split("</article>", 1)[0])

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "li":
            self._li = {"text": "", "href": None, "img": None, "section": self.section}
            self.items.append(self._li)
        elif tag == "a" and self._li is not None and self._li["href"] is None:
            self._li["href"] = attributes["href"]
        elif tag == "img" and self._li is not None:
            self._li["img"] = attributes
        elif tag == "h2":
            self.sections.append("")
        self._in_h2 = self._in_h2 or tag == "h2"

    def handle_endtag(self, tag):
        self._li = None if tag == "li" else self._li
        self._in_h2 = self._in_h2 and tag != "h2"
        if tag == "h2":
            self.sections[-1] = self.sections[-1].strip()

    def handle_data(self, data):
        if self._li is not None:
            self._li["text"] += data
        if self._in_h2:
            self.sections[-1] += data

    @property
    def section(self) -> str:
        return self.sections[-1] if self.sections else ""


def pixels(path: Path) -> tuple[int, int]:
    """Return an image file's width and height."""
    with Image.open(path) as image:
        return image.size


def listing(site: Path) -> Listing:
    return Listing((site / "downloads" / "index.html").read_text(encoding="utf-8"))


def edition_view(slug: str, tag: str):
    """Return a sample project as the edition shows it (titles translated or converted) and its catalogue."""
    loaded = load_project(ProjectSource(slug, REPO_ROOT / "projects" / slug))
    edition = next(e for e in project_editions(loaded, Repo(REPO_ROOT)) if e.tag == tag)
    return edition_project(loaded.project, edition), edition.messages


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=IDS)
def test_the_guide_comes_first_by_its_title_with_its_pages_and_size(samples_dist, slug, tag, prefix):
    site = samples_dist / "public" / slug / prefix
    guide = site / "downloads" / f"move-in-guide.{tag}.pdf"
    first = listing(site).items[0]
    assert first["href"] == guide.name and first["section"] == ""
    pages, kb = len(pypdf.PdfReader(guide).pages), round(guide.stat().st_size / 1024)
    assert first["text"].strip() == GUIDE_LINE[tag].format(pages=pages, kb=kb)


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=IDS)
def test_the_boards_follow_in_their_own_section_each_by_its_title(samples_dist, slug, tag, prefix):
    site = samples_dist / "public" / slug / prefix
    page = listing(site)
    project, messages = edition_view(slug, tag)
    boards = project_boards(project)
    assert page.sections[-1] == BOARDS_HEADING[tag]  # the last section (forms and what to bring come before)
    listed = [item for item in page.items if item["section"] == BOARDS_HEADING[tag]]
    assert [item["href"] for item in listed] == [f"boards/{board.id}.{tag}.pdf" for board in boards]
    for item, board in zip(listed, boards):
        width, height = board_size(board)
        assert item["text"].strip().startswith(board_title(board, project, messages)), item["text"]
        assert f"{width} × {height}" in item["text"]  # its print size, where a document gives its pages
        assert board.id not in item["text"]  # named by its title, never its file name
    raw = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    assert ".png<" not in raw and f">{boards[0].id}.{tag}<" not in raw  # previews are shown, never listed


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=IDS)
def test_each_preview_is_small_and_sized_so_nothing_moves_as_it_loads(samples_dist, slug, tag, prefix):
    downloads = samples_dist / "public" / slug / prefix / "downloads"
    previews = [item["img"] for item in listing(downloads.parent).items if item["img"]]
    assert len(previews) == len(project_boards(edition_view(slug, tag)[0]))
    for index, img in enumerate(previews):
        width, height = pixels(downloads / unquote(img["src"]))
        assert (int(img["width"]), int(img["height"])) == (width, height) and width == PREVIEW_WIDTH_PX, img
        assert (downloads / unquote(img["src"])).stat().st_size < MAX_PREVIEW_BYTES[1]
        candidates = dict(reversed(part.split()) for part in html.unescape(img["srcset"]).split(", "))
        assert candidates["1x"] == img["src"]
        two_x = downloads / unquote(candidates["2x"])
        assert pixels(two_x)[0] == 2 * width and abs(pixels(two_x)[1] - 2 * height) <= 1
        assert two_x.stat().st_size < MAX_PREVIEW_BYTES[2]
        assert img["alt"] == ""  # the link around it is named by the board's title, beside it
        assert img.get("loading") == (None if index == 0 else "lazy")  # the first may be the largest paint


def test_preview_heights_keep_the_board_s_proportions(samples_dist):
    downloads = samples_dist / "public" / "lotus-garden" / "downloads"
    for board in project_boards(load_project(ProjectSource("lotus-garden", REPO_ROOT / "projects/lotus-garden"))
                                .project):
        width, height = board_size(board)
        assert pixels(downloads / "boards" / f"{board.id}.zh-CN.png")[1] == round(PREVIEW_WIDTH_PX * height / width)


@pytest.mark.parametrize(("size", "tag", "expected"), [
    (100, "en", "1 KB"), (554_216, "zh-CN", "541 KB"), (1024 * 1023, "en", "1,023 KB"),
    (1024 * 1024 * 1.25, "en", "1.2 MB"), (1024 * 1024 * 12, "zh-HK", "12 MB")])
def test_file_sizes_read_as_file_managers_write_them(tmp_path, size, tag, expected):
    path = tmp_path / "file.pdf"
    path.write_bytes(b"x" * int(size))
    assert file_size(path, Presenter(LANGUAGES[tag], catalogue(tag), "CNY")) == expected


@pytest.mark.parametrize(("tag", "pages", "expected"), [
    ("en", 1, "PDF, 1 page, 3 KB"), ("en", 14, "PDF, 14 pages, 3 KB"), ("zh-CN", 14, "PDF，14 页，3 KB"),
    ("zh-HK", 1, "PDF，1 頁，3 KB"), ("zh-MO", 2, "PDF，2 頁，3 KB"), ("zh-TW", 2, "PDF，2 頁，3 KB")])
def test_a_document_s_pages_agree_with_their_number(tag, pages, expected):
    assert catalogue(tag)("label.download.document", type="PDF", count=pages, size="3 KB") == expected


def test_no_downloads_says_so(tmp_path):
    repo = make_repo(tmp_path, {"demo": template_text()})
    assert main(["--repo", str(repo), "build", "--only", "site"]) == 0
    page = (repo / "dist/public/demo/downloads/index.html").read_text(encoding="utf-8")
    assert catalogue("zh-CN")("label.no_downloads") in page
    assert "<h2" not in re.sub(r"<nav.*?</nav>", "", page.split("<article", 1)[1], flags=re.S)
