"""Flowchart layouts: one column, columns, snake; and the chooser that fits a chart to a board's frame."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from handbook.engines.flowchart import (
    ARRANGEMENTS,
    ONE_COLUMN,
    Layout,
    Palette,
    chart_of,
    chart_text_sizes,
    dot_source,
    fitted_chart,
    flowchart_svg,
    renderer,
)
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.model.estate import Branding
from handbook.model.process import Process, Role

ROLES = [Role(id=role_id, name=name) for role_id, name in [
    ("guide", "引导员"), ("verifier", "验证员"), ("reception", "接待员"), ("clerk", "签约员"),
    ("cashier", "收银员"), ("escort", "验房陪同"), ("office", "项目办"), ("keys", "钥匙管理员")]]
# Twelve steps, two decisions, two loops back to an earlier step: the chart a move-in board carries.
TWELVE = Process.model_validate({"name": "入伙办理流程", "steps": [
    {"id": "welcome", "title": "引导至办理现场", "role": "guide"},
    {"id": "verify", "title": "验证身份及资料", "role": "verifier"},
    {"id": "complete", "title": "资料是否齐全？", "kind": "decision",
     "branches": [{"label": "资料不全", "to": "supplement"}, {"label": "资料齐全", "to": "sign"}]},
    {"id": "supplement", "title": "补交资料复印件", "role": "reception", "next": "verify"},
    {"id": "sign", "title": "签订入伙协议", "role": "clerk"},
    {"id": "pay", "title": "缴纳入伙费用", "role": "cashier"},
    {"id": "inspect", "title": "陪同验房，抄录表数", "role": "escort"},
    {"id": "quality", "title": "验房是否发现质量问题？", "kind": "decision",
     "branches": [{"label": "有质量问题", "to": "repair"}, {"label": "没有质量问题", "to": "keys"}]},
    {"id": "repair", "title": "项目办返修", "role": "office"},
    {"id": "reinspect", "title": "业主复验并签署验收意见", "role": "escort", "next": "quality"},
    {"id": "keys", "title": "领取钥匙及门禁卡", "role": "keys"},
    {"id": "archive", "title": "资料归档，办理完成", "role": "reception"},
]})
PROJECT = SimpleNamespace(roles=ROLES, branding=Branding(primary="#2E6B4F", accent="#D94F7A"))
MM = 72 / 25.4
BOARD_FRAMES = {  # a 900 x 1200 mm board's chart area, and a roll-up's, in points
    "facts beside": (770 * MM * 0.6, 800 * MM),
    "full width, facts above": (770 * MM, 1600),
    "roll-up": (2180, 3300),
}
EVERY_LAYOUT = [*ARRANGEMENTS, Layout("snake", 3, label_width=7), Layout("columns", 2, label_width=13)]


def board_svg(layout: Layout) -> str:
    return flowchart_svg(TWELVE, PROJECT, LANGUAGES["zh-CN"], catalogue("zh-CN"), "board", None, layout)


def fitted(frame_pt, cache_dir=None):
    return fitted_chart(TWELVE, PROJECT, LANGUAGES["zh-CN"], catalogue("zh-CN"), "board", frame_pt, cache_dir)


def twelve_dot(layout: Layout | None = None) -> str:
    chart = chart_of(TWELVE, {role.id: role.name for role in ROLES})
    args = (chart, Palette("#2E6B4F", "#D94F7A"), "Noto Sans CJK SC", "board", ("开始", "完成"))
    return dot_source(*args, layout=layout) if layout else dot_source(*args)


def node_boxes(svg: str) -> dict[int, tuple[float, float, float, float]]:
    """Return each step's box (left, top, right, bottom) by its number, from its shape's coordinates."""
    boxes = {}
    for group in re.findall(r'<g class="node">(.*?)</g>', svg, re.DOTALL):
        number = re.search(r"<text[^>]*>(\d+)\. ", group)
        if number:
            shape = re.search(r' (?:d|points)="([^"]*)"', group).group(1)
            xs, ys = zip(*((float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", shape)))
            boxes[int(number.group(1))] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def centre(box):
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def arrow_tips(svg: str) -> list[tuple[float, float]]:
    """Return where each arrowhead points: the second corner of every edge's polygon (dot draws tip second)."""
    tips = []
    for group in re.findall(r'<g class="edge">(.*?)</g>', svg, re.DOTALL):
        for points in re.findall(r'<polygon[^>]* points="([^"]*)"', group):
            x, y = points.split()[1].split(",")
            tips.append((float(x), float(y)))
    return tips


def texts(svg: str) -> str:
    return "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)).replace(" ", "")


def test_one_column_is_the_default_and_its_dot_is_what_it_always_was():
    dot = twelve_dot()
    assert dot == twelve_dot(ONE_COLUMN)
    assert "rank=same" not in dot and "style=invis" not in dot and "dir=back" not in dot
    assert '"supplement" -> "verify";' in dot  # a loop is left to dot, as before
    assert flowchart_svg(TWELVE, PROJECT, LANGUAGES["zh-CN"], catalogue("zh-CN"), "board") == board_svg(ONE_COLUMN)


