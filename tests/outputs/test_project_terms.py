"""A project's own terms (terms: service_centre: 管理處) are what every output prints, read back from what it built.

A Hong Kong company says 管理處 for its service centre and 收樓通知書 for
the move-in notice. Set once (in the sample's company.yml), the words appear on the site,
in the guide, on the boards, on the notices and on the forms of each
edition (converted for zh-CN), and the catalogue's own words nowhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.commands.cli import main
from tests.conftest import edit_sample, make_sample_repo
from tests.outputs.test_regional_words import pdf_text, visible_text

SLUG = "harbour-centre"
TERMS = "terms:\n  service_centre: 管理處\n  move_in_notice: 收樓通知書\n"
# Where each output names the two terms, by edition. The notice is named by the sentence under the fee example
# (the sample's documents list also names the developer's 收樓通知書, so the bare word would prove nothing);
# the forms never name the notice.
OWN = {
    "zh-HK": {"site": ("管理處", "以收樓通知書為準"), "guide": ("管理處", "以收樓通知書為準"),
              "boards": ("管理處", "以收樓通知書為準"), "notices": ("管理處", "收樓通知書"), "forms": ("管理處",)},
    "zh-CN": {"site": ("管理处", "以收楼通知书为准"), "guide": ("管理处", "以收楼通知书为准"),
              "boards": ("管理处", "以收楼通知书为准")},  # the sample's owners read zh-HK notices and forms
}
DEFAULT = {"zh-HK": ("服務中心", "入伙通知書"), "zh-CN": ("服务中心", "入伙通知书")}
EDITIONS = [("zh-HK", ""), ("zh-CN", "zh-CN/")]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Return the dist of the Hong Kong sample with its service centre and notice named in its own words."""
    repo = make_sample_repo(tmp_path_factory.mktemp("terms") / "repo", (SLUG,))
    edit_sample(repo, SLUG, "terms:\n  service_centre: 管理處\n", TERMS)
    assert main(["--repo", str(repo), "build", SLUG, "--only", "site,guide,boards,notices,forms"]) == 0
    return repo / "dist"


def outputs(dist: Path, tag: str, prefix: str) -> dict[str, str]:
    """Return the text of each output of an edition, by output: all its pages or PDFs read as one."""
    public, internal = dist / "public" / SLUG, dist / "internal" / SLUG
    pages = [page for page in (public / prefix).rglob("*.html")
             if prefix or page.relative_to(public).parts[0] not in ("zh-CN", "zh-HK", "en")]
    kinds = {
        "site": [visible_text(page) for page in pages],
        "guide": [pdf_text(pdf) for pdf in public.rglob(f"move-in-guide.{tag}.pdf")],
        "boards": [pdf_text(pdf) for pdf in public.rglob(f"boards/*.{tag}.pdf")],
        "notices": [pdf_text(pdf) for pdf in (internal / "notices").glob("*.pdf")],
        "forms": [pdf_text(pdf) for pdf in (internal / "forms").rglob("*.pdf")],
    }
    assert all(kinds.values()), {kind: len(texts) for kind, texts in kinds.items()}
    return {kind: "".join(texts) for kind, texts in kinds.items()}


@pytest.mark.parametrize(("tag", "prefix"), EDITIONS, ids=[tag for tag, _ in EDITIONS])
def test_every_output_prints_the_projects_own_terms(built, tag, prefix):
    texts = outputs(built, tag, prefix)
    missing = {kind: [word for word in words if word not in texts[kind]] for kind, words in OWN[tag].items()}
    assert not any(missing.values()), missing
    found = {kind: [word for word in DEFAULT[tag] if word in texts[kind]] for kind in OWN[tag]}
    assert not any(found.values()), found


def test_the_catalogues_word_in_the_projects_text_is_refused(tmp_path, capsys):
    repo = make_sample_repo(tmp_path / "repo", (SLUG,))
    data, line = edit_sample(repo, SLUG, "note: 辦公時間以外", "note: 服務中心辦公時間以外")
    assert main(["--repo", str(repo), "check", SLUG]) == 1
    err = capsys.readouterr().err
    assert f"{data.relative_to(repo)}:{line}" in err and "服務中心" in err and "管理處" in err, err
