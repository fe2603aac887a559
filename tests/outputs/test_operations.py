"""The move-in operations sheets, read back as a manager and Excel would: quantities, CSV bytes, PDF text and fonts."""

from __future__ import annotations

import csv
import io
import math
import re
import subprocess
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

from handbook.commands.cli import main
from handbook.derive.present import Presenter
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.outputs.operations import covers, spare_copies
from tests.conftest import (
    REPO_ROOT,
    edit_sample,
    make_repo,
    make_sample_repo,
    template_text,
)
from tests.conftest import sample_project as project

SAMPLES = {"lotus-garden": "zh-CN", "harbour-centre": "zh-HK"}
BOM = b"\xef\xbb\xbf"
QUANTITY_COLUMNS = ("number", "form", "basis", "copies", "applies_to", "households", "households_basis", "need",
                    "spare", "total", "estimate", "note")


@pytest.fixture
def dist(samples_dist: Path) -> Path:
    return samples_dist


def sheets(dist: Path, slug: str) -> Path:
    return dist / "internal" / slug / "operations"


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    return list(csv.DictReader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline="")))


def quantities(dist: Path, slug: str) -> dict[str, dict[str, str]]:
    """Return the print-quantities rows by form name, with the columns named by their message key."""
    t = catalogue(SAMPLES[slug])
    columns = {t(f"label.ops.col.{key}"): key for key in QUANTITY_COLUMNS}
    rows = read_csv(sheets(dist, slug) / "print-quantities.csv")
    return {row[t("label.ops.col.form")]: {columns[k]: v for k, v in row.items()} for row in rows}


