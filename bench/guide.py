"""Print the move-in guide's render time per page and file size, per sample and for a 16+ page guide.

    .venv/bin/python bench/guide.py [ROUNDS]

The 16+ page guide is lotus-garden with its decoration rules repeated until
the guide passes 16 pages, so the size target (under 700 KB) is checked on a
real document of that length. Times are the best of ROUNDS renders in one
process (fonts warm), since these machines are shared and noisy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handbook.derive.public_view import public_view  # noqa: E402
from handbook.i18n.edition import Edition  # noqa: E402
from handbook.i18n.languages import LANGUAGES  # noqa: E402
from handbook.i18n.messages import catalogue  # noqa: E402
from handbook.outputs.base import RenderContext  # noqa: E402
from handbook.outputs.guide import Guide, guide_file_name  # noqa: E402
from handbook.repo import Repo  # noqa: E402
from handbook.source.projects import ProjectSource, load_project  # noqa: E402

TARGET_KB = 700


def render(repo: Repo, source: ProjectSource, out: Path) -> Path:
    loaded = load_project(source)
    tag = loaded.project.languages[0]
    ctx = RenderContext(public_view(loaded.project), Edition(LANGUAGES[tag], True, catalogue(tag)),
                        source, loaded.revision, repo, out, out / "scratch")
    Guide().render(ctx)
    return ctx.downloads / guide_file_name(tag)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def long_variant(work: Path) -> ProjectSource:
    """Return a copy of lotus-garden padded to more than 16 pages."""
    folder = work / "projects" / "long-guide"
    shutil.copytree(ROOT / "projects" / "lotus-garden", folder)
    data = yaml.safe_load((folder / "project.yml").read_text(encoding="utf-8"))
    data["decoration"]["rules"] = data["decoration"]["rules"] * 6
    data["decoration"]["uniform_styles"] = data["decoration"]["uniform_styles"] * 4
    (folder / "project.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return ProjectSource("long-guide", folder)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    repo = Repo(ROOT)
    work = Path(tempfile.mkdtemp(prefix="bench-guide-"))
    try:
        sources = [ProjectSource(slug, ROOT / "projects" / slug) for slug in ("lotus-garden", "harbour-centre")]
        sources.append(long_variant(work))
        print(f"rounds {rounds} (best of), fonts warm after the first render")
        print(f"{'guide':<16}{'pages':>6}{'s/guide':>9}{'s/page':>8}{'KB':>7}{'KB/page':>9}")
        for source in sources:
            times, pdf = [], None
            for round_number in range(rounds + 1):
                out = work / f"out-{source.slug}-{round_number}"
                start = time.perf_counter()
                pdf = render(repo, source, out)
                if round_number:  # the first render loads fonts: warm-up
                    times.append(time.perf_counter() - start)
            count, size_kb = pages(pdf), pdf.stat().st_size / 1024
            flag = "" if count < 16 or size_kb < TARGET_KB else "  MISSED"
            target = f"  (target: {count} pages < {TARGET_KB} KB){flag}" if count >= 16 else ""
            print(f"{source.slug:<16}{count:>6}{min(times):>9.2f}{min(times) / count:>8.3f}"
                  f"{size_kb:>7.0f}{size_kb / count:>9.1f}{target}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
