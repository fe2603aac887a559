"""A content section's pages: the shared and the project's folders in, each page with its folder out.

A project's page replaces the shared page of the same name. An edition's own
version of a page sits beside it, named with the language tag (fees.en.md
beside fees.md): a translated edition needs one for every page with prose.
"""

from __future__ import annotations

from pathlib import Path

from ..engines.templating import PageFolder
from ..errors import Problem, relative_name
from ..i18n.languages import LANGUAGES, Language, has_han, is_variant, variant_name
from ..i18n.messages import Catalogue
from ..repo import Repo

SHARED_PAGES_LANGUAGE = "zh-CN"  # the shared content/ pages are written in Simplified Chinese


def page_folders(project_folder: Path, written_in: Language, repo: Repo,
                 sections: tuple[str, ...]) -> list[list[PageFolder]]:
    """Return, per content section, its page folders: the project's first (its pages replace shared ones)."""
    return [[folder for folder in (PageFolder(project_folder / "content" / section, written_in),
                                   PageFolder(repo.content / section, LANGUAGES[SHARED_PAGES_LANGUAGE]))
             if folder.folder.is_dir()] for section in sections]


def pages(folders: list[PageFolder]) -> dict[str, PageFolder]:
    """Return every page of a section (by name, without edition variants) and the folder it comes from."""
    found: dict[str, PageFolder] = {}
    for folder in reversed(folders):  # the project's folder last, so its pages win
        for path in folder.folder.rglob("*.md"):
            name = path.relative_to(folder.folder).as_posix()
            if not is_variant(name):
                found[name] = folder
    return dict(sorted(found.items()))


def needs_translation(page: Path, language: Language) -> bool:
    """Return whether a page written in language has prose of its own (not only values and catalogue labels).

    Chinese prose shows as Chinese characters; a page written in English is
    taken to have prose, since its template code is Latin letters too.
    """
    return language.script == "Latn" or has_han(page.read_text(encoding="utf-8"))


def untranslated_pages(sections: list[list[PageFolder]], tag: str, messages: Catalogue) -> list[Problem]:
    """Return one problem per page with prose that has no version in the edition's language beside it."""
    problems = []
    for folders in sections:
        for name, folder in pages(folders).items():
            if needs_translation(folder.folder / name, folder.language) \
                    and not (folder.folder / variant_name(name, tag)).is_file():
                wanted = relative_name(folder.folder / variant_name(name, tag))
                problems.append(Problem(relative_name(folder.folder / name), None, None, "",
                                        messages("error.page_translation_missing", language=tag, file=wanted)))
    return problems
