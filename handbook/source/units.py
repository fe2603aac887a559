"""Read a unit list: units.csv (UTF-8, UTF-16, GB18030 or Big5, see unit_files) or units.xlsx in, validated units out.

Developers hand unit lists over in Excel, often saved as CSV on Chinese
Windows (GB18030 in mainland China, Big5 in Hong Kong, Macau and Taiwan);
the encoding is decided by evidence, never guessed silently. Every bad row
is reported with its line and reason (bad number, unknown type, duplicate
unit, impossible date, a move-in date or appointment outside its phase's
move-in window); none is dropped; one bad row fails the project's notices.
The list is personal data: the project file may point at it outside the
repository.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..derive.fees import (
    MONTHLY_FEES,
    PARKING_ONLY,
    UnitFacts,
    applies,
    developer_months,
    fee_items,
    in_scope,
    prepayment,
    unit_monthly_fees,
    unit_phase,
)
from ..derive.packets import appointment_order
from ..engines.spreadsheet import first_sheet_rows
from ..errors import Problem, ProjectInvalid, relative_name
from ..i18n.messages import Catalogue, catalogue
from ..model import Project
from ..model.estate import Phase
from ..model.project import UnitListEncoding
from ..model.units import Unit
from .unit_files import decode_unit_list, private_use_problems
from .validate import _TRANSLATIONS

REQUIRED = ("unit", "area_m2", "property_type", "household_type", "owner_name", "move_in_date")
OPTIONAL = ("building", "floor", "phase", "unit_type", "proxy", "parking", "parking_type", "extra_cards",
            "refuses_prepayment", "options", "appointment", "language")
OPTION_SEPARATORS = re.compile(r"[\s,;，；、]+")
"""Between the ids of an options cell: Excel users type commas, semicolons or the ideographic comma."""
YES = {"yes", "y", "true", "1", "是"}
NO = {"no", "n", "false", "0", "否", ""}
BOOLEAN_COLUMNS = ("proxy", "refuses_prepayment")


@dataclass(frozen=True)
class UnitList:
    path: Path
    units: tuple[Unit, ...]
    lines: tuple[int, ...]  # the file line (or sheet row) of each unit

    phases: tuple[str, ...] = ()  # the project's phase ids

    def facts(self, index: int) -> UnitFacts:
        """Return what the fee engine needs of a unit."""
        return unit_facts(self.units[index], self.phases)

    def by_appointment(self) -> list[int]:
        """Return the units' indices in appointment order (units without one last): the order of the day's work."""
        return sorted(range(len(self.units)), key=lambda index: appointment_order(self.units[index]))


def unit_facts(unit: Unit, phases: tuple[str, ...]) -> UnitFacts:
    """Return a unit as the fee engine sees it; in a one-phase project a unit naming no phase is in that phase."""
    phase = unit.phase or (phases[0] if len(phases) == 1 else None)
    return UnitFacts(area_m2=unit.area_m2, property_type=unit.property_type, move_in_date=unit.move_in_date,
                     phase=phase, parking=unit.parking, parking_type=unit.parking_type,
                     extra_cards=unit.extra_cards, refuses_prepayment=unit.refuses_prepayment,
                     household_type=unit.household_type, options=frozenset(unit.options))


def unit_list_path(project: Project, folder: Path) -> Path | None:
    """Return where the project's unit list is (relative to the project folder or absolute), if it has one."""
    return (folder / project.unit_list) if project.unit_list else None


