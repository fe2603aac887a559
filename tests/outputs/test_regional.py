"""Every edition of a project speaks for its region: forms, the sample card, map links and agreements, read back built.

The samples are a Shenzhen estate (lotus-garden: zh-CN, zh-HK and en editions) and a Hong Kong office tower
(harbour-centre: zh-HK, zh-CN); a made-up Macao estate written in Simplified Chinese (zh-CN, zh-MO) shows that
the region, not the edition, decides.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from handbook.commands.cli import main
from handbook.i18n.messages import catalogue
from handbook.outputs.boards import SAMPLE_NUMBERS
from handbook.outputs.site import map_links, map_query
from tests.conftest import PROJECTS, make_repo, make_sample_repo, template_text
from tests.conftest import sample_project as project

SAMPLES = {"lotus-garden": ["", "zh-HK/", "en/"], "harbour-centre": ["", "zh-CN/"]}  # each edition's site folder
HK_ID = re.compile(r"\b[A-Z]{1,2}\d{6}\(\d\)")  # A123456(7), as a Hong Kong card prints it
MAINLAND_ID = re.compile(r"\b\d{4}\*{10}\d{4}\b|\b\d{17}[\dX]\b")
MAINLAND_WORDS = ("业主大会", "業主大會", "前期物业管理", "前期物業管理", "业主临时管理规约", "業主臨時管理規約")


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def page_text(page: Path) -> str:
    """Return what a page shows and links to: its text and its links' addresses, entities and escapes undone."""
    raw = page.read_text(encoding="utf-8")
    return unquote(html.unescape(raw))


def outputs_text(dist: Path, slug: str) -> dict[Path, str]:
    """Return the text of every page and PDF a project's build wrote, public and internal, by file."""
    found = {}
    for audience in ("public", "internal"):
        for path in sorted((dist / audience / slug).rglob("*")):
            if path.suffix == ".pdf":
                found[path] = pdf_text(path)
            elif path.suffix == ".html":
                found[path] = page_text(path)
    return found


def map_urls(page: Path) -> list[str]:
    raw = page.read_text(encoding="utf-8")
    return [html.unescape(url) for url in re.findall(r'href="(https://[^"]+)"', raw)
            if any(host in url for host in ("amap.com", "baidu.com", "google.com/maps", "maps.apple.com"))]


# Map links: pure functions -------------------------------------------------------------------------------------

def test_the_city_is_written_once():
    assert map_query("深圳市南山区莲园路 88 号", "深圳市") == "深圳市南山区莲园路 88 号"
    assert map_query("南山区莲园路 88 号", "深圳市") == "深圳市南山区莲园路 88 号"
    assert map_query("88 Lianyuan Road, Nanshan, Shenzhen", "Shenzhen") == "88 Lianyuan Road, Nanshan, Shenzhen"
    assert map_query("88 Lianyuan Road", "Shenzhen") == "88 Lianyuan Road, Shenzhen"
    assert map_query("香港九龍觀塘海濱道 168 號", None) == "香港九龍觀塘海濱道 168 號"


@pytest.mark.parametrize("region, maps", [("CN", ["amap", "baidu"]), ("HK", ["google", "apple", "amap"]),
                                          ("MO", ["google", "apple", "amap"]), ("TW", ["google", "apple", "amap"])])
def test_each_region_gets_the_maps_its_owners_use(region, maps):
    links = map_links("某路 1 号", None, region)
    assert [name for name, _ in links] == maps
    assert all(url.startswith("https://") and "%E6%9F%90%E8%B7%AF" in url for _, url in links)


# The samples, as built -----------------------------------------------------------------------------------------

@pytest.fixture
def dist(samples_dist: Path) -> Path:
    return samples_dist


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_edition_links_the_regions_maps_searching_the_estates_address_once(dist, slug):
    p = project(slug)
    expected = [url for _, url in map_links(p.address, p.city, p.region)]
    for prefix in SAMPLES[slug]:
        for page in ("contacts/index.html", "index.html"):
            urls = map_urls(dist / "public" / slug / prefix / page)
            assert sorted(set(urls)) == sorted(expected), (prefix, page)
    searched = {unquote(url) for url in expected}
    assert all(p.address in url for url in searched)
    assert not any((p.city or "") * 2 in url for url in searched)  # 深圳市深圳市
    for contact in p.contacts:  # a contact's address says where on the estate it is: never searched alone
        if contact.address:
            assert not any(url.endswith(contact.address) for url in searched), contact.address


def test_a_hong_kong_site_links_google_apple_and_amap_never_baidu(dist):
    urls = map_urls(dist / "public" / "harbour-centre" / "contacts" / "index.html")
    assert [url.split("/")[2] for url in urls] == ["www.google.com", "maps.apple.com", "uri.amap.com"]
    text = page_text(dist / "public" / "harbour-centre" / "contacts" / "index.html")
    assert catalogue("zh-HK")("label.map_google") in text and catalogue("zh-HK")("label.map_baidu") not in text


