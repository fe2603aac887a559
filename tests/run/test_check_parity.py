"""`check` refuses exactly what `build` refuses, with the same messages, all in one run.

The corpus is every bad project file of test_bad_inputs (problems of the data
itself) plus the bad projects below, whose data is valid but which a build
refuses later: a unit list, a translation, a template, a glyph no font has,
a board or a form that does not fit, staff text on a public page. For each,
`check` exits 1, and every problem line the build prints is among the lines
`check` prints. Every message a build can refuse input with (the catalogue's
error.* and refusal.* keys) must be printed by some case: a key with no case
fails the last test, so a new refusal comes with its bad project.
"""

from __future__ import annotations

import io
import re
import shutil
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
from PIL import Image

from handbook.commands.cli import main
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from tests.companies import split_template
from tests.conftest import COMPANIES, REPO_ROOT, make_repo
from tests.source.test_bad_inputs import CASES as DATA_CASES
from tests.source.test_bad_inputs import PHONE, TEMPLATE, edit

SLUG = "bad"
SAMPLE = REPO_ROOT / "projects" / "lotus-garden"


@dataclass(frozen=True)
class Case:
    """A bad project: its files (project.yml and any others, relative to its folder) and what to build of it."""

    id: str
    files: dict[str, str | bytes]
    only: str | None = None  # the output that refuses it (the build stops at the first refusing output)
    sample: bool = False  # start from a copy of the lotus-garden sample (units, forms, languages)
    says: tuple[str, ...] = field(default=())  # fragments check must print (beside the parity itself)
    slug: str = SLUG  # the project's folder name


def board(extra: str, title: str | None = None) -> str:
    """Return the template with one small custom board (A3 landscape) of the given kind lines."""
    return TEMPLATE + ("boards:\n  - id: tiny\n    format: custom\n    width_mm: 420\n    height_mm: 300\n"
                       + extra + (f"    title: {title}\n" if title else ""))


def page(text: str) -> dict[str, str]:
    """Return the files of the template project with one more owner page."""
    return {"project.yml": TEMPLATE, "content/owner/extra.md": text}


def units(rows: str, header: str = "unit,area_m2,property_type,household_type,owner_name,move_in_date") -> str:
    return header + "\n" + rows


STAFF_SECRET = "夜间巡逻口令为青松七号"
LONG_TITLE = "入伙期间请业主按预约时段前来办理，并带齐收楼通知书、身份证原件及复印件和购房合同"
LONG_STEPS = "".join(f"      - id: s{n}\n        title: 第{n}步办理事项\n        role: reception\n" for n in range(1, 13))


def with_units(csv: str | bytes, extra: str = "", project: str = TEMPLATE) -> dict[str, str | bytes]:
    """Return the files of the template project with a unit list, units.csv (and more project.yml lines)."""
    return {"project.yml": project + "unit_list: units.csv\n" + extra, "units.csv": csv}


def form(extra: str = "", agreement: str = "") -> str:
    """Return the template with a forms table (one form, what extra says) and an agreements table if given."""
    return (TEMPLATE + "forms:\n  - id: covenant\n    name: 业主临时管理规约\n" + extra
            + (f"agreements:\n  - id: {agreement}\n    name: 业主临时管理规约\n    form: covenant\n" if agreement else ""))


def without_line(text: str, start: str) -> str:
    """Return text without its one line starting with start."""
    lines = text.splitlines(keepends=True)
    assert sum(line.startswith(start) for line in lines) == 1, start
    return "".join(line for line in lines if not line.startswith(start))


def xlsx_bytes() -> bytes:
    """Return a small Excel workbook, as an editor might save it under the name units.csv."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["unit", "area_m2", "property_type", "household_type", "owner_name", "move_in_date"])
    book.active.append(["1-0101", 88.5, "residential", "family", "张明", "2027-03-08"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sample_units(*rows: str) -> str:
    """Return the sample's unit list cut down to its header and the given rows (by unit number) for speed."""
    lines = (SAMPLE / "units.csv").read_text(encoding="utf-8").splitlines()
    return "\n".join([lines[0]] + [line for line in lines if line.split(",")[0] in rows]) + "\n"


