"""Print the display boards' render time: seconds per project's set and per board, shared against separate renders.

    .venv/bin/python bench/boards.py [ROUNDS]

"output" is the whole output as the build runs it, PNG previews and file
writes included. "shared" is its PDF part: the boards of a project laid out
as one document per colour mode (one font subsetting pass), checked, written
and split into one PDF per board. "alone" renders each board as its own
document instead (a subsetting pass per board), to show what sharing saves. "preview" is the PNG renders (1x, 2x) of
one board (pypdfium2, in process). Times are the best of ROUNDS runs in one
process after a warm-up run (fonts and the flowchart cache warm), since these
machines are shared and noisy.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handbook.derive.boards import project_boards  # noqa: E402
from handbook.derive.public_view import public_view  # noqa: E402
from handbook.engines.pdf import preview_pngs, split_pages  # noqa: E402
from handbook.i18n.edition import Edition  # noqa: E402
from handbook.i18n.languages import LANGUAGES  # noqa: E402
from handbook.i18n.messages import catalogue  # noqa: E402
from handbook.outputs.base import RenderContext  # noqa: E402
from handbook.outputs.boards import Boards, board_view, print_boards, with_charts  # noqa: E402
from handbook.outputs.downloads import PREVIEW_WIDTHS  # noqa: E402
from handbook.repo import Repo  # noqa: E402
from handbook.source.projects import ProjectSource, load_project  # noqa: E402


def context(repo: Repo, slug: str, out: Path) -> RenderContext:
    loaded = load_project(ProjectSource(slug, ROOT / "projects" / slug))
    tag = loaded.project.languages[0]
    return RenderContext(public_view(loaded.project), Edition(LANGUAGES[tag], True, catalogue(tag)),
                         loaded.source, loaded.revision, repo, out, out / "scratch")


def best(rounds: int, run: Callable[[], object]) -> float:
    """Return the best time of rounds runs, after one warm-up run."""
    run()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    repo = Repo(ROOT)
    work = Path(tempfile.mkdtemp(prefix="bench-boards-"))
    try:
        print(f"rounds {rounds} (best of), after a warm-up run")
        print(f"{'project':<16}{'boards':>7}{'output s/set':>14}{'s/board':>9}{'shared s/set':>14}{'s/board':>9}"
              f"{'alone s/set':>13}{'s/board':>9}{'preview s':>11}{'KB/board':>10}")
        for slug in ("lotus-garden", "harbour-centre"):
            ctx = context(repo, slug, work / slug)
            boards = with_charts(ctx, [board_view(ctx, board) for board in project_boards(ctx.project)])
            output = best(rounds, lambda: Boards().render(ctx))
            shared = best(rounds, lambda: split_pages(print_boards(ctx, boards)))
            alone = best(rounds, lambda: [split_pages(print_boards(ctx, [board])) for board in boards])
            pdfs = sorted((ctx.downloads / "boards").glob("*.pdf"))
            preview = best(rounds, lambda: preview_pngs(pdfs[0].read_bytes(), PREVIEW_WIDTHS))
            size_kb = sum(pdf.stat().st_size for pdf in pdfs) / len(pdfs) / 1024
            count = len(boards)
            print(f"{slug:<16}{count:>7}{output:>14.2f}{output / count:>9.2f}{shared:>14.2f}{shared / count:>9.2f}"
                  f"{alone:>13.2f}{alone / count:>9.2f}{preview:>11.2f}{size_kb:>10.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
