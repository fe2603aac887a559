"""Print per-unit paperwork at estate scale: the new renderer against the reference, full and one-unit rebuilds, memory.

    .venv/bin/python bench/units_scale.py [--quick]

lotus-garden is built with a generated unit list (tests/unit_lists.py: the
sample's mix, with its long names and unit numbers) of 300 and 1,200 units,
`build.py build lotus-garden --only notices,forms,operations`, in a
subprocess as a user runs it, from a copy of the working tree taken at the
start (uncommitted edits to the package are measured; edits made while the
bench runs are not). In one run, in this order:

- the new (default) renderer at 300 units, then at 1,200, then the
  reference renderer (`--renderer whole`) at 1,200 (the size the speed
  target is set at; it takes about ten minutes): wall time, ms per page,
  ms per unit, peak memory;
- one owner's name changed in the 1,200 list and the build run again
  without --force, then changed again and rebuilt with `--unit` that unit;
- the ratios, each printed beside its target with PASS or MISS.

Until the build has --renderer (or --unit), the bench says so and runs the
default in its place (or skips that rebuild).

Per page: the build's wall time over the distinct pages it lays out, those
of every PDF under notices/ and forms/ except the combined files
(notices/notices.pdf, forms/days/*-packets.pdf, forms/blank/all.pdf), whose
pages are copies of pages counted already, cut and joined at PDF level: a
page counts once however many files print it, and each of the two renderers
is charged for the same pages. The wall time includes start-up and the
operations sheets (both renderers pay them alike, so they only lower the
ratio); the ratio uses seconds per page, which the page counts of the two
renderers, printed side by side, show to be the same.

Peak memory: each build runs under a fresh intermediate Python process that
waits for it and prints getrusage(RUSAGE_CHILDREN).ru_maxrss: on Linux the
peak resident memory of the largest single process of the build's tree (the
build, its workers, the chunk processes they fork and wait for), not a sum.
A fresh process per build, as the figure is a maximum over every child ever
waited for: the bench's own would mix in earlier builds. /usr/bin/time -v
reports the same figure but is not among the system packages the repository
installs. The largest process is what grows if a renderer keeps every unit
in memory; a sum would count the pages forked processes share with their
parent once per process.

The default run takes about 15 minutes on a 2-core machine, most of it the
reference renderer at 1,200 units; --quick (60 and 240 units) about 6: a
check that the bench runs.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit_lists import write  # noqa: E402

SLUG = "lotus-garden"
OUTPUTS = "notices,forms,operations"
COMBINED = ("notices/notices.pdf", "forms/days/*-packets.pdf", "forms/blank/all.pdf")  # pages counted elsewhere
FULL_TARGET, EDIT_TARGET, MEMORY_TARGET, SPEED_TARGET = 90.0, 5.0, 1.2, 6.0
BUILT = re.compile(r"^project=\S+ +status=\S+ +built=(.*?)  ", re.MULTILINE)  # the closing table's row
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "node_modules", "dist", ".*cache", ".hypothesis", "__pycache__")
# The intermediate process: it waits for the build and prints, last, the wall seconds and the tree's peak (KiB).
TIMED = ("import resource, subprocess, sys, time\n"
         "start = time.perf_counter()\n"
         "code = subprocess.call(sys.argv[1:])\n"
         "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)\n"
         "sys.exit(code)\n")


@dataclass(frozen=True)
class Run:
    """One build as measured from outside."""

    label: str
    units: int
    seconds: float
    peak_mb: float
    pages: int

    def row(self) -> str:
        return (f"{self.label:<40}{self.units:>6}{self.pages:>7}{self.seconds:>9.1f}"
                f"{1000 * self.seconds / self.pages:>10.1f}{1000 * self.seconds / self.units:>10.1f}"
                f"{self.peak_mb:>9.0f}")


def snapshot(root: Path) -> Path:
    """Copy the working tree (not dist, caches, .venv, node_modules) to root: what the builds run."""
    shutil.copytree(ROOT, root, ignore=NOT_COPIED)
    return root


def build(repo: Path, out: Path, *extra: str) -> tuple[float, float, str]:
    """Run the build of lotus-garden's per-unit outputs into out; return its wall seconds, peak MB and what it built.

    A failed build prints the tail of what it said and stops the bench.
    """
    # The closing table in English: its `built=` is read below.
    argv = [sys.executable, str(repo / "build.py"), "--repo", str(repo), "--ui-language", "en", "build", SLUG,
            "--only", OUTPUTS, "--out", str(out), *extra]
    result = subprocess.run([sys.executable, "-c", TIMED, *argv], cwd=repo, capture_output=True, text=True,
                            check=False)
    if result.returncode:
        print(f"{' '.join(argv)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}", file=sys.stderr)
        raise SystemExit(1)
    seconds, peak_kib = result.stdout.split()[-2:]
    built = BUILT.search(result.stdout)
    return float(seconds), int(peak_kib) / 1024, built[1] if built else "?"


def pages(out: Path) -> int:
    """Return the distinct pages of the notices and forms built into out (the combined files left out)."""
    folder = out / "internal" / SLUG
    combined = {path for pattern in COMBINED for path in folder.glob(pattern)}
    return sum(len(PdfReader(pdf).pages) for part in ("notices", "forms") for pdf in (folder / part).rglob("*.pdf")
               if pdf not in combined)


def measured(label: str, repo: Path, out: Path, units: int, *extra: str) -> Run:
    """Build repo's lotus-garden with a generated list of units into out (--force); return the run."""
    write(repo / "projects" / SLUG / "units.csv", units)
    seconds, peak, _ = build(repo, out, "--force", *extra)
    print(f"  {label}, {units} units: {seconds:.0f} s", flush=True)
    return Run(label, units, seconds, peak, pages(out))


