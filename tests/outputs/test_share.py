"""Sharing: a share card on every page of every sample edition, its images, a long name that never overflows them,
and each printed board's QR code opening the page about what the board shows, in the board's edition.

The cards and codes are read from the built samples: each page's head parsed, each image opened, each board's
PDF rendered by poppler and its code read back by zbarimg, as a phone would.
"""

from __future__ import annotations

import io
import subprocess
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from handbook.commands.cli import main
from handbook.derive.boards import QR_PAGES, project_boards
from handbook.derive.colours import header_colour
from handbook.engines.fonts import font_file
from handbook.engines.mkdocs_hooks import SUMMARY_WIDTH, page_summary, width_of
from handbook.engines.share_image import ink_box, png
from handbook.i18n.messages import catalogue
from handbook.model.boards import BoardKind
from handbook.outputs.common import page_address
from handbook.outputs.share import (
    ELLIPSIS,
    FORMATS,
    LANDSCAPE,
    SHARE_IMAGE,
    SHARE_SQUARE,
    SQUARE,
    ShareCard,
    card_picture,
    text_area,
)
from tests.conftest import PROJECTS, SAMPLES, make_repo, template_text
from tests.conftest import sample_project as project

LOCALES = {"zh-CN": "zh_CN", "zh-HK": "zh_HK", "en": "en_US"}


def editions() -> list[tuple[str, str, str]]:
    """Return (slug, tag, the edition's folder in the site) for every edition of the samples."""
    return [(slug, tag, "" if index == 0 else f"{tag}/")
            for slug in SAMPLES for index, tag in enumerate(project(slug).languages)]


EDITIONS = editions()
IDS = [f"{slug}/{tag}" for slug, tag, _ in EDITIONS]


class Head(HTMLParser):
    """A page's <title> and its head's <meta> tags, each as (property, name or itemprop; content), in order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.title, self.metas, self._in_title = "", [], False
        self.feed(html.split("</head>", 1)[0])

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop")
            self.metas.append((key, values.get("content")))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def all(self, key: str) -> list[str]:
        return [content for name, content in self.metas if name == key]

    def one(self, key: str) -> str:
        (content,) = self.all(key)
        return content


def edition_pages(root: Path, tag: str, prefix: str, tags: list[str]) -> list[Path]:
    """Return every page of one edition's site (the primary's folder holds the others' folders: left out)."""
    others = set(tags) - {tag}
    return sorted(path for path in root.rglob("*.html")
                  if not (not prefix and path.relative_to(root).parts[0] in others))


def image_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


# --- the head's share card --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=IDS)
def test_every_page_carries_a_share_card_with_absolute_images_that_exist(samples_dist, slug, tag, prefix):
    site, sample = samples_dist / "public" / slug / prefix, project(slug)
    root = sample.site.url.rstrip("/") + "/" + prefix  # the edition's address
    pages = edition_pages(site, tag, prefix, sample.languages)
    assert len(pages) > 15 and site / "404.html" in pages
    for path in pages:
        head = Head(path.read_text(encoding="utf-8"))
        assert head.one("og:type") == "website" and head.one("twitter:card") == "summary_large_image", path
        assert head.one("og:locale") == LOCALES[tag]
        assert head.all("og:locale:alternate") == [LOCALES[t] for t in sample.languages if t != tag]
        assert head.one("og:title").strip() and head.one("og:description").strip(), path
        assert head.all("og:image") == [root + SHARE_IMAGE, root + SHARE_SQUARE], path
        assert head.one("image") == root + SHARE_SQUARE  # itemprop: the square thumbnail QQ and WeChat show
        sizes = list(zip(head.all("og:image:width"), head.all("og:image:height")))
        for url, (width, height) in zip(head.all("og:image"), sizes):
            file = site / url.removeprefix(root)  # the absolute address is this edition's own file
            assert file.is_file(), url
            assert image_size(file) == (int(width), int(height)), url
        relative = path.relative_to(site).as_posix()
        if path.name == "404.html":  # served at any address: no page to point at
            assert head.all("og:url") == []
        else:
            assert head.one("og:url") == root + relative.removesuffix("index.html")


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=IDS)
def test_the_card_is_titled_by_the_page_and_says_what_it_holds(samples_dist, slug, tag, prefix):
    site, t = samples_dist / "public" / slug / prefix, catalogue(tag)
    home = Head((site / "index.html").read_text(encoding="utf-8"))
    name = home.one("og:site_name")
    assert home.one("og:title") == t("label.site_description", name=name)  # the home page: the whole handbook
    fees = Head((site / "fees/index.html").read_text(encoding="utf-8"))
    assert fees.one("og:title") == fees.title.strip() == f'{t("label.page_fees")} - {name}'
    assert fees.one("og:description").startswith(t("label.management_fee") + t("punct.list"))  # its sections
    move_in = Head((site / "move-in/index.html").read_text(encoding="utf-8")).one("og:description")
    assert t("label.documents_to_bring") in move_in
    contacts = Head((site / "contacts/index.html").read_text(encoding="utf-8"))  # one heading says little
    assert contacts.one("og:description") == t("label.site_description", name=name)
    for path in (site / "agreements").glob("*/index.html"):  # an agreement: its opening paragraph
        description = Head(path.read_text(encoding="utf-8")).one("og:description")
        assert description and t("label.site_description", name=name) != description, path


