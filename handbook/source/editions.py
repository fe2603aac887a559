"""A project's language editions: the project in its primary language in, one Edition per declared language out.

The primary edition shows the data as written. A converted edition (another
Chinese script) runs every text through OpenCC's phrase profile for its
region, keeping the project's `keep_as_written` terms. A translated edition
(Chinese <-> English) looks every text up in projects/<slug>/translations/<tag>.yml
and every page with Chinese prose in a `<page>.<tag>.md` beside the page:
anything missing fails the build with the full list, never falling back to
the primary language. (Most shared pages hold no prose of their own, only
data and catalogue labels, and serve every edition as they are.)
Text without Chinese characters (numbers, phone numbers, addresses in Latin
letters) is the same in every edition.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any, Callable, Iterator

from pydantic import BaseModel

from ..errors import Loc, Problem, ProjectInvalid, field_path, relative_name
from ..i18n.convert import converter
from ..i18n.edition import Edition
from ..i18n.languages import LANGUAGES, has_han
from ..i18n.messages import Catalogue, catalogue
from ..repo import Repo
from .checks import check_labels
from .load import load_yaml
from .pages import page_folders, untranslated_pages
from .projects import LoadedProject

TRANSLATIONS = "translations"
# Staff read the primary language; the ICP record is a legal identifier shown as registered; the rest are not shown.
UNTRANSLATED_FIELDS = {"staff", "unit_list", "keep_as_written", "icp_record"}
def editions(loaded: LoadedProject, repo: Repo, sections: tuple[str, ...] = ("owner",)) -> list[Edition]:
    """Return the project's editions, the primary first; raise ProjectInvalid listing every missing translation.

    sections are the content sections whose pages a translated edition needs
    in its language (the owner pages; the staff pages when staff read it).
    """
    primary_tag, *others = loaded.project.languages
    primary = LANGUAGES[primary_tag]
    keep = edition_names(loaded.project, primary_tag)
    result = [Edition(primary, True, edition_catalogue(loaded, primary_tag, None), primary, tuple(keep.items()))]
    problems = missing_labels(loaded, [primary_tag, *others])
    for tag in others:
        language = LANGUAGES[tag]
        keep = edition_names(loaded.project, tag)
        text = converter(primary, language, keep)
        if text is None:
            # A name given in this language is its translation wherever a text is just the name.
            table = {**{written: shown for written, shown in keep.items() if shown != written},
                     **read_translations(loaded, tag)}
            problems += untranslated_fields(loaded, tag, table)
            folders = page_folders(loaded.source.folders, primary, repo, sections)
            problems += untranslated_pages(folders, tag, loaded.messages, loaded.project)
            text = table.get
        edition = Edition(language, False, edition_catalogue(loaded, tag, text), primary, tuple(keep.items()), text)
        problems += labels_too_long(loaded, edition)
        result.append(edition)
    if problems:
        raise ProjectInvalid(problems)
    return result


def edition_names(project: BaseModel, tag: str) -> dict[str, str]:
    """Return the project's names an edition does not convert: each written form -> the form the edition prints.

    A name kept as written prints as written; a name given per edition
    prints the edition's form (else the primary language's), whichever of
    its forms a text uses, and wins over the same name kept as written.
    """
    primary = project.languages[0]
    names = {name: name for name in project.keep_as_written if isinstance(name, str)}
    for forms in (entry for entry in project.keep_as_written if isinstance(entry, dict)):
        shown = forms.get(tag) or forms.get(primary)
        if shown:  # without the primary language's form: checks report it
            names.update((written, shown) for written in forms.values())
    return names


def edition_catalogue(loaded: LoadedProject, tag: str, text: Callable[[str], str | None] | None) -> Catalogue:
    """Return an edition's catalogue with the project's own terms (terms:) in the edition's words.

    A term left untranslated keeps the catalogue's word here; the missing translation is reported with the rest.
    """
    words = {}
    for name, value in loaded.project.terms:
        shown = value if value is None or text is None or not has_han(value) else text(value)
        if shown:
            words[name] = shown
    return catalogue(tag).with_terms(words) if words else catalogue(tag)


def labels_too_long(loaded: LoadedProject, edition: Edition) -> list[Problem]:
    """Return the flowchart labels that fit their boxes as written but not in this edition's words."""
    messages = loaded.messages
    processes = rewrite(loaded.project.processes, edition.text)
    problems = []
    for name in ("move_in", "decoration"):
        process = getattr(processes, name)
        for index, step in enumerate(process.steps if process else []):
            for finding in check_labels(index, step, ("processes", name, "steps", index)):
                shown = step.title if finding.loc[-1] == "title" else step.branches[finding.loc[-2]].label
                problems.append(loaded.places.problem(finding.loc, f"{edition.tag} “{shown}”: "
                                                      + messages(finding.key, **finding.params)))
    return problems


