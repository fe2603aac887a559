"""Print a full build of N projects against the same outputs made one process per output, and the rebuild ratios.

    .venv/bin/python bench/scale.py [--projects N] [--quick] [--lanes L] [--rounds R]

N projects (default 20) are copies of the samples (projects of two companies, whose files they share), each with its own slug,
name, phone numbers, fee rates and primary colour (so no two render alike),
without a unit list and in their primary language only: the outputs compared are guide, boards, site, training.

The baseline makes those outputs the way a user would script them without
handbook: `dot -Tsvg` per chart, the `weasyprint` command per PDF (the guide,
each board, the training pack) and `mkdocs build` per site (owner site,
training site), one project's commands after another, L projects at a time
(default: one per core, like the build's own pool). Its inputs are what
handbook itself renders: every project is rendered once in this process
first (not timed), recording the DOT source of each chart and the training
pack's HTML; the guide's and each board's HTML come from guide_document and
boards_document, and the sites' docs folders and generated mkdocs.yml are the
ones the site and training outputs leave in their scratch folders. The
baseline has nothing for what handbook adds around those commands (the
boards' PNG previews, the fit, glyph and staff-text checks).

Builds run `build.py` in a subprocess, so start-up counts as it does for the
baseline, against a snapshot of the package taken at the start (the package
is part of every fingerprint, and it may be edited while the bench runs).
In one run, in this order: the baseline; the same documents, configs and
dot calls with WeasyPrint and MkDocs called as libraries in warm processes,
L at a time (reported: the engines' own work on these documents, which
handbook's build, doing more, should stay near); the full build (--force, flowchart
cache empty); the no-op rebuild (best of R); a bare `mkdocs build` of every
owner site (L at a time); then R rounds of one project's phone number edited and every
project rebuilt, against that project built alone with --force into a copy
of dist (best of each). Prints ratios with their targets, MISSED where one
is missed, and exits 0 either way. The default run takes 7-8 minutes on a
2-core machine; --quick (4 projects, one round) under 2.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handbook.derive.public_view import public_view  # noqa: E402
from handbook.engines import flowchart  # noqa: E402
from handbook.outputs import OUTPUTS, training  # noqa: E402
from handbook.outputs.base import RenderContext  # noqa: E402
from handbook.outputs.boards import (  # noqa: E402
    board_file_name,
    board_view,
    boards_document,
    project_boards,
    with_charts,
)
from handbook.outputs.guide import guide_document, guide_file_name  # noqa: E402
from handbook.repo import Repo  # noqa: E402
from handbook.run.gather import project_editions  # noqa: E402
from handbook.source.projects import ProjectSource, discover, load_project  # noqa: E402

COMPARED = ["guide", "boards", "site", "training"]
FULL_TARGET, NO_OP_TARGET, EDIT_TARGET = 0.35, 0.03, 1.30
BIN = Path(sys.executable).parent
MKDOCS, WEASYPRINT = BIN / "mkdocs", BIN / "weasyprint"
NAME_LINE = re.compile(r"^name: *(.*)$", re.MULTILINE)
PHONE = re.compile(r'(phone: "[^"]*?)(\d\d)"')
RATE = re.compile(r"^( +rate: )(\d+\.\d+)", re.MULTILINE)
PRIMARY = re.compile(r'(primary: "#[0-9A-Fa-f]{4})([0-9A-Fa-f]{2})"')
UNIT_LIST = re.compile(r"^unit_list:.*\n", re.MULTILINE)
LANGUAGES_LINE = re.compile(r"^languages: *\[ *([^,\]]+)[^\]]*\]", re.MULTILINE)
STATUS = re.compile(r"^project=(\S+) +status=(\S+)", re.MULTILINE)
OUTPUT_SECONDS = re.compile(r"([^,]+?) ([\d.]+) s(?:,|$)")  # "Move-in guide 2.1 s, Owner site 1.0 s"


# ---------------------------------------------------------------- the projects

def sample_repo(root: Path, count: int) -> Repo:
    """Return a repository at root with the shared inputs, a package snapshot and count varied sample copies."""
    root.mkdir(parents=True)
    for shared in ("content", "templates", "mkdocs.yml", "schema", "companies"):
        (root / shared).symlink_to(ROOT / shared)
    snapshot_package(root)
    samples = discover(ROOT / "projects")
    for number in range(1, count + 1):
        sample = samples[(number - 1) % len(samples)]
        folder = root / "projects" / f"{sample.slug}-{number:02d}"
        shutil.copytree(sample.folder, folder, ignore=shutil.ignore_patterns("units.*", "translations"))
        data_file = folder / sample.data_file.name
        data_file.write_text(varied(data_file.read_text(encoding="utf-8"), number), encoding="utf-8")
    return Repo(root)


def snapshot_package(root: Path) -> None:
    """Copy build.py and the package to root: builds of the bench run this copy, edits elsewhere leave it alone."""
    shutil.copy2(ROOT / "build.py", root / "build.py")
    shutil.copytree(ROOT / "handbook", root / "handbook", ignore=shutil.ignore_patterns("__pycache__"))


def varied(text: str, number: int) -> str:
    """Return a project's YAML with its name, long phone numbers, fee rates and primary colour made its own.

    Only the primary edition is kept: the varied texts have no translations,
    and what other editions cost is bench/editions.py's to measure.
    """
    text = LANGUAGES_LINE.sub(r"languages: [\1]", text, count=1)
    text = NAME_LINE.sub(rf"name: \1 {number}", text, count=1)
    text = PHONE.sub(lambda m: f'{m[1]}{number:02d}"' if long_phone(m[0]) else m[0], text)
    text = RATE.sub(lambda m: f"{m[1]}{Decimal(m[2]) + Decimal(number) / 100}", text)
    text = PRIMARY.sub(lambda m: f'{m[1]}{min(255, int(m[2], 16) + number):02X}"', text)
    return UNIT_LIST.sub("", text)


def long_phone(match: str) -> bool:
    """Tell whether a phone line holds a full number (not 110, 999 or a hotline), so it can be varied."""
    return sum(c.isdigit() for c in match) >= 7


def edit_phone(data_file: Path, round_: int) -> None:
    """Change the project's first full phone number to one no other round or project uses."""
    text = data_file.read_text(encoding="utf-8")
    first = next(m for m in PHONE.finditer(text) if long_phone(m[0]))
    edited = text[:first.start()] + f'{first[1]}{90 + round_}"' + text[first.end():]
    data_file.write_text(edited, encoding="utf-8")


