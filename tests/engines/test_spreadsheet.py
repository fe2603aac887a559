"""Tests for handbook.engines.spreadsheet: an .xlsx unit list read as its header and rows with sheet line numbers."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from handbook.engines.spreadsheet import first_sheet_rows


def test_header_and_rows_with_the_line_numbers_the_sheet_shows(tmp_path):
    workbook = Workbook()
    units = workbook.active
    units.append(["unit", "area_m2", "move_in_date"])
    units.append(["1-0403", 72.3, dt.datetime(2027, 3, 8)])
    units.append([])  # a blank line still counts
    units.append(["1-0903", 88.88, "2027-03-15"])
    workbook.create_sheet("notes").append(["not read"])
    workbook.save(tmp_path / "units.xlsx")

    header, rows = first_sheet_rows(tmp_path / "units.xlsx")
    assert header == ["unit", "area_m2", "move_in_date"]
    assert rows == [(2, ["1-0403", 72.3, dt.datetime(2027, 3, 8)]), (3, [None, None, None]),
                    (4, ["1-0903", 88.88, "2027-03-15"])]


def test_a_table_starting_lower_keeps_its_line_numbers(tmp_path):
    workbook = Workbook()
    workbook.active["A3"], workbook.active["A4"] = "unit", "1-0101"
    workbook.save(tmp_path / "units.xlsx")
    header, rows = first_sheet_rows(tmp_path / "units.xlsx")
    assert header == [None]
    assert rows == [(2, [None]), (3, ["unit"]), (4, ["1-0101"])]


def test_an_empty_workbook_has_no_header_and_no_rows(tmp_path):
    Workbook().save(tmp_path / "empty.xlsx")
    assert first_sheet_rows(tmp_path / "empty.xlsx") == ([], [])
