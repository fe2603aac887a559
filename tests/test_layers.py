"""The package's layers: every import goes down (or stays within its layer), and outputs never import each other.

Counted from the source with an AST walk, so an import inside a function or
under `if TYPE_CHECKING:` counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "handbook"

# Lowest first. A module may import from its own layer and the layers below it.
LAYERS = [
    ("i18n",),  # languages, catalogues, conversion, wrapping, numerals, the Edition type
    ("errors", "repo", "__init__"),  # the error type with a place; where the shared inputs live
    ("engines",),  # every third-party engine, each wrapped once; the process machinery
    ("model",),  # the pydantic data model, nothing else
    ("derive",),  # what the model implies: views, fees, packets, words for display
    ("source",),  # reading a project folder: load, validate, checks, unit lists, pages, editions
    ("outputs",),  # one module per output, plus what outputs share
    ("run",),  # gather, plan, render, audit, commit; check
    ("commands",),  # the command line and its commands
]
# Modules that are one output each (the registry's): they share through outputs/base, common, printing..., never directly.
# forms_pages is not one: the forms' pages, shared by the printed forms (forms) and the fillable ones (owner_forms).
OUTPUT_MODULES = {"guide", "boards", "bring", "site", "training", "notices", "operations", "forms", "owner_forms",
                  "print_ticket"}
OWNED_BY: dict[str, str] = {}  # a module that is part of one output (none today)


def layer_of(module: tuple[str, ...]) -> int:
    head = module[0] if module else "__init__"
    for rank, names in enumerate(LAYERS):
        if head in names:
            return rank
    raise AssertionError(f"handbook.{'.'.join(module)} is in no layer: add its folder to LAYERS")


def module_name(path: Path) -> tuple[str, ...]:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(path: Path) -> list[tuple[tuple[str, ...], int]]:
    """Return each handbook module a file imports (as a name relative to the package) with its line."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = base + tuple(node.module.split(".") if node.module else ())
            elif node.module and node.module.split(".")[0] == "handbook":
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            # `from . import x` may import the module x
            names = [alias.name for alias in node.names]
            subs = [target + (name,) for name in names if (PACKAGE.joinpath(*target, name)).exists()
                    or PACKAGE.joinpath(*target, f"{name}.py").exists()]
            found += [(sub, node.lineno) for sub in subs] or [(target, node.lineno)]
        elif isinstance(node, ast.Import):
            found += [(tuple(alias.name.split(".")[1:]), node.lineno) for alias in node.names
                      if alias.name.split(".")[0] == "handbook"]
    return found


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = module_name(path)
        for target, line in imported(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line} imports handbook.{'.'.join(target) or '__init__'}"
            if layer_of(target) > layer_of(here):
                found.append(f"{where}: a layer above it")
            elif (here[:1] == target[:1] == ("outputs",) and len(here) > 1 and len(target) > 1
                  and here[1] in OUTPUT_MODULES and target[1] in OUTPUT_MODULES
                  and OWNED_BY.get(here[1], here[1]) != OWNED_BY.get(target[1], target[1])):
                found.append(f"{where}: another output (share through the outputs' common modules)")
    return found


def test_imports_only_go_down():
    assert violations() == []


def test_the_walk_sees_imports_under_type_checking(tmp_path, monkeypatch):
    """A file importing upward only for type hints is still caught."""
    package = tmp_path / "handbook"
    (package / "i18n").mkdir(parents=True)
    (package / "outputs").mkdir()
    (package / "outputs" / "base.py").write_text("")
    (package / "i18n" / "edition.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..outputs.base import RenderContext\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    assert violations() == ["handbook/i18n/edition.py:3 imports handbook.outputs.base: a layer above it"]


@pytest.mark.parametrize("name", ["boards", "guide"])
def test_a_sideways_import_between_outputs_is_caught(tmp_path, monkeypatch, name):
    package = tmp_path / "handbook"
    (package / "outputs").mkdir(parents=True)
    (package / "outputs" / "guide.py").write_text("")
    (package / "outputs" / "boards.py").write_text("")
    (package / "outputs" / "training.py").write_text(f"from .{name} import x\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    assert violations() == [f"handbook/outputs/training.py:1 imports handbook.outputs.{name}: another output "
                            "(share through the outputs' common modules)"]


# Each third-party engine is called from its wrapper only: the one place to look when it changes or misbehaves.
ENGINE_HOMES = {
    "weasyprint": {"engines/pdf.py"},
    "pypdfium2": {"engines/pdf.py"},
    "pypdf": {"engines/pdf.py", "engines/pdf_batch.py"},
    "PIL": {"engines/images.py", "engines/pdf.py", "engines/share_image.py"},
    "mkdocs": {"engines/mkdocs_site.py"},
    "material": {"engines/mkdocs_site.py"},
    "segno": {"engines/qr.py"},
    "openpyxl": {"engines/spreadsheet.py"},
    "opencc": {"i18n/convert.py"},
    "jieba": {"i18n/wrapping.py", "engines/mkdocs_site.py"},  # the search plugin segments with jieba's tokenizer
}


def engine_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level
                     else [])
            for name in names:
                top = name.split(".")[0]
                if top in ENGINE_HOMES:
                    found.setdefault(top, set()).add(path.relative_to(PACKAGE).as_posix())
    return found


def test_each_engine_is_called_from_its_wrapper_only():
    strays = {engine: sorted(modules - ENGINE_HOMES[engine]) for engine, modules in engine_imports().items()
              if modules - ENGINE_HOMES[engine]}
    assert strays == {}