def test_a_page_is_summed_up_by_its_lead_paragraph_else_its_sections():
    lead = '<h1 id="a">Covenant</h1>\n<p>I have <strong>read</strong> it &amp; agree:</p><h2>More</h2><h2>Yet</h2>'
    assert page_summary(lead, ", ") == "I have read it & agree:"
    sections = '<h1>Fees</h1><table><tr><td>x</td></tr></table><h2>Management fee</h2><p>p</p><h2>Parking</h2>'
    assert page_summary(sections, ", ") == "Management fee, Parking"
    assert page_summary("<h1>Phones</h1><table></table><h2>Address</h2><p>1 Road</p>", "、") == ""
    words = " ".join(f"word{n}" for n in range(60))
    summary = page_summary(f"<h1>T</h1><p>{words}</p>", ", ")
    head = summary.removesuffix(ELLIPSIS)
    assert summary.endswith(ELLIPSIS) and width_of(summary) <= SUMMARY_WIDTH
    assert words.startswith(head) and words[len(head)] == " "  # cut between words
    many = "<h1>T</h1>" + "".join(f"<h2>管理费第{n}项说明</h2>" for n in range(20))
    summary = page_summary(many, "、")
    assert summary.endswith(ELLIPSIS) and width_of(summary) <= SUMMARY_WIDTH + 1


# --- the share images -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=IDS)
def test_each_edition_has_both_share_images_in_the_house_colour_with_the_photo(samples_dist, slug, tag, prefix):
    site, sample = samples_dist / "public" / slug / prefix, project(slug)
    background = tuple(bytes.fromhex(header_colour(sample.branding.primary)[1:]))
    for name, (width, height) in ((SHARE_IMAGE, (1200, 630)), (SHARE_SQUARE, (500, 500))):
        with Image.open(site / name) as image:
            assert image.format == "PNG" and image.size == (width, height) and image.mode == "RGB"
            assert image.getpixel((4, height - 40)) == background  # the text side's corner
            photo_corner = (width - 4, 4) if name == SHARE_IMAGE else (4, 4)
            assert image.getpixel(photo_corner) != background  # the photo's sky


def test_an_edition_s_images_show_its_own_name(samples_dist):
    """The English edition writes the name in letters: its card is not the Chinese one."""
    site = samples_dist / "public" / "lotus-garden"
    assert (site / SHARE_IMAGE).read_bytes() != (site / "en" / SHARE_IMAGE).read_bytes()
    assert (site / SHARE_SQUARE).read_bytes() != (site / "zh-HK" / SHARE_SQUARE).read_bytes()


LONG_NAMES = [
    "濠江“星輝”花園 & 廣場 Phase III Commercial Tower",
    "Supercalifragilisticexpialidocious-Residences-Tower-Phase-III",  # one word wider than any line
    "濠江“星輝”花園 & 廣場 Phase III Commercial Tower East Wing, Podium and Shopping Arcade " * 2,
]


def card(name: str, photo: Path | None) -> ShareCard:
    return ShareCard(name, "業戶手冊", "#0B4F7C", "#FFFFFF", "#F2A900", photo,
                     font_file("Noto Sans CJK HK:bold"), font_file("Noto Sans CJK HK"))


