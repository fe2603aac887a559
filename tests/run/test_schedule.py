"""Tests for handbook.run.schedule: stable shards, the longest project first, and building in this process."""

from __future__ import annotations

import os
from pathlib import Path

from handbook.engines.forked import cores
from handbook.run.incremental import write_manifest
from handbook.run.schedule import in_shard, longest_first, run_all
from handbook.source.projects import ProjectSource


def sources(root: Path, sizes: dict[str, int]) -> list[ProjectSource]:
    """Return project sources whose project.yml holds the given number of bytes."""
    found = []
    for slug, size in sizes.items():
        (root / slug).mkdir(parents=True)
        (root / slug / "project.yml").write_bytes(b"#" * size)
        found.append(ProjectSource(slug, root / slug))
    return found


def test_every_project_is_in_exactly_one_shard_and_stays_there(tmp_path):
    projects = [ProjectSource(f"project-{n}", tmp_path / f"project-{n}") for n in range(40)]
    shards = [in_shard(projects, k, 3) for k in (1, 2, 3)]
    slugs = [s.slug for shard in shards for s in shard]
    assert sorted(slugs) == sorted(p.slug for p in projects)  # none twice, none missing
    assert all(shards)  # 40 projects over 3 shards: each gets some
    assert in_shard(list(reversed(projects)), 2, 3) == list(reversed(shards[1]))  # by slug, not by position
    assert in_shard(projects[:5], 2, 3) == [p for p in shards[1] if p in projects[:5]]  # adding projects moves none
    assert in_shard(projects, 1, 1) == projects


def test_longest_first_by_recorded_seconds_unknown_first_then_by_size(tmp_path):
    dist = tmp_path / "dist"
    projects = sources(tmp_path / "projects", {"quick": 10, "slow": 10, "new-small": 5, "new-large": 500})
    write_manifest(dist, "quick", {"seconds:site": "2.0", "seconds:guide": "1.0", "site/zh-CN": "abc"})
    write_manifest(dist, "slow", {"seconds:site": "30.5"})
    assert [s.slug for s in longest_first(dist, projects)] == ["new-large", "new-small", "slow", "quick"]


def test_run_all_in_this_process_builds_longest_first_with_all_cores(tmp_path):
    dist = tmp_path / "dist"
    projects = sources(tmp_path / "projects", {"a": 1, "b": 1})
    write_manifest(dist, "a", {"seconds:site": "1"})
    write_manifest(dist, "b", {"seconds:site": "9"})
    before, seen, lines = cores(), [], []

    def build_one(source, log):
        seen.append((source.slug, cores()))
        log(f"built {source.slug}")
        return source.slug.upper()

    assert run_all(projects, dist, 1, build_one, lines.append) == ["B", "A"]
    assert seen == [("b", os.cpu_count() or 1), ("a", os.cpu_count() or 1)]
    assert lines == ["built b", "built a"]
    assert cores() == before  # given back after the build
