"""Dates that cannot be right are caught: a unit list's dates against the move-in windows, and windows written once.

A move-in date or appointment before its phase's window is refused; one after
it is refused unless the project says `late_move_ins: allowed`, and then the
unit is listed on the operations sheet. The notice prints the move-in date its
billing start comes from. A window written once at the top of project.yml
serves every phase that gives none, and is printed once.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from handbook.commands.cli import main
from handbook.errors import ProjectInvalid
from handbook.model.estate import shared_move_in_window
from handbook.source.projects import ProjectSource, load_project
from handbook.source.units import load_units
from tests.conftest import make_repo, template_text

# The scaffold's one phase, phase-1, moves in from 2027-03-06 to 2027-03-20.
HEADER = "unit,area_m2,property_type,household_type,owner_name,move_in_date,appointment,phase\n"
GOOD = "1-101,88.5,residential,family,张三,2027-03-18,2027-03-18 09:30,phase-1\n"
BEFORE = "1-102,72.3,residential,family,李四,2027-03-01,,phase-1\n"
TYPO_YEAR = "1-103,72.3,residential,family,王五,2028-03-16,2028-03-16 10:00,\n"
EARLY_APPOINTMENT = "1-104,90,residential,family,赵六,2027-03-08,2027-02-20 09:00,phase-1\n"
LATE = "1-105,90,residential,company,某某公司,2027-04-10,2027-04-10 14:00,phase-1\n"
LATE_APPOINTMENT = "1-106,88.5,residential,family,钱七,2027-03-19,2027-03-25 09:30,phase-1\n"
LATE_NO_APPOINTMENT = "1-107,88.5,residential,family,孙八,2027-04-16,,\n"
WINDOW = "2027-03-06 至 2027-03-20"  # how a refusal names the window: ISO dates
PHASE = """    move_in:
      start: 2027-03-06
      end: 2027-03-20
"""


def demo_repo(root: Path, units: str, extra: str = "", text: str | None = None) -> Path:
    """Return a repository holding the scaffold project with a unit list (and extra top-level data)."""
    repo = make_repo(root, {"demo": (text or template_text()) + "unit_list: units.csv\n" + extra})
    write_units(repo, units)
    return repo


def write_units(repo: Path, units: str) -> None:
    (repo / "projects/demo/units.csv").write_text(HEADER + units, encoding="utf-8")


def build(repo: Path, only: str = "notices,operations") -> int:
    return main(["--repo", str(repo), "build", "demo", "--only", only])


def pdf_text(pdf: Path) -> str:
    """Return a PDF's text with all white space removed (Chinese lines break anywhere)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                            check=True)
    return re.sub(r"\s+", "", result.stdout)


def refusals(repo: Path) -> list[str]:
    """Return the unit list's problems as printed, from loading it directly."""
    source = ProjectSource("demo", repo / "projects/demo")
    with pytest.raises(ProjectInvalid) as caught:
        load_units(load_project(source).project, source.folder)
    return [str(problem) for problem in caught.value.problems]


def internal_files(repo: Path) -> dict[str, bytes]:
    folder = repo / "dist/internal/demo"
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


# Refused dates ------------------------------------------------------------------------------------------------


def test_dates_outside_the_window_are_refused_line_by_line_and_the_last_output_is_kept(tmp_path, capsys):
    repo = demo_repo(tmp_path, GOOD)
    assert build(repo) == 0
    before = internal_files(repo)
    assert any(name.endswith(".pdf") for name in before)
    write_units(repo, GOOD + BEFORE + TYPO_YEAR + EARLY_APPOINTMENT + LATE)
    capsys.readouterr()
    assert build(repo) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    expected = [(3, "move_in_date", "2027-03-01", "早于"), (4, "move_in_date", "2028-03-16", "晚于"),
                (4, "appointment", "2028-03-16", "晚于"), (5, "appointment", "2027-02-20", "早于"),
                (6, "move_in_date", "2027-04-10", "晚于"), (6, "appointment", "2027-04-10", "晚于")]
    lines = err.splitlines()
    for line, field, date, says in expected:
        found = [text for text in lines if f"units.csv:{line}: {field}:" in text]
        assert found, (line, field, err)
        assert date in found[0] and says in found[0] and WINDOW in found[0], found[0]
    assert "late_move_ins: allowed" in next(text for text in lines if "units.csv:6: move_in_date:" in text)
    assert not any("units.csv:2:" in text or "units.csv:5: move_in_date:" in text for text in lines)
    assert internal_files(repo) == before


