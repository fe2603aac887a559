"""Check the machine a build runs on: the system package list in, a line per dependency and what to install out.

Beyond the Debian package status of every line of scripts/system-packages.txt
(the one list scripts/setup-system.sh installs from), it checks what a build
really loads: WeasyPrint's HarfBuzz subsetting and Pango (with the probes
WeasyPrint itself uses), the CJK font families of every language through
fontconfig, Graphviz dot and the CMYK output profile; then what the tests
run: Chromium, poppler, zbar, node and npm, and Playwright's bundled node.
Every line is printed in the user's language, and what is missing ends in
one `apt-get install -y ...` line.

Run it as `build.py doctor` or, when the build's own imports fail (no Pango,
say), as `python -m handbook.commands.doctor`: this module imports WeasyPrint only
inside its checks.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import importlib
import io
import os
import re
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

from fontTools.ttLib import TTCollection, TTFont

from ..engines.fonts import font_file
from ..engines.images import profile_version
from ..errors import BuildFailed
from ..i18n.languages import DEFAULT_LANGUAGE, LANGUAGES
from ..i18n.messages import Catalogue, catalogue

PACKAGE_LIST = Path(__file__).resolve().parents[2] / "scripts" / "system-packages.txt"
MIN_PANGO = (1, 44, 0)  # https://doc.courtbouillon.org/weasyprint/stable/first_steps.html
MIN_NODE = 18  # axe-core's; scripts/setup-system.sh installs Debian's node only when no npm is installed
NODE_PACKAGES = "nodejs npm"  # not in the package list: any node >= 18 will do (see setup-system.sh)
CHROMIUM = Path("/usr/bin/chromium")  # the browser tests launch Debian's chromium (tests/browser/conftest.py)
_VERSION = re.compile(r"\d+(?:\.\d+)+")

Need = Literal["build", "test"]


@dataclass(frozen=True)
class SystemPackage:
    """One line of the package list: a Debian package, when it is needed, and what for."""

    name: str
    need: Need
    why: str


@dataclass(frozen=True)
class Check:
    """One dependency as found on this machine."""

    name: str  # what was checked: a package, a library, a font, a command
    version: str | None  # the version found; None when missing or not told
    ok: bool
    package: str  # the Debian package(s) that provide it, space-separated
    note: str  # in plain words, in the user's language
    need: Need = "build"


def read_packages(path: Path = PACKAGE_LIST) -> list[SystemPackage]:
    """Return the lines of the package list (comments and blank lines aside)."""
    packages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, need, why = line.split(None, 2)
            if need not in ("build", "test"):
                raise ValueError(f"{path}: {name}: expected build or test, found {need}")
            packages.append(SystemPackage(name, need, why))
    return packages


def installed_version(package: str) -> str | None:
    """Return the version of an installed Debian package, None when it is not installed."""
    found = _output(["dpkg-query", "-W", "-f", "${Status}|${Version}", package])
    status, _, version = (found or "").partition("|")
    return version if status == "install ok installed" else None


def check_package(package: SystemPackage, messages: Catalogue) -> Check:
    """Return whether a package of the list is installed, and its version."""
    version = installed_version(package.name)
    note = messages("doctor.package_installed" if version else "doctor.package_missing")
    return Check(package.name, version, version is not None, package.name, note, package.need)


def check_harfbuzz_subset(messages: Catalogue) -> Check:
    """Return whether WeasyPrint can subset fonts with HarfBuzz (else it warns and the build fails)."""
    name, package = messages("doctor.harfbuzz"), "libharfbuzz-subset0"
    ffi, library = _weasyprint_libraries()
    if ffi is None:
        return Check(name, None, False, package, messages("doctor.weasyprint_failed", library=library))
    # The test WeasyPrint makes before subsetting a font: weasyprint/pdf/fonts.py, Font.subset.
    if ffi.harfbuzz_subset is None:
        return Check(name, None, False, package, messages("doctor.harfbuzz_missing"))
    version = _harfbuzz_version()
    if not ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        return Check(name, version, False, package, messages("doctor.too_old", minimum="4.1.0"))
    return Check(name, version, True, package, messages("doctor.harfbuzz_ok"))


def check_pango(messages: Catalogue) -> Check:
    """Return the version of Pango WeasyPrint loaded, and whether it is new enough."""
    name, package = messages("doctor.pango"), "libpango-1.0-0"
    ffi, library = _weasyprint_libraries()
    if ffi is None:
        return Check(name, None, False, package, messages("doctor.weasyprint_failed", library=library))
    number = ffi.pango.pango_version()  # 15012 for 1.50.12
    found = (number // 10000, number // 100 % 100, number % 100)
    version = ".".join(map(str, found))
    if found < MIN_PANGO:
        return Check(name, version, False, package, messages("doctor.too_old", minimum=".".join(map(str, MIN_PANGO))))
    return Check(name, version, True, package, messages("doctor.pango_ok"))


def check_fonts(messages: Catalogue) -> list[Check]:
    """Return a check per font family of the language table (sans and serif), as the build finds fonts."""
    families: dict[str, list[str]] = {}
    for language in LANGUAGES.values():
        for family in (language.sans_family(), language.serif_family()):
            families.setdefault(family, []).append(language.tag)
    return [check_font(family, tags, messages) for family, tags in families.items()]


def check_font(family: str, tags: list[str], messages: Catalogue) -> Check:
    """Return whether fontconfig finds a family (handbook.engines.fonts.font_file, as the build does)."""
    name, languages = messages("doctor.font", family=family), ", ".join(tags)
    try:
        path, index = font_file(family)
    except (BuildFailed, OSError):
        return Check(name, None, False, "fonts-noto-cjk", messages("doctor.font_missing", languages=languages))
    note = messages("doctor.font_ok", languages=languages, file=path)
    return Check(name, _font_version(path, index), True, "fonts-noto-cjk", note)


def check_dot(messages: Catalogue) -> Check:
    """Return Graphviz dot's version (`dot -V`), which draws every flowchart."""
    return _command_check(messages("doctor.dot"), ["dot", "-V"], "graphviz", messages("doctor.dot_ok"), messages)