# ---------------------------------------------------------------- the baseline's inputs

@dataclass(frozen=True)
class Command:
    """One process of the baseline: what it makes (dot, weasyprint, mkdocs) and its arguments."""

    kind: str
    argv: tuple[str, ...]


@dataclass(frozen=True)
class ProjectInputs:
    """What handbook rendered for one project, as the baseline's commands in the order a script runs them."""

    slug: str
    commands: tuple[Command, ...]
    owner_site: Command


@dataclass
class Recorded:
    """What handbook's own rendering passed to dot and WeasyPrint that no public function returns."""

    dot_sources: dict[str, None] = field(default_factory=dict)  # ordered, distinct
    pack_html: list[str] = field(default_factory=list)


class RecordingRenderer(flowchart.Renderer):
    """A flowchart renderer without disk cache that keeps every DOT source it is given."""

    def __init__(self, recorded: Recorded):
        super().__init__(None)
        self.recorded = recorded

    def svg(self, dot: str) -> str:
        self.recorded.dot_sources.setdefault(dot)
        return super().svg(dot)


@contextmanager
def recording() -> Iterator[Recorded]:
    """Record the DOT sources and the training pack's HTML while outputs render in this process."""
    recorded = Recorded()
    charts = RecordingRenderer(recorded)
    saved_renderer, saved_printable = flowchart.renderer, training.printable

    def pack_printable(ctx: RenderContext, job):
        made = saved_printable(ctx, job)
        recorded.pack_html.append(made.html)
        return made

    flowchart.renderer, training.printable = (lambda cache_dir=None: charts), pack_printable
    try:
        yield recorded
    finally:
        flowchart.renderer, training.printable = saved_renderer, saved_printable


