"""Create a new project folder from the commented templates beside this file.

project.yml is a whole standalone project; company-project.yml is a project of
a company (`new SLUG --company ID`): only what is the estate's own, the rest
coming from companies/<id>/company.yml (handbook/source/companies.py). A
company may leave to its estates more than the template writes (its complaint
channels, the time of the daily wrap-up): what the merged data still misses is
added from the standalone template, and a company FAQ item quoting a fee the
new estate does not have yet is removed in the new file (saying so), so the
new project checks as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import ValidationError

from ...errors import HandbookError, ProjectInvalid, Said, relative_name
from ...i18n.convert import converter
from ...i18n.languages import LANGUAGES
from ...i18n.messages import catalogue
from ...model import Project
from ...repo import Repo
from ...source.companies import (
    COMPANY_FILE,
    CompanySource,
    companies_folder,
    company_language,
    discover_companies,
    load_layers,
    merged_company,
)
from ...source.editions import TRANSLATIONS, yaml_text
from ...source.faq_checks import check_faq_figures
from ...source.load import load_yaml
from ...source.projects import DATA_FILE, SLUG

TEMPLATE = Path(__file__).parent / "project.yml"
COMPANY_TEMPLATE = Path(__file__).parent / "company-project.yml"
BLOCK = re.compile(r"(?m)^(?=[a-z_]+:)")  # a template's top-level fields, each with the comment lines under it
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# The override examples' ids when the company has none of its own to show.
EXAMPLE_IDS = {"form_id": "owner_card", "role_id": "reception", "step_id": "keys"}
# What a project must give that neither template has, should its company leave it to its estates (zh-CN, converted).
STUBS: dict[tuple[str, ...], Any] = {("staff", "wrap_up", "time"): "17:30", ("staff", "wrap_up", "place"): "会所二楼会议室"}
# The English of company-project.yml's texts: a company with an English edition gets the new project's
# translations/en.yml with these (placeholders to replace, like the texts), so the project builds as it is.
ENGLISH = {"新项目": "New Estate", "某某置业有限公司": "XX Property Development Co., Ltd.",
           "某市某区某路 1 号": "1 XX Road, XX District, XX City", "某市": "XX City", "一期": "Phase 1",
           "会所一楼": "Clubhouse, ground floor", "客户服务中心": "Customer Service Centre", "住宅": "Residential"}
CURRENCY_LANGUAGES = {"CNY": "zh-CN", "HKD": "zh-HK", "MOP": "zh-MO", "TWD": "zh-TW"}


def create_project(repo: Repo, slug: str, today: dt.date | None = None, company: str | None = None) -> Path:
    """Write projects/<slug>/project.yml from a template (a company's project when company is given).

    Refuse a bad or existing slug, and an unknown company (naming the known ones).
    """
    if not SLUG.match(slug):
        raise HandbookError(Said("error.slug", slug=slug))
    folder = repo.projects / slug
    if folder.exists():
        raise HandbookError(Said("error.project_exists", slug=slug))
    today_text = (today or dt.date.today()).isoformat()
    if company is None:
        text = TEMPLATE.read_text(encoding="utf-8").replace("{slug}", slug).replace("{today}", today_text)
        return write_project(folder, text, {})
    companies = companies_folder(folder)
    known = {source.id: source for source in discover_companies(companies)}
    if company not in known:
        raise HandbookError(Said("error.company_unknown", id=company, known=", ".join(known) or "-",
                                 folder=relative_name(companies / company / COMPANY_FILE)))
    draft = CompanyProject(known[company], companies, slug, today_text)
    path = write_project(folder, draft.text(), draft.translations())
    draft.complete(path)
    return path


def write_project(folder: Path, text: str, translations: dict[Path, str]) -> Path:
    (folder / "content" / "owner").mkdir(parents=True)
    (folder / "images").mkdir()
    for relative, table in translations.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(table, encoding="utf-8")
    path = folder / DATA_FILE
    path.write_text(text, encoding="utf-8")
    return path


class CompanyProject:
    """The project.yml of a new estate of a company: the template in the company's language, completed."""

    def __init__(self, company: CompanySource, companies: Path, slug: str, today: str) -> None:
        self.company, self.slug = company, slug
        messages = catalogue(company_language(company))
        self.data = merged_company(company.id, companies, messages).data
        self.primary = primary_language(self.data)
        self.convert = converter(LANGUAGES["zh-CN"], LANGUAGES[self.primary]) or (lambda same: same)
        terms = self.data.get("terms") if isinstance(self.data.get("terms"), dict) else {}
        self.service_centre = terms.get("service_centre") if isinstance(terms.get("service_centre"), str) else None
        self.values = {"slug": slug, "today": today, "company": company.id, "kind": kind_of(self.data),
                       "service_centre": self.service_centre or self.convert("客户服务中心"), **example_ids(self.data)}

    def text(self) -> str:
        return "".join(fill(line, self.values) for line in self.convert(
            COMPANY_TEMPLATE.read_text(encoding="utf-8")).splitlines(keepends=True))

    def translations(self) -> dict[Path, str]:
        """Return translations/en.yml of the template's texts when the company publishes an English edition."""
        languages = self.data.get("languages") if isinstance(self.data.get("languages"), list) else []
        if "en" not in languages[1:] or LANGUAGES[self.primary].script == "Latn":
            return {}
        lines = [f"# 本项目自己的文字的 en 译文(公司的文字在公司的 translations/en.yml)。{self.primary} 是 project.yml 中的原文,",
                 f"# en 是译文:改了原文要改译文;运行 python build.py translations {self.slug} 可补上新增或改动的原文。",
                 "texts:"]
        for source, english in ENGLISH.items():
            written = self.values["service_centre"] if source == "客户服务中心" else self.convert(source)
            lines += [f"  - {self.primary}: {yaml_text(written, 6)}", f"    en: {yaml_text(english, 6)}"]
        return {Path(TRANSLATIONS) / "en.yml": "\n".join(lines) + "\n"}

    def complete(self, path: Path) -> None:
        """Add to the written project what its company leaves to its estates, then drop the FAQ it cannot quote yet.

        Best effort: whatever still does not check is for `build.py check` to report.
        """
        try:
            missing = self.missing(path)
        except ProjectInvalid:
            return
        if missing:
            text = add_fields(path.read_text(encoding="utf-8"), missing, self.company.id, self.words, self.primary)
            path.write_text("".join(fill(line, self.values) for line in text.splitlines(keepends=True)),
                            encoding="utf-8")
        try:
            ids = self.faq_to_remove(path)
        except ProjectInvalid:
            return
        if ids:
            note = self.convert("\n# 公司的这几条常见问题用到本项目还没有的收费数字:写好本项目的收费后删去下面两行\n")
            path.write_text(path.read_text(encoding="utf-8") + note
                            + f"faq:\n  - remove: [{', '.join(ids)}]\n", encoding="utf-8")

    def words(self, text: str) -> str:
        """Return template text (zh-CN) in the company's language and words (its name, its service centre's)."""
        text = self.convert(text)
        name = self.data.get("property_company")
        if isinstance(name, str):
            text = text.replace(self.convert("某某物业管理有限公司"), name)
        return text.replace(self.convert("服务中心"), self.service_centre) if self.service_centre else text

    def missing(self, path: Path) -> list[tuple[str, ...]]:
        """Return the paths of the required fields that neither the written project nor its companies give."""
        merged, _ = load_layers(load_yaml(path, relative_name(path)), path.parent)
        try:
            Project.model_validate(merged.data)
        except ValidationError as exc:
            return [tuple(error["loc"]) for error in exc.errors(include_url=False) if error["type"] == "missing"
                    and all(isinstance(part, str) for part in error["loc"])]
        return []

    def faq_to_remove(self, path: Path) -> list[str]:
        """Return the ids of the FAQ items (the company's: the template has none) quoting fees the project lacks."""
        merged, _ = load_layers(load_yaml(path, relative_name(path)), path.parent)
        try:
            project = Project.model_validate(merged.data)
        except ValidationError:
            return []
        indexes = sorted({finding.loc[1] for finding in check_faq_figures(project)})
        return [project.faq[index].id for index in indexes]


def add_fields(text: str, missing: list[tuple[str, ...]], company: str, convert: Callable[[str], str],
               primary: str) -> str:
    """Return the project text with the missing fields added: from the standalone template, else from STUBS.

    convert turns the templates' zh-CN into the company's language and words.
    """
    standalone_text = TEMPLATE.read_text(encoding="utf-8")
    blocks = {block.split(":")[0]: block for block in BLOCK.split(standalone_text)[1:]}
    standalone = yaml.safe_load(PLACEHOLDER.sub("x", standalone_text))
    whole, nested = [], {}
    for loc in missing:
        if len(loc) == 1 and loc[0] in blocks:
            block = blocks[loc[0]]
            if loc[0] == "languages":  # in the company's language; the template has said what keep_as_written is
                block = "".join(line for line in block.replace("languages: [zh-CN]", f"languages: [{primary}]")
                                .splitlines(keepends=True) if not line.startswith("# keep_as_written"))
            whole.append(block)
            continue
        value = _at(standalone, loc)
        value = STUBS.get(loc) if value is None else value
        if value is not None:
            _put(nested, loc, value)
    own = {block.split(":")[0] for block in BLOCK.split(text)[1:]}
    for key, value in nested.items():
        if key in own:  # a field of the template's own: its new keys go into its block
            text = _insert(text, key, convert(yaml.safe_dump(value, allow_unicode=True, sort_keys=False)))
        else:
            whole.append(yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False))
    if not whole:
        return text
    head = (f"\n# 以下是公司 {company} 留给各项目自己写的部分(请改成本项目的;"
            f"各项目都一样的,可以移到 companies/{company}/company.yml):\n")
    return text + convert(head + "".join(whole))


