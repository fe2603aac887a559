"""Print the notices' batch speed and memory: seconds per notice, speed-up, peak memory 500 vs 5,000 units.

    .venv/bin/python bench/notices.py [--units 2000] [--sample 20] [--memory 500,5000]

In one run: N generated units rendered the way the build does (laid out in
chunks, each chunk in a forked child, cut at PDF level), first on one core,
then on every core as `build` does for a project built alone, against a
sample of notices rendered one document each, in this process, one after
another (target: at least 5x faster per notice; both ratios are printed, the
target is checked on the build's own way). It also prints WeasyPrint's own
time per notice in a 200-notice document, the part no batching removes, and
so the ceiling of the one-core speed-up. Then, in fresh processes so each
peak is its own, the peak memory of rendering 500 and 5,000 units on every
core: the process's own peak plus its largest chunk process's peak once per
core (an upper bound: pages a chunk shares with its parent count twice)
(target: 5,000 at most 1.3x of 500). The full default run takes several
minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handbook.engines.collector import collector_paused  # noqa: E402
from handbook.engines.forked import set_cores  # noqa: E402
from handbook.engines.pdf import layout_document, render_pdf  # noqa: E402
from handbook.i18n.edition import Edition  # noqa: E402
from handbook.i18n.languages import LANGUAGES  # noqa: E402
from handbook.i18n.messages import catalogue  # noqa: E402
from handbook.outputs.base import RenderContext  # noqa: E402
from handbook.outputs.notices import Notices, notices_document, ordered_notices  # noqa: E402
from handbook.repo import Repo  # noqa: E402
from handbook.source.projects import ProjectSource, load_project  # noqa: E402
from handbook.source.units import load_units  # noqa: E402

CORES = os.cpu_count() or 1
COLUMNS = ["unit", "phase", "area_m2", "property_type", "household_type", "owner_name", "move_in_date",
           "appointment", "proxy", "parking", "parking_type", "extra_cards", "refuses_prepayment"]


def project_with_units(work: Path, count: int) -> ProjectSource:
    """Return a copy of lotus-garden whose unit list has count invented units."""
    folder = work / "lotus-garden"
    shutil.copytree(ROOT / "projects/lotus-garden", folder)
    rng = random.Random(count)
    with open(folder / "units.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for i in range(count):
            day = dt.date(2027, 3, 6) + dt.timedelta(days=i % 15)
            parking = rng.choice(["none", "none", "bought", "rented"])
            writer.writerow([f"{i // 100 + 1}-{i:05d}", "phase-1", rng.choice(["88.88", "72.30", "118.60"]),
                             "residential", rng.choice(["family", "company"]), f"业主{i}", day.isoformat(),
                             f"{day.isoformat()} {9 + i % 8:02d}:00", rng.choice(["yes", "no"]), parking,
                             "" if parking == "none" else "standard", rng.choice([0, 1]), rng.choice(["no", "yes"])])
    return ProjectSource("lotus-garden", folder)


def context(source: ProjectSource, out: Path) -> RenderContext:
    loaded = load_project(source)
    language = LANGUAGES["zh-CN"]
    return RenderContext(loaded.project, Edition(language, True, catalogue("zh-CN"), language), source,
                         loaded.revision, Repo(ROOT), out, out / "scratch",
                         units=load_units(loaded.project, source.folder))


def batch_seconds(source: ProjectSource, out: Path) -> float:
    ctx = context(source, out)
    start = time.perf_counter()
    Notices().render(ctx)
    seconds = time.perf_counter() - start
    # A render that wrote nothing measures nothing: say so rather than print a speed-up.
    pages = len(list((out / "notices").glob("*.pdf"))) - 1
    if pages != len(ctx.units.units):
        raise SystemExit(f"the notices render wrote {pages} notices for {len(ctx.units.units)} units")
    return seconds


def one_document_each_seconds(source: ProjectSource, sample: int) -> float:
    ctx = context(source, Path(tempfile.mkdtemp(prefix="bench-one-")))
    editions = {ctx.edition.tag: (ctx.edition, ctx.project)}
    notices = ordered_notices(ctx, load_units(ctx.project, source.folder), editions)[:sample]
    start = time.perf_counter()
    for notice in notices:
        html = notices_document(ctx, [notice]).html
        render_pdf(html, source.folder, [source.folder, ROOT / "templates"], variant=None)
    return time.perf_counter() - start


def engine_seconds_per_notice(source: ProjectSource, count: int) -> float:
    """Return WeasyPrint's own time per notice, count notices (at most) laid out and written as one document.

    This is work no batching removes: a notice rendered alone pays it too.
    The one-core speed-up cannot exceed (one document each) / (this per notice).
    """
    ctx = context(source, Path(tempfile.mkdtemp(prefix="bench-engine-")))
    editions = {ctx.edition.tag: (ctx.edition, ctx.project)}
    notices = ordered_notices(ctx, load_units(ctx.project, source.folder), editions)[:count]
    html = notices_document(ctx, notices).html
    with collector_paused():
        start = time.perf_counter()
        layout_document(html, source.folder, [source.folder, ROOT / "templates"]).write_pdf()
        return (time.perf_counter() - start) / len(notices)


def peak_memory_mb(count: int) -> float:
    """Return the peak resident memory of a fresh process rendering count notices."""
    result = subprocess.run([sys.executable, __file__, "--child", str(count)], capture_output=True, text=True,
                            check=True)
    return float(result.stdout.strip().splitlines()[-1])


def child(count: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-notices-"))
    try:
        set_cores(CORES)
        batch_seconds(project_with_units(work, count), work / "out")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        chunk = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print((own + CORES * chunk) / 1024)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--memory", default="500,5000")
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    work = Path(tempfile.mkdtemp(prefix="bench-notices-"))
    try:
        source = project_with_units(work, args.units)
        one_document_each_seconds(source, 2)  # warm-up: fonts and templates loaded once
        one_core = batch_seconds(source, work / "out") / args.units
        set_cores(CORES)
        all_cores = batch_seconds(source, work / "out-all") / args.units
        set_cores(1)
        single = one_document_each_seconds(source, args.sample) / args.sample
        engine = engine_seconds_per_notice(source, 200)
        print(f"{args.units} notices in chunks, one core: {one_core:.3f} s per notice")
        print(f"{args.units} notices in chunks, {CORES} cores (build, one project): {all_cores:.3f} s per notice")
        print(f"{args.sample} notices one document each: {single:.3f} s per notice")
        print(f"WeasyPrint's own layout and writing, per notice of a {min(200, args.units)}-notice document: "
              f"{engine:.3f} s")
        print(f"speed-up on one core: {single / one_core:.1f}x (reported; at most {single / engine:.1f}x, "
              f"since a notice rendered alone also pays WeasyPrint's own work)")
        flag = "" if single / all_cores >= 5 else "  MISSED"
        print(f"speed-up as built: {single / all_cores:.1f}x (target >= 5x){flag}")
        small, large = (int(n) for n in args.memory.split(","))
        small_mb, large_mb = peak_memory_mb(small), peak_memory_mb(large)
        flag = "" if large_mb <= 1.3 * small_mb else "  MISSED"
        print(f"peak memory: {small} units {small_mb:.0f} MB, {large} units {large_mb:.0f} MB, "
              f"ratio {large_mb / small_mb:.2f} (target <= 1.30){flag}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