def text_of(pdf: Path) -> str:
    """Return the PDF's text with all white space removed (Chinese lines break anywhere)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                            check=True)
    return re.sub(r"\s+", "", result.stdout)


def layout_lines(pdf: Path) -> list[str]:
    """Return the PDF's text laid out as on the page, one visual line per item (a table row's first line)."""
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                            text=True, check=True)
    return result.stdout.splitlines()


def ceil_percent(need: int, percent: int) -> int:
    return math.ceil(Fraction(need * percent, 100))


def expect(row: dict[str, str], households: int | str, need: int, percent: int = 10) -> None:
    spare = ceil_percent(need, percent)
    assert (row["households"], row["need"], row["spare"], row["total"]) == \
        (str(households), str(need), str(spare), str(need + spare)), row


def lotus_units() -> list[dict[str, str]]:
    with open(REPO_ROOT / "projects/lotus-garden/units.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def covered(tmp_path_factory) -> Path:
    """Return the dist folder of lotus-garden built with as many households as its unit list: it covers them all."""
    units = lotus_units()
    per_phase = {phase: sum(1 for u in units if u["phase"] == phase) for phase in ("phase-1", "phase-2")}
    repo = make_sample_repo(tmp_path_factory.mktemp("covered"), ("lotus-garden",))
    for old, new in (("households: 1200", len(units)), ("households: 700", per_phase["phase-1"]),
                     ("households: 500", per_phase["phase-2"])):
        edit_sample(repo, "lotus-garden", old, f"households: {new}")
    assert main(["--repo", str(repo), "build", "lotus-garden", "--only", "operations"]) == 0
    return repo / "dist"


def test_a_unit_list_covering_every_household_counts_each_forms_households_in_it(covered):
    units = lotus_units()
    assert len(units) == 57
    owners = sum(1 for u in units if u["household_type"] in ("family", "company", "transfer"))
    rented = sum(1 for u in units if u["parking"] == "rented")
    bought = sum(1 for u in units if u["parking"] == "bought")
    rows = quantities(covered, "lotus-garden")
    signers = sum(1 for u in units if u["household_type"] in ("family", "company", "transfer", "parking"))
    assert signers == 53  # the four tenants do not sign the owners' covenant
    expect(rows["业主临时管理规约"], signers, 2 * signers)
    assert rows["业主临时管理规约"]["total"] == "117"  # 106 needed + 10.6 spare rounded up to 11
    expect(rows["委托银行代收款协议"], 57, 3 * 57)  # every household pays by bank debit
    proxies = sum(1 for u in units if u["proxy"].strip().lower() in ("yes", "true", "1", "是", "y"))
    assert proxies
    expect(rows["授权委托书"], proxies, proxies)  # only a household a proxy comes for brings one
    expect(rows["前期物业管理服务协议书"], owners, 2 * owners)
    expect(rows["停车场车位租用协议"], rented, 2 * rented)
    expect(rows["停车场车位管理协议"], bought, 2 * bought)
    expect(rows["各户型房屋设计平面图、水电走向图"], "", 200)
    assert rows["停车场车位租用协议"]["applies_to"] == "租用车位的业主"
    assert not any(row["estimate"] for row in rows.values())
    assert [row["number"] for row in rows.values()] == [str(n) for n in range(1, 17)]
    basis = "按单元清单 57 户计算（覆盖全部住户）"
    assert {row["households_basis"] for row in rows.values() if row["households"]} == {basis}
    text = text_of(sheets(covered, "lotus-garden") / "operations.zh-CN.pdf")
    assert header(text).endswith("印刷数量计算依据：" + basis.replace(" ", ""))
    assert "未覆盖" not in text


def header(text: str) -> str:
    """Return the sheet's header: its text before the first section's heading."""
    return text[:text.index("入伙资料印刷数量")]


def test_a_sample_unit_list_is_not_the_estate_every_household_of_the_project_is_counted(dist):
    """lotus-garden lists 57 of its 1,200 households: the quantities count 1,200, and say so at the top."""
    households = project("lotus-garden").households
    assert households == 1200
    rows = quantities(dist, "lotus-garden")
    expect(rows["委托银行代收款协议"], households, 3 * households)
    expect(rows["业主（住户）资料卡"], households, households)
    assert rows["委托银行代收款协议"]["estimate"] == ""  # every household needs it: counted, not estimated
    restricted = {"业主临时管理规约": 2, "授权委托书": 1, "停车场车位租用协议": 2, "停车场车位管理协议": 2}
    for name, copies in restricted.items():
        expect(rows[name], households, copies * households)
        assert rows[name]["estimate"] == "是", name  # for some households only: an upper bound
        assert rows[name]["note"].startswith("估算：单元清单未覆盖全部住户"), rows[name]["note"]
    rented = sum(1 for u in lotus_units() if u["parking"] == "rented")
    assert f"清单所列 57 户中有 {rented} 户需要" in rows["停车场车位租用协议"]["note"]
    expect(rows["各户型房屋设计平面图、水电走向图"], "", 200)  # per project: the households do not matter
    basis = "按项目总户数 1,200 户计算（单元清单仅列 57 户，未覆盖全部）"
    assert {row["households_basis"] for row in rows.values() if row["households"]} == {basis}
    assert {row["households_basis"] for row in rows.values() if not row["households"]} == {""}
    text = text_of(sheets(dist, "lotus-garden") / "operations.zh-CN.pdf")
    assert header(text).endswith("印刷数量计算依据：" + basis.replace(" ", ""))


@pytest.fixture(scope="module")
def unlisted(tmp_path_factory) -> Path:
    """Return the dist folder of harbour-centre built without its unit list: every household is counted."""
    repo = make_sample_repo(tmp_path_factory.mktemp("unlisted"), ("harbour-centre",))
    folder = repo / "projects" / "harbour-centre"
    (folder / "units.csv").unlink()
    data = folder / "project.yml"
    data.write_text("".join(line for line in data.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("unit_list:")), encoding="utf-8")
    assert main(["--repo", str(repo), "build", "harbour-centre", "--only", "operations"]) == 0
    return repo / "dist"


def test_harbour_centre_without_a_unit_list_counts_every_household_and_marks_estimates(unlisted):
    households = project("harbour-centre").households
    rows = quantities(unlisted, "harbour-centre")
    basis = "按項目總戶數 320 戶計算（沒有單元清單）"
    assert {row["households_basis"] for row in rows.values() if row["households"]} == {basis}
    text = text_of(sheets(unlisted, "harbour-centre") / "operations.zh-HK.pdf")
    assert "印刷數量計算依據：" + basis.replace(" ", "") in text
    expect(rows["業戶資料卡"], households, households)
    expect(rows["直接付款授權書"], households, 3 * households)
    for name in ("租戶管理協議書", "車位租用協議", "車位管理協議"):
        expect(rows[name], households, 2 * households)
        assert rows[name]["estimate"] == "是"
        assert rows[name]["note"].startswith("估算：沒有單元清單"), rows[name]["note"]
    expect(rows["物品領取登記表"], "", 25)  # per project: 25 + 2.5 rounded up
    assert rows["物品領取登記表"]["total"] == "28"
    assert rows["業戶資料卡"]["estimate"] == ""


@pytest.mark.parametrize("slug, quantities_header, supplies_header", [
    ("lotus-garden", "序号,资料,计算方式,每户份数,适用,户数,户数依据,需用,备用,印刷数量,估算,备注",
     "序号,物资,数量,备用,备注,备妥"),
    ("harbour-centre", "序號,資料,計算方式,每戶份數,適用,戶數,戶數依據,需用,備用,印刷數量,估算,備註",
     "序號,物資,數量,備用,備註,備妥"),
])
def test_csv_files_start_with_a_bom_and_a_header_in_the_editions_language(dist, slug, quantities_header,
                                                                          supplies_header):
    for name, header in (("print-quantities.csv", quantities_header), ("supplies.csv", supplies_header)):
        raw = (sheets(dist, slug) / name).read_bytes()
        assert raw.startswith(BOM + header.encode("utf-8") + b"\r\n")
        assert raw.count(b"\n") == raw.count(b"\r\n")


@pytest.mark.parametrize("slug", SAMPLES)
def test_the_pdf_shows_every_form_with_its_figures_on_its_row(dist, slug):
    pdf = sheets(dist, slug) / f"operations.{SAMPLES[slug]}.pdf"
    text, lines = text_of(pdf), layout_lines(pdf)
    fmt = Presenter(LANGUAGES[SAMPLES[slug]], catalogue(SAMPLES[slug]), project(slug).fees.currency)
    rows = quantities(dist, slug)
    for form in project(slug).forms:
        assert re.sub(r"\s+", "", form.name) in text, form.name
        row = rows[form.name]
        figures = [row["copies"], row["households"]] if form.per == "household" else []
        figures = [fmt.number(int(f)) for f in figures + [row["need"], row["spare"], row["total"]]]
        line = next(line for line in lines if re.match(rf"\s*{row['number']}\s+{re.escape(form.name[:4])}", line))
        assert re.search(r"\s" + r"\s+".join(map(re.escape, figures)) + r"(\s|$)", line), (figures, line)


def test_the_pdf_says_where_the_household_count_came_from(dist, unlisted):
    lotus = text_of(sheets(dist, "lotus-garden") / "operations.zh-CN.pdf")
    assert "项目资料入伙户数1,200户" in lotus and "单元清单units.csv，共57户" in lotus
    assert "单元清单有57户，未覆盖项目资料中的全部1,200户" in lotus  # the sample list is partial: say so
    phases = next(line for line in layout_lines(sheets(dist, "lotus-garden") / "operations.zh-CN.pdf")
                  if "项目资料" in line and "单元清单" in line)
    assert re.search(r"项目资料\s+单元清单", phases), phases  # the phases' table: project data, then unit list
    assert "按此计算" in lotus  # under the column counted
    assert "一期2027年3月6日至2027年3月21日70043" in lotus  # per phase: project data, then unit list
    harbour = text_of(sheets(unlisted, "harbour-centre") / "operations.zh-HK.pdf")
    assert "項目資料入伙戶數320戶" in harbour and "單元清單沒有單元清單" in harbour
    assert "估算：沒有單元清單" in harbour
    # harbour-centre names its service centre 管理處 (terms:), and the sheet says so
    harbour_messages = catalogue("zh-HK").with_terms({"service_centre": "管理處"})
    for text, messages in ((lotus, catalogue("zh-CN")), (harbour, harbour_messages)):
        assert messages("label.version_line", revision="2026-11-20").replace(" ", "") in text
        assert re.sub(r"\s+", "", messages("label.ops.internal")) in text


def test_the_default_supplies_list_takes_its_quantities_from_the_data(dist):
    lotus = project("lotus-garden")
    rows = {row["物资"]: row for row in read_csv(sheets(dist, "lotus-garden") / "supplies.csv")}
    assert list(rows)[:5] == ["入伙现场桌椅", "住户钥匙挂板", "展板架", "点钞验钞机", "POS 机"]
    assert rows["入伙现场桌椅"]["数量"] == f"{sum(post.headcount for post in lotus.staff.posts)} 套"
    assert rows["POS 机"]["数量"] == "2 台"  # the developer collects fees: its own terminal
    assert "物业和开发商的收费分开刷卡收取" in rows["POS 机"]["备注"]
    # The contingency plan switches to a spare terminal (启用备用 POS 机): the list brings one.
    assert any("启用备用 POS 机" in action for plan in lotus.staff.contingency_plans for action in plan.actions)
    assert rows["POS 机"]["备用"] == "1" and "另备 1 台备用" in rows["POS 机"]["备注"]
    assert {name for name, row in rows.items() if row["备用"]} == {"POS 机"}
    assert "0755-2688 5100" in rows["银行收款安排"]["备注"]
    for item in ("公章（业务章）", "圆珠笔", "订书机", "回形针", "印油", "复印机", "商家展区"):
        assert item in rows
    text = text_of(sheets(dist, "lotus-garden") / "operations.zh-CN.pdf")
    for name in rows:
        assert name.replace(" ", "") in text
    pos = next(line for line in layout_lines(sheets(dist, "lotus-garden") / "operations.zh-CN.pdf") if "POS 机" in line)
    assert re.search(r"POS 机\s+2\s*台\s+1\s*台\s", pos), pos  # the quantity, then the spare


@pytest.mark.parametrize("slug", SAMPLES)
def test_fonts_are_embedded_subset_and_regional(dist, slug):
    pdf = sheets(dist, slug) / f"operations.{SAMPLES[slug]}.pdf"
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows
    for row in rows:
        assert (row[-5], row[-4]) == ("yes", "yes"), row
        assert f"CJK-{LANGUAGES[SAMPLES[slug]].cjk_face}" in row[0] and "JP" not in row[0], row
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info  # A4


def test_only_internal_files_are_written(sample_repo, tmp_path):
    dist = tmp_path
    assert main(["--repo", str(sample_repo), "build", *SAMPLES, "--only", "operations", "--out", str(dist)]) == 0
    for slug, tag in SAMPLES.items():
        files = sorted(p.name for p in sheets(dist, slug).iterdir())
        assert files == sorted([f"operations.{tag}.pdf", "print-quantities.csv", "supplies.csv"])
    public = dist / "public"
    assert not public.exists() or not [p for p in public.rglob("*") if p.is_file()]


def test_two_builds_give_the_same_bytes(dist, sample_repo, tmp_path):
    assert main(["--repo", str(sample_repo), "build", "lotus-garden", "--only", "operations",
                 "--out", str(tmp_path)]) == 0
    for path in sheets(tmp_path, "lotus-garden").iterdir():
        assert path.read_bytes() == (sheets(dist, "lotus-garden") / path.name).read_bytes(), path.name


OWN_DATA = """
unit_list: units.csv
forms:
  - id: covenant
    name: 临时管理规约
    copies: 2
  - id: company_card
    name: 公司户资料卡
    household_types: [company]
  - id: logs
    name: 物品领用登记表
    per: project
    copies: 7
