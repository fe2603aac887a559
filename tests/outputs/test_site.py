"""The owner site: every fact from the data on the right page, escaped, sanitised, loading nothing from elsewhere."""

from __future__ import annotations

import html
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from handbook.commands.cli import main
from handbook.derive.fees import worked_examples
from handbook.derive.present import Presenter
from handbook.engines.offline import outside_loads
from handbook.engines.sanitize import sanitize_markdown
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import REPO_ROOT, make_repo, primary_view
from tests.conftest import sample_project as project

SAMPLES = ["lotus-garden", "harbour-centre"]


@pytest.fixture
def dist(samples_dist: Path) -> Path:
    return samples_dist / "public"


def page(dist: Path, slug: str, name: str) -> str:
    """Return the visible text of a page's main content, tags removed, entities decoded."""
    path = dist / slug / (f"{name}/index.html" if name else "index.html")
    raw = path.read_text(encoding="utf-8")
    main_part = raw.split('<article', 1)[1].split("</article>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", "", main_part))


def presenter(p) -> Presenter:
    tag = p.languages[0]
    return Presenter(LANGUAGES[tag], catalogue(tag), p.fees.currency)


@pytest.mark.parametrize("slug", SAMPLES)
def test_contacts_page_has_every_phone_as_a_tap_to_call_link(dist, slug):
    raw = (dist / slug / "contacts/index.html").read_text(encoding="utf-8")
    for contact in project(slug).contacts:
        assert contact.phone in html.unescape(raw), contact.phone
        assert f'href="tel:{re.sub(r"[^0-9+]", "", contact.phone)}"' in raw


@pytest.mark.parametrize("slug", SAMPLES)
def test_move_in_page_has_every_document_step_and_agreement(dist, slug):
    p, text = project(slug), page(dist, slug, "move-in")
    raw = (dist / slug / "move-in/index.html").read_text(encoding="utf-8")
    article = raw.split("<article", 1)[1].split("</article>", 1)[0]
    for household_type, household in p.documents:  # each type's documents on its own page (tests/outputs/test_bring.py)
        if household:
            assert f'href="../bring/{household_type.replace("_", "-")}/"' in article, household_type
    for step in p.processes.move_in.steps:
        assert step.title in text, step.title
    for agreement in p.agreements:
        assert agreement.name in text
    assert '<svg class="flowchart" role="img"' in raw


@pytest.mark.parametrize("slug", SAMPLES)
def test_fees_page_shows_every_rate_and_the_engine_s_worked_examples(dist, slug):
    p, text = project(slug), page(dist, slug, "fees")
    fmt = presenter(p)
    for rate in p.fees.management:
        assert fmt.rate(rate.rate) in text
    for fee in p.fees.parking:
        assert fmt.money(fee.monthly) in text
    for item in p.fees.other + p.fees.for_developer + p.fees.decoration:
        assert item.name in text and fmt.money(item.amount) in text
    for example in worked_examples(p):
        statement = example.statement
        assert fmt.money(statement.owner_total) in text  # never a typed total: the engine's
        assert fmt.capitals(statement.owner_total) in text
        assert fmt.date(statement.billing_start) in text


@pytest.mark.parametrize("slug", SAMPLES)
def test_decoration_amenities_services_pages(dist, slug):
    p = project(slug)
    decoration = page(dist, slug, "decoration")
    for step in p.processes.decoration.steps:
        assert step.title in decoration
    for rule in p.decoration.rules:
        assert rule.text in decoration
    for style in p.decoration.uniform_styles:
        assert style.style in decoration and style.material in decoration
    amenities = page(dist, slug, "amenities")
    for place in p.amenities.on_site + p.amenities.nearby:
        assert place.name in amenities
    services = page(dist, slug, "services")
    for service in p.services:
        assert service.name in services
    for channel in p.complaints.channels:
        assert channel in services


@pytest.mark.parametrize("slug", SAMPLES)
def test_faq_page_has_public_answers_and_no_staff_notes(dist, slug):
    p, text = primary_view(project(slug)), page(dist, slug, "faq")
    assert "{{" not in text  # every fee placeholder of the FAQ is written as its figure
    for item in p.faq:
        assert item.question in text and item.answer.strip() in text
        if item.staff and item.staff.notes:
            assert item.staff.notes not in text


@pytest.mark.parametrize("slug, icp", [("lotus-garden", "粤ICP备2026000001号"), ("harbour-centre", None)])
def test_footer_carries_the_icp_record_where_there_is_one(dist, slug, icp):
    raw = (dist / slug / "index.html").read_text(encoding="utf-8")
    if icp:
        assert icp in raw and "https://beian.miit.gov.cn/" in raw
    else:
        assert "ICP" not in raw


