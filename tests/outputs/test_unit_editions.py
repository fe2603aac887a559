"""Tests for handbook.outputs.unit_editions: each owner's edition, units chunked by language, safe unique file names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handbook.i18n.edition import Edition
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.model.units import Unit
from handbook.outputs.base import RenderContext
from handbook.outputs.unit_editions import (
    all_editions,
    chunks_by_language,
    file_name,
    in_edition,
    unit_language,
)
from handbook.repo import Repo
from handbook.source.projects import ProjectSource


def edition(tag: str, primary: bool = False) -> Edition:
    return Edition(LANGUAGES[tag], primary, catalogue(tag))


def context(tmp_path: Path, views: dict | None = None) -> RenderContext:
    return RenderContext(project="primary view", edition=edition("zh-CN", True),
                         source=ProjectSource("demo", tmp_path), revision=dt.date(2027, 1, 1), repo=Repo(tmp_path),
                         out=tmp_path / "out", scratch=tmp_path / "scratch", views=views or {})


def unit(number: str, language: str | None = None) -> Unit:
    return Unit.model_validate(dict(unit=number, area_m2="88.88", property_type="residential",
                                    household_type="family", owner_name="姜海", move_in_date="2027-03-15",
                                    language=language))


def test_file_names_are_safe_and_unique():
    taken: set[str] = set()
    names = [file_name(u, taken) for u in ("1-0403", "1/0403", "1/0403", "A座 12/F", "../etc/passwd", "...", "")]
    assert names == ["1-0403", "1-0403-2", "1-0403-3", "A座-12-F", "etc-passwd", "unit", "unit-2"]
    assert taken == set(names)
    assert file_name("1-0403-2", taken) == "1-0403-2-2"  # a real unit named like a made-up one still gets its own


def test_an_owner_reads_their_language_when_the_project_has_it():
    editions = {"zh-CN": None, "en": None}
    assert unit_language(unit("1-0403", "en"), editions) == "en"
    assert unit_language(unit("1-0403", "zh-TW"), editions) == "zh-CN"  # no such edition: the primary
    assert unit_language(unit("1-0403"), editions) == "zh-CN"


def test_chunks_go_language_by_language_keeping_the_order():
    units = [unit(f"1-{n:02d}", "en" if n % 3 == 0 else None) for n in range(1, 11)]
    chunks = list(chunks_by_language(units, lambda u: u.language or "zh-CN", largest=2))
    assert [(tag, [u.unit for u in chunk]) for tag, chunk in chunks] == [
        ("zh-CN", ["1-01", "1-02"]), ("zh-CN", ["1-04", "1-05"]), ("zh-CN", ["1-07", "1-08"]), ("zh-CN", ["1-10"]),
        ("en", ["1-03"]), ("en", ["1-06"]), ("en", ["1-09"])]


def test_editions_of_a_context(tmp_path):
    single = context(tmp_path)
    assert all_editions(single) == {"zh-CN": (single.edition, "primary view")}
    english = edition("en")
    ctx = context(tmp_path, {"zh-CN": (single.edition, "primary view"), "en": (english, "english view")})
    assert list(all_editions(ctx)) == ["zh-CN", "en"]
    moved = in_edition(ctx, all_editions(ctx), "en")
    assert (moved.edition, moved.project, moved.out) == (english, "english view", tmp_path / "out")
    assert ctx.edition.tag == "zh-CN"  # the original context is unchanged
