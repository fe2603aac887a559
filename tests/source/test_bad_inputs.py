"""Bad project files in, editor errors out: file:line, field path, what was expected and found, exit 1.

Every case is the valid scaffold template with one small, readable mistake
made in it. The expected line is found in the mistaken text itself (the line
holding a needle), never typed in as a number, so the cases survive edits of
the template. Each case runs `handbook --repo TMP check` with the working
folder at TMP, so the file is printed as projects/bad/project.yml.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import opencc
import pytest

from handbook.commands.cli import main
from tests.conftest import REPO_ROOT, make_repo, template_text

TEMPLATE = template_text("bad")
FILE = str(Path("projects", "bad", "project.yml"))


# Building the corpus ---------------------------------------------------------


def edit(old: str, new: str) -> str:
    """Return the valid template with old (which must occur exactly once) replaced by new."""
    count = TEMPLATE.count(old)
    assert count == 1, f"the template changed: {old!r} occurs {count} times"
    return TEMPLATE.replace(old, new)


def lines_of(text: str, needle: str) -> list[int]:
    """Return the numbers (from 1) of the lines of text holding needle."""
    return [number for number, line in enumerate(text.splitlines(), 1) if needle in line]


def line_of(text: str, needle: str) -> int:
    """Return the number of the one line of text holding needle."""
    numbers = lines_of(text, needle)
    assert len(numbers) == 1, f"{needle!r} is on lines {numbers}, expected exactly one"
    return numbers[0]


def first_non_ascii_line(text: str) -> int:
    """Return the number of the first line holding a non-ASCII character."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if not line.isascii())


@dataclass(frozen=True)
class Bad:
    """One bad input and the error an editor must see for it."""

    id: str
    content: str | bytes
    line: int
    field: str | None  # None for errors about the whole file (no field path), or no single right field
    says: tuple[str, ...]  # fragments the message contains (Simplified Chinese: the template is zh-CN)
    absent: tuple[str, ...] = ()  # fragments the message must not contain


def bad(id: str, content: str | bytes, at: str | int, field: str | None, *says: str,
        absent: tuple[str, ...] = ()) -> Bad:
    """Return a case; at is the expected line, or a needle on that line of content."""
    line = at if isinstance(at, int) else line_of(content, at)
    return Bad(id, content, line, field, says, absent)


def faq(answer: str, question: str = "门禁卡怎么收费？") -> str:
    """Return the template with one FAQ item about fees (access cards unless asked otherwise), answered as given."""
    return TEMPLATE + f"faq:\n  - id: cards\n    topic: 费用\n    question: {question}\n    answer: {answer}\n"


PHONE = 'phone: "0755-0000 0000"'
SECOND_STEP = "      - id: keys\n        title: 领取钥匙\n        role: reception\n"
SECOND_CONTACT = '  - id: service-centre\n    kind: security\n    name: 保安\n    phone: "0755-0000 0001"\n'
BRANCHES = ("        kind: decision\n        branches:\n"
            "          - label: 有问题\n            to: repair\n"
            "          - label: 没问题\n            to: reception\n")


def channels(value: str) -> str:
    """Return the template with complaints.channels (one line) set to value."""
    return edit("  channels: [服务中心前台]", f"  channels: {value}")


def alias_flood(count: int) -> str:
    """Return the template with one anchored channel and count aliases of it, all on one line."""
    return channels("[&c 服务中心前台, " + ", ".join(["*c"] * count) + "]")


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """Return the template with a nested alias bomb (width ** levels items) on one line."""
    lists = ["&a0 [" + ", ".join(["x"] * width) + "]"]
    lists += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return channels("[" + ", ".join(lists) + "]")


def merge_bomb(keys: int = 50, levels: int = 3, width: int = 20) -> str:
    """Return the template plus a bomb of YAML merge keys (<<) on one line."""
    maps = ["m0: &m0 {" + ", ".join(f"k{i}: {i}" for i in range(keys)) + "}"]
    maps += [f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * width) + "]}" for i in range(1, levels + 1)]
    return TEMPLATE + "bomb: {" + ", ".join(maps) + "}\n"