operations:
  spare_percent: 25
  supplies:
    - name: 对讲机
      quantity: 6 台
      note: 现场各岗位联络
      spare: 2
"""
UNITS = """unit,area_m2,property_type,household_type,owner_name,move_in_date,phase
1-101,88.5,residential,family,张三,2027-03-06,phase-1
1-102,72.3,residential,company,某某公司,2027-03-07,phase-1
1-103,90,residential,family,李四,2027-03-08,
"""


def own_project(root: Path, households: int) -> Path:
    """Return the operations sheets of a 3-unit project of the given households (one phase), built."""
    data = template_text().replace("households: 100", f"households: {households}") + OWN_DATA
    repo = make_repo(root, {"demo": data})
    (repo / "projects/demo/units.csv").write_text(UNITS, encoding="utf-8")
    assert main(["--repo", str(repo), "build", "--only", "operations"]) == 0
    return repo / "dist/internal/demo/operations"


def test_a_projects_own_spare_and_supplies_and_units_without_a_phase(tmp_path):
    out = own_project(tmp_path, 3)  # 2 units of phase-1 and 1 of no phase cover its 3 households
    rows = {row["资料"]: row for row in read_csv(out / "print-quantities.csv")}
    assert [rows[n]["印刷数量"] for n in ("临时管理规约", "公司户资料卡", "物品领用登记表")] == ["8", "2", "9"]
    assert rows["公司户资料卡"]["户数"] == "1"
    assert rows["公司户资料卡"]["户数依据"] == "按单元清单 3 户计算（覆盖全部住户）"
    supplies = read_csv(out / "supplies.csv")
    assert [(s["物资"], s["数量"], s["备用"], s["备注"]) for s in supplies] == \
        [("对讲机", "6 台", "2", "现场各岗位联络")]
    text = text_of(out / "operations.zh-CN.pdf")
    assert "未填分期" in text and "25%（向上取整）" in text
    row = next(line for line in layout_lines(out / "operations.zh-CN.pdf") if "对讲机" in line)
    assert re.search(r"对讲机\s+6\s*台\s+2\s*台\s+现场各岗位联络", row), row  # the quantity, then the spare


def test_a_partial_unit_list_counts_the_projects_households_and_estimates_the_forms_for_some(tmp_path):
    out = own_project(tmp_path, 40)
    rows = {row["资料"]: row for row in read_csv(out / "print-quantities.csv")}
    assert [rows[n]["印刷数量"] for n in ("临时管理规约", "公司户资料卡", "物品领用登记表")] == ["100", "50", "9"]
    assert (rows["临时管理规约"]["户数"], rows["临时管理规约"]["估算"]) == ("40", "")
    assert (rows["公司户资料卡"]["户数"], rows["公司户资料卡"]["估算"]) == ("40", "是")
    assert "清单所列 3 户中有 1 户需要" in rows["公司户资料卡"]["备注"]
    basis = "按项目总户数 40 户计算（单元清单仅列 3 户，未覆盖全部）"
    assert rows["临时管理规约"]["户数依据"] == basis
    assert header(text_of(out / "operations.zh-CN.pdf")).endswith("印刷数量计算依据：" + basis.replace(" ", ""))


def phases_of(**households: int) -> SimpleNamespace:
    return SimpleNamespace(households=sum(households.values()),
                           phases=[SimpleNamespace(id=phase, households=n) for phase, n in households.items()])


@pytest.mark.parametrize("listed, covered", [
    ({"a": 3, "b": 2}, True),
    ({"a": 4, "b": 2}, True),  # more than the project data says: the list is all there is
    ({"a": 2, "b": 2, None: 1}, True),  # a unit without a phase makes up a phase's shortfall
    ({"a": 4, "b": 1}, False),  # as many units, but phase b is short: not every household
    ({"a": 3, "b": 1}, False),
    ({None: 5}, True),
    ({None: 4}, False),
])
def test_a_unit_list_covers_the_project_when_it_covers_every_phase(listed, covered):
    units = tuple(SimpleNamespace(phase=phase) for phase, n in listed.items() for _ in range(n))
    assert covers(phases_of(a=3, b=2), units) is covered


@pytest.mark.parametrize("need, percent, spare", [(104, 10, 11), (100, 10, 10), (0, 10, 0), (7, 0, 0), (1, 1, 1)])
def test_spare_copies_round_up_to_a_whole_copy(need, percent, spare):
    assert spare_copies(need, percent) == spare
