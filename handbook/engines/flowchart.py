"""Lay out a process as a flowchart: process data in, SVG (and its text version) out.

Every chart of every output comes from here, so the site, the guide and the
boards show the same picture. Graphviz `dot` is called once per distinct
chart: results are cached by the hash of the DOT source, in memory and on
disk. Fonts are named on the graph, nodes and edges (Graphviz otherwise falls
back to another face for edge labels), and the output is deterministic.

A chart is one column of steps unless a Layout says otherwise: several
columns side by side, or a snake of rows. A board scales its chart into a
frame, so `fitted_chart` tries the layouts and keeps the one whose smallest
text is largest once scaled, rather than shrinking a tall column.
"""

from __future__ import annotations

import hashlib
import html
import math
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, Sequence

import graphviz

from ..errors import BuildFailed, Said
from ..i18n.wrapping import wrap

Variant = Literal["site", "print", "board"]


@dataclass(frozen=True)
class Style:
    """How a chart looks in one place it is used."""

    font_size: float  # points, titles; roles and branch labels are 80 %
    pen_width: float
    arrow_size: float
    rank_sep: float  # inches between rows
    node_sep: float
    label_width: float  # ideograph units per line of a step title
    margin: str


VARIANTS: dict[str, Style] = {
    "site": Style(14, 1.4, 0.8, 0.32, 0.3, 8, "0.12,0.06"),
    "print": Style(10.5, 1.0, 0.7, 0.16, 0.22, 10, "0.08,0.03"),  # compact rows: a page is short
    "board": Style(30, 3.5, 1.6, 0.3, 0.3, 9, "0.2,0.1"),  # tight gaps: the chart is scaled to fill its frame
}
MAX_TITLE_LINES = 3
# Role names under a step title, as a share of its size: Graphviz takes whole points only, so it is rounded up to
# stay at least this share (a board's minimum applies to its smallest text).
ROLE_SHARE = 0.8
MAX_BRANCH_LINES = 1
BRANCH_WIDTH = 8


@dataclass(frozen=True)
class Palette:
    primary: str
    accent: str
    text: str = "#1A1A1A"


@dataclass(frozen=True)
class ChartStep:
    """One step as the chart and its text version need it (no staff data)."""

    id: str
    title: str
    kind: str
    role: str | None  # the role's display name
    detail: str | None
    exits: tuple[tuple[str | None, str], ...]  # (branch label or None, target step id); empty at the end


@dataclass(frozen=True)
class Chart:
    name: str
    steps: tuple[ChartStep, ...]


def chart_of(process, role_names: dict[str, str]) -> Chart:
    """Return a process (model Process) as a Chart: every step with its resolved exits."""
    steps = process.steps
    chart_steps = []
    for index, step in enumerate(steps):
        if step.branches:
            exits = tuple((b.label, b.to) for b in step.branches)
        elif step.next:
            exits = ((None, step.next),)
        elif step.end or index == len(steps) - 1:
            exits = ()
        else:
            exits = ((None, steps[index + 1].id),)
        role = role_names.get(step.role) if step.role else None
        chart_steps.append(ChartStep(step.id, step.title, step.kind, role, step.detail, exits))
    return Chart(process.name, tuple(chart_steps))


def label_problems(number: int, title: str, branch_labels: Sequence[str]) -> list[str]:
    """Return which labels of a step cannot fit their boxes at every variant's width."""
    narrowest = min(style.label_width for style in VARIANTS.values())
    problems = []
    if len(wrap(f"{number}. {title}", narrowest)) > MAX_TITLE_LINES:
        problems.append(title)
    problems += [label for label in branch_labels if len(wrap(label, BRANCH_WIDTH)) > MAX_BRANCH_LINES]
    return problems


