"""Scan a project's public output for staff-only text: the public folder in, the leaks found out.

The public view already lacks every staff field and public outputs never read
content/staff/; this audit is the second lock, run in every build. Staff text
is every string under a `staff` key and the prose of the staff pages. Text is
compared normalised (HTML entities and tags removed, JSON decoded,
zero-width characters and white space removed, both sides converted to
Simplified characters) so a leak cannot hide in a search index, behind markup
or in another script. Staff strings that also occur in public data or in the
labels of the message catalogues (a place name used in both) are not leaks.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from ..engines.mkdocs_site import theme_assets
from ..engines.pdf import field_values, pdf_text
from ..engines.vformats import unfolded_text
from ..errors import BuildFailed, Loc, Said, field_path
from ..i18n.convert import to_simplified

MIN_LENGTH = 4  # shorter staff strings (a role name, "是") say nothing on their own
MIN_LATIN_LENGTH = 8  # short Latin words ("queue") occur in any JavaScript bundle
MIN_CLAUSE_LENGTH = 6  # a clause of a staff sentence quoted on its own is a leak too
_CLAUSE_END = re.compile(r"[，。；：！？、,.;:!?()（）《》「」“”]")
# Fields holding identifiers or references, not text anybody reads.
ID_FIELDS = {"id", "role", "lead", "to", "from", "topic_id"}
TEXT_SUFFIXES = {".html", ".htm", ".js", ".json", ".xml", ".txt", ".css", ".svg", ".md", ".csv"}
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]|\\s+")
_TAG = re.compile(r"<[^>]*>")


def normalise(text: str) -> str:
    """Return text in Simplified characters with zero-width characters and all white space removed."""
    return to_simplified(_ZERO_WIDTH.sub("", text))


def staff_strings(project: BaseModel) -> dict[str, str]:
    """Return every normalised string under a `staff` key, with the field it comes from."""
    found: dict[str, str] = {}
    for loc, text in _strings(project.model_dump(by_alias=True, mode="json"), (), inside_staff=False):
        if loc[-1] not in ID_FIELDS:
            for key in secret_pieces(text):
                found.setdefault(key, field_path(loc))
    return found


def secret_pieces(text: str) -> list[str]:
    """Return a staff text, normalised, and its clauses long enough to identify it."""
    whole = normalise(text)
    pieces = [whole] if len(whole) >= (MIN_LATIN_LENGTH if whole.isascii() else MIN_LENGTH) else []
    clauses = [normalise(clause) for clause in _CLAUSE_END.split(text)]
    return pieces + [c for c in clauses if c != whole and len(c) >= MIN_CLAUSE_LENGTH and not c.isascii()]


def _strings(value: Any, loc: Loc, inside_staff: bool) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,), inside_staff or key == "staff")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, loc + (index,), inside_staff)
    elif isinstance(value, str) and inside_staff:
        yield loc, value


_MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<[^>]*>|[#*_`>|]|^\s*(?:[-+]|\d+\.)\s+|!!!.*$")


def staff_page_strings(folders: list[Path]) -> dict[str, str]:
    """Return the prose of the staff pages (lines and table cells, template code removed), with file:line."""
    found: dict[str, str] = {}
    for folder in folders:
        for page in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
                for cell in line.split("|"):
                    for key in secret_pieces(_MARKUP.sub(" ", cell)):
                        found.setdefault(key, f"{page.parent.name}/{page.name}:{number}")
    return found


def public_strings(view: BaseModel) -> list[str]:
    """Return every normalised string of the public view."""
    return [normalise(text) for _, text in all_strings(view.model_dump(mode="json"), ())]


def all_strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from all_strings(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from all_strings(item, loc + (index,))
    elif isinstance(value, str):
        yield loc, value


@lru_cache(maxsize=1)
def theme_files() -> frozenset[str]:
    """Return the SHA-256 of every file MkDocs Material ships as is (scripts, styles, source maps)."""
    return frozenset(hashlib.sha256(path.read_bytes()).hexdigest() for path in theme_assets().rglob("*")
                     if path.is_file())


def file_text(path: Path) -> str | None:
    """Return the readable text of a published file, normalised; None for files without text.

    A file byte for byte as the theme ships it holds no project text: it is
    not read (its megabytes of scripts were most of the audit's time).
    """
    suffix = path.suffix.lower()
    if suffix in (".js", ".css", ".map") and hashlib.sha256(path.read_bytes()).hexdigest() in theme_files():
        return None
    if suffix == ".pdf":  # its pages' text and what is filled in its form fields (a fillable form's)
        return normalise("\n".join([pdf_text(path), *field_values(path)]))
    if suffix in (".vcf", ".ics"):  # a vCard's or a calendar's values, unfolded and unescaped
        return normalise(unfolded_text(path.read_bytes()))
    if suffix not in TEXT_SUFFIXES:
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".json":
        try:
            text = " ".join(s for _, s in all_strings(json.loads(text), ()))
        except ValueError:
            pass
    return normalise(html.unescape(_TAG.sub("", text)) + html.unescape(text))


def audit(project: BaseModel, view: BaseModel, public_folder: Path, staff_pages: list[Path] = (),
          labels: list[str] = (), personal: dict[str, str] | None = None) -> None:
    """Raise BuildFailed naming each staff or personal string found in a public file, its origin and the file.

    personal maps owners' names (as short as two characters, so they are not
    held to the length of other staff text) to where they come from.
    """
    public = "\0".join(public_strings(view) + [normalise(label) for label in labels])  # one text to search
    candidates = {**staff_page_strings(list(staff_pages)), **staff_strings(project),
                  **{normalise(name): origin for name, origin in (personal or {}).items() if len(normalise(name)) >= 2}}
    secrets = {s: f for s, f in candidates.items() if s not in public}
    leaks = []
    for path in sorted(p for p in public_folder.rglob("*") if p.is_file()):
        text = file_text(path)
        if not text:
            continue
        for secret, field in secrets.items():
            if secret in text:
                leaks.append(Said("error.leak", file=str(path.relative_to(public_folder)), field=field,
                                  text=secret[:40]))
    if leaks:
        raise BuildFailed(leaks)