def load_units(project: Project, folder: Path) -> UnitList | None:
    """Return the project's validated unit list, or None; raise ProjectInvalid listing every bad row."""
    path = unit_list_path(project, folder)
    if path is None:
        return None
    messages = catalogue(project.languages[0])
    name = relative_name(path)
    if not path.is_file():
        raise ProjectInvalid(Problem(name, None, None, "unit_list", messages("error.file_not_found", path=str(path))))
    stat = path.stat()
    rows = _rows(path.resolve(), stat.st_mtime_ns, stat.st_size, tuple(project.languages), project.unit_list_encoding)
    units, lines, problems = [], [], []
    first_line: dict[str, int] = {}
    for line, row in rows:
        unit, row_problems = _unit(row, line, name, project, messages)
        problems += row_problems
        if unit is None:
            continue
        if unit.unit in first_line:
            problems.append(Problem(name, line, None, "unit",
                                    messages("error.duplicate_unit", unit=unit.unit, first=first_line[unit.unit])))
            continue
        first_line[unit.unit] = line
        units.append(unit)
        lines.append(line)
    if problems:
        raise ProjectInvalid(problems)
    return UnitList(path, tuple(units), tuple(lines), tuple(phase.id for phase in project.phases))


@lru_cache(maxsize=8)
def _rows(path: Path, mtime: int, size: int, languages: tuple[str, ...],
          encoding: UnitListEncoding | None) -> tuple[tuple[int, dict[str, str]], ...]:
    """Return the file's rows, read once per version of the file (outputs share one reading)."""
    return tuple(read_rows(path, relative_name(path), catalogue(languages[0]), languages, encoding))


def read_rows(path: Path, name: str, messages: Catalogue, languages: tuple[str, ...] = ("zh-CN",),
              encoding: UnitListEncoding | None = None) -> list[tuple[int, dict[str, str]]]:
    """Return (line, row) for every data row of a CSV or XLSX unit list, with the header and characters checked."""
    if path.suffix.lower() == ".xlsx":
        (header, rows), read_as = first_sheet_rows(path), None
    else:
        header, rows, read_as = _csv_rows(path, name, messages, languages, encoding)
    header = [str(h or "").strip() for h in header]
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column and column not in REQUIRED + OPTIONAL]
    if missing or unknown:
        text = messages("error.unit_columns", missing=", ".join(missing) or "-", unknown=", ".join(unknown) or "-")
        raise ProjectInvalid(Problem(name, 1, None, "", text))
    problems = private_use_problems(header, rows, name, messages, read_as)  # no font prints them
    if problems:
        raise ProjectInvalid(problems)
    return [(line, {h: _cell(v) for h, v in zip(header, values) if h}) for line, values in rows
            if any(_cell(v) for v in values)]


def _cell(value: object) -> str:
    """Return a cell as text: Excel dates and times become ISO text, whole floats lose their .0."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(path: Path, name: str, messages: Catalogue, languages: tuple[str, ...],
              encoding: UnitListEncoding | None) -> tuple[list[str], list[tuple[int, list[str]]], UnitListEncoding]:
    """Return the header, the (line, values) rows and the encoding the CSV was read in."""
    decoded = decode_unit_list(path.read_bytes(), name, messages, languages, encoding)
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=decoded.delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ProjectInvalid(Problem(name, 1, None, "", messages("error.empty_file"))) from None
    return header, [(reader.line_num, row) for row in reader], decoded.encoding


def _unit(row: dict[str, str], line: int, name: str, project: Project,
          messages: Catalogue) -> tuple[Unit | None, list[Problem]]:
    data: dict[str, object] = {key: value for key, value in row.items() if value != ""}
    problems = []
    for column in BOOLEAN_COLUMNS:
        if column in row:
            value = row[column].strip().lower()
            if value in YES or value in NO:
                data[column] = value in YES
            else:
                problems.append(Problem(name, line, None, column, messages("error.unit_yes_no", value=row[column])))
                data.pop(column, None)
    if "options" in data:
        data["options"] = tuple(OPTION_SEPARATORS.split(row["options"].strip()))
    try:
        unit = Unit.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            field = ".".join(str(part) for part in error["loc"])
            translate = _TRANSLATIONS.get(error["type"])
            text = messages("error.missing", field=field) if error["type"] == "missing" else \
                translate(error, messages) if translate else messages("error.other", message=error["msg"])
            problems.append(Problem(name, line, None, field, text))
        return None, problems
    found = _household_fields(unit, messages) + _references(unit, project, messages)
    if not found:  # fee scopes read the unit's references, which must exist
        found += _fee_scope(unit, project, messages)
    if not any(field == "phase" for field, _ in found):  # a unit naming an unknown phase has no window to check
        found += _dates(unit, project, messages)
    problems += [Problem(name, line, None, field, text) for field, text in found]
    return (None if problems else unit), problems


def _household_fields(unit: Unit, messages: Catalogue) -> list[tuple[str, str]]:
    """Return what a unit's household type needs and lacks: an area and a property type, or, alone, a space."""
    if unit.household_type != PARKING_ONLY:
        return [(field, messages("error.missing", field=field)) for field in ("area_m2", "property_type")
                if getattr(unit, field) is None]
    found = []
    if unit.property_type is not None:
        found.append(("property_type", messages("error.parking_only_property_type", value=unit.property_type)))
    if unit.parking == "none":
        found.append(("parking", messages("error.parking_only_without_space")))
    return found


