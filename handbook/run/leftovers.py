"""Chinese left over in a translated edition: the edition's public files in, every Chinese run found out.

The second lock of "never publish half-translated material": editions.py
refuses a build with a missing translation before anything is rendered; this
check reads what was actually written (pages, search index, PDFs) and fails
the build on any Chinese text a template, label or page let through. The
language switcher's names of the Chinese editions and the ICP record number
(a legal identifier, shown as registered) are expected.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..errors import BuildFailed, Said
from ..i18n.languages import LANGUAGES
from ..i18n.messages import Catalogue
from .audit import all_strings, pdf_text

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f][^\x00-\x7f]*")
_TAG = re.compile(r"<[^>]*>")
CHECKED = {".html", ".json", ".pdf"}  # what readers see; scripts and styles carry no edition text
MAX_REPORTED = 20


def readable_text(path: Path) -> str:
    """Return what a reader sees of a file, as it is (not normalised like the audit's: scripts matter here)."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        text = " ".join(s for _, s in all_strings(json.loads(text), ()))
    return html.unescape(_TAG.sub(" ", text))


def leftovers(folder: Path, own_files: list[Path], expected: set[str] = frozenset()) -> list[tuple[Path, str]]:
    """Return (file, text) for each run of Chinese in the edition's files, the expected texts excepted."""
    expected = {language.native_name for language in LANGUAGES.values()} | set(expected)
    found = []
    for path in own_files:
        text = readable_text(path)
        for name in expected:
            text = text.replace(name, " ")
        found += [(path.relative_to(folder), match.group().strip()) for match in _HAN_RUN.finditer(text)]
    return found


def check_translated(folder: Path, tag: str, messages: Catalogue, expected: set[str] = frozenset()) -> None:
    """Raise BuildFailed when the files of the translated edition `tag` under folder hold Chinese text.

    expected: texts shown as written in every edition (the ICP record number).
    """
    files = sorted(p for p in (folder / tag).rglob("*") if p.is_file() and p.suffix in CHECKED)
    found = leftovers(folder, files, expected)
    if found:
        lines = [messages("error.untranslated_output", language=tag, file=path, text=text[:30])
                 for path, text in found[:MAX_REPORTED]]
        more = [Said("refusal.and_more", count=len(found) - MAX_REPORTED)] if len(found) > MAX_REPORTED else []
        raise BuildFailed(lines + more)
