"""Lay out a process as a flowchart: process data in, SVG (and its text version) out.

Every chart of every output comes from here, so the site, the guide and the
boards show the same picture. Graphviz `dot` is called once per distinct
chart: results are cached by the hash of the DOT source, in memory and on
disk. Fonts are named on the graph, nodes and edges (Graphviz otherwise falls
back to another face for edge labels), and the output is deterministic.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Sequence

import graphviz

from ..errors import BuildFailed, Said
from ..i18n.wrapping import wrap

Variant = Literal["site", "print", "board"]


@dataclass(frozen=True)
class Style:
    """How a chart looks in one place it is used."""

    font_size: float  # points, titles; roles are 75 %
    pen_width: float
    arrow_size: float
    rank_sep: float  # inches between rows
    node_sep: float
    label_width: float  # ideograph units per line of a step title
    margin: str


VARIANTS: dict[str, Style] = {
    "site": Style(14, 1.4, 0.8, 0.32, 0.3, 8, "0.12,0.06"),
    "print": Style(10.5, 1.0, 0.7, 0.16, 0.22, 10, "0.08,0.03"),  # compact rows: a page is short
    "board": Style(30, 3.5, 1.6, 0.55, 0.5, 9, "0.25,0.12"),
}
MAX_TITLE_LINES = 3
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


def dot_source(chart: Chart, palette: Palette, font: str, variant: Variant, end_labels: tuple[str, str]) -> str:
    """Return the DOT text of a chart: the input of the cached `dot` call."""
    style = VARIANTS[variant]
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
    for step in chart.steps:
        if not step.exits:
            lines.append(f'  "{step.id}" -> finish;')
        for label, target in step.exits:
            attrs = f' [label=<{_text_lines(wrap(label, BRANCH_WIDTH))}>]' if label else ""
            lines.append(f'  "{step.id}" -> "{target}"{attrs};')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node_label(number: int, step: ChartStep, style: Style) -> str:
    # Decisions are diamonds, which grow fast with their text: narrower lines, no role line.
    width = style.label_width * (0.75 if step.kind == "decision" else 1)
    title = _text_lines(wrap(f"{number}. {step.title}", width))
    if not step.role or step.kind == "decision":
        return title
    # The role sits in its own table row: a <BR/> before a smaller font overlaps the title in CJK faces.
    role = html.escape(step.role)
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
            f'<TR><TD>{title}</TD></TR>'
            f'<TR><TD><FONT POINT-SIZE="{style.font_size * 0.75:g}">{role}</FONT></TD></TR></TABLE>')


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


_renderers: dict[Path | None, Renderer] = {}


def renderer(cache_dir: Path | None = None) -> Renderer:
    """Return the process-wide renderer for a cache folder (kept warm across projects)."""
    if cache_dir not in _renderers:
        _renderers[cache_dir] = Renderer(cache_dir)
    return _renderers[cache_dir]


def flowchart_svg(process, project, language, messages, variant: Variant, cache_dir: Path | None = None) -> str:
    """Return the SVG of one of a project's processes for a language and a place of use."""
    chart = chart_of(process, {role.id: role.name for role in project.roles})
    palette = Palette(project.branding.primary, project.branding.accent)
    ends = (messages("label.flow_start"), messages("label.flow_end"))
    svg = renderer(cache_dir).svg(dot_source(chart, palette, language.sans_family(), variant, ends))
    return inline_svg(svg, process.name) if variant == "site" else svg