@pytest.mark.parametrize("slug", SAMPLES)
def test_the_site_publishes_the_agreements_the_project_lists_only(dist, slug):
    listed = {agreement.id for agreement in project(slug).agreements}
    for prefix in SAMPLES[slug]:
        folder = dist / "public" / slug / prefix / "agreements"
        assert {page.name for page in folder.iterdir() if page.is_dir()} == listed, prefix


def test_a_hong_kong_project_shows_no_mainland_legal_wording(dist):
    shown = outputs_text(dist, "harbour-centre")
    for path, text in shown.items():
        assert not any(word in text for word in MAINLAND_WORDS), path
    fire = page_text(dist / "public" / "harbour-centre" / "agreements" / "fire_safety" / "index.html")
    assert "999" in fire and "119" not in fire  # Hong Kong's emergency number


def test_no_hong_kong_id_or_phone_in_a_mainland_projects_outputs(dist):
    hong_kong = SAMPLE_NUMBERS["HK"]
    for path, text in outputs_text(dist, "lotus-garden").items():
        assert not HK_ID.search(text), (path, HK_ID.search(text)[0])
        assert hong_kong["phone"] not in text and hong_kong["phone_2"] not in text, path


def test_no_mainland_id_or_phone_in_a_hong_kong_projects_outputs(dist):
    mainland = SAMPLE_NUMBERS["CN"]
    for path, text in outputs_text(dist, "harbour-centre").items():
        assert not MAINLAND_ID.search(text), path
        assert mainland["phone"] not in text and mainland["phone_2"] not in text, path


def sample_cards(dist: Path, slug: str) -> list[Path]:
    return sorted((dist / "public" / slug).glob("**/downloads/boards/*.pdf"))


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_editions_sample_card_shows_the_regions_formats(dist, slug):
    p = project(slug)
    numbers = SAMPLE_NUMBERS[p.region]
    household = "family" if p.documents.family else "company"
    cards = [pdf for pdf in sample_cards(dist, slug) if "sample" in pdf.name]
    assert len(cards) == len(SAMPLES[slug])  # one per edition
    for pdf in cards:
        text = re.sub(r"\s+", " ", pdf_text(pdf))
        tag = pdf.stem.rsplit(".", 1)[1]
        t = catalogue(tag)
        assert numbers["phone"] in text, pdf
        assert t(f"board.example.{p.region}.room") in text, pdf
        if household == "company":  # an office's card is filled in for a company: its registration, no person's ID
            assert numbers["registration"] in text and t(f"label.form.registration.{p.region}") in text, pdf
            assert t(f"board.example.{p.region}.company") in text, pdf
            assert not HK_ID.search(text) and not MAINLAND_ID.search(text), pdf
        else:
            assert numbers["id"] in text, pdf
            assert t(f"board.form.id_number.{p.region}") in text, pdf


# The owner card, built for a company and a family of each sample ------------------------------------------------

CARD_UNITS = {"lotus-garden": ("2-0202", "1-2901"), "harbour-centre": ("12/F-A",)}