def check_cmyk_profile(messages: Catalogue) -> Check:
    """Return whether the CMYK output profile of PDF/X display boards exists, and its ICC version."""
    name, package = messages("doctor.cmyk"), "libgs-common"
    try:
        profile: Path = _load("handbook.outputs.boards").CMYK_PROFILE  # the boards import WeasyPrint
    except OSError as exc:
        return Check(name, None, False, package, messages("doctor.weasyprint_failed", library=_library_in(exc)))
    if not profile.is_file():
        return Check(name, None, False, package, messages("doctor.file_missing", file=profile))
    version = profile_version(profile)
    return Check(name, version, True, package, messages("doctor.cmyk_ok", file=profile))


def checks_for_tests(messages: Catalogue) -> list[Check]:
    """Return the checks of what the tests run besides the build: browser, PDF and QR readers, node."""
    commands = [
        ("Chromium", [str(CHROMIUM), "--version"], "chromium", "doctor.chromium_ok"),
        ("pdftotext", ["pdftotext", "-v"], "poppler-utils", "doctor.poppler_ok"),
        ("pdffonts", ["pdffonts", "-v"], "poppler-utils", "doctor.poppler_ok"),
        ("zbarimg", ["zbarimg", "--version"], "zbar-tools", "doctor.zbar_ok"),
        ("npm", ["npm", "--version"], NODE_PACKAGES, "doctor.npm_ok"),
    ]
    found = [_command_check(name, command, package, messages(ok), messages, "test")
             for name, command, package, ok in commands]
    return found + [check_node(messages), check_playwright_node(messages)]


def check_node(messages: Catalogue) -> Check:
    """Return node's version and whether it is new enough for the tests' npm packages."""
    found = _command_check("node", ["node", "--version"], NODE_PACKAGES, messages("doctor.node_ok"), messages, "test")
    if found.version and int(found.version.split(".")[0]) < MIN_NODE:
        return Check(found.name, found.version, False, NODE_PACKAGES, messages("doctor.too_old", minimum=MIN_NODE),
                     "test")
    return found


def check_playwright_node(messages: Catalogue) -> Check:
    """Return whether Playwright's bundled node starts (it needs libatomic1), which drives Chromium."""
    name = messages("doctor.playwright_node")
    try:
        import playwright
    except ImportError:
        return Check(name, None, False, "libatomic1", messages("doctor.playwright_missing"), "test")
    node = Path(playwright.__file__).parent / "driver" / "node"  # playwright._impl._driver's bundled_node
    return _command_check(name, [str(node), "--version"], "libatomic1", messages("doctor.playwright_ok"), messages,
                          "test")


def checks(messages: Catalogue, package_list: Path = PACKAGE_LIST) -> list[Check]:
    """Return every check: the packages of the list, then what the build loads, then what the tests run."""
    packages = [check_package(package, messages) for package in read_packages(package_list)]
    build = [check_harfbuzz_subset(messages), check_pango(messages), *check_fonts(messages), check_dot(messages),
             check_cmyk_profile(messages)]
    return packages + build + checks_for_tests(messages)