def sample_text(name: str, old: str, new: str) -> str:
    """Return a file of the sample project with old (which must occur exactly once) replaced by new."""
    text = (SAMPLE / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the sample changed: {old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


UNIT_HEADER = units("").strip()
UNIT = "1-0101,88.50,residential,family,张明,2027-03-08"  # a good row of the template's unit list


def unit_row(**changes: str) -> str:
    """Return the template's good unit row with some of its values changed."""
    row = dict(zip(UNIT_HEADER.split(","), UNIT.split(",")))
    return ",".join({**row, **changes}.values()) + "\n"


def boards(*lines: str) -> str:
    """Return the template with one board, given by its lines (without their indentation)."""
    return TEMPLATE + "boards:\n  - " + "\n    ".join(lines) + "\n"


def staff_page(text: str) -> dict[str, str]:
    """Return the files of the template project with one more staff page (printed in the training pack)."""
    return {"project.yml": TEMPLATE, "content/staff/extra.md": text}


SECOND_PHASE = ("  - id: phase-2\n    name: 二期\n    households: 40\n"
                "    move_in:\n      start: 2027-09-11\n      end: 2027-09-26\n")
TWO_PHASES = edit("    households: 100\n", "    households: 60\n").replace("venue:\n", SECOND_PHASE + "venue:\n", 1)
PLAIN_BRANCHES = ("        branches:\n          - label: 资料齐全\n            to: keys\n"
                  "          - label: 资料不全\n            to: reception\n")  # and no kind: decision
LONG_AGREEMENT = "# 业主临时管理规约\n\n" + "".join(
    f"{n}. 业主应当遵守本规约第 {n} 条关于物业使用、维护和管理的各项规定，不得损害其他业主的合法权益。\n"
    for n in range(1, 61))
HEIC = b"\x00\x00\x00\x18ftypheic" + bytes(200)  # the start of an iPhone photo, not a JPEG


def jpeg(width: int, height: int) -> bytes:
    """Return a plain JPEG photo of the given pixels."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 110)).save(out, format="JPEG")
    return out.getvalue()
SMALL_SAMPLE = sample_units("1-0403", "10-1302")  # one unit of each phase
PARKING_PAGE = "# 停车\n\n入伙期间凭收楼通知书免费停车两小时。\n"

CARDS = "    cost_price: 20.00\n"
PARKING_PROJECT = edit(CARDS, CARDS + "  parking:\n    - space_type: standard\n      name: 标准车位\n"
                              "      tenure: bought\n      monthly: 80\n")
PARKING_FUND_PROJECT = PARKING_PROJECT.replace(
    "      monthly: 80\n", "      monthly: 80\n  for_developer:\n    - id: space_fund\n      name: 车位专项维修资金\n"
    "      amount: 20\n      basis: per_m2\n      household_types: [parking]\n      collector: developer\n", 1)
OPTIONAL_PROJECT = edit(CARDS, CARDS + "  for_developer:\n    - id: title_registration\n      name: 房产证代办费\n"
                               "      amount: 500\n      household_types: [family, company]\n      optional: true\n"
                               "      collector: developer\n")
TWO_PHASES_GIFTED = TWO_PHASES.replace(SECOND_PHASE, SECOND_PHASE + "    developer_months:\n      management: 2\n", 1)

def many_steps(count: int) -> str:
    """Return the template with a move-in process of count steps, each with a long title."""
    start, end = TEMPLATE.index("roles:\n"), TEMPLATE.index("complaints:\n")
    steps = "".join(f"      - {{id: s{n}, title: 第{n}项很长的入伙办理步骤名称, role: reception}}\n" for n in range(1, count + 1))
    return (TEMPLATE[:start] + "roles:\n  - id: reception\n    name: 前台接待员\nprocesses:\n  move_in:\n"
            "    name: 入伙办理流程\n    steps:\n" + steps + TEMPLATE[end:])


COMPANY, OF_COMPANY = split_template()
COMPANY_FILE = "../../companies/acme/company.yml"  # beside projects/, from the project's folder


def company_case(case_id: str, project: str = "", company: str = "", **files: str) -> Case:
    """Return a case of a project of the company acme: the scaffold split in two, with text added to each file."""
    return Case(case_id, {"project.yml": OF_COMPANY + project, COMPANY_FILE: COMPANY + company,
                          **{f"../../companies/{name}/company.yml": text for name, text in files.items()}})


NEW_STEP = "processes:\n  move_in:\n    steps:\n      - id: inspect\n        title: 验收房屋\n"
COMPANY_CASES = [
    Case("company-unknown", {"project.yml": OF_COMPANY.replace("company: acme", "company: acne"),
                             COMPANY_FILE: COMPANY}),
    company_case("company-cycle", company="extends: group\n", group="extends: acme\n"),
    company_case("company-in-company", company="company: other\n"),
    company_case("merge-step-without-place", project=NEW_STEP),
    company_case("merge-place-unknown", project=NEW_STEP + "        after: nowhere\n"),
    company_case("merge-remove-not-a-list", project="roles:\n  - remove: reception\n"),
    company_case("merge-remove-unknown", project="roles:\n  - remove: [cashier]\n"),
    Case("missing-in-every-layer", {"project.yml": OF_COMPANY,
                                    COMPANY_FILE: COMPANY.replace("  channels: [服务中心前台]\n", "")}),
]

REFUSALS = [*COMPANY_CASES,
    Case("glyph-in-data", {"project.yml": edit("address: 某市某区某路 1 号", "address: 某市某区\ue000路 1 号")},
         only="guide", says=("U+E000", "address")),
    Case("glyph-in-staff-page", {"project.yml": TEMPLATE, "content/staff/extra.md": "# 附注\n\n内部\ue001说明\n"},
         only="training", says=("U+E001",)),
    Case("template-error-in-page", page("# 附页\n\n{{ project.name | nosuchfilter }}\n"), only="site"),
    Case("outside-load-on-page", page('# 附页\n\n<img src="https://cdn.example.com/a.png" alt="a">\n'),
         only="site", says=("cdn.example.com",)),
    Case("broken-link-on-page", page("# 附页\n\n[办理流程](no-such-page.md)\n"), only="site",
         says=("no-such-page.md",)),
    Case("staff-text-on-public-page",
         {"project.yml": edit("      duties: [接待业主,介绍入伙流程]", f"      duties: [接待业主,{STAFF_SECRET}]"),
          "content/owner/extra.md": f"# 附页\n\n{STAFF_SECRET}\n"}, only="site", says=(STAFF_SECRET[:8],)),
    Case("board-title-too-long", {"project.yml": board("    kind: sample_form\n", LONG_TITLE)}, only="boards"),
    Case("board-chart-too-small", {"project.yml": board("    kind: move_in_process\n")}, only="boards"),
    Case("guide-chart-too-small", {"project.yml": many_steps(60) + "guide:\n  page_size: A5\n"}, only="guide",
         says=("guide.page_size",)),
    Case("board-content-runs-off", {"project.yml": board("    kind: fee_guide\n")}, only="boards"),
    Case("board-title-three-lines", {"project.yml": boards("id: intro", "kind: company_intro", f"title: {LONG_TITLE}")},
         only="boards", says=("展板 intro",)),
    # The sample owner card on a narrow pillar board: the example ID number cannot wrap.
    Case("board-too-narrow-for-form",
         {"project.yml": boards("id: pillar", "kind: sample_form", "format: custom",
                                "width_mm: 360", "height_mm: 1500")},
         only="boards", says=("展板 pillar", "身份证号码")),
    # An iPhone photo (HEIC) renamed .jpg: no image library reads it (refused with the data, before any output).
    Case("board-photo-not-an-image",
         {"project.yml": boards("id: intro", "kind: company_intro", "background: images/estate.jpg"),
          "images/estate.jpg": HEIC}, only="boards", says=("estate.jpg", "boards[1].background")),
    # A drawing saved half-written: SVG is drawn by WeasyPrint itself, which reports it.
    Case("board-background-broken-svg",
         {"project.yml": boards("id: intro", "kind: company_intro", "background: images/estate.svg"),
          "images/estate.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect'},
         only="boards", says=("estate.svg",)),
    # A phone's web-sized photo on a 90 x 120 cm board: 42 ppi (refused with the data, before any output).
    Case("board-photo-low-resolution",
         {"project.yml": boards("id: intro", "kind: company_intro", "background: images/estate.jpg"),
          "images/estate.jpg": jpeg(1500, 1000)}, only="boards", says=("42 ppi", "boards[1].background")),
    # A project's own stylesheet lifts a roll-up's heading under the stand's clamp.
    Case("board-text-in-safe-zone",
         {"project.yml": boards("id: banner", "kind: company_intro", "format: rollup"),
          "templates/boards/boards.css": (REPO_ROOT / "templates/boards/boards.css").read_text(encoding="utf-8")
          + "\nsection.board .head { padding-top: 8mm !important; }\n"},
         only="boards", says=("展板 banner", "安全区")),
    Case("cover-photo-not-an-image",
         {"project.yml": TEMPLATE + "photos:\n  - file: images/estate.jpg\n    caption: 实景\n    use: [cover]\n",
          "images/estate.jpg": HEIC}, only="guide", says=("estate.jpg",)),
    Case("remote-image-on-staff-page", staff_page("# 附注\n\n![会所平面图](https://cdn.example.com/plan.png)\n"),
         only="training", says=("cdn.example.com",)),
    # An image dragged in from the editor's desktop: the Markdown names its absolute path.
    Case("desktop-image-on-staff-page", staff_page("# 附注\n\n![会所平面图](/home/editor/Desktop/plan.png)\n"),
         only="training", says=("/home/editor/Desktop/plan.png",)),

    # Data the build refuses before rendering anything.
    Case("utf16-project-file", {"project.yml": TEMPLATE.encode("utf-16")}),  # Notepad's "Unicode"
    Case("slug-not-a-folder-name", {"project.yml": TEMPLATE}, slug="Lotus-Garden", says=("Lotus-Garden",)),
    # No revision date, and the project folder is not committed to git yet.
    Case("revision-missing", {"project.yml": without_line(TEMPLATE, "revision:")}, says=("revision",)),
    # Three numbers in one phone field.
    Case("phone-too-long", {"project.yml": edit(PHONE, 'phone: "0755-0000 0000 0755-0000 0001 0755-0000 0002"')},
         says=("contacts[1].phone",)),
    Case("branches-on-plain-step",
         {"project.yml": edit("        title: 接待并介绍流程\n", "        title: 接待并介绍流程\n" + PLAIN_BRANCHES)},
         says=("steps[1].branches",)),
    Case("step-title-too-long", {"project.yml": edit("        title: 领取钥匙\n", f"        title: {LONG_TITLE}\n")},
         says=("steps[2].title",)),
    # Staff read English, but the project publishes only zh-CN.
    Case("staff-language-not-published", {"project.yml": edit("staff:\n  posts:", "staff:\n  language: en\n  posts:")},
         says=("staff.language",)),
    Case("custom-board-without-height",
         {"project.yml": boards("id: odd", "kind: fee_guide", "format: custom", "width_mm: 600")}, says=("height_mm",)),
    Case("decoration-board-without-process", {"project.yml": boards("id: deco", "kind: decoration_process")},
         says=("boards[1].kind",)),
    # Three holders named for a form printed in two copies.
    Case("copy-holders-not-copies",
         {"project.yml": form("    kind: agreement\n    copies: 2\n    to: [owner, property_company, developer]\n",
                              agreement="covenant")}, says=("forms[1].to",)),
    Case("agreement-form-without-agreement", {"project.yml": form("    kind: agreement\n")}, says=("forms[1].kind",)),
    # The only packet form is for companies: families, whose documents are listed, get no forms.
    Case("household-type-without-forms",
         {"project.yml": form("    kind: agreement\n    household_types: [company]\n", agreement="covenant")},
         says=("documents.family",)),

    # The unit list.
    # Fees scoped to units: a space bought alone, optional items, refused prepayment, areas and phases.
    Case("unit-parking-only-with-property-type",
         with_units(units("B1-018,12.5,residential,parking,冯志刚,2027-03-08,bought,standard\n",
                          header=UNIT_HEADER + ",parking,parking_type"), project=PARKING_PROJECT),
         says=("units.csv:2", "property_type")),
    Case("unit-parking-only-without-space",
         with_units(units("B1-018,,,parking,冯志刚,2027-03-08\n"), project=PARKING_PROJECT), says=("parking",)),
    # A typo in the option's id: title_agency for title_registration.
    Case("unit-option-unknown", with_units(units(UNIT + ",title_agency\n", header=UNIT_HEADER + ",options"),
                                           project=OPTIONAL_PROJECT), says=("title_agency", "title_registration")),
    # A transfer owner's title was registered by the first owner: the agency fee is not for them.
    Case("unit-option-not-for-unit",
         with_units(units(unit_row(household_type="transfer").strip() + ",title_registration\n",
                          header=UNIT_HEADER + ",options"), project=OPTIONAL_PROJECT),
         says=("options", "title_registration")),
    Case("unit-refuses-unrefusable-prepayment",
         with_units(units(UNIT + ",yes\n", header=UNIT_HEADER + ",refuses_prepayment"),
                    project=edit("      refusable: true ", "      refusable: false ")),
         says=("refuses_prepayment",)),
    # Spaces pay a per-m² fund, and the space bought alone has no area in the list.
    Case("unit-area-needed",
         with_units(units("B1-018,,,parking,冯志刚,2027-03-08,bought,standard\n",
                          header=UNIT_HEADER + ",parking,parking_type"), project=PARKING_FUND_PROJECT),
         says=("area_m2", "space_fund")),
    # Phase 2's owners get two months from the developer; the list has no phase column.
    Case("unit-phase-needed", with_units(units(UNIT + "\n"), project=TWO_PHASES_GIFTED), says=("phase",)),

    Case("unit-listed-twice", with_units(units(UNIT + "\n" + UNIT + "\n")), says=("1-0101",)),
    Case("unit-columns-in-chinese",
         with_units(units(UNIT + "\n", header="unit,面积,property_type,household_type,owner_name,move_in_date")),
         says=("面积",)),
    Case("unit-area-zero", with_units(units(unit_row(area_m2="0"))), says=("area_m2",)),
    Case("unit-proxy-not-yes-no", with_units(units(UNIT + ",委托\n", header=UNIT_HEADER + ",proxy")),
         says=("proxy",)),
    Case("unit-appointment-not-a-time",
         with_units(units(UNIT + ",3月8日上午\n", header=UNIT_HEADER + ",appointment")), says=("appointment",)),
    # A name typed with a private font (EUDC): no other computer has the glyph.
    Case("unit-private-use-character", with_units(units(unit_row(owner_name="何\ue677"))), says=("U+E677",)),
    Case("unit-list-is-a-workbook", with_units(xlsx_bytes())),  # an Excel file renamed units.csv
    # The list is in UTF-8, but project.yml, copied from a Hong Kong project, says Big5.
    Case("unit-list-not-in-named-encoding",
         with_units(units(UNIT + "\n").encode("utf-8"), "unit_list_encoding: big5\n")),
    # One row saved by Excel in GB18030 reads as plausible Chinese in Big5 too.
    Case("unit-list-encoding-ambiguous", with_units(units(unit_row(owner_name="陈咏婷")).encode("gb18030"))),
    Case("unit-moves-in-before-window", with_units(units(unit_row(move_in_date="2027-03-01"))), says=("2027-03-01",)),
    Case("unit-moves-in-after-window", with_units(units(unit_row(move_in_date="2027-04-01"))), says=("2027-04-01",)),
    # Two phases, no phase column, and a date in neither window.
    Case("unit-date-in-no-window", with_units(units(unit_row(move_in_date="2027-06-01")), project=TWO_PHASES),
         says=("2027-06-01",)),
    # The only packet form is for families; the list has a company-owned unit.
    Case("unit-household-type-without-forms",
         with_units(units(unit_row(household_type="company", owner_name="某某贸易有限公司")),
                    project=form("    kind: owner_card\n    household_types: [family]\n")),
         only="forms", says=("household_type",)),

    # Forms.
    # The agreement's id was renamed; its wording, content/owner/agreements/<id>.md, was not.
    Case("agreement-wording-missing", {"project.yml": form("    kind: agreement\n", agreement="covenant_2027")},
         only="forms", says=("covenant_2027",)),
    # The whole legal text of the covenant pasted as the wording of its one-page signing form.
    Case("agreement-wording-too-long", {"project.yml": form("    kind: agreement\n", agreement="covenant"),
                                         "content/owner/agreements/covenant.md": LONG_AGREEMENT}, only="forms"),
    # The bank's whole terms pasted as the wording of the bank debit form owners fill in at home (owner_forms).
    Case("bank-debit-wording-too-long",
         {"project.yml": TEMPLATE + "forms:\n  - id: debit\n    name: 委托银行代收款协议\n    kind: bank_debit\n"
          "agreements:\n  - id: debit\n    name: 委托银行代收款协议\n    form: debit\n",
          "content/owner/agreements/debit.md": LONG_AGREEMENT.replace("业主临时管理规约", "委托银行代收款协议", 1)},
         only="owner_forms", says=("委托银行代收款协议",)),
    # A company's whole filing checklist pasted as a family's documents: no A4 page holds sixty items.
    Case("documents-too-many-for-a-page",
         {"project.yml": TEMPLATE.replace("""        copies: 3
roles:""", """        copies: 3
""" + "".join(f"      - name: 补充证明材料第 {n} 项（原件及复印件，用于服务中心存档）\n" for n in range(60)) + "roles:", 1)},
         only="bring", says=("家庭户", "62")),
    # A Hong Kong estate signs a covenant: the shared one is the mainland's wording (regions: [CN]), not its own.
    Case("agreement-wording-for-another-region",
         {"project.yml": form("    kind: agreement\n", agreement="covenant").replace(
             "languages: [zh-CN]", "languages: [zh-CN]\nregion: HK", 1)}, only="forms", says=("covenant", "HK")),

    # Translations (the sample has an English edition).
    # The address changed in project.yml, not in translations/en.yml.
    Case("translation-missing", {"project.yml": sample_text("project.yml", "莲园路 88 号\n", "莲园路 98 号\n"),
                                 "units.csv": SMALL_SAMPLE}, sample=True, says=("address",)),
    # The translator wrote the pair on one line instead of as zh-CN: and en: entries.
    Case("translation-entry-malformed",
         {"translations/en.yml": sample_text("translations/en.yml", "texts:\n", "texts:\n  - 莲花花园: Lotus Garden\n"),
          "units.csv": SMALL_SAMPLE}, sample=True, says=("texts[1]",)),
    Case("page-translation-missing", {"content/owner/parking.md": PARKING_PAGE, "units.csv": SMALL_SAMPLE},
         sample=True, says=("parking.en.md",)),
    # The English page keeps a sentence of the Chinese it was translated from.
    Case("chinese-left-in-english-page",
         {"content/owner/parking.md": PARKING_PAGE,
          "content/owner/parking.en.md": PARKING_PAGE.replace("# 停车", "# Parking"), "units.csv": SMALL_SAMPLE},
         sample=True, only="site", says=("免费停车",)),
]
CASES = [Case(case.id, {"project.yml": case.content}) for case in DATA_CASES] + REFUSALS


# Running both commands ----------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    check_code: int
    check_lines: tuple[str, ...]
    build_code: int
    build_lines: tuple[str, ...]


_REPOS: dict[str, Path] = {}


@lru_cache(maxsize=None)
def outcome(case_id: str, root: Path) -> Outcome:
    """Run check, then build, on a case's project in its own repository (cached: two tests read each)."""
    case = next(c for c in CASES if c.id == case_id)
    (root / case_id).mkdir()
    repo = make_repo(root / case_id, {})
    folder = repo / "projects" / case.slug
    if case.sample:
        shutil.copytree(SAMPLE, folder)
        shutil.copytree(COMPANIES, repo / "companies")  # the sample's company and the group it belongs to
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    check_code, check_lines = run(repo, ["check", case.slug])
    build = ["build", case.slug, "--out", str(repo / "dist")] + (["--only", case.only] if case.only else [])
    build_code, build_lines = run(repo, build)
    return Outcome(check_code, check_lines, build_code, build_lines)


def run(repo: Path, args: list[str]) -> tuple[int, tuple[str, ...]]:
    """Return the exit code and the lines printed on stderr by the command line, run in-process."""
    import contextlib
    import io
    import os

    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(repo)  # problems name files relative to the working folder, as editors see them
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--repo", str(repo), "--ui-language", "zh-CN", *args])
    finally:
        os.chdir(cwd)
    return code, tuple(line for line in err.getvalue().splitlines() if line.strip())


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("parity")


def headers(slug: str) -> tuple[str, ...]:
    """Return the lines a failed build prints about the project as a whole, not about a problem (in its language)."""
    return tuple(catalogue(tag).messages["cli.failed"].format(slug=slug) for tag in LANGUAGES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_check_refuses_what_build_refuses(case: Case, root: Path):
    result = outcome(case.id, root)
    assert result.build_code == 1, f"build accepted the bad input {case.id}"
    assert result.check_code == 1, "check passed what build refuses:\n" + "\n".join(result.build_lines)
    refused = [line for line in result.build_lines if line not in headers(case.slug)]
    assert refused, "build printed no problem"
    missing = [line for line in refused if line not in result.check_lines]
    assert not missing, ("check did not print what build printed:\n" + "\n".join(missing)
                         + "\n-- check printed:\n" + "\n".join(result.check_lines))
    printed = "\n".join(result.check_lines)
    assert all(fragment in printed for fragment in case.says), printed
    assert "Traceback" not in printed


# Every refusal has a case --------------------------------------------------------

# Keys of error.* and refusal.* that no project input can make a build print, and why.
NOT_FROM_INPUT = {
    "error.unknown_project": "the command line: a slug that names no project",
    "error.unknown_output": "the command line: --only names no output",
    "refusal.unknown_units": "the command line: --unit names a unit the unit list does not have",
    "error.explain_path": "the command line: `explain` names a field the data does not hold",
    "error.project_exists": "`new`: the folder exists",
    "error.dist_locked": "two builds at once on one dist",
    "error.cannot_listen": "`serve`: the port is taken",
    "error.did_you_mean": "a suffix of error.unknown_field",
    "error.allowed_fields": "a suffix of error.unknown_field",
    "refusal.and_more": "a suffix of other messages",
    "refusal.glyph_in_field": "an item of refusal.undrawable",
    "refusal.glyph_near": "an item of refusal.undrawable",
    "refusal.form_overflow_part": "an item of refusal.form_overflow",
    "refusal.agreement_file": "an item of refusal.agreements_without_wording",
    "error.region_required": "said only of a project written in English, so only in English: test_bad_inputs' "
                             "english-project-without-region places it",
    "refusal.cmyk_profile": "the machine lacks a Debian package (`make doctor` names it)",
    "refusal.chunk_error": "a layout process failed (a bug or the machine)",
    "refusal.chunk_died": "a layout process was killed (the machine)",
    "refusal.internal": "a bug: its traceback is saved for a developer",
    "error.unreadable": "the file system will not read a file (permissions, a disk error), whatever it holds; "
                        "root, who runs the tests, reads every file",
    "error.less": "no field of the data model has an exclusive upper bound (pydantic's lt)",
    "error.catalogue_missing": "the package: a language's message catalogue lacks keys (test_i18n keeps them complete)",
    "refusal.dot_failed": "Graphviz fails only on bad DOT, and the flowchart module writes it from escaped labels "
                          "and pattern-checked ids and colours: a bug or a broken Graphviz",
    "refusal.board_second_page": "every band of a board is placed absolutely in a section one page tall: what "
                                 "does not fit is left out (refusal.board_no_room), never run onto a second page",
}


def pattern(text: str) -> re.Pattern[str]:
    """Return a regular expression matching a catalogue message whatever its parameters."""
    parts = [literal for literal, _, _, _ in string.Formatter().parse(text)]  # {{ and }} are literal braces
    return re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)


def refusal_keys() -> dict[str, re.Pattern[str]]:
    messages = catalogue("zh-CN").messages
    return {key: pattern(text) for key, text in messages.items()
            if key.startswith(("error.", "refusal.")) and key not in NOT_FROM_INPUT}


def test_every_refusal_a_build_can_print_has_a_case(root: Path):
    printed = [line for case in CASES for line in outcome(case.id, root).check_lines]
    keys = refusal_keys()
    uncovered = sorted(key for key, regex in keys.items() if not any(regex.search(line) for line in printed))
    assert not uncovered, "refusals with no bad project in the corpus:\n" + "\n".join(uncovered)