@dataclass(frozen=True)
class Layout:
    """How a chart's steps are arranged, so a chart can fill a wide frame instead of shrinking into it.

    column: one top-to-bottom column (what every output drew before layouts existed).
    columns: the steps in order cut into `count` consecutive runs, each a column, left to right.
    snake: rows of `count` steps, alternately left to right and right to left, each row's end above the next's start.
    label_width: ideograph units per line of a step title, when not the variant's.
    """

    kind: Literal["column", "columns", "snake"] = "column"
    count: int = 1
    label_width: float | None = None

    def __post_init__(self):
        if (self.kind == "column") != (self.count == 1) or self.count < 1:
            raise ValueError(f"a {self.kind} layout cannot have count {self.count}")

    def cells(self, steps: int) -> list[tuple[int, int]]:
        """Return the (row, column) of each step, in chart order."""
        if self.kind == "column":
            return [(index, 0) for index in range(steps)]
        if self.kind == "columns":
            rows = math.ceil(steps / self.count)
            return [(index % rows, index // rows) for index in range(steps)]
        return [(index // self.count, _snake_column(index, self.count)) for index in range(steps)]

    def fills(self, steps: int) -> bool:
        """Return whether this many steps fill every column, or a snake's first row: else a simpler layout is alike."""
        if self.kind == "columns":
            return math.ceil(steps / math.ceil(steps / self.count)) == self.count
        return self.count <= steps


ONE_COLUMN = Layout()


def _snake_column(index: int, per_row: int) -> int:
    """Return a step's column in a snake: odd rows run right to left, so each row starts under the last one's end."""
    row, place = divmod(index, per_row)
    return place if row % 2 == 0 else per_row - 1 - place


def dot_source(chart: Chart, palette: Palette, font: str, variant: Variant, end_labels: tuple[str, str],
               layout: Layout = ONE_COLUMN) -> str:
    """Return the DOT text of a chart: the input of the cached `dot` call."""
    style = VARIANTS[variant]
    if layout.label_width:
        style = replace(style, label_width=layout.label_width)
    font_attr = f'fontname="{font}"'
    lines = [
        "digraph process {",
        f'  graph [{font_attr}, rankdir=TB, ranksep={style.rank_sep}, nodesep={style.node_sep}, '
        f'bgcolor="transparent", pad="0.1"];',
        f'  node [{font_attr}, fontsize={style.font_size}, penwidth={style.pen_width}, '
        f'color="{palette.primary}", fontcolor="{palette.text}", margin="{style.margin}"];',
        f'  edge [{font_attr}, fontsize={style.font_size * 0.8:g}, penwidth={style.pen_width}, '
        f'arrowsize={style.arrow_size}, color="{palette.primary}", fontcolor="{palette.text}"];',
        f'  start [shape=oval, style=filled, fillcolor="{palette.primary}", fontcolor="#FFFFFF", '
        f'label="{_escape(end_labels[0])}"];',
        f'  finish [shape=oval, style=filled, fillcolor="{palette.primary}", fontcolor="#FFFFFF", '
        f'label="{_escape(end_labels[1])}"];',
    ]
    step_fill, decision_fill = _tint(palette.primary, 0.88), _tint(palette.accent, 0.85)
    for number, step in enumerate(chart.steps, start=1):
        label = _node_label(number, step, style)
        if step.kind == "decision":
            lines.append(f'  "{step.id}" [shape=diamond, style=filled, fillcolor="{decision_fill}", '
                         f'color="{palette.accent}", label=<{label}>];')
        else:
            lines.append(f'  "{step.id}" [shape=box, style="rounded,filled", fillcolor="{step_fill}", '
                         f'label=<{label}>];')
    lines.append(f'  start -> "{chart.steps[0].id}";')
    cells = dict(zip((step.id for step in chart.steps), layout.cells(len(chart.steps))))
    for step in chart.steps:
        if not step.exits:
            lines.append(f'  "{step.id}" -> finish;')
        for label, target in step.exits:
            lines.append(_edge_line(step.id, target, label, cells, layout))
    if layout.kind != "column":
        lines += _grid_lines(chart, cells)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edge_line(source: str, target: str, label: str | None, cells: dict[str, tuple[int, int]], layout: Layout) -> str:
    """Return the DOT line of one exit, written so it keeps the rows and columns of the layout.

    In a grid every edge is written from its upper (or, in one row, left) end to the other, with dir=back when it
    really runs the other way: dot puts a flat edge's tail left of its head, and an upward edge written downwards
    agrees with the rows. (constraint=false on upward edges also keeps the rows, but dot then routes them and
    places their labels far from the steps they join.) One column is left to dot, as it always was.
    """
    attrs = [f"label=<{_text_lines(wrap(label, BRANCH_WIDTH))}>"] if label else []
    if layout.kind != "column" and cells[target] < cells[source]:
        source, target = target, source
        attrs.append("dir=back")
    return f'  "{source}" -> "{target}"' + (f" [{', '.join(attrs)}]" if attrs else "") + ";"


def _grid_lines(chart: Chart, cells: dict[str, tuple[int, int]]) -> list[str]:
    """Return the DOT lines that hold steps in their grid: one rank per row, invisible edges between neighbours.

    Edges down a column keep the rows in order and the columns straight; edges along a row keep its left-to-right
    order. Where an exit already joins two neighbours, no invisible edge doubles it (dot would bend the real one).
    """
    at = {cell: step_id for step_id, cell in cells.items()}
    joined = {frozenset((step.id, target)) for step in chart.steps for _, target in step.exits}
    lines = []
    for row in sorted({row for row, _ in at}):
        members = " ".join(f'"{at[cell]}";' for cell in sorted(cell for cell in at if cell[0] == row))
        lines.append(f"  {{rank=same; {members}}}")
    for (row, column), step_id in sorted(at.items()):
        for neighbour in ((row, column + 1), (row + 1, column)):
            if neighbour in at and frozenset((step_id, at[neighbour])) not in joined:
                lines.append(f'  "{step_id}" -> "{at[neighbour]}" [style=invis];')
    return lines


def _title_lines(number: int, title: str, kind: str, label_width: float) -> list[str]:
    """Return a step's numbered title wrapped as its box prints it."""
    # Decisions are diamonds, which grow fast with their text: narrower lines (and no role line).
    return wrap(f"{number}. {title}", label_width * (0.75 if kind == "decision" else 1))


def _node_label(number: int, step: ChartStep, style: Style) -> str:
    title = _text_lines(_title_lines(number, step.title, step.kind, style.label_width))
    if not step.role or step.kind == "decision":
        return title
    # The role sits in its own table row: a <BR/> before a smaller font overlaps the title in CJK faces.
    role = html.escape(step.role)
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
            f'<TR><TD>{title}</TD></TR>'
            f'<TR><TD><FONT POINT-SIZE="{math.ceil(style.font_size * ROLE_SHARE)}">{role}</FONT></TD></TR></TABLE>')


def _text_lines(lines: list[str]) -> str:
    return "<BR/>".join(html.escape(line) for line in lines)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _tint(colour: str, amount: float) -> str:
    """Return colour mixed with white (amount 0.9 = 90 % white), for legible box fills."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


class Renderer:
    """Render DOT to SVG with `dot`, once per distinct source (memory and disk cache)."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = cache_dir
        self.memory: dict[str, str] = {}
        self.dot_calls = 0

    def svg(self, dot: str) -> str:
        key = hashlib.sha256(dot.encode("utf-8")).hexdigest()
        if key in self.memory:
            return self.memory[key]
        cached = self.cache_dir / f"{key}.svg" if self.cache_dir else None
        if cached and cached.is_file():
            svg = cached.read_text(encoding="utf-8")
        else:
            svg = self._run_dot(dot)
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(f".{os.getpid()}.tmp")  # parallel workers may write the same chart
                tmp.write_text(svg, encoding="utf-8")
                tmp.replace(cached)
        self.memory[key] = svg
        return svg

    def _run_dot(self, dot: str) -> str:
        self.dot_calls += 1
        try:
            raw = graphviz.pipe("dot", "svg", dot.encode("utf-8"))
        except graphviz.ExecutableNotFound:
            raise BuildFailed(Said("doctor.install", problem=Said("doctor.no_dot"), package="graphviz")) from None
        except graphviz.CalledProcessError as exc:
            raise BuildFailed(Said("refusal.dot_failed", error=str(exc))) from None
        return clean_svg(raw.decode("utf-8"))


_XML_PROLOGUE = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.DOTALL)
_NODE_TITLE = re.compile(r"<title>[^<]*</title>\s*")
_ELEMENT_ID = re.compile(r' id="(?:graph|node|edge|clust|a_node|a_edge)\d+"')
_SIZE = re.compile(r'<svg width="([^"]*)" height="[^"]*"')


def clean_svg(svg: str) -> str:
    """Return dot's SVG without prologue, comments (they name the Graphviz version), node-id titles or ids.

    Ids go because two charts in one document (the guide) would define node1 twice.
    """
    svg = _XML_PROLOGUE.sub("", svg)
    svg = _NODE_TITLE.sub("", svg)
    svg = _ELEMENT_ID.sub("", svg)
    return "\n".join(line for line in svg.splitlines() if line.strip()) + "\n"


def inline_svg(svg: str, title: str) -> str:
    """Return SVG for inline HTML use: shrinks to fit a phone, never grows past its natural width."""
    svg = _SIZE.sub(r'<svg class="flowchart" role="img" style="max-width:\1"', svg, count=1)
    return svg.replace(">", f"><title>{html.escape(title)}</title>", 1)


_PRINTED_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def printed_svg(svg: str, scale: float, alternative: str) -> str:
    """Return dot's SVG drawn `scale` times its natural size, described by its alternative text.

    The <title> is what a tagged PDF gives the figure as /Alt (and a screen reader says); it is never drawn.
    """
    width, height = (float(value) * scale for value in _PRINTED_SIZE.search(svg).groups())
    svg = _PRINTED_SIZE.sub(f'<svg width="{width:.2f}pt" height="{height:.2f}pt"', svg, count=1)
    return svg.replace(">", f"><title>{html.escape(alternative)}</title>", 1)


@dataclass(frozen=True)
class TextExit:
    label: str | None
    number: int
    title: str


@dataclass(frozen=True)
class TextStep:
    """A step of the text version: its number, who does it, and where it leads in words."""

    number: int
    title: str
    role: str | None
    detail: str | None
    exits: tuple[TextExit, ...]  # empty: the process ends here
    follows_on: bool  # True when the only exit is simply the next step


def text_version(chart: Chart) -> list[TextStep]:
    """Return the numbered steps with their branches, the accessible twin of the picture."""
    numbers = {step.id: number for number, step in enumerate(chart.steps, start=1)}
    titles = {step.id: step.title for step in chart.steps}
    result = []
    for number, step in enumerate(chart.steps, start=1):
        exits = tuple(TextExit(label, numbers[target], titles[target]) for label, target in step.exits)
        follows_on = len(exits) == 1 and exits[0].label is None and exits[0].number == number + 1
        result.append(TextStep(number, step.title, step.role, step.detail, exits, follows_on))
    return result


def exit_words(step: TextStep, messages) -> list[str]:
    """Return where a step leads, in words: one line per branch, or 'then go to', or 'ends here'."""
    if not step.exits:
        return [messages("label.flow_done")]
    if step.follows_on:
        return []
    if len(step.exits) == 1 and step.exits[0].label is None:
        return [messages("label.flow_then", number=step.exits[0].number)]
    return [messages("label.flow_branch", label=e.label, number=e.number, title=e.title) for e in step.exits]


def alternative_text(name: str, steps: list[TextStep], messages) -> str:
    """Return a chart as one paragraph, for its alternative text: every step in order, who does it, where it leads."""
    def said(step: TextStep) -> str:
        role = messages("punct.open") + step.role + messages("punct.close") if step.role else ""
        exits = messages("punct.comma").join(exit_words(step, messages))
        return f"{step.number}. {step.title}{role}" + (messages("punct.colon") + exits if exits else "")

    stop = messages("punct.stop")
    return messages("label.flow_alt", name=name, steps=stop.join(said(step) for step in steps)).strip() + stop.strip()


_renderers: dict[Path | None, Renderer] = {}


def renderer(cache_dir: Path | None = None) -> Renderer:
    """Return the process-wide renderer for a cache folder (kept warm across projects)."""
    if cache_dir not in _renderers:
        _renderers[cache_dir] = Renderer(cache_dir)
    return _renderers[cache_dir]


def flowchart_svg(process, project, language, messages, variant: Variant, cache_dir: Path | None = None,
                  layout: Layout = ONE_COLUMN) -> str:
    """Return the SVG of one of a project's processes for a language and a place of use."""
    svg = _drawn(process, project, language, messages, variant, cache_dir, layout)
    return inline_svg(svg, process.name) if variant == "site" else svg


def _drawn(process, project, language, messages, variant: Variant, cache_dir: Path | None, layout: Layout) -> str:
    """Return dot's SVG of a process with its natural size in points (what inline_svg takes away)."""
    chart = chart_of(process, {role.id: role.name for role in project.roles})
    palette = Palette(project.branding.primary, project.branding.accent)
    ends = (messages("label.flow_start"), messages("label.flow_end"))
    return renderer(cache_dir).svg(dot_source(chart, palette, language.sans_family(), variant, ends, layout))


@dataclass(frozen=True)
class FittedChart:
    """A chart drawn in the layout that gives it the largest text in a frame, and how it scales there."""

    svg: str  # as flowchart_svg returns it for the variant (the site's has no size left for chart_text_sizes)
    layout: Layout
    scale: float  # frame over natural size: the chart is drawn this many times its natural size
    smallest_pt: float  # its smallest text once scaled (role names, or branch labels when no step has a role)


_SVG_POINTS = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_FONT_SIZE = re.compile(r'<text[^>]* font-size="([\d.]+)"')


def chart_text_sizes(svg: str) -> tuple[float, float, float]:
    """Return a chart's natural width and height and its smallest text, in points, read from dot's SVG.

    The board output re-checks a chart it was given with these: scaled by min(frame/natural), the smallest text
    must stay readable.
    """
    width, height = (float(value) for value in _SVG_POINTS.search(svg).groups())
    return width, height, min(float(size) for size in _FONT_SIZE.findall(svg))


def fit_in_frame(svg: str, frame_pt: tuple[float, float], largest: float = math.inf) -> tuple[float, float]:
    """Return how much a chart scales to fill a frame (w, h in pt) without overflowing, at most `largest`, and its
    smallest text then."""
    width, height, smallest = chart_text_sizes(svg)
    scale = min(frame_pt[0] / width, frame_pt[1] / height, largest)
    return scale, smallest * scale


ARRANGEMENTS = (ONE_COLUMN, *(Layout("columns", count) for count in range(2, 5)),
                *(Layout("snake", count) for count in range(2, 6)))  # simplest first: ties go to the first
BOARD_LABEL_WIDTHS = (7, 13)  # narrow boxes suit a tall frame, wide ones a wide frame
RETRIED_ARRANGEMENTS = 2  # how many of the best arrangements are tried again at each of those widths


def fitted_chart(process, project, language, messages, variant: Variant, frame_pt: tuple[float, float],
                 cache_dir: Path | None = None, largest: float = math.inf) -> FittedChart:
    """Return a process's chart in the layout whose smallest text is largest once scaled into a frame (w, h in pt).

    A tall column shrunk into a wide frame wastes the frame; the same steps in columns or a snake fill it. Every
    arrangement is tried at the variant's title width, then on a board the best two at a narrower and a wider one:
    at most twelve `dot` calls, each cached. With `largest` (a page's chart is never drawn above its natural size),
    the arrangements that reach it tie, and the simplest of them is taken.
    """
    def fit(layout: Layout) -> FittedChart:
        svg = _drawn(process, project, language, messages, variant, cache_dir, layout)
        return FittedChart(svg, layout, *fit_in_frame(svg, frame_pt, largest))

    tries = [fit(layout) for layout in ARRANGEMENTS if layout.fills(len(process.steps))]
    if variant == "board":
        leaders = sorted(tries, key=lambda tried: -tried.smallest_pt)[:RETRIED_ARRANGEMENTS]
        widths = [width for width in BOARD_LABEL_WIDTHS
                  if width > VARIANTS[variant].label_width or _titles_fit(process, width)]
        tries += [fit(replace(tried.layout, label_width=width)) for tried in leaders for width in widths]
    best = max(tries, key=lambda tried: tried.smallest_pt)  # the first of equals: the simplest
    return replace(best, svg=inline_svg(best.svg, process.name)) if variant == "site" else best


def _titles_fit(process, label_width: float) -> bool:
    """Return whether every step title keeps to MAX_TITLE_LINES at a narrower title width than the checks vouch for."""
    return all(len(_title_lines(number, step.title, step.kind, label_width)) <= MAX_TITLE_LINES
               for number, step in enumerate(process.steps, start=1))