def rename_owner(units_csv: Path, name: str) -> str:
    """Give the owner of the list's middle unit a new name; return that unit's number."""
    with units_csv.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = list(reader.fieldnames or []), list(reader)
    row = rows[len(rows) // 2]
    row["owner_name"] = name
    with units_csv.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return row["unit"]


def has_option(repo: Path, option: str) -> bool:
    """Tell whether the snapshot's `build.py build` takes option (flags being added while this bench is new)."""
    result = subprocess.run([sys.executable, str(repo / "build.py"), "build", "--help"], cwd=repo,
                            capture_output=True, text=True, check=True)
    return re.search(rf"{option}\b", result.stdout) is not None


@dataclass(frozen=True)
class Rebuild:
    """A build without --force after one owner's name changed."""

    seconds: float
    built: str  # the outputs the closing table says it built


@dataclass(frozen=True)
class Measured:
    """Everything one run of the bench timed."""

    whole: bool  # the build has --renderer (else the reference is the default again)
    small: Run
    reference: Run
    large: Run
    unit: str  # the unit whose owner was renamed
    edit: Rebuild
    one_unit: Rebuild | None  # the rebuild with --unit; None while the build has no --unit


def measure(work: Path, small: int, large: int) -> Measured:
    """Snapshot the repository into work, then build and rebuild, in the order the docstring gives."""
    repo = snapshot(work / "repo")
    whole = has_option(repo, "--renderer")
    new_small = measured("new renderer", repo, work / "new-small", small)
    new_large = measured("new renderer", repo, work / "new-large", large)
    reference = measured("reference renderer (--renderer whole)", repo, work / "reference", large,
                         "--renderer", "whole") if whole else \
        measured("default again (no --renderer yet)", repo, work / "reference", large)
    write(repo / "projects" / SLUG / "units.csv", large)  # the list the rebuilds change, as new-large was built
    units_csv = repo / "projects" / SLUG / "units.csv"
    unit = rename_owner(units_csv, "司徒改名测试")
    seconds, _, built = build(repo, work / "new-large")
    edit, one_unit = Rebuild(seconds, built), None
    if has_option(repo, "--unit"):
        rename_owner(units_csv, "司徒再改名")
        seconds, _, built = build(repo, work / "new-large", "--unit", unit)
        one_unit = Rebuild(seconds, built)
    return Measured(whole, new_small, reference, new_large, unit, edit, one_unit)


def target_line(label: str, figure: str, target: str, passed: bool) -> str:
    return f"{label:<46}{figure:>10}  (target {target})  {'PASS' if passed else 'MISS'}"


def report(m: Measured) -> None:
    """Print the three builds side by side, then each figure beside its target."""
    print(f"\n{'':<40}{'units':>6}{'pages':>7}{'wall s':>9}{'ms/page':>10}{'ms/unit':>10}{'peak MB':>9}")
    for run in (m.small, m.large, m.reference):
        print(run.row())
    if m.reference.pages != m.large.pages:
        print(f"NOTE: the two renderers made {m.reference.pages} and {m.large.pages} pages of the same list")
    print()
    print(target_line(f"full build, {m.large.units} units", f"{m.large.seconds:.1f} s", f"<= {FULL_TARGET:.0f} s",
                      m.large.seconds <= FULL_TARGET))
    for label, rebuild in ((f"rebuild, one owner's name changed ({m.unit})", m.edit),
                           (f"the same with --unit {m.unit}", m.one_unit)):
        if rebuild is None:
            print(f"{label:<46}{'skipped':>10}  (the build has no --unit yet)")
        else:
            print(target_line(label, f"{rebuild.seconds:.1f} s", f"<= {EDIT_TARGET:.0f} s",
                              rebuild.seconds <= EDIT_TARGET) + f"  built: {rebuild.built}")
    memory = m.large.peak_mb / m.small.peak_mb
    print(target_line(f"peak memory, {m.large.units} / {m.small.units} units", f"{memory:.3f}",
                      f"<= {MEMORY_TARGET:.1f}", memory <= MEMORY_TARGET))
    speed = (m.reference.seconds / m.reference.pages) / (m.large.seconds / m.large.pages)
    print(target_line(f"s/page, reference / new ({m.large.units} units)", f"{speed:.1f}x", f">= {SPEED_TARGET:.0f}x",
                      speed >= SPEED_TARGET) + ("" if m.whole else "  (no --renderer yet: default against default)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="60 and 240 units: a check that the bench runs")
    small, large = (60, 240) if parser.parse_args().quick else (300, 1200)
    print(f"nproc {len(os.sched_getaffinity(0))}, {SLUG} with {small} and {large} units, outputs {OUTPUTS}; "
          f"python {sys.version.split()[0]}, weasyprint {version('weasyprint')}", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-units-") as temp:
        report(measure(Path(temp), small, large))
    print(f"bench took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