@dataclass(frozen=True)
class PrintDocument:
    """One PDF of the baseline: its HTML, where the PDF goes, and WeasyPrint's options as handbook sets them."""

    name: str
    html: str
    pdf: Path
    variant: str | None
    tagged: bool


def prepare(repo: Repo, source: ProjectSource, work: Path) -> ProjectInputs:
    """Render one project with handbook's outputs, write the baseline's inputs, return the baseline's commands."""
    loaded = load_project(source)
    (edition,) = project_editions(loaded, repo)  # the samples have one language
    public, internal = (RenderContext(view, edition, source, loaded.revision, repo, work / audience,
                                      work / "scratch" / audience)
                        for audience, view in (("public", public_view(loaded.project)), ("internal", loaded.project)))
    with recording() as recorded:
        for output in (OUTPUTS[name] for name in COMPARED):
            ctx = public if output.audience == "public" else internal
            output.render(replace(ctx, scratch=ctx.scratch / output.name))
        site, staff_site = site_config_of(public.scratch / "site"), site_config_of(internal.scratch / "training")
        documents = print_documents(public, recorded.pack_html, site.with_name("docs"), staff_site.with_name("docs"))
    inputs, out = work / "inputs", work / "baseline"
    owner_site = mkdocs_command(site, out / "site")
    commands = (dot_commands(list(recorded.dot_sources), inputs / "charts", out / "charts")
                + [pdf_command(source, document, inputs) for document in documents]
                + [owner_site, mkdocs_command(staff_site, out / "training")])
    return ProjectInputs(source.slug, tuple(commands), owner_site)


def print_documents(public: RenderContext, pack_html: list[str], site_docs: Path,
                    staff_docs: Path) -> list[PrintDocument]:
    """Return the guide, each board and the training pack as documents written into the sites' downloads."""
    tag, downloads = public.edition.tag, site_docs / "downloads"
    documents = [PrintDocument("guide", guide_document(public).html, downloads / guide_file_name(tag), "pdf/ua-1",
                               True)]
    for board in with_charts(public, [board_view(public, board) for board in project_boards(public.project)]):
        documents.append(PrintDocument(f"board-{board.id}", boards_document(public, [board]).html,
                                       downloads / "boards" / board_file_name(board.id, tag), "pdf/x-4", False))
    (pack,) = pack_html
    documents.append(PrintDocument("training", pack, staff_docs / "downloads" / f"training.{tag}.pdf", "pdf/ua-1",
                                   True))
    return documents


def site_config_of(scratch: Path) -> Path:
    """Return the generated mkdocs.yml a content site output left in its scratch folder."""
    (config,) = scratch.rglob("mkdocs.yml")
    return config


def dot_commands(sources: list[str], inputs: Path, out: Path) -> list[Command]:
    """Write each DOT source to a file; return one `dot -Tsvg` per chart."""
    inputs.mkdir(parents=True)
    out.mkdir(parents=True)
    commands = []
    for number, source in enumerate(sources, start=1):
        dot_file = inputs / f"chart-{number:02d}.dot"
        dot_file.write_text(source, encoding="utf-8")
        commands.append(Command("dot", ("dot", "-Tsvg", str(dot_file), "-o", str(out / f"{dot_file.stem}.svg"))))
    return commands


