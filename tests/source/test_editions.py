"""Language editions: OpenCC conversion by region, kept terms, translated editions that fail when incomplete,
and the samples' editions as published (folders, downloads, fonts, switcher, per-edition search index)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from handbook.commands.cli import main
from handbook.i18n import messages as messages_module
from handbook.i18n.convert import converter
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import Catalogue
from handbook.run.leftovers import leftovers
from handbook.source.editions import missing_labels
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import REPO_ROOT, SAMPLE_OUTPUTS, make_repo, template_text

HAN = re.compile(r"[\u4e00-\u9fff]")

# Phrases whose regional wording differs: Simplified, Hong Kong, Taiwan.
PHRASES = [
    ("软件", "軟件", "軟體"),
    ("里面", "裏面", "裡面"),
    ("出租车", "出租車", "計程車"),
    ("鼠标", "鼠標", "滑鼠"),
    ("信息", "信息", "資訊"),
    ("打印机", "打印機", "印表機"),
    ("网络", "網絡", "網路"),
    ("停车场", "停車場", "停車場"),
]


@pytest.mark.parametrize(("simplified", "hong_kong", "taiwan"), PHRASES)
def test_phrases_convert_with_the_regions_vocabulary(simplified, hong_kong, taiwan):
    sc, hk, tw = LANGUAGES["zh-CN"], LANGUAGES["zh-HK"], LANGUAGES["zh-TW"]
    assert converter(sc, hk)(simplified) == hong_kong
    assert converter(sc, tw)(simplified) == taiwan
    assert converter(tw, sc)(taiwan) == simplified  # back with the mainland's words


def test_macau_reads_as_hong_kong_and_english_is_not_converted():
    # The same characters; only the words of the term table differ (Macao's 電梯, Hong Kong's 升降機).
    assert converter(LANGUAGES["zh-HK"], LANGUAGES["zh-MO"])("軟件與升降機") == "軟件與電梯"
    assert converter(LANGUAGES["zh-CN"], LANGUAGES["en"]) is None  # a translator's work, never a converter's


def test_kept_terms_stay_exactly_as_written():
    convert = converter(LANGUAGES["zh-CN"], LANGUAGES["zh-TW"], ["莲花花园", "莲园路", "莲花"])
    assert convert("欢迎来到莲花花园，地址莲园路 88 号，莲花软件") == "歡迎來到莲花花园，地址莲园路 88 號，莲花軟體"
    # Without the list the same text is converted throughout.
    assert converter(LANGUAGES["zh-CN"], LANGUAGES["zh-TW"])("莲花花园") == "蓮花花園"


def test_conversion_is_deterministic():
    text = "软件里面的出租车信息，莲花花园的网络打印机" * 50
    results = {converter(LANGUAGES["zh-CN"], LANGUAGES["zh-HK"], ["莲花花园"])(text) for _ in range(5)}
    assert len(results) == 1


def test_a_catalogue_missing_a_label_fails(monkeypatch):
    full = messages_module.catalogue("en")
    short = Catalogue("en", {k: v for k, v in full.messages.items() if k != "label.contacts"})
    real = messages_module.catalogue
    monkeypatch.setattr("handbook.source.editions.catalogue", lambda tag: short if tag == "en" else real(tag))
    loaded = load_project(ProjectSource("lotus-garden", REPO_ROOT / "projects" / "lotus-garden"))
    problems = missing_labels(loaded, ["zh-CN", "en"])
    assert len(problems) == 1 and "label.contacts" in str(problems[0]) and "en" in str(problems[0])


# --- a translated edition of a small project ------------------------------------------------------------------

def translated_repo(root: Path) -> Path:
    """Return a repository whose `demo` project has an English edition with every text translated."""
    text = template_text().replace("languages: [zh-CN]", "languages: [zh-CN, en]")
    repo = make_repo(root, {"demo": text})
    assert main(["--repo", str(repo), "translations", "demo"]) == 0
    path = repo / "projects" / "demo" / "translations" / "en.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["texts"] and all(entry["en"] == "" for entry in data["texts"])  # the editor's to-do list
    for number, entry in enumerate(data["texts"], start=1):
        entry["en"] = f"Text {number}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return repo


def english_of(repo: Path, chinese: str) -> str:
    data = yaml.safe_load((repo / "projects/demo/translations/en.yml").read_text(encoding="utf-8"))
    return next(entry["en"] for entry in data["texts"] if entry["zh-CN"] == chinese)


def remove_translation(repo: Path, chinese: str) -> None:
    path = repo / "projects/demo/translations/en.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["texts"]:
        if entry["zh-CN"] == chinese:
            entry["en"] = ""
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> tuple[Path, Path]:
    """Return (repo, dist) of the demo project built with its English edition."""
    root = tmp_path_factory.mktemp("translated")
    (root / "repo").mkdir()
    repo = translated_repo(root / "repo")
    dist = root / "dist"
    assert main(["--repo", str(repo), "build", "demo", "--only", "guide,site", "--out", str(dist)]) == 0
    return repo, dist


def test_the_english_edition_shows_the_translations(translated):
    repo, dist = translated
    contact = load_project(ProjectSource("demo", repo / "projects" / "demo")).project.contacts[0].name
    english = english_of(repo, contact)
    page = (dist / "public/demo/en/contacts/index.html").read_text(encoding="utf-8")
    assert english in page and contact not in page
    guide = subprocess.run(["pdftotext", str(dist / "public/demo/en/downloads/move-in-guide.en.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert english in guide
    assert not HAN.search(guide), f"Chinese left in the English guide: {HAN.findall(guide)[:10]}"
    assert '<html lang="en"' in page


def test_a_removed_translation_fails_the_build_naming_the_field(translated, tmp_path, capsys):
    repo, dist = translated
    repo = Path(shutil.copytree(repo, tmp_path / "repo"))
    out = Path(shutil.copytree(dist, tmp_path / "dist"))
    before = (out / "public/demo/en/contacts/index.html").read_bytes()
    contact = load_project(ProjectSource("demo", repo / "projects" / "demo")).project.contacts[0].name
    remove_translation(repo, contact)
    capsys.readouterr()
    assert main(["--repo", str(repo), "build", "demo", "--only", "guide,site", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    line = next(number for number, text in enumerate(
        (repo / "projects/demo/project.yml").read_text(encoding="utf-8").splitlines(), start=1)
        if re.match(rf"\s*name:\s*{re.escape(contact)}\s*$", text))
    assert re.search(rf"projects/demo/project\.yml:{line}:\d+: contacts\[1\]\.name: .*en.*translations/en\.yml", err), err
    assert "Traceback" not in err
    assert (out / "public/demo/en/contacts/index.html").read_bytes() == before  # the last good output stays
    assert main(["--repo", str(repo), "check", "demo"]) == 1  # editors see it before building too


def test_a_page_with_prose_needs_its_translation_beside_it(translated, tmp_path, capsys):
    repo, _ = translated
    repo = Path(shutil.copytree(repo, tmp_path / "repo"))
    pages = repo / "projects/demo/content/owner"
    pages.mkdir(parents=True)
    (pages / "parking.md").write_text("# 停车\n\n地下车库每天 7:00 开放。\n", encoding="utf-8")
    (pages / "notes.md").write_text("# {{ t(\"label.contacts\") }}\n\n{{ project.name }}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--repo", str(repo), "check", "demo"]) == 1
    err = capsys.readouterr().err
    assert "projects/demo/content/owner/parking.md" in err and "parking.en.md" in err
    assert "notes.md" not in err  # no prose of its own: labels and data serve every edition
    (pages / "parking.en.md").write_text("# Parking\n\nThe garage opens daily at 7:00.\n", encoding="utf-8")
    assert main(["--repo", str(repo), "check", "demo"]) == 0


def test_a_translations_file_of_the_wrong_shape_is_reported_with_its_line(translated, tmp_path, capsys):
    repo, _ = translated
    repo = Path(shutil.copytree(repo, tmp_path / "repo"))
    path = repo / "projects/demo/translations/en.yml"
    path.write_text("texts:\n  - zh-CN: 新项目\n    english: New project\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--repo", str(repo), "check", "demo"]) == 1
    err = capsys.readouterr().err
    assert "projects/demo/translations/en.yml:2" in err and "Traceback" not in err


def test_the_translations_command_keeps_work_and_adds_what_changed(translated, tmp_path):
    repo, _ = translated
    repo = Path(shutil.copytree(repo, tmp_path / "repo"))
    data_file = repo / "projects/demo/project.yml"
    data_file.write_text(data_file.read_text(encoding="utf-8").replace("name: 新项目", "name: 新项目二期"),
                         encoding="utf-8")
    assert main(["--repo", str(repo), "translations", "demo"]) == 0
    text = (repo / "projects/demo/translations/en.yml").read_text(encoding="utf-8")
    entries = {e["zh-CN"]: e["en"] for e in yaml.safe_load(text)["texts"]}
    assert entries["新项目二期"] == "" and "新项目" not in entries  # new text to do, stale text gone
    assert sum(1 for value in entries.values() if value.startswith("Text ")) == len(entries) - 1


def test_chinese_left_in_an_english_page_is_caught(tmp_path):
    site = tmp_path / "en"
    site.mkdir()
    (site / "index.html").write_text('<p>Welcome</p><a hreflang="zh-CN">简体中文</a><p>请带身份证</p>',
                                     encoding="utf-8")
    found = leftovers(tmp_path, [site / "index.html"])
    assert [text for _, text in found] == ["请带身份证"]


# --- the samples -----------------------------------------------------------------------------------------------

@pytest.fixture
def samples(samples_dist: Path) -> Path:
    return samples_dist / "public"


EDITIONS = {"lotus-garden": ["zh-CN", "zh-HK", "en"], "harbour-centre": ["zh-HK", "zh-CN"]}


def edition_folder(public: Path, slug: str, tag: str) -> Path:
    return public / slug if tag == EDITIONS[slug][0] else public / slug / tag


@pytest.mark.parametrize(("slug", "tag"), [(s, t) for s, tags in EDITIONS.items() for t in tags])
def test_each_edition_has_its_site_guide_and_font(samples, slug, tag):
    folder = edition_folder(samples, slug, tag)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{LANGUAGES[tag].html_lang}"' in page
    guide = folder / "downloads" / f"move-in-guide.{tag}.pdf"
    fonts = subprocess.run(["pdffonts", str(guide)], capture_output=True, text=True, check=True).stdout
    assert f"Noto-Sans-CJK-{LANGUAGES[tag].cjk_face}" in fonts or (tag == "en" and "CJK" not in fonts)
    site = load_project(ProjectSource(slug, REPO_ROOT / "projects" / slug)).project.site.url.rstrip("/") + "/"
    own_site = site if tag == EDITIONS[slug][0] else f"{site}{tag}/"
    guide_text = subprocess.run(["pdftotext", str(guide), "-"], capture_output=True, text=True, check=True).stdout
    assert own_site in guide_text  # the QR and the address lead to the edition's own site
    assert f"<loc>{own_site}" in (folder / "sitemap.xml").read_text(encoding="utf-8")
    others = [f.name for f in (folder / "downloads").glob("move-in-guide.*.pdf")]
    assert others == [guide.name]  # each edition's downloads are its own
    switcher = re.findall(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link"', page)
    assert [lang for _, lang in switcher] == [LANGUAGES[t].html_lang for t in EDITIONS[slug]]


@pytest.mark.parametrize(("slug", "tag"), [(s, t) for s, tags in EDITIONS.items() for t in tags])
def test_the_switcher_leads_to_the_same_page_in_each_edition(samples, slug, tag):
    folder = edition_folder(samples, slug, tag)
    others = {t for t in EDITIONS[slug] if t != EDITIONS[slug][0]}
    pages = [p for p in folder.rglob("index.html") if p.relative_to(folder).parts[0] not in others]
    assert len(pages) > 5
    for page in pages:
        where = page.parent.relative_to(folder)
        switcher = re.findall(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link"',
                              page.read_text(encoding="utf-8"))
        assert [lang for _, lang in switcher] == [LANGUAGES[t].html_lang for t in EDITIONS[slug]]
        for (link, _), other in zip(switcher, EDITIONS[slug]):
            target = (page.parent / link).resolve()
            assert target == (edition_folder(samples, slug, other) / where).resolve(), (page, link)
            assert (target / "index.html").is_file()
    # The 404 page is served at any address: its entries are each edition's root, as absolute paths.
    root = urlsplit(load_project(ProjectSource(slug, REPO_ROOT / "projects" / slug)).project.site.url).path
    missing = (folder / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]*)" hreflang="[^"]*" class="md-select__link"', missing)
    assert links == [root + ("" if index == 0 else f"{t}/") for index, t in enumerate(EDITIONS[slug])]


def test_converted_editions_read_in_their_script_with_kept_names(samples):
    hk = (samples / "lotus-garden/zh-HK/move-in/index.html").read_text(encoding="utf-8")
    cn = (samples / "lotus-garden/move-in/index.html").read_text(encoding="utf-8")
    assert "钥匙" in cn and "鎖匙" in hk and "钥匙" not in hk and "鑰匙" not in hk  # Hong Kong's word (terms.yml)
    assert "蓮花花園" in hk and "莲花花园" not in hk  # the name as the edition writes it (keep_as_written)
    hk_home = (samples / "lotus-garden/zh-HK/index.html").read_text(encoding="utf-8")
    assert "深圳莲花物业服务有限公司" in hk_home  # a registered name, kept as written
    harbour_cn = (samples / "harbour-centre/zh-CN/index.html").read_text(encoding="utf-8")
    assert "海港物業管理有限公司" in harbour_cn  # a registered name, kept
    assert "欢迎" in harbour_cn and "歡迎" not in harbour_cn


SEARCH_TERMS = [("lotus-garden", "zh-CN", "钥匙"), ("lotus-garden", "zh-HK", "鎖匙"), ("lotus-garden", "en", "keys"),
                ("harbour-centre", "zh-HK", "鎖匙"), ("harbour-centre", "zh-CN", "钥匙")]


@pytest.mark.parametrize(("slug", "tag", "term"), SEARCH_TERMS)
def test_each_edition_indexes_its_own_text_for_search(samples, slug, tag, term):
    index = json.loads((edition_folder(samples, slug, tag) / "search/search_index.json").read_text(encoding="utf-8"))
    words = {word for doc in index["docs"] for word in re.split(r"[\s\u200b\-]+", doc["text"] + " " + doc["title"])}
    assert any(term in word for word in words), f"{slug} {tag}: no indexed word holds {term}"
    if tag == "en":
        assert index["config"]["lang"] == ["en"]  # English stemming
        assert not any(HAN.search(doc["text"]) for doc in index["docs"])


def test_rebuilding_an_edition_gives_the_same_bytes(samples, sample_repo, tmp_path):
    out = tmp_path / "again"
    # The outputs `samples` was built with: the downloads page, in the search index, lists every print file.
    assert main(["--repo", str(sample_repo), "build", "harbour-centre", "--only", SAMPLE_OUTPUTS,
                 "--out", str(out)]) == 0
    for name in ("zh-CN/downloads/move-in-guide.zh-CN.pdf", "zh-CN/fees/index.html", "zh-CN/search/search_index.json"):
        assert (out / "public/harbour-centre" / name).read_bytes() == (samples / "harbour-centre" / name).read_bytes()


def test_a_translation_too_long_for_its_flowchart_box_is_reported(translated, tmp_path, capsys):
    repo, _ = translated
    repo = Path(shutil.copytree(repo, tmp_path / "repo"))
    path = repo / "projects/demo/translations/en.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["texts"]:
        if entry["zh-CN"] == "领取钥匙":
            entry["en"] = "Collect the keys, the access cards and the letterbox key " * 4
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert main(["--repo", str(repo), "check", "demo"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"project\.yml:\d+:\d+: processes\.move_in\.steps\[2\]\.title: en “Collect the keys", err), err


def test_each_notice_is_in_its_units_language_and_the_print_file_keeps_appointment_order(samples_dist):
    folder = samples_dist / "internal/lotus-garden/notices"
    text = lambda path: subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,  # noqa: E731
                                       check=True).stdout
    english, hong_kong, mainland = text(folder / "2-0601.pdf"), text(folder / "5-1502.pdf"), text(folder / "1-0403.pdf")
    assert "Move-in notice" in english and "Daniel Wong" in english and not HAN.search(english.replace("栋", ""))
    assert "In words" not in english and "00/100" not in english and "大写" in mainland  # a Chinese convention
    assert "繳" in hong_kong or "費" in hong_kong
    assert "费" in mainland and "費" not in mainland
    units = {row.split(",")[0]: row for row in (REPO_ROOT / "projects/lotus-garden/units.csv")
             .read_text(encoding="utf-8-sig").splitlines()[1:]}
    order = sorted(units, key=lambda unit: (units[unit].split(",")[10], unit))  # appointment, then unit
    pages = text(folder / "notices.pdf").split("\f")
    # Every page names its unit in the running head; a notice running onto a second page names it twice.
    on_pages = [next(u for u in units if u in page.split()) for page in pages if page.strip()]
    assert [u for i, u in enumerate(on_pages) if i == 0 or on_pages[i - 1] != u] == order
