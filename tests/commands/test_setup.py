"""The system setup: scripts/system-packages.txt, scripts/setup-system.sh, `build.py doctor`.

A build of a sample project is traced, and every shared library it maps (and
program it runs) must come from a package of the list, from what those
packages depend on, or from Debian's base system: a machine set up by
`make` has exactly these.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import graphviz
import pytest

from handbook.commands import doctor
from handbook.commands.cli import main
from handbook.engines import flowchart, pdf
from handbook.errors import BuildFailed
from handbook.i18n.messages import catalogue
from tests.conftest import REPO_ROOT, make_sample_repo

SETUP_SCRIPT = REPO_ROOT / "scripts" / "setup-system.sh"
# ctypes.util.find_library, which cffi falls back to for a library name it cannot open, runs these when they are
# installed: what they load is not something the build needs.
LIBRARY_PROBES = {"gcc", "cc", "x86_64-linux-gnu-gcc-12", "collect2", "ld", "ld.bfd", "ld.gold", "ldconfig",
                  "ldconfig.real", "objdump"}
_SHARED_LIBRARY = re.compile(r"\.so(\.\d+)*$")


def listed(need: str | None = None) -> list[str]:
    return [p.name for p in doctor.read_packages() if need in (None, p.need)]


# What a build loads


def test_a_build_maps_only_libraries_of_the_listed_packages(tmp_path):
    # A repository of its own: with nothing cached, the build runs everything it can need.
    paths = traced_build(make_sample_repo(tmp_path / "repo", ("harbour-centre",)), tmp_path)
    owners = package_owners(paths)
    unowned = sorted(path for path in paths if not owners[path])
    assert not unowned, f"the build loads files no Debian package installed: {unowned}"
    allowed = dependency_closure(listed("build")) | base_system()
    loaded = {package for found in owners.values() for package in found}
    unlisted = {path: sorted(owners[path]) for path in paths if not owners[path] & allowed}
    assert not unlisted, ("the build loads files of packages that scripts/system-packages.txt (build) does not "
                          f"bring in: {unlisted}")
    # The trace saw what matters: fonts subset with HarfBuzz, and dot run for the flowcharts.
    assert {"libharfbuzz-subset0", "graphviz"} <= loaded


def traced_build(repo: Path, tmp_path: Path) -> set[Path]:
    """Return the system files (shared libraries, programs) a build of a sample project's print outputs uses."""
    command = [sys.executable, "build.py", "--repo", str(repo), "build", "harbour-centre", "--only", "guide,boards",
               "--out", str(tmp_path / "dist")]
    trace = tmp_path / "trace"
    trace.mkdir()
    env = dict(os.environ)
    if shutil.which("strace"):
        command = ["strace", "-f", "-qq", "-e", "trace=openat,execve", "-e", "status=successful",
                   "-o", str(trace / "strace"), *command]
    else:  # the dynamic loader's own log: every library loaded (with an initialiser) by every process
        env.update(LD_DEBUG="libs", LD_DEBUG_OUTPUT=str(trace / "ld"))
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    used = strace_files(trace / "strace") if shutil.which("strace") else ld_debug_files(trace)
    return {path for path in used if not in_python(path)}


def strace_files(log: Path) -> set[Path]:
    """Return the shared libraries opened and programs run, leaving out the processes of library probes."""
    probes: set[str] = set()
    used: set[Path] = set()
    for line in log.read_text(errors="replace").splitlines():
        found = re.match(r'(\d+) +(openat|execve)\((?:AT_FDCWD, )?"([^"]+)"', line)
        if not found:
            continue
        pid, call, path = found.groups()
        if call == "execve" and Path(path).name in LIBRARY_PROBES:
            probes.add(pid)
        elif pid not in probes and (call == "execve" or _SHARED_LIBRARY.search(path)):
            used.add(Path(path) if path.startswith("/") else REPO_ROOT / path)
    return used