def missing_labels(loaded: LoadedProject, tags: list[str]) -> list[Problem]:
    """Return a problem per edition whose message catalogue lacks labels the others have (never a fallback)."""
    every = set().union(*(catalogue(tag).keys() for tag in LANGUAGES))
    messages = catalogue(tags[0])
    file = relative_name(loaded.source.data_file)
    return [Problem(file, None, None, "languages", messages("error.catalogue_missing", language=tag,
                                                            count=len(missing), keys=", ".join(sorted(missing)[:10])))
            for tag in tags if (missing := every - catalogue(tag).keys())]


def staff_edition(loaded: LoadedProject, all_editions: list[Edition]) -> Edition:
    """Return the edition staff read (training pack, operations sheets): staff.language, else the primary."""
    staff = loaded.project.staff
    tag = staff.language if staff and staff.language else loaded.primary_language
    return next(edition for edition in all_editions if edition.tag == tag)


def edition_project(project: BaseModel, edition: Edition) -> BaseModel:
    """Return the project (or its public view) as this edition shows it, its site address the edition's own."""
    if edition.primary:
        return project
    shown = project if edition.text is None else rewrite(project, edition.text)
    site = shown.site.model_copy(update={"url": shown.site.url.rstrip("/") + "/" + edition.site_prefix})
    return shown.model_copy(update={"site": site})


def rewrite(model: BaseModel, text: Callable[[str], str | None]) -> BaseModel:
    """Return a copy of model with every Chinese text passed through text (staff sections left as written)."""
    changes = {name: _rewrite(getattr(model, name), text) for name in type(model).model_fields
               if name not in UNTRANSLATED_FIELDS}
    return model.model_copy(update=changes)


def _rewrite(value: Any, text: Callable[[str], str | None]) -> Any:
    if isinstance(value, str):
        return (text(value) or value) if has_han(value) else value
    if isinstance(value, BaseModel):
        return rewrite(value, text)
    if isinstance(value, (list, tuple)):
        return type(value)(_rewrite(item, text) for item in value)
    if isinstance(value, dict):
        return {key: _rewrite(item, text) for key, item in value.items()}
    return value


def texts(model: BaseModel, loc: Loc = (), skip: frozenset[str] = frozenset(UNTRANSLATED_FIELDS)
          ) -> Iterator[tuple[Loc, str]]:
    """Yield every Chinese text of model with its field path, in the order of the data (skip: fields left out)."""
    for name in type(model).model_fields:
        if name not in skip:
            yield from _texts(getattr(model, name), loc + (name,), skip)


def _texts(value: Any, loc: Loc, skip: frozenset[str]) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        if has_han(value):
            yield loc, value
    elif isinstance(value, BaseModel):
        yield from texts(value, loc, skip)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, loc + (index,), skip)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, loc + (key,), skip)


# --- translated editions: the translations file --------------------------------------------------------------

def translations_file(folder: Path, tag: str) -> Path:
    return folder / TRANSLATIONS / f"{tag}.yml"


def read_translations(loaded: LoadedProject, tag: str) -> dict[str, str]:
    """Return source text -> translation from the edition's translations files (empty translations left out).

    A company's texts are translated once, in its own translations/ folder: the table is the companies' files
    (the top parent's first) and the project's, a later file's entry winning.
    """
    table: dict[str, str] = {}
    for folder in reversed(loaded.source.folders):
        table.update(read_translations_file(loaded, translations_file(folder, tag), tag))
    return table


def translation_layer(loaded: LoadedProject, loc: Loc) -> Path:
    """Return the folder whose translations file should translate the text at loc: the one whose data sets it."""
    written_in = loaded.places.file_of(loc)
    return next((folder for folder, data_file in zip(loaded.source.folders, loaded.source.data_files)
                 if relative_name(data_file) == written_in), loaded.source.folder)


