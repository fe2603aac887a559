"""Tests for handbook.commands.progress: plain event lines and a closing summary when not on a terminal."""

from __future__ import annotations

import io
import sys

from handbook.commands.progress import closing_table, event_log, is_interactive
from handbook.errors import BuildFailed, Said
from handbook.i18n.messages import catalogue
from handbook.run.pipeline import BuildReport, ProjectResult

REPORT = BuildReport([
    ProjectResult("lotus-garden", "zh-CN", built=["site", "guide"], seconds={"site": 12.34, "guide": 3.0}),
    ProjectResult("harbour-centre", "zh-HK", skipped=["site"]),
    ProjectResult("bad-project", "zh-CN", error=BuildFailed(Said("error.file_not_found", path="a.jpg"))),
])


def test_events_are_one_plain_line_each_off_a_terminal(capsys):
    log = event_log(interactive=False)
    log("lotus-garden: site (zh-CN) built")
    log("harbour-centre: guide [zh-HK] unchanged")  # brackets are text, not markup
    captured = capsys.readouterr()
    assert captured.out == "lotus-garden: site (zh-CN) built\nharbour-centre: guide [zh-HK] unchanged\n"
    assert captured.err == ""


def test_the_closing_summary_is_one_line_per_project_in_the_users_language(capsys):
    closing_table(REPORT, interactive=False, messages=catalogue("en"))
    assert capsys.readouterr().out.splitlines() == [
        "project=lotus-garden  status=built  built=owner site, move-in guide  skipped=-  "
        "seconds=move-in guide 3.0 s, owner site 12.3 s",
        "project=harbour-centre  status=unchanged  built=-  skipped=owner site  seconds=-",
        "project=bad-project  status=failed  built=-  skipped=-  seconds=-",
    ]
    closing_table(REPORT, interactive=False, messages=catalogue("zh-CN"))
    assert capsys.readouterr().out.splitlines()[0].startswith("项目=lotus-garden  状态=已生成  已生成=业主网站、入伙指引")


def test_the_terminal_table_names_every_project(capsys):
    closing_table(REPORT, interactive=True, messages=catalogue("en"))
    table = capsys.readouterr().out
    assert all(slug in table for slug in ("lotus-garden", "harbour-centre", "bad-project"))
    assert "status=" not in table


def test_interactive_means_stdout_is_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert is_interactive() is False
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert is_interactive() is True
