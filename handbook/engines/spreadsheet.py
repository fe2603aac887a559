"""Read a spreadsheet with openpyxl: an .xlsx file in, its first sheet's header and numbered rows out."""

from __future__ import annotations

from pathlib import Path


def first_sheet_rows(path: Path) -> tuple[list[str], list[tuple[int, list[object]]]]:
    """Return the first sheet's header row and every other row with its line number (as the sheet shows it)."""
    from openpyxl import (
        load_workbook,  # only unit lists kept as .xlsx need it: imported on first use
    )

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = list(next(rows, []))
        return header, [(number, list(values)) for number, values in enumerate(rows, start=2)]
    finally:
        workbook.close()
