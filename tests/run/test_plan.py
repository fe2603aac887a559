"""The plan: which jobs a build renders, in which order, and which it skips."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from handbook.outputs import OUTPUTS
from handbook.repo import Repo
from handbook.run.gather import gather
from handbook.run.plan import Plan, plan, render_order
from handbook.source.projects import ProjectSource
from tests.conftest import PROJECTS, REPO_ROOT


@dataclass
class Leaflet:
    """A public output the registry would list after the site: the plan still renders it first."""

    name: str = "leaflet"
    audience: str = "public"
    editions: str = "each"
    lists_downloads: bool = False

    def inputs(self, source, repo):
        return [source.data_file]


@pytest.fixture(scope="module")
def lotus():
    return gather(ProjectSource("lotus-garden", PROJECTS / "lotus-garden"), Repo(REPO_ROOT), units_needed=False)


def test_public_files_come_before_what_lists_them_and_internal_outputs_last():
    site, guide, notices, leaflet = OUTPUTS["site"], OUTPUTS["guide"], OUTPUTS["notices"], Leaflet()
    assert render_order([notices, site, leaflet, guide]) == [leaflet, guide, site, notices]


def test_a_first_build_renders_every_job_each_edition_once(lotus):
    jobs = plan(lotus, [OUTPUTS["guide"], OUTPUTS["site"], OUTPUTS["training"]], Repo(REPO_ROOT), {})
    assert isinstance(jobs, Plan) and jobs.complete
    assert [job.key for job in jobs.jobs] == ["guide/zh-CN", "guide/zh-HK", "guide/en", "site/zh-CN", "site/zh-HK",
                                              "site/en", "training/zh-CN"]
    assert jobs.rendered == ["guide", "site", "training"] and jobs.skipped == []


def manifest_of(jobs: Plan) -> dict[str, str]:
    return {job.key: job.fingerprint for job in jobs.jobs}


def test_the_site_is_remade_with_a_public_file_it_lists(lotus):
    outputs = [OUTPUTS["guide"], OUTPUTS["site"], OUTPUTS["training"]]
    first = plan(lotus, outputs, Repo(REPO_ROOT), {})
    manifest = {**manifest_of(first), "guide/zh-HK": "changed since"}
    again = plan(lotus, outputs, Repo(REPO_ROOT), manifest)
    assert [job.key for job in again.stale] == ["guide/zh-HK", "site/zh-CN", "site/zh-HK", "site/en"]
    assert again.skipped == ["guide", "training"] and not again.complete  # the guide's other editions are kept


def test_an_internal_change_leaves_the_site_alone(lotus):
    outputs = [OUTPUTS["guide"], OUTPUTS["site"], OUTPUTS["training"]]
    manifest = {**manifest_of(plan(lotus, outputs, Repo(REPO_ROOT), {})), "training/zh-CN": "changed since"}
    again = plan(lotus, outputs, Repo(REPO_ROOT), manifest)
    assert [job.key for job in again.stale] == ["training/zh-CN"]
    assert again.skipped == ["guide", "site"]


def test_nothing_changed_renders_nothing(lotus):
    outputs = [OUTPUTS["guide"], OUTPUTS["site"]]
    again = plan(lotus, outputs, Repo(REPO_ROOT), manifest_of(plan(lotus, outputs, Repo(REPO_ROOT), {})))
    assert again.stale == () and again.rendered == [] and again.skipped == ["guide", "site"]