def _insert(text: str, key: str, lines: str) -> str:
    """Return text with lines (a mapping's YAML) added, indented, at the end of the top-level field key."""
    blocks = BLOCK.split(text)
    for index, block in enumerate(blocks):
        if block.split(":")[0] == key:
            body = block.rstrip("\n").split("\n")
            last = max(i for i, line in enumerate(body) if line.strip() and not line.lstrip().startswith("#"))
            added = ["  " + line for line in lines.rstrip("\n").split("\n")]
            blocks[index] = "\n".join(body[:last + 1] + added + body[last + 1:]) + "\n"
    return "".join(blocks)


def _at(data: Any, loc: tuple[str, ...]) -> Any:
    for key in loc:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _put(data: dict, loc: tuple[str, ...], value: Any) -> None:
    for key in loc[:-1]:
        data = data.setdefault(key, {})
    data[loc[-1]] = value


def fill(line: str, values: dict[str, str]) -> str:
    """Return a template line with its {placeholders} filled in, its end-of-line comment kept in its column."""
    def filled(text: str) -> str:
        return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group())), text)

    value, mark, comment = line.partition("  # ")
    if not mark or line.startswith("#"):
        return filled(line)
    return filled(value).rstrip().ljust(len(value)) + "  # " + filled(comment)


