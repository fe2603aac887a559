"""Tests for handbook.run.incremental: fingerprints of an output's inputs, and the manifest of the last build."""

from __future__ import annotations

import os
from pathlib import Path

from handbook.run.incremental import (
    files_under,
    fingerprint,
    manifest_file,
    read_manifest,
    tool_versions,
    write_manifest,
)


def inputs(tmp_path: Path) -> Path:
    """Return a project folder with a data file and a page."""
    folder = tmp_path / "demo"
    (folder / "content").mkdir(parents=True)
    (folder / "project.yml").write_text("name: 莲花苑\n", encoding="utf-8")
    (folder / "content" / "fees.md").write_text("# 费用\n", encoding="utf-8")
    return folder


def rewrite(path: Path, text: str) -> None:
    """Write text and move the file's time on, as an editor's save does."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_fingerprint_changes_with_a_files_content(tmp_path):
    folder = inputs(tmp_path)
    before = fingerprint([folder], "zh-CN")
    rewrite(folder / "project.yml", "name: 荷花苑\n")  # same size, other words
    assert fingerprint([folder], "zh-CN") != before


def test_fingerprint_ignores_compiled_python_and_file_times(tmp_path):
    folder = inputs(tmp_path)
    before = fingerprint([folder], "zh-CN")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "hooks.cpython-311.pyc").write_bytes(b"\x00compiled")
    rewrite(folder / "content" / "fees.md", "# 费用\n")  # saved again, unchanged
    assert fingerprint([folder], "zh-CN") == before


def test_fingerprint_changes_with_a_new_file_the_edition_and_a_missing_file(tmp_path):
    folder = inputs(tmp_path)
    before = fingerprint([folder], "zh-CN")
    assert fingerprint([folder], "zh-HK") != before
    assert fingerprint([folder, folder], "zh-CN") == before  # a path named twice counts once
    logo = folder / "logo.png"
    without = fingerprint([folder, logo], "zh-CN")
    logo.write_bytes(b"png")
    assert fingerprint([folder, logo], "zh-CN") != without


def test_files_under_lists_a_folder_sorted_and_a_file_as_itself(tmp_path):
    folder = inputs(tmp_path)
    assert files_under(folder) == [folder / "content" / "fees.md", folder / "project.yml"]
    assert files_under(folder / "project.yml") == [folder / "project.yml"]
    assert set(tool_versions()) == {"handbook", "mkdocs", "mkdocs-material", "weasyprint", "graphviz"}


def test_manifest_round_trip_and_a_damaged_one_reads_as_empty(tmp_path):
    dist = tmp_path / "dist"
    assert read_manifest(dist, "demo") == {}
    write_manifest(dist, "demo", {"site/zh-CN": "abc", "seconds:site": "1.5"})
    assert read_manifest(dist, "demo") == {"site/zh-CN": "abc", "seconds:site": "1.5"}
    assert [p.name for p in (dist / ".manifest").iterdir()] == ["demo.json"]  # no temporary file left
    manifest_file(dist, "demo").write_text("{not json", encoding="utf-8")
    assert read_manifest(dist, "demo") == {}