def _fee_scope(unit: Unit, project: Project, messages: Catalogue) -> list[tuple[str, str]]:
    """Return what keeps the fee engine from pricing a unit as the editor meant: options, refusal, area, phase."""
    facts = unit_facts(unit, tuple(phase.id for phase in project.phases))
    items = [item for _, item in fee_items(project.fees)]
    optional = {item.id: item for item in items if item.optional}
    found = []
    for option in unit.options:
        if option not in optional:
            found.append(("options", messages("error.unknown_option", value=option,
                                              known=", ".join(optional) or "-")))
        elif not in_scope(optional[option], facts):
            found.append(("options", messages("error.option_not_for_unit", value=option,
                                              household=unit.household_type)))
    fees = unit_monthly_fees(facts)
    if unit.refuses_prepayment and not any(prepayment(project.fees, fee).refusable for fee in fees):
        found.append(("refuses_prepayment", messages("error.prepayment_not_refusable", fees=", ".join(fees))))
    for item in items:
        if item.basis == "per_m2" and unit.area_m2 is None and applies(item, facts):
            found.append(("area_m2", messages("error.unit_area_needed", item=item.id)))
    if facts.phase is None and _fees_differ_by_phase(project):
        found.append(("phase", messages("error.unit_phase_needed", known=", ".join(p.id for p in project.phases))))
    return found


def _fees_differ_by_phase(project: Project) -> bool:
    """Return whether a unit's fees depend on its phase: a fee item scoped to phases, or a phase's developer months."""
    return any(item.phases for _, item in fee_items(project.fees)) or any(
        developer_months(project, phase.id, fee) != developer_months(project, None, fee)
        for phase in project.phases for fee in MONTHLY_FEES)


def _references(unit: Unit, project: Project, messages: Catalogue) -> list[tuple[str, str]]:
    """Return the unit's references to project data that do not exist."""
    def unknown(field: str, value: str, known: list[str], what: str) -> tuple[str, str]:
        return field, messages("error.unknown_ref", what=messages(what), value=value, known=", ".join(known) or "-")

    found = []
    types = [rate.property_type for rate in project.fees.management]
    if unit.property_type is not None and unit.property_type not in types:
        found.append(unknown("property_type", unit.property_type, types, "ref.property_type"))
    phases = [phase.id for phase in project.phases]
    if unit.phase and unit.phase not in phases:
        found.append(unknown("phase", unit.phase, phases, "ref.phase"))
    unit_types = [t.id for t in project.unit_types]
    if unit.unit_type and unit.unit_type not in unit_types:
        found.append(unknown("unit_type", unit.unit_type, unit_types, "ref.unit_type"))
    if unit.parking != "none":
        spaces = [fee.space_type for fee in project.fees.parking if fee.tenure == unit.parking]
        if unit.parking_type not in spaces:
            found.append(unknown("parking_type", unit.parking_type or "", spaces, "ref.space_type"))
    if unit.language and unit.language not in project.languages:
        found.append(("language", messages("error.choice", choices=messages("punct.list").join(project.languages),
                                           found=unit.language)))
    return found


