"""The staff training pack, and the boundary: staff text reaches the internal outputs and never the public ones."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from handbook.commands.cli import main
from handbook.derive.present import Presenter
from handbook.derive.staff_material import phase_timeline
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import (
    make_repo,
    make_sample_repo,
    primary_view,
    template_in,
    template_text,
)
from tests.conftest import sample_project as project

SAMPLES = {"lotus-garden": "zh-CN", "harbour-centre": "zh-HK"}
SKIP_KEYS = {"id", "role", "from", "to", "lead", "phone", "after", "before"}  # ids: where a merged item goes too


def plant(value, counter: list[int], inside_staff: bool = False, key: str | None = None):
    """Return data with a unique marker appended to every free-text string under a staff key."""
    if isinstance(value, dict):
        return {k: plant(v, counter, inside_staff or k == "staff", k) for k, v in value.items()}
    if isinstance(value, list):
        return [plant(v, counter, inside_staff, key) for v in value]
    if isinstance(value, str) and inside_staff and key not in SKIP_KEYS:
        counter[0] += 1
        return f"{value}STAFFMARK{counter[0]:04d}"
    return value


def all_text(folder: Path) -> str:
    """Return the text of every file under folder, PDFs read with pdftotext."""
    parts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            parts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
        elif path.suffix in (".html", ".json", ".js", ".xml", ".txt", ".css", ".svg"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return re.sub(r"\s+", "", html.unescape("".join(parts)))


def keep_a_few_units(project: Path) -> None:
    """Cut a sample's unit list to its first units: staff text is in the project data, never in the unit list, and
    the per-unit notices and forms (about a second of layout a unit) would only repeat it unit after unit."""
    units = project / "units.csv"
    if units.is_file():
        units.write_bytes(b"".join(units.read_bytes().splitlines(keepends=True)[:7]))  # the header and six units


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("repo")
    repo = make_sample_repo(root, tuple(SAMPLES))
    markers: list[str] = []
    counter = [0]
    # every file of the samples' data: their project.yml and their companies' company.yml
    for data_file in [repo / "projects" / slug / "project.yml" for slug in SAMPLES] + \
            sorted((repo / "companies").glob("*/company.yml")):
        data = plant(yaml.safe_load(data_file.read_text(encoding="utf-8")), counter)
        data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for slug in SAMPLES:
        keep_a_few_units(repo / "projects" / slug)
        page = repo / "projects" / slug / "content/staff/own-notes.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# 项目内部备忘\n\n仅限员工 STAFFPAGE-{slug}\n", encoding="utf-8")
        markers.append(f"STAFFPAGE-{slug}")
    # Every marker in the samples' data as built: a company's text that its project replaces (a list given whole,
    # e.g. a step's checks) is in the data of no project, so in no output.
    merged = [load_project(ProjectSource(slug, repo / "projects" / slug)).data for slug in SAMPLES]
    markers += sorted(set(re.findall(r"STAFFMARK\d{4}", repr(merged))))
    for page in (repo / "content/staff").glob("*.md"):
        page.write_text(page.read_text(encoding="utf-8") + f"\n\n内部培训 STAFFPAGE-{page.stem}\n", encoding="utf-8")
        markers.append(f"STAFFPAGE-{page.stem}")
    assert main(["--repo", str(repo), "build"]) == 0
    return repo / "dist", markers


def test_every_staff_marker_reaches_the_internal_outputs_and_none_the_public_ones(planted):
    dist, markers = planted
    assert len(markers) > 150  # every staff field of both samples, and every staff page
    internal, public = all_text(dist / "internal"), all_text(dist / "public")
    missing = [m for m in markers if m not in internal]
    leaked = [m for m in markers if m in public]
    assert not missing, f"staff text not shown to staff: {missing[:10]}"
    assert not leaked, f"staff text published: {leaked[:10]}"


@pytest.fixture
def samples(samples_dist: Path) -> Path:
    return samples_dist / "internal"


def pack_html(dist: Path, slug: str, page: str) -> str:
    raw = (dist / slug / "training" / page / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", raw)))


def pack_pdf(dist: Path, slug: str) -> str:
    pdf = dist / slug / "training/downloads" / f"training.{SAMPLES[slug]}.pdf"
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_post_faq_item_and_timeline_date_is_in_the_pack_html_and_pdf(samples, slug):
    p = primary_view(project(slug))
    fmt = Presenter(LANGUAGES[SAMPLES[slug]], catalogue(SAMPLES[slug]), p.fees.currency)
    pdf = pack_pdf(samples, slug)
    posts, talking, timeline = (pack_html(samples, slug, page) for page in ("posts", "talking-points", "timeline"))
    roles = {role.id: role.name for role in p.roles}
    for post in p.staff.posts:
        assert squash(roles[post.role]) in posts and squash(roles[post.role]) in pdf
        for duty in post.duties:
            assert squash(duty) in posts and squash(duty) in pdf
    for item in p.faq:
        for text in (item.question, item.answer) + ((item.staff.notes,) if item.staff and item.staff.notes else ()):
            assert squash(text) in talking and squash(text) in pdf, text
    for phase in p.phases:
        for dated in phase_timeline(p, phase):
            date = squash(fmt.date(dated.start))
            assert date in timeline and date in pdf, (dated.milestone.title, date)
            assert squash(dated.milestone.title) in timeline


def drill_lines(dist: Path, slug: str) -> list[str]:
    """Return the drill page's list items as read: label, colon, text (no tags, white space squashed)."""
    raw = (dist / slug / "training/drill/index.html").read_text(encoding="utf-8")
    return [squash(html.unescape(re.sub(r"<[^>]+>", "", item))) for item in re.findall(r"<li>(.*?)</li>", raw, re.S)]


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_do_not_promise_item_is_a_labelled_trap_in_the_drill_and_never_a_check(samples, slug):
    p, says = project(slug), catalogue(SAMPLES[slug])
    colon, pdf, lines = says("punct.colon"), pack_pdf(samples, slug), drill_lines(samples, slug)
    traps = [promise for item in p.faq if item.staff for promise in item.staff.do_not_promise]
    assert traps
    for promise in traps:
        trap = squash(says("label.drill_trap") + colon + promise)
        check = squash(says("label.drill_check") + colon + promise)
        assert trap in lines and trap in pdf, promise
        assert check not in lines and check not in pdf, promise


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_drill_round_has_an_answer_and_the_owner_says_only_owner_words(samples, slug):
    p, says = project(slug), catalogue(SAMPLES[slug])
    colon, pdf, lines = says("punct.colon"), pack_pdf(samples, slug), drill_lines(samples, slug)
    expected = [line for line in lines if line.startswith(squash(says("label.drill_expected")))]
    assert len(expected) == len(p.faq) + len(p.processes.move_in.steps)
    assert all(line.split(colon, 1)[1] for line in expected), expected  # nothing after the colon: an empty answer
    owner = squash(says("label.drill_owner") + colon)
    said = {line.removeprefix(owner) for line in lines if line.startswith(owner)}
    words = [item.staff.owner_says if item.staff and item.staff.owner_says else item.question for item in p.faq]
    words += [step.staff.owner_says for step in p.processes.move_in.steps if step.staff and step.staff.owner_says]
    assert said == {squash(says("label.drill_says", words=text)) for text in words}
    silent = [step.title for step in p.processes.move_in.steps if not (step.staff and step.staff.owner_says)]
    assert silent  # each sample has a step where the owner has no line: the scene is set instead
    assert lines.count(squash(says("label.drill_scene") + colon + says("label.drill_owner_silent"))) == len(silent)
    for title in silent:
        assert owner + squash(title) not in pdf and owner + squash(says("label.drill_says", words=title)) not in pdf