def pdf_command(source: ProjectSource, document: PrintDocument, inputs: Path) -> Command:
    """Write a document's HTML; return the weasyprint command making its PDF, URLs relative to the project."""
    html = inputs / f"{document.name}.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(document.html, encoding="utf-8")
    argv = [str(WEASYPRINT), "-q", "--base-url", f"{source.folder.resolve()}/"]
    argv += ["--pdf-variant", document.variant] if document.variant else []
    argv += ["--pdf-tags"] if document.tagged else []
    return Command("weasyprint", (*argv, str(html), str(document.pdf)))


def mkdocs_command(config: Path, site_dir: Path) -> Command:
    """Return the `mkdocs build` of a generated config into site_dir."""
    return Command("mkdocs", (str(MKDOCS), "build", "-q", "-f", str(config), "-d", str(site_dir)))


def prepare_all(repo: Repo, work: Path, lanes: int) -> list[ProjectInputs]:
    """Prepare every project's baseline inputs, lanes projects at a time."""
    sources = discover(repo.projects)
    with ProcessPoolExecutor(max_workers=lanes) as pool:
        return list(pool.map(prepare, [repo] * len(sources), sources, [work / s.slug for s in sources]))


# ---------------------------------------------------------------- timing

@dataclass
class Lanes:
    """The wall time of running command lists in parallel lanes, with process-seconds and counts per kind."""

    seconds: float
    kinds: dict[str, list[float]]

    def breakdown(self) -> str:
        """Return how many processes of each kind ran and their seconds, summed."""
        return ", ".join(f"{kind} {len(times)} x, {sum(times):.0f} s" for kind, times in self.kinds.items())


def run_lanes(jobs: list[list[Command]], lanes: int) -> Lanes:
    """Run each job's commands one after another, lanes jobs at a time; return the wall time and each kind's."""
    kinds: dict[str, list[float]] = {}

    def run_job(commands: list[Command]) -> None:
        for command in commands:
            kinds.setdefault(command.kind, []).append(timed_command(command))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=lanes) as pool:
        list(pool.map(run_job, jobs))
    return Lanes(time.perf_counter() - start, kinds)


def timed_command(command: Command) -> float:
    """Run one baseline command; return its seconds, or stop the bench if it failed."""
    start = time.perf_counter()
    result = subprocess.run(command.argv, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"{' '.join(command.argv)} failed:\n{result.stderr}")
    return time.perf_counter() - start


def run_in_process(jobs: list[list[Command]], lanes: int) -> Lanes:
    """Run the same commands' work inside warm processes, lanes at a time: WeasyPrint and MkDocs called as
    libraries (the same documents, options and configs), dot still a program. This is what calling the
    engines in-process saves by itself; what is left is the engines' own work on these documents. (The
    workers fork from this process, which has loaded handbook's fix to pydyf writing each stream twice.)"""
    kinds: dict[str, list[float]] = {}
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=lanes) as pool:
        for times in pool.map(in_process_job, jobs):
            for kind, seconds in times:
                kinds.setdefault(kind, []).append(seconds)
    return Lanes(time.perf_counter() - start, kinds)


def in_process_job(commands: list[Command]) -> list[tuple[str, float]]:
    """Run one project's commands, WeasyPrint and MkDocs in this process; return each one's kind and seconds."""
    import logging

    import weasyprint
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    times = []
    for command in commands:
        start = time.perf_counter()
        argv = list(command.argv)
        if command.kind == "weasyprint":
            *options, html, pdf = argv[1:]
            weasyprint.HTML(filename=html, base_url=options[options.index("--base-url") + 1]).write_pdf(
                pdf, pdf_variant=options[options.index("--pdf-variant") + 1] if "--pdf-variant" in options else None,
                pdf_tags="--pdf-tags" in options)
        elif command.kind == "mkdocs":
            build(load_config(config_file=argv[argv.index("-f") + 1], site_dir=argv[argv.index("-d") + 1]))
        else:
            timed_command(command)
        times.append((command.kind, time.perf_counter() - start))
    return times


