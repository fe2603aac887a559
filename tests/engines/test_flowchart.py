"""Flowcharts from process data: shapes, text as text, fonts, determinism, the text version."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from handbook.commands.cli import main
from handbook.engines.flowchart import (
    Palette,
    Renderer,
    chart_of,
    dot_source,
    flowchart_svg,
    text_version,
)
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.model.estate import Branding
from handbook.model.process import Process, Role
from tests.conftest import make_repo, template_text

ROLES = [Role(id="guide", name="引导员"), Role(id="escort", name="验房陪同"), Role(id="office", name="项目办")]

LINEAR = Process.model_validate({"name": "入伙办理流程", "steps": [
    {"id": "a", "title": "引导至办理现场", "role": "guide"},
    {"id": "b", "title": "签订入伙协议"},
    {"id": "c", "title": "领取钥匙及门禁卡"},
]})
LOOP = Process.model_validate({"name": "入伙办理流程", "steps": [
    {"id": "inspect", "title": "陪同验房", "role": "escort"},
    {"id": "ok", "title": "有无质量问题?", "kind": "decision",
     "branches": [{"label": "有问题", "to": "repair"}, {"label": "没有问题", "to": "keys"}]},
    {"id": "repair", "title": "项目办返修", "role": "office"},
    {"id": "recheck", "title": "业主复验", "next": "ok"},
    {"id": "keys", "title": "领取钥匙"},
]})


def project(primary="#2E6B4F", accent="#D94F7A"):
    return SimpleNamespace(roles=ROLES, branding=Branding(primary=primary, accent=accent))


def render(process, tag="zh-CN", variant="site", renderer_dir=None):
    return flowchart_svg(process, project(), LANGUAGES[tag], catalogue(tag), variant, renderer_dir)


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_linear_process_has_every_step_as_text_in_the_language_font():
    svg = render(LINEAR)
    joined = "".join(texts(svg))
    for title in ("引导至办理现场", "签订入伙协议", "领取钥匙及门禁卡", "引导员", "开始", "完成"):
        assert title in joined.replace(" ", "")
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families == {"Noto Sans CJK SC"}
    assert "<path" in svg and "Graphviz" not in svg  # no version comment: output depends on data only


@pytest.mark.parametrize("tag, family", [("zh-HK", "Noto Sans CJK HK"), ("zh-TW", "Noto Sans CJK TC")])
def test_font_follows_the_language(tag, family):
    assert set(re.findall(r'font-family="([^"]*)"', render(LINEAR, tag))) == {family}


def test_decision_is_a_diamond_with_labelled_exits_and_the_loop_is_drawn_back():
    dot = dot_source(chart_of(LOOP, {r.id: r.name for r in ROLES}), Palette("#2E6B4F", "#D94F7A"),
                     "Noto Sans CJK SC", "site", ("开始", "完成"))
    assert re.search(r'"ok" \[shape=diamond', dot)
    assert '"recheck" -> "ok"' in dot  # the loop: re-inspection goes back to the question
    assert re.search(r'"ok" -> "repair" \[label=<有问题>\]', dot)
    assert re.search(r'"ok" -> "keys" \[label=<没有问题>\]', dot)
    svg = render(LOOP)
    assert "有问题" in texts(svg) and "没有问题" in texts(svg)
    assert svg.count("<polygon") >= 2  # the diamond (plus the background)


def test_two_renders_are_byte_identical_and_dot_runs_once_per_chart(tmp_path):
    renderer = Renderer(tmp_path)
    dot = dot_source(chart_of(LOOP, {}), Palette("#000000", "#FFFFFF"), "Noto Sans CJK SC", "print", ("S", "E"))
    first = renderer.svg(dot)
    assert renderer.svg(dot) == first and renderer.dot_calls == 1
    fresh = Renderer(None)
    assert fresh.svg(dot) == first  # a new process, no cache: the same bytes
    assert Renderer(tmp_path).svg(dot) == first  # the disk cache serves a new process


def test_variants_differ_in_scale_and_site_svg_scales_to_its_container():
    site, board = render(LINEAR, variant="site"), render(LINEAR, variant="board")
    assert site.startswith('<svg class="flowchart" role="img"') and "<title>入伙办理流程</title>" in site
    width = lambda svg: float(re.search(r'width="([\d.]+)pt"', svg).group(1))  # noqa: E731
    assert width(board) > 1.8 * width(render(LINEAR, variant="print"))
    assert 'stroke-width="3.5"' in board


def test_house_colours_are_used():
    svg = render(LINEAR)
    assert "#2e6b4f" in svg.lower()


def test_text_version_numbers_steps_and_words_the_branches():
    steps = text_version(chart_of(LOOP, {r.id: r.name for r in ROLES}))
    assert [s.number for s in steps] == [1, 2, 3, 4, 5]
    decision = steps[1]
    assert [(e.label, e.number, e.title) for e in decision.exits] == [("有问题", 3, "项目办返修"), ("没有问题", 5, "领取钥匙")]
    assert steps[3].exits[0].number == 2 and not steps[3].follows_on  # back to the question
    assert steps[0].follows_on and steps[0].role == "验房陪同"
    assert steps[4].exits == ()


def test_values_are_escaped_in_labels():
    process = Process.model_validate({"name": "x", "steps": [{"id": "a", "title": "<b>&\"步骤\""}]})
    assert "&lt;b&gt;&amp;" in render(process)


def check(tmp_path, capsys, text):
    repo = make_repo(tmp_path, {"demo": text})
    code = main(["--repo", str(repo), "check"])
    return code, capsys.readouterr().err


def test_a_step_pointing_at_a_missing_step_is_a_validation_error_with_file_and_line(tmp_path, capsys):
    text = template_text().replace("        role: reception\n      - id: keys",
                                   "        role: reception\n        next: nowhere\n      - id: keys")
    line = text.splitlines().index("        next: nowhere") + 1
    code, err = check(tmp_path, capsys, text)
    assert code == 1
    assert f"projects/demo/project.yml:{line}:15: processes.move_in.steps[1].next: " in err
    assert "nowhere" in err and "reception, keys" in err


def test_a_label_too_long_for_its_box_is_a_validation_error(tmp_path, capsys):
    long_title = "业主在入伙现场填写业主资料卡并签订临时管理规约及消防安全责任书后领取钥匙"
    text = template_text().replace("title: 领取钥匙", f"title: {long_title}")
    code, err = check(tmp_path, capsys, text)
    assert code == 1 and "processes.move_in.steps[2].title" in err and "流程图方框放不下" in err