def ld_debug_files(folder: Path) -> set[Path]:
    """Return the libraries each process's loader initialised, and the programs, leaving out library probes."""
    used: set[Path] = set()
    for log in folder.glob("ld.*"):
        per_pid: dict[str, tuple[set[Path], set[str]]] = {}
        for line in log.read_text(errors="replace").splitlines():
            found = re.match(r"\s*(\d+):\s+(calling init|initialize program): (\S+)", line)
            if found:
                libraries, programs = per_pid.setdefault(found.group(1), (set(), set()))
                if found.group(2) == "calling init":
                    libraries.add(Path(found.group(3)))
                else:
                    programs.add(found.group(3))
        for libraries, programs in per_pid.values():
            if not {Path(program).name for program in programs} & LIBRARY_PROBES:
                used |= libraries | {Path(shutil.which(p) or p) for p in programs}
    return used


def in_python(path: Path) -> bool:
    """Return whether a file belongs to .venv (wheels) or to a Python not installed by Debian (pyenv, say)."""
    prefixes = [Path(sys.prefix), REPO_ROOT / ".venv"] + ([Path(sys.base_prefix)] if sys.base_prefix != "/usr" else [])
    return any(candidate.is_relative_to(prefix.resolve()) or candidate.is_relative_to(prefix)
               for prefix in prefixes for candidate in (path, path.resolve()))


def package_owners(paths: set[Path]) -> dict[Path, set[str]]:
    """Return the Debian packages that installed each file (`dpkg -S`), trying it as found, resolved and /usr-merged."""
    candidates = {path: _spellings(path) for path in paths}
    every = sorted({spelling for spellings in candidates.values() for spelling in spellings})
    result = subprocess.run(["dpkg", "-S", *every], capture_output=True, text=True, check=False)
    owned: dict[str, set[str]] = {}
    for line in result.stdout.splitlines():
        packages, _, path = line.partition(": ")
        if not line.startswith("diversion "):
            owned.setdefault(path, set()).update(name.split(":")[0] for name in packages.split(", "))
    return {path: set().union(*(owned.get(s, set()) for s in spellings)) for path, spellings in candidates.items()}


def _spellings(path: Path) -> set[str]:
    names = {str(path), str(path.resolve())}
    return names | {name.removeprefix("/usr") if name.startswith("/usr/") else "/usr" + name for name in names}


def dependency_closure(packages: list[str]) -> set[str]:
    """Return the installed packages these depend on, recursively (pre-depends and depends, every alternative)."""
    result = subprocess.run(["apt-cache", "depends", "--recurse", "--installed", "--no-recommends", "--no-suggests",
                             "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *packages],
                            capture_output=True, text=True, check=True)
    return {line.strip("<>").split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")}


def base_system() -> set[str]:
    """Return the installed packages of Debian's base system (priority required or important)."""
    result = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Priority}\n"],
                            capture_output=True, text=True, check=True)
    return {line.split()[0] for line in result.stdout.splitlines()
            if line.split()[1:] in (["required"], ["important"])}


# The doctor


def test_doctor_lists_every_package_of_the_list_and_passes_on_this_machine(capsys):
    assert main(["--ui-language", "en", "doctor"]) == 0
    out = capsys.readouterr().out
    for name in listed("build"):
        assert re.search(rf"^  \[ok\] {re.escape(name)} \S+: Debian package, installed$", out, re.M), name
    for name in listed("test"):  # this machine may lack them: the doctor says so, and still exits 0
        assert re.search(rf"^  \[(ok|problem)\] {re.escape(name)} .*: Debian package, (not )?installed$", out, re.M)
    assert out.index("What the build needs:") < out.index("What the tests need (not the build):")


def test_a_missing_build_package_prints_the_apt_get_line_and_fails(tmp_path):
    packages = tmp_path / "packages.txt"
    packages.write_text("# a package no machine has\nhandbook-no-such-package  build  a test\n", encoding="utf-8")
    lines: list[str] = []
    assert doctor.run(catalogue("en"), packages, say=lines.append) == 1
    assert "  [problem] handbook-no-such-package (no version): Debian package, not installed" in lines
    assert lines[-2:] == ["The build cannot run. Install the missing packages as root:",
                          "  apt-get install -y handbook-no-such-package"]