@dataclass(frozen=True)
class BuildRun:
    """One `build.py build` as timed from outside, with what its closing table says."""

    seconds: float
    statuses: dict[str, str]  # slug -> built, unchanged
    outputs: dict[str, float]  # output -> seconds summed over projects (the build's closing table)

    def breakdown(self) -> str:
        """Return each output's seconds inside the workers, summed over the projects."""
        return ", ".join(f"{name} {seconds:.0f} s" for name, seconds in self.outputs.items())


def run_build(repo: Repo, dist: Path, *extra: str) -> BuildRun:
    """Run `build.py build` of the snapshot as a user would; return its time and each project's status."""
    # The closing table in English whatever the projects' languages: its lines are parsed below.
    argv = [sys.executable, str(repo.root / "build.py"), "--repo", str(repo.root), "--ui-language", "en", "build", *extra,
            "--only", ",".join(COMPARED), "--out", str(dist)]
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    statuses = dict(STATUS.findall(result.stdout))
    if result.returncode or not statuses:
        raise SystemExit(f"{' '.join(argv)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return BuildRun(seconds, statuses, output_seconds(result.stdout))


def output_seconds(closing_table: str) -> dict[str, float]:
    """Return the seconds each output took, summed over the projects of a build's closing table."""
    totals: dict[str, float] = {}
    for line in closing_table.splitlines():
        if line.startswith("project=") and " seconds=" in line:
            for name, seconds in OUTPUT_SECONDS.findall(line.split(" seconds=", 1)[1]):
                totals[name.strip()] = totals.get(name.strip(), 0.0) + float(seconds)
    return totals


def best(runs: list[BuildRun]) -> BuildRun:
    """Return the fastest of several runs (the least disturbed on a shared machine)."""
    return min(runs, key=lambda run: run.seconds)


def wrong_status(run: BuildRun, expected_built: set[str]) -> list[str]:
    """Return the projects whose status is not what the run should give (built only where expected)."""
    return sorted(slug for slug, status in run.statuses.items() if (status == "built") != (slug in expected_built))


@dataclass(frozen=True)
class Edits:
    """The best edit rebuild and the best build of that project alone."""

    edit: BuildRun
    alone: BuildRun
    wrong: list[str]  # projects the edit rebuild rebuilt (or skipped) wrongly


def edit_rounds(repo: Repo, dist: Path, rounds: int) -> Edits:
    """Edit one project's phone number each round; time rebuilding all against building it alone, order alternating."""
    slug = discover(repo.projects)[0].slug
    alone_dist = dist.with_name("dist-alone")
    shutil.copytree(dist, alone_dist, symlinks=True)
    edits, alones, wrong = [], [], set()
    for round_ in range(rounds):
        edit_phone(repo.projects / slug / "project.yml", round_)
        steps = [lambda: edits.append(run_build(repo, dist)),
                 lambda: alones.append(run_build(repo, alone_dist, slug, "--force"))]
        for step in steps if round_ % 2 == 0 else reversed(steps):
            step()
        wrong.update(wrong_status(edits[-1], {slug}))
    return Edits(best(edits), best(alones), sorted(wrong))


# ---------------------------------------------------------------- report

def ratio_line(label: str, ratio: float, target: float | None) -> str:
    """Return a ratio with its target, flagged MISSED when it is above it, or marked as reported only."""
    if target is None:
        return f"{label:<46}{ratio:>7.3f}  (reported)"
    flag = "  MISSED" if ratio > target else ""
    return f"{label:<46}{ratio:>7.3f}  (target <= {target:.2f}){flag}"


def time_line(label: str, seconds: float, note: str = "") -> str:
    """Return a timed step's line, with a note on what it did."""
    return f"{label:<46}{seconds:>7.1f} s" + (f"  {note}" if note else "")


def tool_versions() -> str:
    """Return the versions the times depend on."""
    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False).stderr.strip()
    return (f"python {sys.version.split()[0]}, mkdocs {version('mkdocs')}, material {version('mkdocs-material')}, "
            f"weasyprint {version('weasyprint')}, {dot}")