def test_a_date_before_the_window_is_refused_even_when_late_move_ins_are_allowed(tmp_path):
    repo = demo_repo(tmp_path, GOOD + BEFORE + EARLY_APPOINTMENT + LATE, "late_move_ins: allowed\n")
    problems = refusals(repo)
    places = [problem.split(": ")[0:2] for problem in problems]
    assert [(place.rsplit("/", 1)[-1], field) for place, field in places] == [
        ("units.csv:3", "move_in_date"), ("units.csv:4", "appointment")], problems


def test_a_unit_without_a_phase_must_fall_in_some_phases_window(tmp_path):
    text = template_text().replace("households: 100                   #", "households: 150                   #")
    text = text.replace(PHASE, PHASE + """  - id: phase-2
    name: 二期
    households: 50
    move_in:
      start: 2027-09-11
      end: 2027-09-26
""")
    units = ("2-201,88.5,residential,family,甲,2027-09-12,,\n"  # phase-2's window: fine without a phase
             "2-202,88.5,residential,family,乙,2027-06-01,,\n"  # in no window: which one is it late for?
             "2-203,88.5,residential,family,丙,2027-06-01,,phase-1\n")  # late for phase-1: named, so it can be allowed
    repo = demo_repo(tmp_path, units, "late_move_ins: allowed\n", text)
    problems = refusals(repo)
    assert len(problems) == 1 and ":3: move_in_date:" in problems[0], problems
    assert "phase-1 2027-03-06 至 2027-03-20、phase-2 2027-09-11 至 2027-09-26" in problems[0]
    assert "phase 列" in problems[0]


# Allowed late move-ins ----------------------------------------------------------------------------------------


def test_late_units_build_with_the_setting_and_are_listed_on_the_operations_sheet(tmp_path):
    repo = demo_repo(tmp_path, GOOD + LATE + LATE_APPOINTMENT + LATE_NO_APPOINTMENT, "late_move_ins: allowed\n")
    assert build(repo) == 0
    text = pdf_text(repo / "dist/internal/demo/operations/operations.zh-CN.pdf")
    late = text[text.index("延后入伙"):]
    assert "单位入伙截止入伙日期预约时间" in late
    assert "1-1052027年3月20日2027年4月10日2027年4月10日14:00" in late
    assert "1-1062027年3月20日2027年3月19日2027年3月25日09:30" in late
    assert "1-1072027年3月20日2027年4月16日" in late
    assert late.index("1-106") < late.index("1-105") < late.index("1-107")  # by move-in date
    assert "1-101" not in text  # on time: not listed
    notice = pdf_text(repo / "dist/internal/demo/notices/1-107.pdf")
    assert "集中入伙期后办理：请致电服务中心预约" in notice and "请于入伙期间办理" not in notice


def test_without_late_units_the_operations_sheet_has_no_late_section(tmp_path):
    repo = demo_repo(tmp_path, GOOD, "late_move_ins: allowed\n")
    assert build(repo, "operations") == 0
    assert "延后入伙" not in pdf_text(repo / "dist/internal/demo/operations/operations.zh-CN.pdf")


# The notice ---------------------------------------------------------------------------------------------------


