"""Many projects: incremental rebuilds, isolation, parallel workers, shards and the portal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbook.commands.cli import main
from handbook.repo import Repo
from handbook.run import gather
from handbook.run.incremental import read_manifest
from handbook.run.pipeline import build
from handbook.run.schedule import in_shard
from handbook.source.projects import ProjectSource
from tests.conftest import make_repo, template_text

ONLY = ["guide", "site", "training"]


def quiet(line: str) -> None:
    pass


def three(tmp_path: Path) -> Path:
    texts = {slug: template_text(slug).replace("name: 新项目", f"name: 新项目{n}") for n, slug in enumerate("abc")}
    return make_repo(tmp_path, {f"estate-{slug}": text for slug, text in texts.items()})


def run(repo: Path, **options):
    return build(Repo(repo), [], repo / "dist", ONLY, quiet, **options)


def outcome(report) -> dict[str, tuple[list[str], list[str]]]:
    return {r.slug: (r.built, r.skipped) for r in report.results}


def test_an_unchanged_project_is_skipped_and_force_rebuilds(tmp_path):
    repo = three(tmp_path)
    first = run(repo, jobs=1)
    assert all(built == sorted(ONLY) for built, _ in outcome(first).values())
    page = repo / "dist/public/estate-a/index.html"
    stamp = page.stat().st_mtime_ns
    again = run(repo, jobs=1)
    assert all(built == [] and skipped == sorted(ONLY) for built, skipped in outcome(again).values())
    assert page.stat().st_mtime_ns == stamp  # not even rewritten
    forced = run(repo, jobs=1, force=True)
    assert all(built == sorted(ONLY) for built, _ in outcome(forced).values())


def test_one_project_s_yaml_change_rebuilds_only_that_project(tmp_path):
    repo = three(tmp_path)
    run(repo, jobs=1)
    data = repo / "projects/estate-b/project.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("0755-0000 0000", "0755-1111 2222"), encoding="utf-8")
    report = outcome(run(repo, jobs=1))
    assert report["estate-b"][0] == sorted(ONLY)
    assert report["estate-a"][0] == [] and report["estate-c"][0] == []
    assert "0755-1111 2222" in (repo / "dist/public/estate-b/contacts/index.html").read_text(encoding="utf-8")


def test_a_shared_template_change_rebuilds_every_project_that_uses_it(tmp_path):
    repo = three(tmp_path)
    run(repo, jobs=1)
    css = repo / "templates/guide/guide.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* darker notes */\n", encoding="utf-8")
    report = outcome(run(repo, jobs=1))
    for slug in ("estate-a", "estate-b", "estate-c"):
        built, skipped = report[slug]
        assert "guide" in built and "site" in built  # the site lists the guide: it follows it
        assert skipped == ["training"]


def test_parallel_workers_build_good_projects_and_report_the_bad_one(tmp_path):
    repo = three(tmp_path)
    bad = repo / "projects/estate-c/project.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("rate: 2.50", "rate: -1"), encoding="utf-8")
    report = run(repo, jobs=2)
    assert sorted(report.built) == ["estate-a", "estate-b"]
    assert list(report.failed) == ["estate-c"] and "fees.management[1].rate" in str(report.failed["estate-c"])
    assert (repo / "dist/public/estate-a/index.html").is_file()
    assert not (repo / "dist/public/estate-c").exists()
    assert read_manifest(repo / "dist", "estate-c") == {}


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_every_project_is_in_exactly_one_shard(n):
    sources = [ProjectSource(f"estate-{i:03d}", Path(".")) for i in range(97)]
    shards = [in_shard(sources, k, n) for k in range(1, n + 1)]
    slugs = [s.slug for shard in shards for s in shard]
    assert sorted(slugs) == sorted(s.slug for s in sources)
    assert in_shard(sources, 1, n) == shards[0]  # stable
    if n > 1:
        assert all(shard for shard in shards)


def test_shards_then_index_list_every_project(tmp_path, capsys):
    repo = three(tmp_path)
    for k in (1, 2):
        assert main(["--repo", str(repo), "build", "--only", "site", "--shard", f"{k}/2"]) == 0
    assert main(["--repo", str(repo), "index"]) == 0
    portal = (repo / "dist/public/index.html").read_text(encoding="utf-8")
    for n, slug in enumerate("abc"):
        assert f'href="estate-{slug}/"' in portal and f"新项目{n}" in portal
    card = json.loads((repo / "dist/public/estate-a/handbook.json").read_text(encoding="utf-8"))
    assert card["languages"] == ["zh-CN"]


def test_a_bad_shard_is_refused(tmp_path, capsys):
    repo = three(tmp_path)
    with pytest.raises(SystemExit):
        main(["--repo", str(repo), "build", "--shard", "3/2"])
    assert "K <= N" in capsys.readouterr().err


def test_an_unchanged_project_is_not_even_loaded(tmp_path, monkeypatch):
    repo = three(tmp_path)
    run(repo, jobs=1)
    loaded = []
    real = gather.load_project  # the build's first stage loads each project it builds
    monkeypatch.setattr(gather, "load_project", lambda source: loaded.append(source.slug) or real(source))
    data = repo / "projects/estate-c/project.yml"
    data.write_text(data.read_text(encoding="utf-8") + "\n# 备注\n", encoding="utf-8")
    run(repo, jobs=1)
    assert loaded == ["estate-c"]  # only the project with a changed file


def test_a_unit_list_kept_outside_the_repository_is_watched_too(tmp_path):
    (tmp_path / "repo").mkdir()
    repo = three(tmp_path / "repo")
    outside = tmp_path / "private" / "units.csv"
    outside.parent.mkdir()
    outside.write_text("unit,area_m2,property_type,household_type,owner_name,move_in_date\n"
                       "1-0101,88.00,residential,family,张三,2027-03-08\n", encoding="utf-8")
    data = repo / "projects/estate-a/project.yml"
    data.write_text(data.read_text(encoding="utf-8") + f"\nunit_list: {outside}\n", encoding="utf-8")
    options = dict(jobs=1)
    assert build(Repo(repo), ["estate-a"], repo / "dist", ["notices"], quiet, **options).ok
    assert build(Repo(repo), ["estate-a"], repo / "dist", ["notices"], quiet, **options).results[0].built == []
    outside.write_text(outside.read_text(encoding="utf-8").replace("88.00", "90.00"), encoding="utf-8")
    report = build(Repo(repo), ["estate-a"], repo / "dist", ["notices"], quiet, **options)
    assert report.results[0].built == ["notices"]