@dataclass(frozen=True)
class Measured:
    """Everything one run of the bench timed."""

    count: int
    rounds: int
    baseline: Lanes
    engines: Lanes
    full: BuildRun
    no_ops: list[BuildRun]
    sites: Lanes
    edits: Edits


def measure(root: Path, count: int, lanes: int, rounds: int) -> Measured:
    """Generate the projects and their baseline inputs, then time everything, side by side in this order."""
    repo = sample_repo(root / "repo", count)
    projects = prepare_all(repo, root / "work", lanes)
    dist = root / "dist"
    baseline = run_lanes([list(p.commands) for p in projects], lanes)
    engines = run_in_process([list(p.commands) for p in projects], lanes)
    shutil.rmtree(repo.root / ".cache", ignore_errors=True)  # the full build starts cold, as on a fresh checkout
    full = run_build(repo, dist, "--force")
    no_ops = [run_build(repo, dist) for _ in range(rounds)]
    sites = run_lanes([[p.owner_site] for p in projects], lanes)
    return Measured(count, rounds, baseline, engines, full, no_ops, sites, edit_rounds(repo, dist, rounds))


def report(m: Measured) -> None:
    """Print the times, what each rebuild did, and the ratios against their targets."""
    no_op, not_skipped = best(m.no_ops), sorted({s for run in m.no_ops for s in wrong_status(run, set())})
    print(time_line(f"full build, {m.count} projects (--force)", m.full.seconds,
                    f"in the workers: {m.full.breakdown()}"))
    print(time_line("one process per output (baseline)", m.baseline.seconds, m.baseline.breakdown()))
    print(time_line("the same, engines called in warm processes", m.engines.seconds, m.engines.breakdown()))
    print(time_line(f"bare mkdocs build of {m.count} owner sites", m.sites.seconds))
    print(time_line(f"no-op rebuild (best of {m.rounds})", no_op.seconds,
                    f"NOT SKIPPED: {', '.join(not_skipped)}" if not_skipped else "every project unchanged"))
    print(time_line(f"edit one project, rebuild all (best of {m.rounds})", m.edits.edit.seconds,
                    f"WRONG STATUS: {', '.join(m.edits.wrong)}" if m.edits.wrong else "only that project built"))
    print(time_line(f"build that project alone --force (best of {m.rounds})", m.edits.alone.seconds))
    print(ratio_line("full build / one process per output", m.full.seconds / m.baseline.seconds, FULL_TARGET))
    print(ratio_line("engines in warm processes / one per output", m.engines.seconds / m.baseline.seconds, None)
          + "  the engines' own work on these documents")
    print(ratio_line("full build / bare mkdocs loop", m.full.seconds / m.sites.seconds, None))
    print(ratio_line("no-op rebuild / full build", no_op.seconds / m.full.seconds, NO_OP_TARGET))
    print(ratio_line("edit rebuild / that project alone", m.edits.edit.seconds / m.edits.alone.seconds, EDIT_TARGET))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20, help="projects to generate (default 20)")
    parser.add_argument("--quick", action="store_true", help="4 projects, 1 round: a check that the bench runs")
    parser.add_argument("--lanes", type=int, default=len(os.sched_getaffinity(0)),
                        help="baseline projects at a time (default: one per core, like the build)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the no-op and edit rebuilds (best of)")
    args = parser.parse_args()
    count, rounds = (4, 1) if args.quick else (args.projects, args.rounds)
    print(f"nproc {len(os.sched_getaffinity(0))}, projects {count} (outputs {', '.join(COMPARED)}), "
          f"baseline lanes {args.lanes}, rounds {rounds}; {tool_versions()}", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temp:
        report(measure(Path(temp), count, args.lanes, rounds))
    print(f"bench took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
