"""How a build reports itself: a live display on a terminal, one plain line per event elsewhere (CI)."""

from __future__ import annotations

import sys
from typing import Callable

from rich.console import Console
from rich.table import Table

from ..i18n.messages import Catalogue
from ..run.pipeline import BuildReport


def event_log(interactive: bool) -> Callable[[str], None]:
    """Return where build events go: plain lines for logs and CI; nothing on a terminal (the table follows)."""
    if interactive:
        console = Console(stderr=True)
        return lambda line: console.print(f"[dim]{line}[/dim]", highlight=False)
    return lambda line: print(line, flush=True)


def closing_table(report: BuildReport, interactive: bool, messages: Catalogue) -> None:
    """Print one row per project: outputs built, skipped, failed, and seconds per output, in the user's language."""
    def names(outputs: list[str]) -> str:
        return messages("punct.list").join(messages(f"output.{name}") for name in outputs) or "-"

    rows = []
    for result in report.results:
        seconds = messages("punct.list").join(messages("cli.seconds", output=messages(f"output.{name}"),
                                                       seconds=f"{value:.1f}")
                                              for name, value in sorted(result.seconds.items()))
        status = "failed" if result.error else ("built" if result.built else "unchanged")
        rows.append((result.slug, messages(f"cli.status.{status}"), names(result.built), names(result.skipped),
                     seconds or "-"))
    headers = tuple(messages(f"cli.column.{column}") for column in ("project", "status", "built", "skipped", "seconds"))
    if interactive:
        table = Table(*headers)
        for result, row in zip(report.results, rows):
            table.add_row(*row, style="red" if result.error else None)
        Console().print(table)
        return
    for row in rows:
        print("  ".join(f"{h}={v}" for h, v in zip(headers, row)))


def is_interactive() -> bool:
    return sys.stdout.isatty()
