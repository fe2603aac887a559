"""Companies: what a property company writes once for all its estates, under companies/<id>/.

A company's company.yml holds any field a project may hold (every one
optional) and may extend a parent company (`extends: <id>`). Beside it,
content/, templates/, images/ and translations/ are looked up after the
project's own and before the shared ones. A project names its company
(`company: <id>`) and writes only what is its own; its data is the layers
merged, earliest first: the top parent ... the company, the project
(handbook/source/merge.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProjectInvalid, relative_name
from ..i18n.languages import LANGUAGES
from ..i18n.messages import Catalogue, catalogue
from .company_check import company_problems
from .load import Loaded, describe, file_language, load_yaml
from .merge import merge_layers

COMPANIES = "companies"
COMPANY_FILE = "company.yml"
EXTENDS, COMPANY = "extends", "company"


@dataclass(frozen=True)
class CompanySource:
    """Where one company's files are."""

    id: str
    folder: Path

    @property
    def data_file(self) -> Path:
        return self.folder / COMPANY_FILE


def companies_folder(project_folder: Path) -> Path:
    """Return the companies/ folder beside the projects/ folder a project is in."""
    return project_folder.resolve().parent.parent / COMPANIES


def discover_companies(folder: Path) -> list[CompanySource]:
    """Return every company (a folder holding company.yml), sorted by id."""
    if not folder.is_dir():
        return []
    return sorted((CompanySource(child.name, child) for child in folder.iterdir() if (child / COMPANY_FILE).is_file()),
                  key=lambda company: company.id)


def load_company(company: CompanySource) -> Loaded:
    """Load one company.yml as written (not merged); raise ProjectInvalid if it cannot be read.

    An empty file is a company that gives no data (its content/, templates/ or images/ may be all it shares).
    """
    return load_yaml(company.data_file, relative_name(company.data_file), empty_allowed=True)


def company_chain(first: str, named_at: tuple[Loaded | None, tuple], folder: Path,
                  messages: Catalogue) -> list[tuple[CompanySource, Loaded]]:
    """Return a company and the parents it extends, nearest first, each loaded; raise for an unknown id or a cycle.

    named_at is the file (loaded) and the field that names the first company, where an unknown id is reported
    (None when the caller has already found the company).
    """
    known = {company.id: company for company in discover_companies(folder)}
    chain: list[tuple[CompanySource, Loaded]] = []
    wanted, (naming, loc) = first, named_at
    while wanted is not None:
        if not isinstance(wanted, str):
            raise ProjectInvalid(_at_naming(naming, loc, folder, messages("error.expected_text", found=describe(wanted, messages))))
        if wanted not in known:
            raise ProjectInvalid(_at_naming(naming, loc, folder, messages(
                "error.company_unknown", id=wanted, known=", ".join(known) or "-",
                folder=relative_name(folder / str(wanted) / COMPANY_FILE))))
        if any(source.id == wanted for source, _ in chain):
            cycle = " → ".join([*(source.id for source, _ in chain), wanted])
            raise ProjectInvalid(_at_naming(naming, loc, folder, messages("error.company_cycle", chain=cycle)))
        company = known[wanted]
        loaded = load_company(company)
        misplaced = [loaded.source.problem((COMPANY,), messages("error.company_in_company"), prefer_key=True)] \
            if COMPANY in loaded.data else []
        if misplaced:
            raise ProjectInvalid(misplaced)
        chain.append((company, loaded))
        wanted, naming, loc = loaded.data.get(EXTENDS), loaded, (EXTENDS,)
    return chain


def _at_naming(naming: Loaded | None, loc: tuple, folder: Path, message: str) -> Problem:
    """Return a problem at the field naming a company, or at the companies' folder when no file names it."""
    return naming.source.problem(loc, message) if naming else Problem(relative_name(folder), None, None, "", message)


def merged_company(company_id: str, folder: Path, messages: Catalogue) -> Loaded:
    """Return a company's data merged over its parents' (what every estate of it starts from)."""
    chain = company_chain(company_id, (None, ()), folder, messages)
    return merge_layers([_without_extends(loaded) for _, loaded in reversed(chain)], messages)


def load_layers(project: Loaded, project_folder: Path) -> tuple[Loaded, tuple[CompanySource, ...]]:
    """Return a project's data merged over its company's (and the company's parents'), and those companies, nearest first.

    A project without `company:` is returned as loaded.
    """
    name = project.data.get(COMPANY)
    if name is None:
        return project, ()
    messages = catalogue(project.language)
    if not isinstance(name, str):
        raise ProjectInvalid(project.source.problem((COMPANY,), messages("error.expected_text", found=name)))
    chain = company_chain(name, (project, (COMPANY,)), companies_folder(project_folder), messages)
    layers = [*(_without_extends(loaded) for _, loaded in reversed(chain)), project]
    merged = merge_layers(layers, messages)
    language = merged_language(merged)
    if language != project.language:  # the project's file left its languages to its company: word problems in them
        merged = merge_layers(layers, catalogue(language))
    merged = Loaded(merged.data, merged.source, merged.problems, language, merged.dropped)
    return merged, tuple(company for company, _ in chain)


def merged_language(merged: Loaded) -> str:
    """Return the merged data's primary language: its first language when known, else the project file's."""
    languages = merged.data.get("languages")
    first = languages[0] if isinstance(languages, list) and languages else None
    return first if first in LANGUAGES else merged.language


def _without_extends(loaded: Loaded) -> Loaded:
    data = {key: value for key, value in loaded.data.items() if key != EXTENDS}
    return Loaded(data, loaded.source, loaded.problems, loaded.language, loaded.dropped)


def company_language(company: CompanySource) -> str:
    """Return a company's language from its file's text (for the words of its problems)."""
    return file_language(company.data_file)


def check_company(company: CompanySource) -> tuple[str, list[Problem]]:
    """Return a company's language and every problem of its own files: its data as a partial project, its parents.

    What only the merge with an estate shows (a field no layer gives, an id to remove that is not there) is
    reported when the estates are checked.
    """
    language = company_language(company)
    try:
        loaded = load_company(company)
        if EXTENDS in loaded.data:
            company_chain(loaded.data[EXTENDS], (loaded, (EXTENDS,)), company.folder.parent, catalogue(language))
    except ProjectInvalid as exc:
        return language, list(exc.problems)
    return language, [*loaded.problems, *company_problems(loaded.data, loaded.source, language, loaded.dropped)]


def projects_of(company_id: str, projects: list, folder: Path) -> list:
    """Return the projects (ProjectSource) whose company is company_id or extends it, read without validating them."""
    found = []
    for source in projects:
        try:
            loaded = load_yaml(source.data_file, relative_name(source.data_file))
            named = loaded.data.get(COMPANY)
            chain = company_chain(named, (loaded, (COMPANY,)), folder, catalogue(loaded.language)) \
                if isinstance(named, str) else []
        except ProjectInvalid:  # a project that does not load is checked, to report why
            found.append(source)
            continue
        if any(company.id == company_id for company, _ in chain):
            found.append(source)
    return found