def test_timeline_dates_count_from_each_phase_s_first_move_in_day():
    p = project("lotus-garden")
    first, second = (phase_timeline(p, phase) for phase in p.phases)
    confirm = next(d for d in first if d.milestone.days == -60 and d.milestone.until_days is None)
    assert confirm.start.isoformat() == "2027-01-05"  # 60 days before 2027-03-06
    confirm2 = next(d for d in second if d.milestone.id == confirm.milestone.id)
    assert confirm2.start.isoformat() == "2027-07-13"  # 60 days before 2027-09-11


def test_the_pack_is_a_site_with_chinese_search_and_nothing_from_other_hosts(samples):
    from handbook.engines.offline import outside_loads
    site = samples / "lotus-garden/training"
    assert outside_loads(site) == []
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "\\u200b" in index
    assert '<html lang="zh-CN"' in (site / "index.html").read_text(encoding="utf-8")


def test_the_hong_kong_pack_converts_shared_pages_to_traditional(samples):
    text = pack_html(samples, "harbour-centre", "principles")
    assert "客訴處理" in text and "客诉处理" not in text


def test_a_staff_page_line_quoted_on_an_owner_page_fails_the_audit(tmp_path, capsys):
    repo = make_repo(tmp_path, {"demo": template_text()})
    page = repo / "projects/demo/content/owner/extra.md"
    page.parent.mkdir(parents=True)
    page.write_text("# 说明\n\n物业主管负责抽检，并协调解决发现的问题\n", encoding="utf-8")
    assert main(["--repo", str(repo), "build"]) == 1
    err = capsys.readouterr().err
    assert "extra/index.html" in err and "staff/inspection.md" in err


def test_the_audit_compares_across_scripts(tmp_path, capsys):
    # A Hong Kong owner page quoting a Simplified staff note in Traditional characters is still a leak.
    text = template_in("[zh-HK]")
    text += "faq:\n  - id: q\n    topic: 費用\n    question: 管理費幾時開始計？\n    answer: 按入伙日期計算。\n" \
            "    staff:\n      notes: 业主坚持不交时报告入伙负责人处理\n"
    repo = make_repo(tmp_path, {"demo": text})
    page = repo / "projects/demo/content/owner/extra.md"
    page.parent.mkdir(parents=True)
    page.write_text("# 說明\n\n業主堅持不交時報告入伙負責人處理\n", encoding="utf-8")
    assert main(["--repo", str(repo), "build"]) == 1
    assert "faq[1].staff.notes" in capsys.readouterr().err
