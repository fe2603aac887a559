"""Print the owner-site build time per project in-process next to a `mkdocs build` subprocess loop, in one run.

    .venv/bin/python bench/site_build.py [--projects N] [--rounds R]

The sample projects are copied (with varied slugs and names) into a throwaway
repository until there are N sites, and each is rendered once by the real site
output, which leaves its docs folder and generated mkdocs.yml in a scratch
folder. Those builds also warm this process up and are not counted. Each round
then builds every generated config twice, alternating which method goes
first: in this process with build_site (as handbook does), and as a user would
script it, `mkdocs build -q -f <config>` in a subprocess. Only the MkDocs
build is timed, not page rendering or handbook's post-processing. It is a
report: it exits 0 whatever the ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handbook.derive.public_view import public_view  # noqa: E402
from handbook.engines.mkdocs_site import build_site  # noqa: E402
from handbook.outputs import OUTPUTS  # noqa: E402
from handbook.outputs.base import RenderContext  # noqa: E402
from handbook.outputs.content_site import epoch  # noqa: E402
from handbook.repo import Repo  # noqa: E402
from handbook.run.gather import project_editions  # noqa: E402
from handbook.source.editions import edition_project  # noqa: E402
from handbook.source.projects import discover, load_project  # noqa: E402

TARGET = 0.40
MKDOCS = Path(sys.executable).with_name("mkdocs")
NAME_LINE = re.compile(r"^name: *(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class GeneratedSite:
    """One site's generated config, as the site output wrote it."""

    label: str
    config: Path
    epoch: int


def sample_repo(repo: Repo, root: Path, count: int) -> Repo:
    """Return a repository at root sharing repo's content and templates, with count copies of its projects."""
    root.mkdir(parents=True)
    for shared in (repo.content, repo.templates, repo.mkdocs_yml, repo.schema):
        (root / shared.name).symlink_to(shared)
    samples = discover(repo.projects)
    for index in range(count):
        sample, copy = samples[index % len(samples)], index // len(samples)
        slug = sample.slug if copy == 0 else f"{sample.slug}-{copy + 1}"
        shutil.copytree(sample.folder, root / "projects" / slug)
        if copy:
            rename(root / "projects" / slug / sample.data_file.name, copy + 1)
    return Repo(root)


def rename(data_file: Path, number: int) -> None:
    """Append a number to the project's name, so each copy is a different site."""
    text = data_file.read_text(encoding="utf-8")
    data_file.write_text(NAME_LINE.sub(rf"name: \1 {number}", text, count=1), encoding="utf-8")


def generate_sites(repo: Repo, work: Path) -> list[GeneratedSite]:
    """Render every project's site once with the real site output; return the configs it generated."""
    site = OUTPUTS["site"]
    generated = []
    for source in discover(repo.projects):
        loaded = load_project(source)
        for edition in project_editions(loaded, repo):
            scratch = work / source.slug / edition.tag / "scratch"
            out = work / source.slug / edition.tag / "public"
            out.mkdir(parents=True)
            site.render(RenderContext(edition_project(public_view(loaded.project), edition), edition, source, loaded.revision,
                                      repo, out, scratch))
            (config,) = scratch.rglob("mkdocs.yml")
            generated.append(GeneratedSite(f"{source.slug} ({edition.tag})", config, epoch(loaded.revision)))
    return generated


def in_process(site: GeneratedSite, site_dir: Path) -> None:
    """Build a generated config in this process with build_site, into site_dir."""
    config = yaml.safe_load(site.config.read_text(encoding="utf-8"))
    base = Path(config.pop("INHERIT"))
    config["site_dir"] = str(site_dir)
    # A sibling file: the generated mkdocs.yml stays as written for the subprocess to read.
    build_site(base, config, site.config.with_name("mkdocs.inprocess.yml"), site.epoch)


def in_subprocess(site: GeneratedSite, site_dir: Path) -> None:
    """Build a generated config with `mkdocs build` in a new process, into site_dir."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(site.epoch)}
    result = subprocess.run([str(MKDOCS), "build", "-q", "-f", str(site.config), "-d", str(site_dir)],
                            env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"mkdocs build failed for {site.label}:\n{result.stderr}")


def timed(work, *args) -> float:
    """Return how long one call took, in seconds."""
    start = time.perf_counter()
    work(*args)
    return time.perf_counter() - start


def measure(sites: list[GeneratedSite], rounds: int, out: Path) -> dict[str, list[list[float]]]:
    """Return each method's times per round per site, alternating which method goes first."""
    methods = {"in-process": in_process, "subprocess": in_subprocess}
    times: dict[str, list[list[float]]] = {name: [] for name in methods}
    for round_ in range(rounds):
        order = list(methods) if round_ % 2 == 0 else list(reversed(methods))
        for name in methods:
            times[name].append([])
        for index, site in enumerate(sites):
            for name in order:
                site_dir = out / name / str(index)
                times[name][-1].append(timed(methods[name], site, site_dir))
    return times


def ratio_line(label: str, inside: float, outside: float) -> str:
    """Return a total line with the ratio against the target, flagged when missed."""
    ratio = inside / outside
    flag = "  MISSED" if ratio > TARGET else ""
    return f"{label:<30}{inside:>14.2f}{outside:>14.2f}{ratio:>8.2f}  (target <= {TARGET:.2f}){flag}"


def report(sites: list[GeneratedSite], times: dict[str, list[list[float]]], rounds: int) -> None:
    """Print per-site best times, the best and median round totals, and their ratios."""
    inside, outside = times["in-process"], times["subprocess"]
    print(f"nproc {len(os.sched_getaffinity(0))}, rounds {rounds}, sites {len(sites)}; "
          f"python {sys.version.split()[0]}, {MKDOCS}")
    print("each site was built once in this process before timing (warm-up, not counted)")
    print(f"{'site':<30}{'in-process s':>14}{'subprocess s':>14}{'ratio':>8}")
    for index, site in enumerate(sites):
        best_in = min(round_[index] for round_ in inside)
        best_out = min(round_[index] for round_ in outside)
        print(f"{site.label:<30}{best_in:>14.2f}{best_out:>14.2f}{best_in / best_out:>8.2f}")
    totals_in, totals_out = [sum(r) for r in inside], [sum(r) for r in outside]
    print(ratio_line("total, best round", min(totals_in), min(totals_out)))
    print(ratio_line("total, median round", statistics.median(totals_in), statistics.median(totals_out)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10, help="sites to build, copied from the samples")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of both methods")
    args = parser.parse_args()
    repo = Repo(Path(__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temp:
        root = Path(temp)
        sites = generate_sites(sample_repo(repo, root / "repo", args.projects), root / "work")
        report(sites, measure(sites, args.rounds, root / "out"), args.rounds)


if __name__ == "__main__":
    main()