@pytest.mark.parametrize("slug, lang", [("lotus-garden", "zh-CN"), ("harbour-centre", "zh-HK")])
def test_pages_declare_the_language_from_the_table_and_load_nothing_from_elsewhere(dist, slug, lang):
    for path in (dist / slug).rglob("*.html"):
        edition = path.relative_to(dist / slug).parts[0]  # other editions live in a folder named by their tag
        expected = LANGUAGES[edition].html_lang if edition in LANGUAGES else lang
        assert f'<html lang="{expected}"' in path.read_text(encoding="utf-8"), path
    assert outside_loads(dist / slug) == []
    assert (dist / slug / "assets/javascripts/resize-observer-polyfill.min.js").is_file()


PAYLOAD = '<script>alert("handbook-xss")</script>'
SKIP_KEYS = {"id", "role", "next", "to", "from", "lead", "phone", "url", "kind", "primary", "accent",
             "languages", "property_type", "property_types", "space_type", "tenure", "basis", "payer",
             "collector", "topic", "item", "category", "use", "rooms", "checks", "meters", "household_types",
             "parking", "currency", "page_size", "form", "hours", "per", "file", "unit_list", "format",
             "background", "orientation", "image", "logo", "refusal_collects", "options"}


def poison(value, key=None):
    """Return the data with HTML-special text appended to every free-text value (and amounts as YAML numbers)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str) and key not in SKIP_KEYS:
        return value + ("<b>&" if key in ("title", "label", "name") else PAYLOAD)
    return value


def test_html_special_text_in_every_kind_of_field_shows_as_text(tmp_path):
    # The sample's data in one file, its company's texts too: its layers merged (company.yml, project.yml).
    merged = load_project(ProjectSource("lotus-garden", REPO_ROOT / "projects/lotus-garden")).data
    data = poison({key: value for key, value in merged.items() if key != "company"})
    data["languages"] = ["zh-CN", "zh-HK"]  # a converted edition too; the poisoned texts have no translations
    repo = make_repo(tmp_path, {"evil": yaml.safe_dump(data, allow_unicode=True, sort_keys=False)})
    sample = REPO_ROOT / "projects/lotus-garden"
    shutil.copytree(sample / "images", repo / "projects/evil/images")
    shutil.copy(sample / "units.csv", repo / "projects/evil/units.csv")
    assert main(["--repo", str(repo), "build", "--only", "site"]) == 0
    site = repo / "dist/public/evil"
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 9
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        assert "<script>alert" not in raw, path  # never markup...
        assert "<b>&" not in raw, path
    assert "&lt;script&gt;alert" in (site / "index.html").read_text(encoding="utf-8")  # ...but shown as text
    assert "&lt;b&gt;&amp;" in (site / "move-in/index.html").read_text(encoding="utf-8")  # in the flowchart too
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert "<script>" not in doc["text"] and "<script>" not in doc["title"], doc["location"]


def test_raw_html_in_editors_markdown_is_sanitised(tmp_path):
    page_source = ("# 说明\n\n<script>alert(1)</script>\n\n<a href=\"javascript:alert(2)\" onclick=\"x()\">链接</a>\n\n"
                   "<b class=\"note\">加粗</b>\n\n```\n<script>代码示例</script>\n```\n")
    repo = make_repo(tmp_path, {"demo": (REPO_ROOT / "handbook/commands/scaffold/project.yml").read_text(encoding="utf-8")
                                .replace("{slug}", "demo").replace("{today}", "2026-11-20")})
    pages = repo / "projects/demo/content/owner"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "extra.md").write_text(page_source, encoding="utf-8")
    assert main(["--repo", str(repo), "build", "--only", "site"]) == 0
    raw = (repo / "dist/public/demo/extra/index.html").read_text(encoding="utf-8")
    article = raw.split("<article", 1)[1].split("</article>", 1)[0]
    assert "<script>" not in article and "&lt;script&gt;alert(1)" in article
    assert "javascript:" not in article and "onclick" not in article
    assert '<b class="note">加粗</b>' in article
    assert "&lt;script&gt;代码示例&lt;/script&gt;" in article  # code stays code


@pytest.mark.parametrize("source, expected", [
    ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
    ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="tel:0755">x</a>', '<a href="tel:0755">x</a>'),
    ("`<script>` in code", "`<script>` in code"),
    ("{% if a > b %}<span>x</span>{% endif %}", "{% if a > b %}<span>x</span>{% endif %}"),
    # Indented lines may be a list item's HTML rather than code: sanitised, never trusted.
    ("    <script>x</script>", "    &lt;script&gt;x&lt;/script&gt;"),
    ("```\n<script>fenced</script>\n```", "```\n<script>fenced</script>\n```"),
])
def test_sanitize_markdown(source, expected):
    assert sanitize_markdown(source) == expected


def test_offline_check_finds_loads_from_other_hosts_but_not_plain_links(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><head><script src="https://unpkg.com/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Noto">'
        '<link rel="canonical" href="https://example.cn/"></head><body>'
        '<a href="https://beian.miit.gov.cn/">ICP</a><img src="assets/logo.png">'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg><div style="background:url(https://cdn.example/x.png)">'
        '</div></body></html>', encoding="utf-8")
    (tmp_path / "style.css").write_text('@import "https://fonts.googleapis.com/x.css";', encoding="utf-8")
    assert outside_loads(tmp_path) == [
        "index.html: https://unpkg.com/x.js",
        "index.html: //fonts.googleapis.com/css?family=Noto",
        "index.html: https://cdn.example/x.png",
        "style.css: https://fonts.googleapis.com/x.css",
    ]


def test_a_page_loading_an_outside_image_fails_the_build(tmp_path, capsys):
    repo = make_repo(tmp_path, {"demo": (REPO_ROOT / "handbook/commands/scaffold/project.yml").read_text(encoding="utf-8")
                                .replace("{slug}", "demo").replace("{today}", "2026-11-20")})
    pages = repo / "projects/demo/content/owner"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "photo.md").write_text('# 图\n\n<img src="https://cdn.example.com/a.jpg" alt="x">\n', encoding="utf-8")
    assert main(["--repo", str(repo), "build", "--only", "site"]) == 1
    err = capsys.readouterr().err
    assert "photo/index.html: https://cdn.example.com/a.jpg" in err


def test_a_broken_internal_link_fails_the_build_with_mkdocs_message(tmp_path, capsys):
    repo = make_repo(tmp_path, {"demo": (REPO_ROOT / "handbook/commands/scaffold/project.yml").read_text(encoding="utf-8")
                                .replace("{slug}", "demo").replace("{today}", "2026-11-20")})
    pages = repo / "projects/demo/content/owner"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "extra.md").write_text("# 说明\n\n见[不存在的页面](nowhere.md)。\n", encoding="utf-8")
    assert main(["--repo", str(repo), "build", "--only", "site"]) == 1
    err = capsys.readouterr().err
    assert "nowhere.md" in err and "Traceback" not in err


def test_agreement_pages_are_grouped_under_one_navigation_section(dist):
    raw = (dist / "lotus-garden/index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', raw, re.S).group(0)
    section = nav.index(catalogue("zh-CN")("label.agreements"))
    assert section < nav.index('href="agreements/covenant/"')
    assert nav.index('href="downloads/"') < section  # after the pages owners need first


# --- head links and scripts ------------------------------------------------------------------------------------

EDITIONS = {"lotus-garden": ["zh-CN", "zh-HK", "en"], "harbour-centre": ["zh-HK", "zh-CN"]}
HREFLANG = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')


@pytest.mark.parametrize("slug", SAMPLES)
def test_hreflang_links_are_absolute_and_lead_to_the_same_page_in_each_edition(dist, slug):
    root = project(slug).site.url.rstrip("/") + "/"
    editions = EDITIONS[slug]
    roots = {tag: root if index == 0 else f"{root}{tag}/" for index, tag in enumerate(editions)}
    pages = list((dist / slug).rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        folders = path.parent.relative_to(dist / slug).parts  # other editions live in a folder named by their tag
        tag = folders[0] if folders and folders[0] in editions[1:] else editions[0]
        page_url = "".join(f"{folder}/" for folder in folders[tag != editions[0]:])
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        expected = [(roots[t] + page_url, LANGUAGES[t].html_lang) for t in editions]
        assert HREFLANG.findall(head) == expected + [(roots[editions[0]] + page_url, "x-default")], path
    missing = (dist / slug / "404.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    assert "hreflang" not in missing  # served at any address: no page to point at


@pytest.mark.parametrize("slug", SAMPLES)
def test_material_looks_up_no_sitemap_for_the_hreflang_links(dist, slug):
    """Material's bundle would fetch <hreflang href>/sitemap.xml: from another host, and a 404 on the site."""
    (bundle,) = (dist / slug / "assets/javascripts").glob("bundle.*.min.js")
    text = bundle.read_text(encoding="utf-8")
    assert 'M("link[rel=alternate]")' not in text and 'M("link[rel=alternate]:not([hreflang])")' in text


@pytest.mark.parametrize("slug", SAMPLES)
def test_the_resize_observer_polyfill_is_minified_kept_licensed_and_loaded_only_where_missing(dist, slug):
    scripts = dist / slug / "assets/javascripts"
    polyfill = scripts / "resize-observer-polyfill.min.js"
    text = polyfill.read_text(encoding="utf-8")
    assert text.startswith("/*! resize-observer-polyfill 1.5.1 | MIT License | Copyright (c) 2016 Denis Rul")
    code = text.split("*/", 1)[1]
    assert polyfill.stat().st_size < 13_000  # 31 KB as published
    assert len(code.splitlines()) <= 2 and "/*" not in code  # one line of code, no comment but the licence
    assert not (scripts / "resize-observer-polyfill.js").exists()
    for path in (dist / slug).rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        if "<head>" not in raw:
            continue
        assert not re.search(r'(?<!\')<script src="[^"]*resize-observer-polyfill', raw), path  # not by all browsers
        assert re.search(r'<script>"ResizeObserver"in window\|\|document\.write\(\'<script src="[^"]*'
                         r'assets/javascripts/resize-observer-polyfill\.min\.js"><\\/script>\'\)</script>', raw), path

