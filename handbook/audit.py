"""Scan a project's public output for staff-only text: the public folder in, the leaks found out.

The public view already lacks every staff field; this audit is the second
lock. Text is compared normalised (HTML entities and tags removed, JSON
decoded, zero-width characters and white space removed) so a leak cannot hide
in a search index or behind markup. Staff strings that also occur in public
data (a place name used in both) are not leaks.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from .errors import BuildFailed, Loc, field_path

MIN_LENGTH = 4  # shorter staff strings (a role name, "是") say nothing on their own
MIN_LATIN_LENGTH = 8  # short Latin words ("queue") occur in any JavaScript bundle
# Fields holding identifiers or references, not text anybody reads.
ID_FIELDS = {"id", "role", "lead", "to", "from", "topic_id"}
TEXT_SUFFIXES = {".html", ".htm", ".js", ".json", ".xml", ".txt", ".css", ".svg", ".md", ".csv"}
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]|\\s+")
_TAG = re.compile(r"<[^>]*>")


def normalise(text: str) -> str:
    """Return text with zero-width characters and all white space removed."""
    return _ZERO_WIDTH.sub("", text)


def staff_strings(project: BaseModel) -> dict[str, str]:
    """Return every normalised string under a `staff` key, with the field it comes from."""
    found: dict[str, str] = {}
    for loc, text in _strings(project.model_dump(by_alias=True, mode="json"), (), inside_staff=False):
        key = normalise(text)
        if loc[-1] not in ID_FIELDS and len(key) >= (MIN_LATIN_LENGTH if key.isascii() else MIN_LENGTH):
            found.setdefault(key, field_path(loc))
    return found


def _strings(value: Any, loc: Loc, inside_staff: bool) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,), inside_staff or key == "staff")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, loc + (index,), inside_staff)
    elif isinstance(value, str) and inside_staff:
        yield loc, value


def public_strings(view: BaseModel) -> list[str]:
    """Return every normalised string of the public view."""
    return [normalise(text) for _, text in _all_strings(view.model_dump(mode="json"), ())]


def _all_strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _all_strings(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _all_strings(item, loc + (index,))
    elif isinstance(value, str):
        yield loc, value


def file_text(path: Path) -> str | None:
    """Return the readable text of a published file, normalised; None for files without text."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        result = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, text=True, check=False)
        return normalise(result.stdout)
    if suffix not in TEXT_SUFFIXES:
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".json":
        try:
            text = " ".join(s for _, s in _all_strings(json.loads(text), ()))
        except ValueError:
            pass
    return normalise(html.unescape(_TAG.sub("", text)) + html.unescape(text))


def audit(project: BaseModel, view: BaseModel, public_folder: Path) -> None:
    """Raise BuildFailed naming each staff string found in a public file, its field and the file."""
    public = public_strings(view)
    secrets = {s: f for s, f in staff_strings(project).items() if not any(s in p for p in public)}
    leaks = []
    for path in sorted(p for p in public_folder.rglob("*") if p.is_file()):
        text = file_text(path)
        if not text:
            continue
        for secret, field in secrets.items():
            if secret in text:
                leaks.append(f"{path.relative_to(public_folder)}: staff text of {field}: {secret[:40]}")
    if leaks:
        raise BuildFailed(["public output contains staff-only text:"] + leaks)
