"""Tests for handbook.run.write: outputs staged then swapped into dist/ whole, and one build per dist/ at a time."""

from __future__ import annotations

import os

import pytest

from handbook.errors import HandbookError, Said
from handbook.run.write import STAGING, Staging, dist_lock, exchange


def old_output(dist):
    """Write a previous build's public output of project demo."""
    site = dist / "public" / "demo"
    site.mkdir(parents=True)
    (site / "index.html").write_text("old", encoding="utf-8")
    (site / "old-only.html").write_text("old", encoding="utf-8")
    return site


def test_exchange_swaps_two_folders(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    (tmp_path / "a" / "x").write_text("a", encoding="utf-8")
    (tmp_path / "b" / "x").write_text("b", encoding="utf-8")
    exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a" / "x").read_text(encoding="utf-8") == "b"
    assert (tmp_path / "b" / "x").read_text(encoding="utf-8") == "a"


def test_commit_swaps_the_new_output_in_whole(tmp_path):
    dist = tmp_path / "dist"
    site = old_output(dist)
    with Staging(dist, "demo", seed=False) as staging:
        (staging.folder("public") / "index.html").write_text("new", encoding="utf-8")
        assert (site / "index.html").read_text(encoding="utf-8") == "old"  # untouched until commit
        staging.commit()
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]  # nothing of the old build is left
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert not (dist / "internal" / "demo").exists()  # an audience with nothing built is not created
    assert list((dist / STAGING).iterdir()) == []  # the old output went with the staging folder


def test_a_failed_build_leaves_the_old_output(tmp_path):
    dist = tmp_path / "dist"
    site = old_output(dist)
    with pytest.raises(RuntimeError, match="font missing"):
        with Staging(dist, "demo", seed=False) as staging:
            (staging.folder("public") / "index.html").write_text("half", encoding="utf-8")
            raise RuntimeError("font missing")
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert (site / "old-only.html").exists()
    assert list((dist / STAGING).iterdir()) == []


def test_a_seeded_staging_keeps_outputs_it_does_not_remake(tmp_path):
    dist = tmp_path / "dist"
    site = old_output(dist)
    with Staging(dist, "demo", seed=True) as staging:
        (staging.folder("public") / "index.html").write_text("new", encoding="utf-8")
        staging.commit()
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert (site / "old-only.html").read_text(encoding="utf-8") == "old"


def test_the_lock_refuses_a_second_build_and_clears_stale_staging(tmp_path):
    dist = tmp_path / "dist"
    (dist / STAGING / "demo-killed").mkdir(parents=True)
    with dist_lock(dist):
        assert not (dist / STAGING).exists()  # what a killed build left is removed
        assert (dist / ".lock").read_text(encoding="utf-8") == str(os.getpid())
        with pytest.raises(HandbookError) as refused:
            with dist_lock(dist):
                pass
        assert refused.value.problems == [Said("error.dist_locked", dist=str(dist), process=str(os.getpid()))]
    with dist_lock(dist):  # released: the next build may start
        pass