def primary_language(data: dict) -> str:
    """Return the company's primary language (the new file's): its first language, else its currency's, else zh-CN.

    A company may leave its languages to its estates; it writes in one language all the same.
    """
    languages = data.get("languages")
    first = languages[0] if isinstance(languages, list) and languages else None
    if first in LANGUAGES:
        return first
    fees = data.get("fees") if isinstance(data.get("fees"), dict) else {}
    return CURRENCY_LANGUAGES.get(fees.get("currency"), "zh-CN")


def kind_of(data: dict) -> str:
    """Return the company's kind of estate when it gives one, else residential."""
    kind = data.get("kind")
    return kind if kind in get_args(Project.model_fields["kind"].annotation) else "residential"


def example_ids(data: dict) -> dict[str, str]:
    """Return the ids the override examples name: the company's first form, first role and first move-in step."""
    def first_id(items: object) -> str | None:
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    return item["id"]
        return None

    processes = data.get("processes") if isinstance(data.get("processes"), dict) else {}
    move_in = processes.get("move_in") if isinstance(processes.get("move_in"), dict) else {}
    found = {"form_id": first_id(data.get("forms")), "role_id": first_id(data.get("roles")),
             "step_id": first_id(move_in.get("steps"))}
    return {key: value or EXAMPLE_IDS[key] for key, value in found.items()}