def read_translations_file(loaded: LoadedProject, path: Path, tag: str) -> dict[str, str]:
    """Return source text -> translation from one translations file, {} when there is none."""
    if not path.is_file():
        return {}
    primary, messages = loaded.primary_language, loaded.messages
    data = load_yaml(path, relative_name(path))
    problems = list(data.problems)
    entries = data.data.get("texts") if isinstance(data.data, dict) else None
    if not isinstance(entries, list) or set(data.data) != {"texts"}:
        problems.append(data.source.problem((), messages("error.translation_entry", source=primary, target=tag)))
        entries = []
    table: dict[str, str] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or set(entry) != {primary, tag} \
                or not all(isinstance(v, str) or v is None for v in entry.values()):
            problems.append(data.source.problem(("texts", index), messages("error.translation_entry",
                                                                             source=primary, target=tag)))
            continue
        source, translated = (entry[primary] or "").strip(), (entry[tag] or "").strip()
        if translated:
            table[source] = translated
    if problems:
        raise ProjectInvalid(problems)
    return table


def untranslated_fields(loaded: LoadedProject, tag: str, table: dict[str, str]) -> list[Problem]:
    """Return one problem per text of the project with no translation, at its place in project.yml."""
    messages = loaded.messages
    places = loaded.places
    return [places.problem(loc, messages("error.translation_missing", language=tag, text=_excerpt(text),
                                         file=relative_name(translations_file(translation_layer(loaded, loc), tag))))
            for loc, text in texts(loaded.project) if text not in table]


def _excerpt(text: str, limit: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit] + "…"


def update_translations(loaded: LoadedProject, tag: str) -> list[tuple[Path, int, int, int]]:
    """Rewrite a translated edition's files with an entry for every text of the data, in the data's order.

    Each text goes to the translations file of the layer that writes it: the
    project's own texts to the project's file, a company's texts to the
    company's (translated once for all its estates). Translations already given
    are kept; texts new or changed since get an empty translation (so an editor
    sees at once what is left). Entries whose text is no longer in the data are
    dropped from the project's file only: a company's other estates may use
    them. Return each file written and its counts (to translate, translated, dropped).
    """
    by_layer: dict[Path, dict[str, list[Loc]]] = {folder: {} for folder in loaded.source.folders}
    used: set[str] = set()
    for loc, text in texts(loaded.project):
        by_layer[translation_layer(loaded, loc)].setdefault(text, []).append(loc)
        used.add(text)
    merged = read_translations(loaded, tag)  # what the edition prints now: a company's file may take an entry from it
    written = []
    for folder, places in by_layer.items():
        path = translations_file(folder, tag)
        if folder != loaded.source.folder and not places:
            continue
        own = read_translations_file(loaded, path, tag)
        # The project keeps its entries the data still uses (one may translate a company's text its own way);
        # a company's file keeps all of its entries (other estates may use them).
        keep = used if folder == loaded.source.folder else set(own)
        kept = {text: [] for text in own if text in keep and text not in places}
        written.append(write_translations(loaded, path, tag, {**places, **kept}, {**merged, **own}))
    return written


def write_translations(loaded: LoadedProject, path: Path, tag: str, places: dict[str, list[Loc]],
                       table: dict[str, str]) -> tuple[Path, int, int, int]:
    """Write one translations file: an entry per text (with where the data uses it), its translation or empty."""
    primary = loaded.primary_language
    messages = loaded.messages
    if path.parent.parent == loaded.source.folder:
        header = messages("translations.header", name=loaded.project.name, language=tag, source=primary, target=tag,
                          slug=loaded.slug)
    else:  # a company's file, shared by its estates
        company = path.parent.parent
        header = messages("translations.header_company", company=loaded.project.property_company, language=tag,
                          source=primary, target=tag, folder=relative_name(company))
    lines = [f"# {line}" for line in textwrap.wrap(header, 100)] + ["texts:"]
    for text, locs in places.items():
        where = ", ".join(field_path(loc) for loc in locs[:3]) + (" …" if len(locs) > 3 else "")
        lines += [f"  # {where}"] if where else []
        lines += [f"  - {primary}: {yaml_text(text, 6)}", f"    {tag}: {yaml_text(table.get(text, ''), 6)}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = sum(1 for text in places if text in table)
    return path, len(places) - done, done, len(set(table) - set(places))


def yaml_text(text: str, indent: int) -> str:
    """Return text as a YAML scalar: a literal block for several lines, else a double-quoted string."""
    if "\n" in text:
        pad = " " * indent
        return "|-\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
