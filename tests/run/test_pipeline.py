"""The build pipeline: outputs land atomically, failures never touch the previous output."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.commands.cli import main
from handbook.errors import HandbookError
from handbook.i18n.messages import catalogue
from handbook.run.write import dist_lock
from tests.conftest import REPO_ROOT, make_repo, template_text


def snapshot(folder: Path) -> dict[str, str]:
    """Return every file under folder with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def build(repo: Path, *args: str) -> int:
    return main(["--repo", str(repo), "build", *args])


def test_build_writes_the_site_to_dist_public(demo_repo, capsys):
    assert build(demo_repo) == 0
    index = (demo_repo / "dist/public/demo/index.html").read_text(encoding="utf-8")
    assert "新项目" in index
    contacts = (demo_repo / "dist/public/demo/contacts/index.html").read_text(encoding="utf-8")
    assert 'href="tel:075500000000"' in contacts and "0755-0000 0000" in contacts
    assert '<html lang="zh-CN"' in index
    assert catalogue("zh-CN")("label.version_line", revision="2026-11-20") in index


def test_two_builds_are_byte_identical(demo_repo):
    assert build(demo_repo) == 0
    first = snapshot(demo_repo / "dist/public")
    assert build(demo_repo) == 0
    assert snapshot(demo_repo / "dist/public") == first


def test_invalid_data_keeps_the_previous_output(demo_repo, capsys):
    assert build(demo_repo) == 0
    before = snapshot(demo_repo / "dist")
    data = demo_repo / "projects/demo/project.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("rate: 2.50", "rate: -1"), encoding="utf-8")
    assert build(demo_repo) == 1
    assert "fees.management[1].rate" in capsys.readouterr().err
    assert snapshot(demo_repo / "dist") == before


def test_one_bad_project_does_not_stop_the_others(tmp_path, capsys):
    repo = make_repo(tmp_path, {"good": template_text(), "bad": template_text().replace("name: 新项目", "name:")})
    assert build(repo) == 1
    assert (repo / "dist/public/good/index.html").is_file()
    assert not (repo / "dist/public/bad").exists()
    out = capsys.readouterr()
    assert "projects/bad/project.yml" in out.err and "Traceback" not in out.err + out.out


def test_staff_text_reaching_a_public_page_fails_the_audit(demo_repo, capsys):
    # The scaffold's staff post duty "接待业主,介绍入伙流程" quoted on an owner page is a leak.
    page = demo_repo / "projects/demo/content/owner/leak.md"
    page.parent.mkdir(parents=True)
    page.write_text("# 泄露\n\n接待业主,介绍入伙流程\n", encoding="utf-8")
    assert build(demo_repo) == 1
    err = capsys.readouterr().err
    assert "leak/index.html" in err and "staff.posts[1].duties" in err
    assert not (demo_repo / "dist/public/demo").exists()


def test_a_second_build_on_the_same_dist_is_refused(demo_repo):
    with dist_lock(demo_repo / "dist"):
        with pytest.raises(HandbookError) as refused:
            with dist_lock(demo_repo / "dist"):
                pass
    assert "another build is writing to" in refused.value.lines(catalogue("en"))[0]


def test_only_rebuilds_the_named_outputs_and_keeps_the_rest(demo_repo, capsys):
    assert build(demo_repo) == 0
    assert build(demo_repo, "--only", "site") == 0
    assert build(demo_repo, "--only", "nonsense") == 1
    assert "nonsense" in capsys.readouterr().err


@pytest.mark.parametrize("kill_at", ["业主网站（zh-CN）", "检查公开输出"], ids=["site", "audit"])
def test_a_build_killed_mid_way_leaves_the_previous_output_byte_identical(demo_repo, kill_at):
    assert build(demo_repo) == 0
    before = snapshot(demo_repo / "dist/public")
    data = demo_repo / "projects/demo/project.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("0755-0000 0000", "0755-9999 9999"),
                    encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(REPO_ROOT / "build.py"), "--repo", str(demo_repo), "build"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=demo_repo,
    )
    for line in process.stdout:
        if kill_at in line:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    assert snapshot(demo_repo / "dist/public") == before
    assert sorted(p.name for p in (demo_repo / "dist/public").iterdir()) == ["demo"]
    # The next build clears the killed build's staging folder and publishes the change.
    assert build(demo_repo) == 0
    assert not any((demo_repo / "dist/.staging").iterdir())
    assert "0755-9999 9999" in (demo_repo / "dist/public/demo/contacts/index.html").read_text(encoding="utf-8")


def test_a_file_saved_while_a_build_runs_is_built_by_the_next_build(demo_repo, monkeypatch):
    """What a build records as built is what it read before rendering: a page saved meanwhile is not skipped."""
    from handbook.repo import Repo
    from handbook.run import pipeline

    rendering = pipeline.render

    def render_while_an_editor_saves(request, gathered, jobs, stage, log):
        (demo_repo / "content/owner/parking.md").write_text("# 停车须知\n", encoding="utf-8")
        return rendering(request, gathered, jobs, stage, log)

    dist = demo_repo / "dist"
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "render", render_while_an_editor_saves)
        assert pipeline.build(Repo(demo_repo), ["demo"], dist, ["site"], log=lambda _: None, jobs=1).ok
    again = pipeline.build(Repo(demo_repo), ["demo"], dist, ["site"], log=lambda _: None, jobs=1)
    assert [result.built for result in again.results] == [["site"]]
    assert "停车须知" in (dist / "public/demo/parking/index.html").read_text(encoding="utf-8")