WINDOW = "    move_in:\n      start: 2027-03-06\n      end: 2027-03-20\n"
NO_WINDOW = edit(WINDOW, "")
PROJECT_WINDOW = NO_WINDOW + WINDOW.replace("    ", "", 1).replace("      ", "  ")  # written once, at the top
GBK = TEMPLATE.encode("gbk")
DUPLICATE_CONTACT = edit("fees:\n", SECOND_CONTACT + "fees:\n")
DUPLICATE_STEP = edit("      - id: keys", "      - id: reception")
DUPLICATE_KEY = edit("address: 某市某区某路 1 号\n", "address: 某市某区某路 1 号\naddress: 又一个地址\n")
DEEP = channels("[" * 1000 + "]" * 1000)
STEPS = "processes.move_in.steps"
# The form is printed 防火安全责任书, the guide and site list the agreement signed on it as 业户消防责任书.
NAMED_TWICE = TEMPLATE + ("forms:\n  - id: fire_safety_pledge\n    name: 防火安全责任书\n    kind: agreement\n"
                          "agreements:\n  - id: fire_safety\n    name: 业户消防责任书\n    form: fire_safety_pledge\n")

CASES = [
    # YAML syntax: the line the editor must fix, and in their language what is wrong there.
    bad("syntax-bad-indentation",
        edit("  url: https://example.cn/\n", "  url: https://example.cn/\n   icp_record: 粤ICP备00000000号\n"),
        "icp_record", None, "YAML 语法错误", "缩进"),
    bad("syntax-unclosed-quote", edit(PHONE, 'phone: "0755-0000 0000'), 'phone: "0755', None, "YAML 语法错误", "引号"),
    bad("syntax-tab-indentation", edit("    name: 一期\n", "\tname: 一期\n"), "\tname", None, "YAML 语法错误", "Tab"),
    bad("syntax-colon-space-in-text", edit("name: 会所一楼", "name: 会所: 一楼"), "会所: 一楼", None,
        "YAML 语法错误", "引号"),
    bad("control-character", edit("name: 一期", "name: 一\x00期"), "一\x00期", None, "字符"),
    bad("nesting-too-deep", DEEP, "channels:", None),
    # Files with no project in them.
    bad("empty-file", "", 1, None, "文件是空的"),
    bad("comments-only", "# 只有注释\n# 没有数据\n", 1, None, "文件是空的"),
    bad("top-level-list", "- name: 新项目\n- kind: residential\n", 1, None, "顶层", "实际是列表"),
    bad("key-not-text", TEMPLATE + "1: x\n", "1: x", None, "键必须是文字", "数字 1"),
    # Wrong types.
    bad("text-for-integer", edit("households: 100 ", "households: 一百 "), "households: 一百", "households",
        "应为整数", "“一百”"),
    bad("text-for-money", edit("cost_price: 20.00", "cost_price: 二十元"), "cost_price", "fees.access_cards.cost_price",
        "应为数字", "“二十元”"),
    bad("list-for-mapping", edit("venue:\n  name: 会所一楼", "venue:\n  - 会所一楼"), "  - 会所一楼", "venue",
        "应为“键: 值”的映射", "实际是列表"),
    bad("number-for-list", channels("5"), "channels:", "complaints.channels", "应为列表", "数字 5"),
    bad("mapping-for-text", edit("developer: 某某置业有限公司", "developer:\n  name: 某某置业"), "  name: 某某置业",
        "developer", "应为文字", "映射"),
    bad("yes-for-integer", edit("    households: 100", "    households: yes"), "    households: yes",
        "phases[1].households", "应为整数"),
    bad("text-for-bool", edit("original: true\n      - name: 业主身份证", "original: 是\n      - name: 业主身份证"),
        "original: 是", "documents.family.items[1].original", "应为 true 或 false", "“是”"),
    bad("decimal-for-integer", edit("      months: 3 ", "      months: 3.5 "), "months: 3.5",
        "fees.prepayment.management.months", "应为整数", "3.5"),
    # Missing required fields.
    bad("missing-top-level-field", edit("developer: 某某置业有限公司\n", ""), "name: 新项目", "developer",
        "缺少必填字段 developer"),
    bad("missing-field-in-list-item", edit("        title: 领取钥匙\n", ""), "- id: keys", f"{STEPS}[2].title",
        "缺少必填字段 title"),
    bad("empty-list", edit("languages: [zh-CN]", "languages: []"), "languages:", "languages", "至少需要 1 项"),
    bad("empty-text", edit("name: 一期", 'name: ""'), 'name: ""', "phases[1].name", "不能为空"),
    bad("empty-value-for-text", edit("developer: 某某置业有限公司", "developer:"), "developer:", "developer",
        "空值", absent=('写成 ""',)),
    # Unknown keys, with a suggestion.
    bad("unknown-key-in-contact", edit("    " + PHONE, "    " + PHONE.replace("phone", "phnoe")), "phnoe:",
        "contacts[1].phnoe", "未知字段 phnoe", "是否想写 phone"),
    bad("unknown-key-top-level", edit("address: 某市", "adress: 某市"), "adress:", "adress",
        "未知字段 adress", "是否想写 address"),
    bad("unknown-household-type-typo", edit("  family:\n", "  famly:\n"), "famly:", "documents.famly",
        "未知字段 famly", "是否想写 family"),
    bad("unknown-household-type", edit("  family:\n", "  owner:\n"), "owner:", "documents.owner",
        "未知字段 owner", "可用字段：family, company"),
    # YAML 1.1 traps: unquoted text read as something else.
    bad("octal-phone", edit(PHONE, "phone: 07551234567"), "07551234567", "contacts[1].phone",
        "被 YAML 读成了数字", '请加引号写成 "07551234567"'),
    bad("plain-number-phone", edit(PHONE, "phone: 88881234"), "88881234", "contacts[1].phone",
        "被 YAML 读成了数字", '请加引号写成 "88881234"'),
    bad("decimal-phone", edit(PHONE, "phone: 0755.1234"), "0755.1234", "contacts[1].phone",
        '请加引号写成 "0755.1234"'),
    bad("no-as-text", edit("name: 会所一楼", "name: no"), "name: no", "venue.name",
        "被 YAML 读成了是/否", '请加引号写成 "no"'),
    bad("yes-as-text", edit("hours: 08:30-18:00", "hours: yes"), "hours: yes", "contacts[1].hours",
        "被 YAML 读成了是/否", '请加引号写成 "yes"'),
    bad("base-60-hours", edit("hours: 08:30-18:00", "hours: 17:30"), "hours: 17:30", "contacts[1].hours",
        "六十进制", '请加引号写成 "17:30"'),
    bad("date-as-text", edit("name: 一期", "name: 2027-03-06"), "name: 2027-03-06", "phases[1].name",
        "读成了日期", '请加引号写成 "2027-03-06"'),
    # Encoding: the file cannot be read, so the message is bilingual.
    bad("gbk-encoding", GBK, first_non_ascii_line(TEMPLATE), None,
        "不是 UTF-8", "GBK", "not UTF-8", "save it as UTF-8"),
    # Hostile YAML: refused at once, nothing constructed.
    bad("alias-flood", alias_flood(150), "channels:", None, "别名", "过多"),
    bad("alias-bomb-nested", billion_laughs(), "channels:", None, "展开别名后数据过大"),
    bad("python-tag", edit("name: 会所一楼", 'name: !!python/object/apply:os.system ["touch pwned"]'),
        "os.system", "venue.name", "不允许使用标签 !!python/object/apply:os.system"),
    bad("merge-key-not-a-mapping", edit("venue:\n", "venue:\n  <<: 5\n"), "<<: 5", "venue", "<<"),
    # Dates.
    bad("impossible-date-unquoted", edit("start: 2027-03-06", "start: 2027-02-30"), "2027-02-30",
        "phases[1].move_in.start", "2027-02-30 不是真实存在的日期"),
    bad("impossible-date-quoted", edit("start: 2027-03-06", 'start: "2027-13-01"'), "2027-13-01",
        "phases[1].move_in.start", "应为日期", "2027-13-01"),
    bad("date-with-time", edit("start: 2027-03-06", "start: 2027-03-06 09:00"), "2027-03-06 09:00",
        "phases[1].move_in.start", "应为日期"),
    bad("move-in-ends-before-start", edit("end: 2027-03-20", "end: 2027-03-01"), "end: 2027-03-01",
        "phases[1].move_in.end", "结束日期 2027-03-01 早于开始日期 2027-03-06"),
    bad("phase-without-move-in-window", NO_WINDOW, "  - id: phase-1", "phases[1]", "phase-1 没有入伙时间",
        "顶层写一个各期通用的 move_in"),
    bad("project-move-in-ends-before-start", PROJECT_WINDOW.replace("end: 2027-03-20", "end: 2027-03-01"),
        "end: 2027-03-01", "move_in.end", "结束日期 2027-03-01 早于开始日期 2027-03-06"),
    # Numbers and money.
    bad("negative-fee-rate", edit("rate: 2.50", "rate: -2.50"), "rate: -2.50", "fees.management[1].rate",
        "应大于或等于 0", "-2.50"),
    bad("money-too-many-decimals", edit("cost_price: 20.00", "cost_price: 20.005"), "20.005",
        "fees.access_cards.cost_price", "小数位太多", "20.005"),
    bad("infinite-rate", edit("rate: 2.50", "rate: .inf"), "rate: .inf", "fees.management[1].rate", "有限"),
    bad("negative-copies", edit("copies: 3", "copies: -1"), "copies: -1", "documents.family.items[2].copies",
        "应大于或等于 0", "-1"),
    bad("months-out-of-range", edit("      months: 3 ", "      months: 200 "), "months: 200",
        "fees.prepayment.management.months", "应小于或等于 120", "200"),
    # A project file written before prepayment was given per monthly fee.
    bad("prepaid-months-moved", edit("  prepayment:\n", "  prepaid_months: 3\n  prepayment:\n"), "prepaid_months: 3",
        "fees.prepaid_months", "fees.prepayment.management.months"),
    bad("developer-months-one-number", edit("  prepayment:\n", "  developer_months: 2\n  prepayment:\n"),
        "developer_months: 2", "fees.developer_months", "management: 2"),
    # A fee item for tenants, with the household type written as the staff say it.
    bad("fee-item-unknown-household-type",
        edit("    cost_price: 20.00\n", "    cost_price: 20.00\n  other:\n    - id: key_deposit\n      name: 钥匙押金\n"
             "      amount: 100\n      household_types: [tenant]\n"), "household_types: [tenant]",
        "fees.other[1].household_types[1]", "residential_tenant", "tenant"),
    bad("fee-item-unknown-phase",
        edit("    cost_price: 20.00\n", "    cost_price: 20.00\n  other:\n    - id: key_deposit\n      name: 钥匙押金\n"
             "      amount: 100\n      phases: [phase-2]\n"), "phases: [phase-2]",
        "fees.other[1].phases[1]", "phase-2"),
    bad("zero-households-in-phase", edit("    households: 100", "    households: 0"), "    households: 0",
        "phases[1].households", "应大于或等于 1", "0"),
    bad("households-not-sum-of-phases", edit("households: 100 ", "households: 120 "), "households: 120",
        "households", "各期户数之和 100", "120"),
    # Ids and keys that repeat.
    bad("duplicate-contact-id", DUPLICATE_CONTACT, lines_of(DUPLICATE_CONTACT, "id: service-centre")[1],
        "contacts[2].id", "编号 service-centre 重复", "第 1 项"),
    bad("duplicate-step-id", DUPLICATE_STEP, lines_of(DUPLICATE_STEP, "      - id: reception")[1],
        f"{STEPS}[2].id", "编号 reception 重复", "第 1 项"),
    bad("duplicate-key", DUPLICATE_KEY, "又一个地址", "address",
        "键 address 在同一层重复出现", f"第一次在第 {line_of(DUPLICATE_KEY, '某路 1 号')} 行"),
    bad("duplicate-language", edit("languages: [zh-CN]", "languages: [zh-CN, zh-CN]"), "languages:",
        "languages[2]", "不能重复"),
    # References to things that do not exist.
    bad("next-to-missing-step", edit(SECOND_STEP, SECOND_STEP + "        next: payment\n"), "next: payment",
        f"{STEPS}[2].next", "payment 不存在", "reception, keys"),
    bad("branch-to-missing-step", edit(SECOND_STEP, SECOND_STEP + BRANCHES), "to: repair",
        f"{STEPS}[2].branches[1].to", "repair 不存在", "reception, keys"),
    bad("decision-with-one-exit", edit(SECOND_STEP, SECOND_STEP + "        kind: decision\n"), "- id: keys",
        f"{STEPS}[2].branches", "至少需要两个出口"),
    bad("unknown-role-in-step", edit("        role: reception\n      - id: keys",
                                     "        role: cashier\n      - id: keys"), "role: cashier",
        f"{STEPS}[1].role", "cashier 不存在", "reception"),
    bad("unknown-role-in-staff-post", edit("    - role: reception", "    - role: guard"), "role: guard",
        "staff.posts[1].role", "guard 不存在"),
    # Values outside their vocabulary or format.
    bad("unknown-language", edit("languages: [zh-CN]", "languages: [zh-CN, fr]"), "languages:", "languages[2]",
        "应为以下之一", "zh-HK", "“fr”", absent=(" or ",)),
    bad("unknown-kind", edit("kind: residential ", "kind: house "), "kind: house", "kind",
        "应为以下之一", "residential", "“house”", absent=(" or ",)),
    bad("bad-colour", edit("site:\n", 'branding:\n  primary: "#12345"\nsite:\n'), "#12345", "branding.primary",
        "应为颜色", "#12345"),
    bad("bad-url", edit("url: https://example.cn/", "url: example.cn"), "url: example.cn", "site.url",
        "应为网址", "example.cn"),
    bad("bad-id", edit("- id: phase-1", "- id: 一期"), "- id: 一期", "phases[1].id", "应为编号", "“一期”"),
    # Files the data names.
    bad("missing-logo-file", edit("site:\n", "branding:\n  logo: images/logo.png\nsite:\n"), "logo:",
        "branding.logo", "找不到文件 images/logo.png"),
    bad("path-escapes-project", edit("site:\n", "branding:\n  logo: ../../etc/passwd\nsite:\n"), "logo:",
        "branding.logo", "../../etc/passwd 超出了项目文件夹"),
    bad("missing-unit-list", TEMPLATE + "unit_list: units.csv\n", "unit_list:", "unit_list", "找不到文件 units.csv"),
    # One agreement, two names: the form's and the agreement's.
    bad("agreement-named-otherwise-than-its-form", NAMED_TWICE, "name: 防火安全责任书", "forms[1].name",
        "表格 fire_safety_pledge", "“防火安全责任书”", "协议 fire_safety", "“业户消防责任书”"),
    # FAQ answers quoting the fee schedule.
    bad("faq-figure-contradicts", faq("增加的门禁卡每张 25 元。"), "每张 25 元", "faq[1].answer", "“25 元”", "¥20.00",
        "{{ fee.cards.price }}"),
    bad("faq-figure-unknown-amount", faq("入伙时交管理费。另收搬家押金 800 元。", "入伙要交哪些钱？"), "800 元",
        "faq[1].answer", "“800 元”", "不是费用表中的任何金额"),
    bad("faq-unknown-figure", faq("每张 {{ fee.cards.prices }}。"), "fee.cards.prices", "faq[1].answer",
        "fee.cards.prices", "fee.cards.free, fee.cards.price"),
    # A word of another region in an edition (handbook/i18n/terms.yml): the mainland template writing Hong Kong's.
    bad("term-of-another-region", edit("name: 一期", "name: 一期（按金另收）"), "一期（按金另收）", "phases[1].name",
        "“按金”", "“押金”"),
    # The company's own word for a term (terms:): the catalogue's word in the project's text is refused.
    bad("own-term-and-the-catalogues-word", edit("languages: [zh-CN]", "languages: [zh-CN]\nterms:\n  service_centre: 管理处"),
        "name: 客户服务中心", "contacts[1].name", "“服务中心”", "“管理处”", "terms.service_centre"),
    bad("unknown-term", edit("languages: [zh-CN]", "languages: [zh-CN]\nterms:\n  service_center: 管理处"),
        "service_center: 管理处", "terms.service_center", "service_centre"),
    bad("term-with-braces", edit("languages: [zh-CN]", "languages: [zh-CN]\nterms:\n  service_centre: 管理{处}"),
        "service_centre: 管理{处}", "terms.service_centre", "花括号"),
    # A name given per edition must give the form the data writes (the primary language's).
    bad("name-per-edition-without-primary", edit("languages: [zh-CN]", "languages: [zh-CN, zh-HK]\nkeep_as_written:\n"
                                                                     "  - {zh-HK: 新項目}"),
        "- {zh-HK: 新項目}", "keep_as_written[1]", "zh-CN"),
    bad("faq-placeholder-filter", faq("每张 {{ fee.cards.price | round }}。"), "| round", "faq[1].answer",
        "{{ fee.cards.price | round }}", "{{ fee.cards.price }}"),
    # A project written in English does not tell its region (a Chinese primary language does): the error is in English.
    bad("english-project-without-region", edit("languages: [zh-CN]", "languages: [en]"), "languages: [en]",
        "languages[1]", "region: CN", "HK", "MO", "TW"),
    bad("unknown-region", edit("languages: [zh-CN]", "languages: [zh-CN]\nregion: SZ"), "region: SZ", "region",
        "应为以下之一", "MO", "“SZ”"),
]