@pytest.fixture(scope="module")
def sample_forms(tmp_path_factory) -> Path:
    """Return the internal dist of both samples' forms, built for one company (and one family) unit each."""
    repo = make_sample_repo(tmp_path_factory.mktemp("forms") / "repo")
    for slug, keep in CARD_UNITS.items():
        lines = (PROJECTS / slug / "units.csv").read_text(encoding="utf-8").splitlines()
        rows = [line for line in lines[1:] if line.split(",")[0] in keep]
        (repo / "projects" / slug / "units.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    assert main(["--repo", str(repo), "build", *CARD_UNITS, "--only", "forms", "--jobs", "1"]) == 0
    return repo / "dist" / "internal"


def first_page(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("slug", CARD_UNITS)
def test_each_samples_company_owner_card_asks_for_its_regions_registration(sample_forms, slug):
    p = project(slug)
    tag = p.languages[0]
    t = catalogue(tag)
    card = first_page(sample_forms / slug / "forms" / "units" / (CARD_UNITS[slug][0].replace("/", "-") + ".pdf"))
    assert t(f"label.form.registration.{p.region}") in card and t(f"label.form.legal_rep.{p.region}") in card
    assert t(f"label.form.id_document.{p.region}") in card  # the contact person's ID
    others = {t(f"label.form.registration.{region}") for region in ("CN", "HK", "MO", "TW") if region != p.region}
    assert not any(label in card for label in others)
    blank = first_page(sample_forms / slug / "forms" / "blank" / "owner_card.pdf")
    assert t(f"label.form.registration.{p.region}") in blank and t(f"label.form.id_document.{p.region}") in blank


def test_a_mainland_family_card_asks_for_the_resident_identity_card(sample_forms):
    card = first_page(sample_forms / "lotus-garden" / "forms" / "units" / "1-2901.pdf")
    assert "居民身份证" in card and "香港身份" not in card


# A made-up Macao estate, written in Simplified Chinese ----------------------------------------------------------

MACAO = template_text("macao-court").replace(
    "languages: [zh-CN]", "languages: [zh-CN, zh-MO]\nregion: MO").replace(
    "address: 某市某区某路 1 号", "address: 澳门氹仔某某大马路 100 号\ncity: 澳门") + """forms:
  - id: owner_card
    name: 业主资料卡
    kind: owner_card
  - id: fire_pledge
    name: 防火安全责任书
    kind: agreement
agreements:
  - id: fire_safety
    name: 防火安全责任书
    form: fire_pledge
  - id: covenant
    name: 大厦公契
unit_list: units.csv
"""
MACAO_UNITS = ("unit,area_m2,property_type,household_type,owner_name,move_in_date\n"
               "1-0101,88.50,residential,family,陈大文,2027-03-08\n"
               "1-0102,90.00,residential,company,某某贸易有限公司,2027-03-08\n")


@pytest.fixture(scope="module")
def macao(tmp_path_factory) -> Path:
    """Return the dist of the Macao estate: its site, boards and forms."""
    repo = make_repo(tmp_path_factory.mktemp("macao"), {"macao-court": MACAO})
    (repo / "projects" / "macao-court" / "units.csv").write_text(MACAO_UNITS, encoding="utf-8")
    assert main(["--repo", str(repo), "build", "macao-court", "--only", "site,boards,forms", "--jobs", "1"]) == 0
    return repo / "dist"


def test_a_macao_estates_simplified_forms_ask_for_macao_numbers(macao):
    forms = macao / "internal" / "macao-court" / "forms"
    company, family = (first_page(forms / "units" / name) for name in ("1-0102.pdf", "1-0101.pdf"))
    assert "商业及动产登记编号" in company and "公司代表" in company
    assert "统一社会信用代码" not in company and "法定代表人" not in company
    assert "澳门居民身份证" in family and "居民身份证" not in family.replace("澳门居民身份证", "")
    blank = first_page(forms / "blank" / "owner_card.pdf")
    assert "商业及动产登记编号" in blank and "澳门居民身份证" in blank


@pytest.mark.parametrize("prefix, tag", [("", "zh-CN"), ("zh-MO/", "zh-MO")])
def test_every_edition_of_a_macao_estate_shows_macao_samples_and_maps(macao, prefix, tag):
    site = macao / "public" / "macao-court" / prefix
    [card] = site.glob("downloads/boards/sample-form.*.pdf")
    text = re.sub(r"\s+", " ", pdf_text(card))
    numbers = SAMPLE_NUMBERS["MO"]
    assert numbers["id"] in text and numbers["phone"] in text
    assert catalogue(tag)("board.form.id_number.MO") in text
    for other in ("CN", "HK", "TW"):
        assert SAMPLE_NUMBERS[other]["id"] not in text and SAMPLE_NUMBERS[other]["phone"] not in text
    urls = map_urls(site / "contacts" / "index.html")
    assert [url.split("/")[2] for url in urls] == ["www.google.com", "maps.apple.com", "uri.amap.com"]
    assert all("澳门氹仔某某大马路 100 号" in unquote(url) and "澳门澳门" not in unquote(url) for url in urls)


def test_a_macao_estate_publishes_no_mainland_covenant_and_its_fire_number(macao):
    agreements = macao / "public" / "macao-court" / "agreements"
    assert sorted(page.name for page in agreements.iterdir() if page.is_dir()) == ["fire_safety"]
    fire = page_text(agreements / "fire_safety" / "index.html")
    assert "119" in fire  # Macao's fire service answers 119, as the mainland's and Taiwan's do
    for page in (macao / "public" / "macao-court").rglob("*.html"):
        assert not any(word in page_text(page) for word in MAINLAND_WORDS), page


def test_a_macao_estate_signing_the_shared_mainland_covenant_is_told_to_write_its_own(tmp_path, capsys):
    text = MACAO.replace("  - id: covenant\n    name: 大厦公契\n", "  - id: covenant\n    name: 大厦公契\n    form: fire_pledge\n")
    text = text.replace("    form: fire_pledge\n  - id: covenant", "  - id: covenant")  # the covenant is signed instead
    text = text.replace("  - id: fire_pledge\n    name: 防火安全责任书\n", "  - id: fire_pledge\n    name: 大厦公契\n")
    repo = make_repo(tmp_path, {"macao-court": text})
    (repo / "projects" / "macao-court" / "units.csv").write_text(MACAO_UNITS, encoding="utf-8")
    assert main(["--repo", str(repo), "check", "macao-court"]) == 1
    err = capsys.readouterr().err
    own = str(Path("projects", "macao-court", "content", "owner", "agreements", "covenant.md"))
    assert own in err and "content/owner/agreements/covenant.md" in err and "MO" in err and "Traceback" not in err
