"""Each Chinese edition in its own region's words: a project's editions in, every word of another region out.

An edition prints the project's data and pages (converted from the language
they are written in) and the catalogue's labels. Each of those texts must use
only the edition's form of the concepts in handbook/i18n/terms.yml: a
converted text gets them from the conversion, so what this finds is a word an
editor (or the catalogue) wrote in another region's form, or both forms of one
concept. Words kept as written (keep_as_written: a company's name) are
allowed. Run with the editions, before any output renders, so `check`
refuses what `build` would print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import Problem, relative_name
from ..i18n.convert import converter
from ..i18n.edition import Edition
from ..i18n.languages import LANGUAGES, Language
from ..i18n.messages import MESSAGES_DIR, Catalogue, catalogue
from ..i18n.terms import (
    FALLBACK,
    Concept,
    EditionTerms,
    ForeignWord,
    concepts,
    edition_terms,
)
from ..repo import Repo
from .editions import UNTRANSLATED_FIELDS, texts
from .pages import page_folders, published_pages
from .projects import LoadedProject


def foreign_word_problems(loaded: LoadedProject, editions: list[Edition], repo: Repo,
                          sections: tuple[str, ...]) -> list[Problem]:
    """Return a problem for each word of another region in what each Chinese edition prints."""
    problems = []
    for edition in editions:
        if edition.language.script == "Latn" or edition.translated:
            continue
        terms = edition_vocabulary(edition)
        problems += data_problems(loaded, edition, terms)
        problems += page_problems(loaded, edition, terms, repo, sections)
        problems += catalogue_problems(loaded.messages, edition, terms)
    return problems


def edition_vocabulary(edition: Edition) -> EditionTerms:
    """Return the term table an edition follows, with the project's own terms (terms: service_centre: 管理處).

    A project that names a term in its own words prints no other word for it:
    the catalogue's (服務中心) in its data or pages is refused like a word of another region.
    """
    default = catalogue(edition.tag)
    own = {name: word for name, word in edition.messages.terms.items() if word != default.terms[name]}
    if not own:
        return edition_terms(edition.tag)
    chinese = [tag for tag, language in LANGUAGES.items() if language.script != "Latn"]
    extra = tuple(Concept(f"terms.{name}", {edition.tag: word},
                          tuple({catalogue(tag).terms[name] for tag in chinese} - {word}), (word,))
                  for name, word in own.items())
    return EditionTerms(edition.tag, concepts() + extra)


def data_problems(loaded: LoadedProject, edition: Edition, terms: EditionTerms) -> list[Problem]:
    """Return the project data's texts that show a word of another region in this edition, at their line."""
    problems = []
    # Staff read the data as written: their texts are checked in the edition written as the data is.
    skip = frozenset(UNTRANSLATED_FIELDS - {"staff"}) if edition.text is None else frozenset(UNTRANSLATED_FIELDS)
    for loc, text in texts(loaded.project, skip=skip):
        shown = (edition.text(text) or text) if edition.text else text
        for word in dict.fromkeys(terms.foreign(shown, tuple(edition.keep.values()))):  # each word once a text
            problems.append(loaded.places.problem(loc, said(loaded.messages, edition, word)))
    return problems


def page_problems(loaded: LoadedProject, edition: Edition, terms: EditionTerms, repo: Repo,
                  sections: tuple[str, ...]) -> list[Problem]:
    """Return the words of another region in the pages this edition prints (those it publishes), at file and line."""
    problems = []
    for folders in page_folders(loaded.source.folders, edition.written_in, repo, sections):
        for name, folder in published_pages(folders, loaded.project).items():
            path = own_version(folder.folder / name, edition.tag)
            source = path.read_text(encoding="utf-8")
            shown = source if path.name != name.rsplit("/", 1)[-1] else converted(source, folder.language, edition)
            for line, word in words_by_line(shown, terms, tuple(edition.keep.values())):
                problems.append(Problem(relative_name(path), line, None, "", said(loaded.messages, edition, word)))
    return problems


def catalogue_problems(messages: Catalogue, edition: Edition, terms: EditionTerms) -> list[Problem]:
    """Return the catalogue's labels that show a word of another region in this edition (a fault of the repository)."""
    return [Problem(*catalogue_place(edition.tag, key), key, said(messages, edition, word))
            for key, value in edition.messages.messages.items() for word in terms.foreign(value)]


def catalogue_place(tag: str, key: str) -> tuple[str, int | None, None]:
    """Return the file and line defining a catalogue key for a language (or a language it extends)."""
    for folder_tag in (tag, *filter(None, [FALLBACK.get(tag)])):  # zh-MO's catalogue extends zh-HK's
        for path in (MESSAGES_DIR / f"{folder_tag}.yml", *sorted((MESSAGES_DIR / folder_tag).glob("*.yml"))):
            if path.is_file():
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                    if line.startswith(f"{key}:"):
                        return relative_name(path), number, None
    return relative_name(MESSAGES_DIR / f"{tag}.yml"), None, None


def own_version(page: Path, tag: str) -> Path:
    """Return an edition's own version of a page (fees.zh-HK.md) when there is one, else the page."""
    stem, suffix = page.name.rsplit(".", 1)
    variant = page.with_name(f"{stem}.{tag}.{suffix}")
    return variant if variant.is_file() else page


def converted(source: str, language: Language, edition: Edition) -> str:
    """Return a page's source as the edition prints it: converted from the language it is written in."""
    convert = converter(language, edition.language, edition.keep)
    return convert(source) if convert else source


def words_by_line(text: str, terms: EditionTerms, keep: tuple[str, ...]) -> Iterator[tuple[int, ForeignWord]]:
    for number, line in enumerate(text.splitlines(), start=1):
        for word in terms.foreign(line, keep):
            yield number, word


def said(messages: Catalogue, edition: Edition, word: ForeignWord) -> str:
    return messages("error.term_foreign", edition=edition.tag, word=word.word, wanted=word.wanted,
                    concept=word.concept)
