"""`check` reports every problem of a project in one run and writes nothing."""

from __future__ import annotations

from pathlib import Path

from handbook.commands.cli import main
from tests.conftest import make_repo, template_text

TWO_SMALL_BOARDS = """boards:
  - id: first
    format: custom
    width_mm: 420
    height_mm: 300
    kind: move_in_process
  - id: second
    format: custom
    width_mm: 300
    height_mm: 420
    kind: move_in_process
"""
BAD_UNITS = ("unit,area_m2,property_type,household_type,owner_name,move_in_date\n"
             "1-101,八十,residential,family,王小明,2027-03-10\n")


def files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file() and ".cache" not in path.parts}


def test_two_boards_that_do_not_fit_and_a_bad_unit_list_are_named_in_one_run(tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path, {"demo": template_text() + "unit_list: units.csv\n" + TWO_SMALL_BOARDS})
    (repo / "projects/demo/units.csv").write_text(BAD_UNITS, encoding="utf-8")
    monkeypatch.chdir(repo)
    before = files(repo)
    assert main(["--repo", str(repo), "check"]) == 1
    err = capsys.readouterr().err
    assert "展板 first" in err and "展板 second" in err, err  # the RGB board and the PDF/X one, both laid out
    assert "projects/demo/units.csv:2: area_m2" in err, err
    assert files(repo) == before  # nothing written: no dist/, no staging, no change to the project
    assert not (repo / "dist").exists()


def test_a_project_check_passes_is_one_build_makes(tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path, {"demo": template_text()})
    monkeypatch.chdir(repo)
    assert main(["--repo", str(repo), "check"]) == 0
    assert "demo：检查通过" in capsys.readouterr().out
    assert main(["--repo", str(repo), "build", "--out", str(tmp_path / "dist")]) == 0


def test_a_step_with_nothing_to_expect_of_staff_passes_check_with_a_warning_and_is_left_out_of_the_drill(
        tmp_path, capsys, monkeypatch):
    # The scaffold's second step loses its detail, and has no staff notes: nothing to expect of staff there.
    text = template_text().replace("        detail: 核对身份后领取钥匙和门禁卡，在钥匙领取单上签收。\n", "")
    repo = make_repo(tmp_path, {"demo": text})
    monkeypatch.chdir(repo)
    assert main(["--repo", str(repo), "check"]) == 0
    out, err = capsys.readouterr()
    line = text.splitlines().index("      - id: keys") + 1
    assert "demo：检查通过" in out
    assert err.splitlines() == [
        f"警告：projects/demo/project.yml:{line}:9: processes.move_in.steps[2]: 演练略去此步：没有 staff.notes 或 detail"]
    assert main(["--repo", str(repo), "build", "--only", "training", "--out", str(tmp_path / "dist")]) == 0
    drill = (tmp_path / "dist/internal/demo/training/drill/index.html").read_text(encoding="utf-8")
    assert "第 1 步 接待并介绍流程" in drill and "工作人员核对预约，介绍今天的办理步骤和要带的资料。" in drill
    assert "领取钥匙" not in drill