@pytest.mark.parametrize("layout", EVERY_LAYOUT, ids=repr)
def test_every_layout_keeps_every_title_role_branch_and_end_as_text(layout):
    text = texts(board_svg(layout))
    for number, step in enumerate(TWELVE.steps, start=1):
        assert f"{number}.{step.title}".replace(" ", "") in text
    for words in ("引导员", "验证员", "接待员", "签约员", "收银员", "验房陪同", "项目办", "钥匙管理员",
                  "资料不全", "资料齐全", "有质量问题", "没有质量问题", "开始", "完成"):
        assert words in text


def test_snake_rows_alternate_and_each_row_ends_above_the_next_start():
    boxes = node_boxes(board_svg(Layout("snake", 3)))
    x = {number: centre(box)[0] for number, box in boxes.items()}
    y = {number: centre(box)[1] for number, box in boxes.items()}
    assert x[1] < x[2] < x[3] and x[4] > x[5] > x[6] and x[7] < x[8] < x[9] and x[10] > x[11] > x[12]
    for row in ((1, 2, 3), (4, 5, 6), (7, 8, 9), (10, 11, 12)):
        assert max(y[n] for n in row) - min(y[n] for n in row) < 1  # one rank
    assert y[1] < y[4] < y[7] < y[10]
    assert abs(x[3] - x[4]) < 40 and abs(x[6] - x[7]) < 40  # straight down to the next row


def test_a_right_to_left_exit_in_a_snake_points_left():
    dot = twelve_dot(Layout("snake", 3))
    assert '"pay" -> "sign" [dir=back];' in dot  # 5 -> 6 in a right-to-left row, written left to right
    assert '"verify" -> "supplement" [dir=back];' in dot  # the loop 4 -> 2 written downwards
    svg = board_svg(Layout("snake", 3))
    boxes, tips = node_boxes(svg), arrow_tips(svg)
    pay_right, pay_y = boxes[6][2], centre(boxes[6])[1]
    sign_left = boxes[5][0]
    assert any(abs(x - pay_right) < 3 and abs(y - pay_y) < 3 for x, y in tips)  # the arrow ends at step 6
    assert not any(abs(x - sign_left) < 3 and abs(y - pay_y) < 3 for x, y in tips)  # none back into 5


def test_columns_put_the_next_run_of_steps_beside_the_first():
    boxes = node_boxes(board_svg(Layout("columns", 2)))
    (x7, y7), y1 = centre(boxes[7]), centre(boxes[1])[1]
    assert x7 > boxes[1][2] and abs(y7 - y1) < 1  # step 7 heads column two, level with step 1
    assert all(centre(boxes[n])[1] < centre(boxes[n + 1])[1] for n in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11))
    dot = twelve_dot(Layout("columns", 2))
    assert '"complete" -> "supplement"' in dot and '{rank=same; "welcome"; "inspect";}' in dot
    assert '"welcome" -> "inspect" [style=invis];' in dot  # column one left of column two


@pytest.mark.parametrize("frame", BOARD_FRAMES, ids=str)
def test_the_chooser_reaches_the_boards_minimum_in_every_board_frame(frame):
    frame_pt = BOARD_FRAMES[frame]
    chosen, one_column = fitted(frame_pt), fitted_in_one_column(frame_pt)
    print(f"{frame} {frame_pt[0]:.0f}x{frame_pt[1]:.0f} pt: {chosen.layout}, scale {chosen.scale:.2f}, "
          f"smallest text {chosen.smallest_pt:.1f} pt (one column: {one_column:.1f} pt)")
    assert chosen.smallest_pt == pytest.approx(chart_text_sizes(chosen.svg)[2] * chosen.scale)
    assert chosen.smallest_pt >= one_column
    assert chosen.smallest_pt >= 40  # the boards' minimum (MIN_CHART_PT)


def fitted_in_one_column(frame_pt) -> float:
    width, height, smallest = chart_text_sizes(board_svg(ONE_COLUMN))
    return smallest * min(frame_pt[0] / width, frame_pt[1] / height)


def test_the_smallest_text_is_the_role_names_at_four_fifths_of_the_titles():
    width, height, smallest = chart_text_sizes(board_svg(ONE_COLUMN))
    assert width > 0 and height > width
    assert smallest == 24  # 30 pt x 0.8, a whole point size as Graphviz takes it


def test_a_wide_frame_gets_a_grid_and_a_tall_narrow_one_keeps_one_column():
    assert fitted((4000, 1000)).layout.kind in ("columns", "snake")
    assert fitted((600, 4000)).layout.kind == "column"


def test_the_chooser_calls_dot_at_most_twelve_times(tmp_path):
    fitted(BOARD_FRAMES["facts beside"], tmp_path)
    assert renderer(tmp_path).dot_calls <= 12


def test_a_one_step_chart_has_only_one_column_to_choose():
    single = Process.model_validate({"name": "x", "steps": [{"id": "a", "title": "签到"}]})
    chosen = fitted_chart(single, PROJECT, LANGUAGES["zh-CN"], catalogue("zh-CN"), "board", (4000, 500))
    assert chosen.layout.kind == "column"


@pytest.mark.parametrize("kind, count", [("columns", 1), ("snake", 1), ("column", 2)])
def test_a_layout_that_means_nothing_is_refused(kind, count):
    with pytest.raises(ValueError):
        Layout(kind, count)