@pytest.mark.parametrize("name", LONG_NAMES, ids=["mixed", "one-word", "too-long"])
@pytest.mark.parametrize("form", [LANDSCAPE, SQUARE], ids=["card", "square"])
@pytest.mark.parametrize("photo", [PROJECTS / "harbour-centre/images/tower.jpg", None], ids=["photo", "none"])
def test_a_long_name_wraps_and_shrinks_inside_its_area(name, form, photo):
    picture = card_picture(card(name, photo), form)
    area = text_area(form, photo is not None)
    assert area.x >= form.margin and area.right <= form.width - form.margin  # the area keeps the margin
    for line in picture.lines:
        assert area.holds(line.box) and area.holds(ink_box(line)), (line.text, line.size, area)
    names = [line for line in picture.lines if line.font == card(name, photo).bold]
    assert len(names) <= form.name_lines and len({line.size for line in names}) == 1
    shown = "".join(line.text for line in names).replace(" ", "")
    if shown.endswith(ELLIPSIS):  # cut short only at the smallest size, never mid-area
        assert names[0].size == form.name_sizes[1] and name.replace(" ", "").startswith(shown[:-1])
    else:
        assert shown == name.replace(" ", "")
    with Image.open(io.BytesIO(png(picture))) as image:  # drawn: nothing but the background in the margin
        m = form.margin
        for strip in ((area.x - m, area.y - m, area.right + m, area.y), (area.x - m, area.bottom, area.right + m,
                      area.bottom + m), (area.x - m, area.y, area.x, area.bottom), (area.right, area.y,
                      area.right + m, area.bottom)):
            margin = image.crop(strip)
            assert margin.getcolors() == [(margin.width * margin.height, (0x0B, 0x4F, 0x7C))], strip


def test_the_card_for_a_short_name_uses_the_largest_size():
    picture = card_picture(card("海港中心", None), LANDSCAPE)
    assert [line.size for line in picture.lines] == [LANDSCAPE.name_sizes[0], LANDSCAPE.tagline_size]


def test_a_long_named_project_without_a_photo_builds_its_cards_the_same_every_time(tmp_path):
    name = LONG_NAMES[0]
    text = template_text().replace("name: 新项目 ", f"name: '{name}' ", 1)
    (tmp_path / "repo").mkdir()
    repo = make_repo(tmp_path / "repo", {"demo": text})
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        assert main(["--repo", str(repo), "build", "demo", "--only", "site", "--out", str(out)]) == 0
    site = first / "public" / "demo"
    for image, form in FORMATS.items():
        assert image_size(site / image) == (form.width, form.height)
        assert (site / image).read_bytes() == (second / "public" / "demo" / image).read_bytes()
    head = Head((site / "fees/index.html").read_text(encoding="utf-8"))
    assert head.one("og:title") == f'{catalogue("zh-CN")("label.page_fees")} - {name}'  # escaped once: parsed back
    raw = (site / "fees/index.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    assert "&amp; 廣場" in raw and "&amp;amp;" not in raw


# --- the printed QR codes ---------------------------------------------------------------------------------------

def codes_on(pdf: Path, out: Path) -> list[str]:
    """Return the texts of the QR codes printed on a PDF's first page, read from it rendered at 40 dpi."""
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", str(pdf), str(out)], check=True)
    result = subprocess.run(["zbarimg", "--raw", "--quiet", f"{out}.png"], capture_output=True, text=True)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return result.stdout.split()


BOARDS = [(slug, tag, prefix, board) for slug, tag, prefix in EDITIONS for board in project_boards(project(slug))]


@pytest.mark.parametrize(("slug", "tag", "prefix", "board"), BOARDS,
                         ids=[f"{slug}/{tag}/{board.id}" for slug, tag, prefix, board in BOARDS])
def test_a_board_s_code_opens_the_page_about_it_in_its_edition(samples_dist, tmp_path, slug, tag, prefix, board):
    site = samples_dist / "public" / slug / prefix
    root = project(slug).site.url.rstrip("/") + "/" + prefix
    codes = codes_on(site / "downloads" / "boards" / f"{board.id}.{tag}.pdf", tmp_path / "board")
    page = CODE_LEADS_TO[board.kind]
    if page is None:
        assert codes == []
        return
    assert codes == [root + page]
    assert (site / page / "index.html").is_file()  # a page the edition built


# What a reader scanning each kind of board wants to open (issue 23): the fee guide the fees, not the home page.
CODE_LEADS_TO = {"company_intro": "", "move_in_process": "move-in/", "decoration_process": "decoration/",
                 "fee_guide": "fees/", "sample_form": None}


def test_every_kind_of_board_with_a_code_leads_to_a_shared_page_every_site_has():
    pages = {path.name for path in (PROJECTS.parent / "content" / "owner").glob("*.md")}
    assert set(QR_PAGES.values()) <= pages
    assert set(CODE_LEADS_TO) == set(typing.get_args(BoardKind))  # every kind of board says where it leads
    assert {kind: page_address("", page).lstrip("/") for kind, page in QR_PAGES.items()} == {
        kind: page for kind, page in CODE_LEADS_TO.items() if page is not None}