def _dates(unit: Unit, project: Project, messages: Catalogue) -> list[tuple[str, str]]:
    """Return the unit's move-in date and appointment that fall outside its phase's move-in window."""
    phases = unit_phases(project, unit)
    groups = _by_window(phases)
    if len(groups) > 1 and not _in_window(unit.move_in_date, phases):
        # No phase given and no window holds the move-in date: which window it is late for is anyone's guess.
        windows = messages("punct.list").join(_window_text(group, messages) for group in groups)
        return [(field, messages("error.date_in_no_window", date=day.isoformat(), windows=windows))
                for field, day in _unit_days(unit) if not _in_window(day, phases)]
    window = unit_window_phase(project, unit).move_in
    group = next(group for group in groups if group[0].move_in == window)
    late_allowed = project.late_move_ins == "allowed"
    return [(field, text) for field, day in _unit_days(unit)
            if (text := _outside(day, group, late_allowed, messages))]


def _unit_days(unit: Unit) -> list[tuple[str, dt.date]]:
    """Return the unit's dates with their columns: the move-in date, and the appointment's day if it has one."""
    days = [("move_in_date", unit.move_in_date)]
    return days + ([("appointment", unit.appointment.date())] if unit.appointment else [])


def _in_window(day: dt.date, phases: list[Phase]) -> bool:
    return any(phase.move_in.start <= day <= phase.move_in.end for phase in phases)


def _by_window(phases: list[Phase]) -> list[list[Phase]]:
    """Return the phases grouped by their move-in window, in the project's order (phases sharing one count once)."""
    groups: list[list[Phase]] = []
    for phase in phases:
        group = next((group for group in groups if group[0].move_in == phase.move_in), None)
        if group is None:
            groups.append([phase])
        else:
            group.append(phase)
    return groups


def _outside(day: dt.date, group: list[Phase], late_allowed: bool, messages: Catalogue) -> str | None:
    """Return why a day is outside the phases' shared window, or None when it is in it (or an allowed late day)."""
    window = group[0].move_in
    params = {"date": day.isoformat(), "window": _window_text(group, messages)}
    if day < window.start:  # before handover: never a late move-in, always a wrong date or phase
        return messages("error.date_before_window", **params)
    if day > window.end and not late_allowed:
        return messages("error.date_after_window", **params)
    return None


def _window_text(group: list[Phase], messages: Catalogue) -> str:
    """Return a window with the phases that share it, e.g. phase-1 2027-03-06 to 2027-03-21 (ISO dates)."""
    window = group[0].move_in
    return messages("error.phase_window", phase=messages("punct.list").join(phase.id for phase in group),
                    start=window.start.isoformat(), end=window.end.isoformat())


def unit_phases(project: Project, unit: Unit) -> list[Phase]:
    """Return the phases whose windows a unit's dates may fall in: its own phase, else every phase.

    The phase is the one the fee engine bills by (fees.unit_phase): a unit naming
    none is never assigned one by guessing; a one-phase project has only one window.
    """
    phase = unit_phase(project, unit.phase)
    return [phase] if phase else list(project.phases)


def unit_window_phase(project: Project, unit: Unit) -> Phase:
    """Return the phase whose window a unit moves in by: its own, the only one, or the one holding its move-in date."""
    phases = unit_phases(project, unit)
    return next((phase for phase in phases if _in_window(unit.move_in_date, [phase])), phases[0])


def is_late(project: Project, unit: Unit) -> bool:
    """Return whether a unit moves in, or is booked, after its phase's window (only with late_move_ins: allowed)."""
    end = unit_window_phase(project, unit).move_in.end
    return any(day > end for _, day in _unit_days(unit))