def test_a_notice_prints_the_move_in_date_its_billing_start_comes_from(tmp_path):
    repo = demo_repo(tmp_path, GOOD + "1-108,72.3,residential,family,周九,2027-03-08,,phase-1\n")
    assert build(repo, "notices") == 0
    text = pdf_text(repo / "dist/internal/demo/notices/1-101.pdf")
    assert "预约时间2027年3月18日09:30入伙日期2027年3月18日（管理费自2027年4月1日起计）" in text
    text = pdf_text(repo / "dist/internal/demo/notices/1-108.pdf")
    assert "入伙日期2027年3月8日（管理费自2027年3月15日起计）" in text
    assert "请于入伙期间办理（2027年3月6日至2027年3月20日）" in text


# A window written once ----------------------------------------------------------------------------------------

THREE_PHASES = """  - id: phase-1
    name: 一期
    households: 40
  - id: phase-2
    name: 二期
    households: 30
  - id: phase-3
    name: 三期
    households: 30
move_in:
  start: 2027-03-06
  end: 2027-03-20
  hours: "09:00-17:00"
"""


def three_phases(own_window: str = "") -> str:
    """Return the scaffold with three phases sharing one window written once (phase-3 may give its own)."""
    text = template_text()
    start = text.index("  - id: phase-1\n")
    end = start + text[start:].index("venue:\n")
    phases = THREE_PHASES.replace("    households: 30\nmove_in:", "    households: 30\n" + own_window + "move_in:")
    return text[:start] + phases + text[end:]


def test_phases_inherit_the_window_written_once(tmp_path):
    repo = make_repo(tmp_path, {"demo": three_phases()})
    project = load_project(ProjectSource("demo", repo / "projects/demo")).project
    assert [phase.move_in for phase in project.phases] == [project.move_in] * 3
    assert shared_move_in_window(project.phases) == project.move_in
    assert project.late_move_ins == "refused"


def test_a_window_written_once_for_three_phases_is_printed_once(tmp_path):
    repo = make_repo(tmp_path, {"demo": three_phases()})
    assert build(repo, "guide,site") == 0
    guide = pdf_text(next((repo / "dist/public/demo/downloads").glob("move-in-guide.*.pdf")))
    window = "2027年3月6日至2027年3月20日09:00-17:00"
    assert guide.count(window) == 1 and window + "（各期相同）" in guide
    assert "一期40二期30三期30" in guide  # the phases' households, without a window each
    for page in ("index.html", "move-in/index.html"):
        html = (repo / "dist/public/demo" / page).read_text(encoding="utf-8")
        assert html.count("2027年3月6日 至 2027年3月20日") == 1, page
        assert "各期相同" in html, page


def test_phases_with_different_windows_keep_a_row_each(tmp_path):
    own = "    move_in:\n      start: 2027-09-11\n      end: 2027-09-26\n"
    repo = make_repo(tmp_path, {"demo": three_phases(own)})
    project = load_project(ProjectSource("demo", repo / "projects/demo")).project
    assert shared_move_in_window(project.phases) is None
    assert project.phases[2].move_in.start.isoformat() == "2027-09-11"
    assert build(repo, "guide") == 0
    guide = pdf_text(next((repo / "dist/public/demo/downloads").glob("move-in-guide.*.pdf")))
    assert guide.count("2027年3月6日至2027年3月20日") == 2 and "2027年9月11日至2027年9月26日" in guide
    assert "各期相同" not in guide


def test_a_phase_with_no_window_and_no_project_window_is_refused_with_its_line(tmp_path, capsys):
    text = template_text()
    assert text.count(PHASE) == 1
    text = text.replace(PHASE, "")
    repo = make_repo(tmp_path, {"demo": text})
    assert main(["--repo", str(repo), "check", "demo"]) == 1
    err = capsys.readouterr().err
    line = next(number for number, row in enumerate(text.splitlines(), 1) if "- id: phase-1" in row)
    assert f"project.yml:{line}:" in err and "phases[1]" in err and "phase-1 没有入伙时间" in err, err
    assert "Traceback" not in err
