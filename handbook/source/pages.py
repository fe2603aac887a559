"""A content section's pages: the shared and the project's folders in, each page with its folder out.

A project's page replaces the shared page of the same name. An edition's own
version of a page sits beside it, named with the language tag (fees.en.md
beside fees.md): a translated edition needs one for every page with prose.

An agreement's wording is the page agreements/<agreement id>.md: the site
shows it and its form prints it; it titles itself with the agreement's name
from the data (`# {{ agreement.name }}`). A project publishes the pages of the
agreements it lists only, each in wording for its region: a page whose
front matter names regions (the shared covenant's `regions: [CN]`, mainland
law's 业主大会) serves only those, and a project elsewhere writes its own.

The "what to bring" page bring/household.md is one template rendered once per
household type the project lists documents for, as bring/<type>.md
(bring/residential-tenant.md), each with `household`, that type's lettered
documents: a type the project does not have gets no page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..derive.lettering import LetteredDocuments, households
from ..engines.templating import PageFolder
from ..errors import Problem, relative_name
from ..i18n.languages import LANGUAGES, Language, has_han, is_variant, variant_name
from ..i18n.messages import Catalogue
from ..repo import Repo

SHARED_PAGES_LANGUAGE = "zh-CN"  # the shared content/ pages are written in Simplified Chinese
AGREEMENTS = "agreements"  # agreements/<agreement id>.md: the wording owners read on the site and sign on the form
BRING = "bring"  # bring/<type>.md: what a household type brings, each rendered from BRING_TEMPLATE
BRING_TEMPLATE = f"{BRING}/household.md"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.S | re.M)


def page_folders(layers: tuple[Path, ...], written_in: Language, repo: Repo,
                 sections: tuple[str, ...]) -> list[list[PageFolder]]:
    """Return, per content section, its page folders: the project's first, then its companies' (nearest first),
    then the shared ones; a page replaces those of the same name after it. A company writes in its estates' language.
    """
    return [[folder for folder in (*(PageFolder(layer / "content" / section, written_in) for layer in layers),
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


def published_pages(folders: list[PageFolder], project: Any) -> dict[str, PageFolder]:
    """Return the pages of a section a project (or its public view) publishes: its agreements' only, for its region."""
    listed = {agreement.id for agreement in project.agreements}
    return {name: folder for name, folder in pages(folders).items()
            if agreement_of(name) in (None, *listed) and serves(folder.folder / name, project.region)}


def agreement_of(name: str) -> str | None:
    """Return the agreement id a page is the wording of (agreements/covenant.md: covenant), None for other pages."""
    folder, _, page = name.partition("/")
    return page.removesuffix(".md") if folder == AGREEMENTS and page else None


def page_variables(name: str, project: Any) -> dict[str, Any]:
    """Return what one page's template may use beyond its section's variables.

    An agreement's page gets `agreement`, the agreement it is the wording of
    (in the edition's words), so it titles itself `# {{ agreement.name }}`:
    the name the guide lists and the form prints.
    """
    agreement = agreement_of(name)
    found = [item for item in project.agreements if item.id == agreement]
    return {"agreement": found[0]} if found else {}


def rendered_pages(name: str, project: Any) -> list[tuple[str, dict[str, Any]]]:
    """Return the pages a published page's template renders, each with its own variables: itself, or one per type.

    bring/household.md renders bring/<type>.md for each household type the
    project lists documents for, in the data's order, with `household`.
    """
    if name == BRING_TEMPLATE:
        return [(bring_page(documents), {"household": documents}) for documents in households(project.documents)]
    return [(name, page_variables(name, project))]


def bring_page(documents: LetteredDocuments) -> str:
    """Return the name of a household type's "what to bring" page: bring/residential-tenant.md."""
    return f"{BRING}/{documents.slug}.md"


def serves(page: Path, region: str) -> bool:
    """Return whether a page is for a region: its front matter's `regions` list it, or it names none (every region)."""
    regions = front_matter(page).get("regions")
    return not isinstance(regions, list) or region in regions


def front_matter(page: Path) -> dict:
    """Return the YAML front matter of a page (between --- lines at its top), {} when it has none."""
    match = _FRONT_MATTER.match(page.read_text(encoding="utf-8"))
    try:
        data = yaml.safe_load(match[1]) if match else None
    except yaml.YAMLError:  # MkDocs reports it when it builds the page
        data = None
    return data if isinstance(data, dict) else {}


def without_front_matter(text: str) -> str:
    """Return a page's text without its front matter (a printed form shows the wording only)."""
    return _FRONT_MATTER.sub("", text, count=1)


def needs_translation(page: Path, language: Language) -> bool:
    """Return whether a page written in language has prose of its own (not only values and catalogue labels).

    Chinese prose shows as Chinese characters; a page written in English is
    taken to have prose, since its template code is Latin letters too.
    """
    return language.script == "Latn" or has_han(page.read_text(encoding="utf-8"))


def untranslated_pages(sections: list[list[PageFolder]], tag: str, messages: Catalogue, project: Any) -> list[Problem]:
    """Return one problem per published page with prose that has no version in the edition's language beside it."""
    problems = []
    for folders in sections:
        for name, folder in published_pages(folders, project).items():
            if needs_translation(folder.folder / name, folder.language) \
                    and not (folder.folder / variant_name(name, tag)).is_file():
                wanted = relative_name(folder.folder / variant_name(name, tag))
                problems.append(Problem(relative_name(folder.folder / name), None, None, "",
                                        messages("error.page_translation_missing", language=tag, file=wanted)))
    return problems