def run(messages: Catalogue, package_list: Path = PACKAGE_LIST, tests: bool = False,
        say: Callable[[str], None] = print) -> int:
    """Print every check and what to install; return 1 if the build (with tests, or the tests) cannot run."""
    found = checks(messages, package_list)
    for need in ("build", "test"):
        say(messages(f"doctor.heading_{need}"))
        for check in found:
            if check.need == need:
                say(describe(check, messages))
    build_ok = _report(found, "build", messages, say)
    tests_ok = _report(found, "test", messages, say)
    if build_ok and tests_ok:
        say(messages("doctor.all_ok"))
    return 0 if build_ok and (tests_ok or not tests) else 1


def describe(check: Check, messages: Catalogue) -> str:
    """Return a check as one line: whether it is usable, what, which version, and a note."""
    return messages("doctor.line", mark=messages("doctor.mark_ok" if check.ok else "doctor.mark_problem"),
                    name=check.name, version=check.version or messages("doctor.no_version"), note=check.note)


def apt_line(packages: list[str]) -> str:
    """Return the command that installs packages."""
    return "apt-get install -y " + " ".join(packages)


def _report(found: list[Check], need: Need, messages: Catalogue, say: Callable[[str], None]) -> bool:
    """Say what to install for one need (build or test); return whether nothing it needs is missing."""
    failed = [check for check in found if check.need == need and not check.ok]
    if not failed:
        return True
    packages = dict.fromkeys(name for check in failed for name in check.package.split())
    missing = [name for name in packages if installed_version(name) is None]
    if missing:
        say(messages(f"doctor.missing_{need}"))
        say("  " + apt_line(missing))
    else:  # installed, yet not usable: apt-get cannot help, the notes above say why
        say(messages(f"doctor.broken_{need}"))
    return False


def _command_check(name: str, command: list[str], package: str, note: str, messages: Catalogue,
                   need: Need = "build") -> Check:
    """Return whether a command runs, with the first version number it prints."""
    printed = _output(command)
    if printed is None:
        return Check(name, None, False, package, messages("doctor.command_missing", command=command[0]), need)
    version = _VERSION.search(printed)
    return Check(name, version.group() if version else None, True, package, note, need)


def _output(command: list[str]) -> str | None:
    """Return what a command prints (standard output, then error), None if it does not start or fails."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout + result.stderr if result.returncode == 0 else None


def _weasyprint_libraries():
    """Return WeasyPrint's loaded libraries (weasyprint.text.ffi) and None, or None and the library it missed."""
    try:
        return _load("weasyprint.text.ffi"), None
    except OSError as exc:
        return None, _library_in(exc)


def _load(module: str):
    """Import a module that loads WeasyPrint's libraries; when one fails, forget the half-imported modules.

    Otherwise the next import of them fails differently (KeyError), not with the missing library. WeasyPrint's
    advice, printed in English when a library fails to load, and its warnings are kept off the output.
    """
    before = set(sys.modules)
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importlib.import_module(module)
    except OSError:
        for name in set(sys.modules) - before:
            del sys.modules[name]
        raise


def _library_in(error: OSError) -> str:
    """Return the library a failed load names (cffi: "cannot load library 'libpango-1.0-0': ...")."""
    named = re.search(r"'([^']+)'", str(error))
    return named.group(1) if named else "?"


def _harfbuzz_version() -> str | None:
    """Return the version of the HarfBuzz library loaded (WeasyPrint's bindings do not declare it)."""
    try:
        library = ctypes.CDLL("libharfbuzz.so.0")
    except OSError:
        return None
    library.hb_version_string.restype = ctypes.c_char_p
    return library.hb_version_string().decode("ascii")


def _font_version(path: Path, index: int) -> str | None:
    """Return a font's version from its name table ("Version 2.001;hotconv ..." gives 2.001)."""
    if path.suffix.lower() in (".ttc", ".otc"):
        collection = TTCollection(str(path), lazy=True)
        try:
            text = collection.fonts[index]["name"].getDebugName(5) or ""
        finally:
            collection.close()
    else:
        with TTFont(str(path), lazy=True) as font:
            text = font["name"].getDebugName(5) or ""
    version = _VERSION.search(text)
    return version.group() if version else None


def main(argv: list[str] | None = None) -> int:
    """Run the doctor without the rest of the command line (whose imports need the libraries it checks)."""
    options = argparse.ArgumentParser(prog="python -m handbook.commands.doctor", description=__doc__.splitlines()[0])
    options.add_argument("--tests", action="store_true", help="exit 1 also when what the tests need is missing")
    return run(_user_language(), tests=options.parse_args(argv).tests)


def _user_language() -> Catalogue:
    """Return the catalogue of the locale's language, as the command line picks it when it can be imported."""
    try:
        cli = _load("handbook.commands.cli")
    except OSError:  # what is being diagnosed: the command line imports WeasyPrint
        return catalogue(DEFAULT_LANGUAGE)
    return catalogue(cli.locale_language(os.environ) or DEFAULT_LANGUAGE)


if __name__ == "__main__":
    sys.exit(main())
