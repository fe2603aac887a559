"""Every sample edition prints its own region's words, read back from what it built; a planted word is refused.

The check (handbook/source/term_checks.py) reads the texts before rendering;
these tests read the rendered HTML and PDF text of each Chinese edition, to
prove nothing reached an output past it, and plant a word of another region
into a sample to see `check` and `build` refuse it at its file and line.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from handbook.commands.cli import main
from handbook.i18n.convert import converter
from handbook.i18n.edition import Edition
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.source.editions import edition_names
from handbook.source.term_checks import edition_vocabulary
from tests.conftest import edit_sample, make_sample_repo
from tests.conftest import sample_project as project

# (slug, tag, the edition's folder under dist/public/<slug>/)
EDITIONS = [("lotus-garden", "zh-CN", ""), ("lotus-garden", "zh-HK", "zh-HK/"), ("harbour-centre", "zh-HK", ""),
            ("harbour-centre", "zh-CN", "zh-CN/")]
OTHER_EDITIONS = {"zh-CN", "zh-HK", "zh-MO", "zh-TW", "en"}


def visible_text(page: Path) -> str:
    """Return what a reader sees of a page: no scripts, styles or tags (the search index is not a page)."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u200b", "")


def pdf_text(pdf: Path) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", result.stdout)  # a word broken over two lines is read whole


def vocabulary(slug: str, tag: str) -> tuple[object, tuple[str, ...]]:
    """Return the words an edition of a sample must print (its region's, its project's terms) and its kept names."""
    data = project(slug)
    primary, names = LANGUAGES[data.languages[0]], edition_names(data, tag)
    convert = converter(primary, LANGUAGES[tag], names) or (lambda text: text)
    words = {name: convert(word) for name, word in data.terms if word}
    edition = Edition(LANGUAGES[tag], tag == primary.tag, catalogue(tag).with_terms(words), primary, tuple(names.items()))
    return edition_vocabulary(edition), tuple(names.values())


def edition_files(dist: Path, slug: str, tag: str, prefix: str) -> list[Path]:
    public = dist / "public" / slug / prefix
    pages = [page for page in public.rglob("*.html")
             if not (prefix == "" and page.relative_to(public).parts[0] in OTHER_EDITIONS)]
    pdfs = [pdf for pdf in public.rglob(f"*.{tag}.pdf")] + list((dist / "internal" / slug).rglob(f"*.{tag}.pdf"))
    return pages + pdfs


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=[f"{s}/{t}" for s, t, _ in EDITIONS])
def test_every_output_of_an_edition_prints_only_its_regions_words(samples_dist, slug, tag, prefix):
    terms, keep = vocabulary(slug, tag)
    files = edition_files(samples_dist, slug, tag, prefix)
    assert any(f.suffix == ".pdf" for f in files) and any(f.suffix == ".html" for f in files)
    found = {}
    for file in files:
        text = visible_text(file) if file.suffix == ".html" else pdf_text(file)
        words = {word.word for word in terms.foreign(text, keep)}
        if words:
            found[str(file.relative_to(samples_dist))] = sorted(words)
    assert not found


def planted(tmp_path: Path, slug: str, old: str, new: str) -> tuple[Path, str]:
    """Return a repository whose sample has its `old` written as `new`, and where: the file (its project's or its
    company's) and line it is on."""
    repo = make_sample_repo(tmp_path / "repo", (slug,))
    data, line = edit_sample(repo, slug, old, new)
    return repo, f"{data.relative_to(repo)}:{line}"


@pytest.mark.parametrize(("slug", "old", "new", "word"), [
    ("harbour-centre", "note: 辦公時間以外", "note: 入夥期間及辦公時間以外", "入夥"),  # the Hong Kong edition, as written
    ("harbour-centre", "停電、升降機困人", "停電、𨋢困人", "𨋢"),  # spoken Cantonese: zh-HK writes 升降機
    ("lotus-garden", "notes: 以收楼通知书", "notes: 按金另收，以收楼通知书", "按金"),  # staff read the mainland words
    ("lotus-garden", "notes: 业主表示不愿预交时", "notes: 业主入夥时表示不愿预交的", "入夥"),
])
def test_a_word_of_another_region_is_refused_at_its_file_and_line(tmp_path, capsys, slug, old, new, word):
    repo, where = planted(tmp_path, slug, old, new)
    code = main(["--repo", str(repo), "check", slug])
    err = capsys.readouterr().err
    assert code == 1 and where in err and (f"“{word}”" in err or f"「{word}」" in err), err
    assert main(["--repo", str(repo), "build", slug, "--only", "guide"]) == 1
    assert not (repo / "dist" / "public" / slug).exists()


def test_a_word_kept_as_written_is_allowed(tmp_path, capsys):
    repo, _ = planted(tmp_path, "harbour-centre", "note: 辦公時間以外", "note: 押金道辦事處辦公時間以外")
    edit_sample(repo, "harbour-centre", "keep_as_written: [", "keep_as_written: [押金道, ")
    assert main(["--repo", str(repo), "check", "harbour-centre"]) == 0, capsys.readouterr().err