# Running handbook ------------------------------------------------------------


@pytest.fixture
def check(tmp_path, monkeypatch, capsys):
    """Return a function running `handbook check` on a project file: (exit code, stdout, stderr)."""
    make_repo(tmp_path, {})  # check lays out the outputs too: it needs the shared content and templates
    def run(content: str | bytes) -> tuple[int, str, str]:
        folder = tmp_path / "projects" / "bad"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "project.yml").write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        monkeypatch.chdir(tmp_path)
        try:
            code = main(["--repo", str(tmp_path), "check"])
        except Exception:  # what a user would see as a traceback; report it as the failure it is
            crash = traceback.format_exc()
        else:
            out, err = capsys.readouterr()
            return code, out, err
        pytest.fail("handbook crashed with a traceback:\n" + shown(crash), pytrace=False)
    return run


def shown(text: str, limit: int = 3000) -> str:
    """Return the head and tail of text, a size fit for a failure message (a bomb's output can be megabytes)."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n... ({len(text) - limit} characters left out) ...\n{text[-half:]}"


def problems_at(err: str, line: int) -> list[str]:
    """Return the printed problems placed on a line of the bad file."""
    return [text for text in err.splitlines() if text.startswith(f"{FILE}:{line}:")]


def assert_reported(err: str, line: int, field: str | None, says=(), absent=()) -> None:
    """Assert that one problem names the file, line, field and every fragment, and none of absent."""
    here = problems_at(err, line)
    assert here, f"no problem at {FILE}:{line}:\n{shown(err)}"
    if field is not None:
        here = [text for text in here if f": {field}: " in text]
        assert here, f"no problem at line {line} names the field {field}:\n{shown(err)}"
    matching = [text for text in here if all(s in text for s in says) and not any(a in text for a in absent)]
    assert matching, f"no problem at line {line} says {says}" + (f" without {absent}" if absent else "") + \
        f":\n{shown(err)}"


def assert_no_traceback(out: str, err: str) -> None:
    printed = out + err
    traceback_printed = "Traceback" in printed
    assert not traceback_printed, "a traceback was printed:\n" + shown(printed)


SIMPLIFIED = opencc.OpenCC("t2s")


# The corpus --------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_a_placed_error_and_exit_1(check, case: Bad):
    code, out, err = check(case.content)
    assert_no_traceback(out, err)
    assert code == 1, f"exit code {code}:\n{shown(out + err)}"
    assert_reported(err, case.line, case.field, case.says, case.absent)
    traditional = [text for text in problems_at(err, case.line) if SIMPLIFIED.convert(text) != text]
    assert not traditional, "not in Simplified Chinese:\n" + "\n".join(traditional)


def test_corpus_is_large_and_distinct():
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)
    assert len({case.content for case in CASES}) == len(CASES)


def test_python_tag_is_never_run(check, tmp_path):
    code, _, _ = check(edit("name: 会所一楼", 'name: !!python/object/apply:os.system ["touch pwned"]'))
    assert code == 1
    assert not (tmp_path / "pwned").exists()


def test_merge_key_bomb_fails_fast_with_a_few_errors(check):
    # Merge keys copy mappings: 20 x 20 x 20 copies of 50 keys, unless counted or merged by key.
    code, out, err = check(merge_bomb())
    assert_no_traceback(out, err)
    assert code == 1
    assert len(err.splitlines()) <= 10, f"{len(err.splitlines())} lines of errors:\n{shown(err)}"


def test_three_independent_errors_are_reported_in_one_run(check):
    text = (TEMPLATE.replace("start: 2027-03-06", "start: 2027-02-30")
            .replace(PHONE, "phone: 07551234567")
            .replace("address: 某市", "adress: 某市"))
    expected = [
        (line_of(text, "2027-02-30"), "phases[1].move_in.start", "不是真实存在的日期"),
        (line_of(text, "07551234567"), "contacts[1].phone", "请加引号"),
        (line_of(text, "adress:"), "adress", "是否想写 address"),
    ]
    code, out, err = check(text)
    assert_no_traceback(out, err)
    assert code == 1
    for line, field, says in expected:
        assert_reported(err, line, field, (says,))
    lines = [int(problem.split(":")[1]) for problem in err.splitlines() if problem.startswith(FILE + ":")]
    assert lines == sorted(lines), "problems are not in file order"


def test_cross_field_errors_are_reported_with_field_errors(check):
    # A wrong phone must not hide a step that points nowhere: all errors of a file in one run.
    text = edit(SECOND_STEP, SECOND_STEP + "        next: payment\n").replace(PHONE, "phone: 07551234567")
    code, out, err = check(text)
    assert_no_traceback(out, err)
    assert code == 1
    assert_reported(err, line_of(text, "07551234567"), "contacts[1].phone", ("请加引号",))
    assert_reported(err, line_of(text, "next: payment"), f"{STEPS}[2].next", ("payment 不存在",))


# Inputs that look odd but are fine ----------------------------------------------

MERGE_WITH_OVERRIDE = edit(
    "contacts:\n  - id: service-centre\n",
    "contacts:\n  - &centre\n    id: service-centre\n",
).replace("fees:\n", "  - <<: *centre\n    id: security\n    kind: security\n    name: 保安\nfees:\n", 1)

ACCEPTED = {
    "utf8-with-bom": TEMPLATE.encode("utf-8-sig"),
    "windows-line-endings": TEMPLATE.replace("\n", "\r\n").encode("utf-8"),
    "merge-key-with-override": MERGE_WITH_OVERRIDE.encode("utf-8"),
}


@pytest.mark.parametrize("content", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted_input_passes_check(check, content: bytes):
    code, out, err = check(content)
    assert (code, err) == (0, ""), shown(out + err)
    assert "bad" in out


# The project's language and script ---------------------------------------------

TWO_ERRORS = edit("developer: 某某置业有限公司\n", "").replace(PHONE, "phone: 07551234567")

IN_LANGUAGE = {
    "zh-HK": ("缺少必填欄位 developer", "請加引號寫成", "s2hk"),
    "zh-MO": ("缺少必填欄位 developer", "請加引號寫成", "s2hk"),
    "zh-TW": ("缺少必填欄位 developer", "請加引號寫成", "s2twp"),
    "en": ("the required field developer is missing", "put it in quotes", None),
}


@pytest.mark.parametrize("tag", IN_LANGUAGE)
def test_messages_follow_the_project_language_and_script(check, tag: str):
    missing, quote, traditional = IN_LANGUAGE[tag]  # traditional: the OpenCC profile into its script
    text = TWO_ERRORS.replace("languages: [zh-CN]", f"languages: [{tag}]")
    code, out, err = check(text)
    assert_no_traceback(out, err)
    assert code == 1
    assert_reported(err, line_of(text, "name: 新项目"), "developer", (missing,))
    assert_reported(err, line_of(text, "07551234567"), "contacts[1].phone", (quote,))
    for problem in err.splitlines():
        if traditional:  # nothing left for OpenCC to convert: no Simplified character
            assert opencc.OpenCC(traditional).convert(problem) == problem, problem
        else:
            assert not any("\u4e00" <= char <= "\u9fff" for char in problem), problem


def test_unreadable_file_is_bilingual_whatever_the_language(check):
    content = TEMPLATE.replace("languages: [zh-CN]", "languages: [en]").encode("gbk")
    code, out, err = check(content)
    assert code == 1
    assert_reported(err, first_non_ascii_line(TEMPLATE), None, ("不是 UTF-8", "not UTF-8"))


# A real process ------------------------------------------------------------------

REAL_PROCESS = {
    "octal-phone": (edit(PHONE, "phone: 07551234567"), "07551234567", "contacts[1].phone"),
    "control-character": (edit("name: 一期", "name: 一\x00期"), "一\x00期", None),
}


@pytest.mark.parametrize("name", REAL_PROCESS)
def test_real_process_exits_1_without_traceback(tmp_path, name: str):
    text, needle, field = REAL_PROCESS[name]
    folder = tmp_path / "projects" / "bad"
    folder.mkdir(parents=True)
    (folder / "project.yml").write_bytes(text.encode("utf-8"))
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), "--repo", str(tmp_path), "check"],
        cwd=tmp_path, capture_output=True, encoding="utf-8", timeout=120, check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert_no_traceback(result.stdout, result.stderr)
    assert result.returncode == 1, shown(result.stdout + result.stderr)
    assert_reported(result.stderr, line_of(text, needle), field)