def test_a_missing_test_package_fails_only_with_tests(tmp_path):
    packages = tmp_path / "packages.txt"
    packages.write_text("handbook-no-such-package  test  a test\n", encoding="utf-8")
    lines: list[str] = []
    assert doctor.run(catalogue("zh-HK"), packages, say=lines.append) == 0
    assert lines[-2:] == ["無法執行測試。如需執行，請以 root 身份安裝：", "  apt-get install -y handbook-no-such-package"]
    assert doctor.run(catalogue("zh-HK"), packages, tests=True, say=lambda line: None) == 1


def test_every_package_the_doctor_names_is_in_the_list():
    checks = doctor.checks(catalogue("en"))
    named = {name for check in checks for name in check.package.split()}
    assert named - set(listed()) <= set(doctor.NODE_PACKAGES.split())


# One list


def test_setup_script_and_doctor_read_the_same_list():
    script = SETUP_SCRIPT.read_text(encoding="utf-8")
    assert doctor.PACKAGE_LIST == REPO_ROOT / "scripts" / "system-packages.txt"
    program = re.search(r"awk -v want=\S+ '([^']+)' system-packages\.txt", script).group(1)
    for want, need in (("build", "build"), ("build|test", None)):
        awk = subprocess.run(["awk", "-v", f"want=^({want})$", program, str(doctor.PACKAGE_LIST)],
                             capture_output=True, text=True, check=True)
        assert awk.stdout.split() == listed(need)
    assert not [name for name in listed() if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", script)]


def test_no_second_package_list_anywhere():
    names = set(listed())
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    # The list itself; the doctor, which names the package each of its checks needs (checked above); this test.
    allowed = {"scripts/system-packages.txt", "handbook/commands/doctor.py", "tests/commands/test_setup.py", "README.md"}
    lists = []
    for name in files:
        path = REPO_ROOT / name
        if name in allowed or not path.is_file() or path.suffix in (".png", ".jpg", ".pdf", ".ttf", ".otf"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if sum(1 for package in names if package in text) >= 3:
            lists.append(name)
    assert not lists, f"these files list system packages: read scripts/system-packages.txt instead: {lists}"


def test_readme_names_exactly_the_listed_packages():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    spans = [span.split() for span in re.findall(r"`([a-z0-9 .+-]+)`", readme)]  # lists of package names
    named = {word for words in spans if len(words) > 1 and set(words) & set(listed()) for word in words}
    assert named - set(doctor.NODE_PACKAGES.split()) == set(listed())


# What the build says when a system package is missing


def test_weasyprint_without_harfbuzz_subset_names_the_package():
    failure = pdf.reported(['Using fontTools instead of HarfBuzz-Subset for font "Noto Sans CJK SC". This will ...'])
    assert failure.lines(catalogue("en")) == [
        "PDF: WeasyPrint cannot embed fonts without the HarfBuzz subset library: install the Debian package "
        "libharfbuzz-subset0 as root: apt-get install -y libharfbuzz-subset0"]
    other = pdf.reported(["Ignored `colour: red` at 1:1, unknown property."])
    assert other.lines(catalogue("en")) == ["PDF: WeasyPrint reported problems:",
                                            "Ignored `colour: red` at 1:1, unknown property."]


def test_a_missing_dot_names_the_package(monkeypatch):
    def no_dot(*args, **kwargs):
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(flowchart.graphviz, "pipe", no_dot)
    with pytest.raises(BuildFailed) as failed:
        flowchart.Renderer().svg("digraph { a -> b }")
    assert failed.value.lines(catalogue("zh-CN")) == [
        "流程图：Graphviz 的 dot 命令未安装：请以 root 身份安装 Debian 软件包 graphviz：apt-get install -y graphviz"]
