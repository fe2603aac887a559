"""Turn a YAML file into plain Python data plus a map of where each value stands.

Safe loading only: plain data types, no Python tags. Aliases are counted while
composing and the expanded size is bounded, so an alias bomb fails at once.
Floats are read as exact decimals (money must not go through binary floats).
Problems found here (duplicate keys, impossible dates, refused tags) are
collected, not raised one by one, so an editor sees them all in one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Loc, Problem, ProjectInvalid, field_path
from ..i18n.cjk_lines import FOLD, fold_block, join_lines, unfold
from ..i18n.languages import DEFAULT_LANGUAGE, LANGUAGES
from ..i18n.messages import Catalogue, catalogue

MAX_ALIASES = 100
MAX_NODES = 200_000
MAX_DEPTH = 40

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
MAP, SEQ, MERGE = TAG + "map", TAG + "seq", TAG + "merge"
SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP}


@dataclass(frozen=True)
class Place:
    """Where one value is written: file, line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class SourceMap:
    """Where each value of a loaded file stands, by its path of keys and indexes."""

    file: str
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # Plain (unquoted) scalars that YAML resolved to something other than text,
    # with their source text: the 07551234567 and `no` traps.
    plain_scalars: dict[Loc, tuple[str, str]] = field(default_factory=dict)
    # Merged data (a project over its companies) holds values of several files: each value's file where it is not `file`,
    # and the places of the earlier layers' values it replaced (what `build.py explain` shows).
    files: dict[Loc, str] = field(default_factory=dict)
    replaced: dict[Loc, tuple[Place, ...]] = field(default_factory=dict)

    def found(self, loc: Loc, prefer_key: bool = False) -> tuple[Loc, tuple[int, int] | None]:
        """Return loc, or its nearest ancestor placed in the data, and its (line, column)."""
        for end in range(len(loc), -1, -1):
            sub = tuple(loc[:end])
            if prefer_key and sub in self.key_positions:
                return sub, self.key_positions[sub]
            if sub in self.positions:
                return sub, self.positions[sub]
        return (), None

    def place(self, loc: Loc, prefer_key: bool = False) -> tuple[int | None, int | None]:
        """Return (line, column) of loc, or of its nearest ancestor that exists in the file."""
        return self.found(loc, prefer_key)[1] or (None, None)

    def file_of(self, loc: Loc) -> str:
        """Return the file that sets the value at loc (or at its nearest placed ancestor)."""
        return self.files.get(self.found(loc)[0], self.file)

    def own_problem(self, loc: Loc, message: str) -> Problem:
        """Return a problem placed at the nearest ancestor of loc written in this map's own file (a project's, over its
        companies'): where an editor adds what no layer gives."""
        for end in range(len(loc), -1, -1):
            sub = tuple(loc[:end])
            if sub in self.positions and self.files.get(sub, self.file) == self.file:
                line, column = self.positions[sub]
                return Problem(self.file, line, column, field_path(loc), message)
        return Problem(self.file, None, None, field_path(loc), message)

    def problem(self, loc: Loc, message: str, prefer_key: bool = False) -> Problem:
        sub, (line, column) = self.found(loc, prefer_key)[0], self.place(loc, prefer_key)
        return Problem(self.files.get(sub, self.file), line, column, field_path(loc), message)


@dataclass
class Loaded:
    data: Any
    source: SourceMap
    problems: list[Problem]
    language: str
    dropped: set[Loc] = field(default_factory=set)


class _CountingLoader(yaml.SafeLoader):
    """A safe loader that refuses more than MAX_ALIASES aliases while composing, and marks folded line breaks.

    Where YAML folds a wrapped line into a space, the scalar holds FOLD instead, so that the text is joined
    without a space between Chinese characters (handbook/i18n/cjk_lines.py).
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self.alias_count = 0
        self.depth = 0

    def scan_plain_spaces(self, indent, start_mark):  # noqa: ANN001, ANN201 (PyYAML's signature)
        line = self.line
        return _marked(super().scan_plain_spaces(indent, start_mark), self.line != line)

    def scan_flow_scalar_spaces(self, double, start_mark):  # noqa: ANN001, ANN201 (PyYAML's signature)
        line = self.line
        return _marked(super().scan_flow_scalar_spaces(double, start_mark), self.line != line)

    def scan_block_scalar(self, style):  # noqa: ANN001, ANN201 (PyYAML's signature)
        if style != ">":
            return super().scan_block_scalar(style)
        token = super().scan_block_scalar("|")  # the lines as written, folded here with the breaks marked
        return yaml.ScalarToken(fold_block(token.value), False, token.start_mark, token.end_mark, style)

    def compose_node(self, parent, index):  # noqa: ANN001 (PyYAML's signature)
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                event = self.peek_event()
                raise _AliasLimit(event.anchor, event.start_mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:  # before Python's recursion limit, and with a line number
            raise _TooDeep(self.peek_event().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _marked(chunks: list[str] | None, crossed_line: bool) -> list[str] | None:
    """Return a scalar's whitespace chunks with the space a line break was folded into written as FOLD."""
    if not (chunks and crossed_line):
        return chunks
    return [FOLD if chunk == " " else chunk for chunk in chunks]


class _AliasLimit(Exception):
    def __init__(self, anchor: str, mark: yaml.Mark):
        self.anchor, self.mark = anchor, mark


class _ExpansionLimit(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


class _TooDeep(_ExpansionLimit):
    pass


def sniff_language(text: str) -> str:
    """Return the project's primary language from raw text, for messages before parsing succeeds."""
    match = re.search(r"^languages:[ \t]*(?:\[[ \t]*|\n[ \t]*-[ \t]*)[\"']?([A-Za-z]+(?:-[A-Za-z]+)?)",
                      text, re.MULTILINE)
    tag = match.group(1) if match else None
    return tag if tag in LANGUAGES else DEFAULT_LANGUAGE


def file_language(path: Path) -> str:
    """Return a data file's primary language from its raw text, without loading it (else the default)."""
    try:
        return sniff_language(path.read_bytes().decode("utf-8-sig", errors="replace"))
    except OSError:
        return DEFAULT_LANGUAGE


def read_text(path: Path, name: str) -> str:
    """Return a file's text, or raise a bilingual error when it is missing or not UTF-8."""
    messages = catalogue(DEFAULT_LANGUAGE)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProjectInvalid(Problem(name, None, None, "", messages("error.unreadable", reason=exc.strerror))) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProjectInvalid(Problem(name, 1, 1, "", messages("error.utf16")))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = f"0x{raw[exc.start]:02X}"
        message = messages("error.not_utf8", offset=exc.start, byte=byte)
        raise ProjectInvalid(Problem(name, line, None, "", message)) from None


def load_yaml(path: Path, name: str, empty_allowed: bool = False) -> Loaded:
    """Load one YAML file into plain data with its source map; raise ProjectInvalid if unreadable (or empty)."""
    text = read_text(path, name)
    language = sniff_language(text)
    messages = catalogue(language)
    source = SourceMap(name)
    node = _compose(text, source, messages)
    if node is None and empty_allowed:
        return Loaded({}, source, [], language)
    if node is None:
        raise ProjectInvalid(Problem(name, 1, 1, "", messages("error.empty_file")))
    builder = _Builder(source, messages)
    try:
        data = builder.build(node, ())
    except _ExpansionLimit as exc:
        raise _fatal(source, exc.mark, messages("error.expansion_limit", limit=MAX_NODES))
    except _TooDeep as exc:
        raise _fatal(source, exc.mark, messages("error.too_deep", limit=MAX_DEPTH))
    if not isinstance(data, dict):
        found = builder.describe(data)
        raise ProjectInvalid(source.problem((), messages("error.not_mapping", found=found)))
    return Loaded(data, source, builder.problems, language, builder.dropped)


def _compose(text: str, source: SourceMap, messages: Catalogue) -> Node | None:
    """Return the composed node tree of text; raise ProjectInvalid with a located, worded problem."""
    try:
        loader = _CountingLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(text, source, exc, messages) from None
    try:
        return loader.get_single_node()
    except _AliasLimit as exc:
        raise _fatal(source, exc.mark, messages("error.alias_limit", anchor=exc.anchor, limit=MAX_ALIASES))
    except _TooDeep as exc:
        raise _fatal(source, exc.mark, messages("error.too_deep", limit=MAX_DEPTH))
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(text, source, exc, messages) from None
    except yaml.MarkedYAMLError as exc:
        mark, message = syntax_problem(exc, text, messages)
        raise _fatal(source, mark, message) from None
    except RecursionError:
        raise ProjectInvalid(Problem(source.file, None, None, "", messages("error.too_deep", limit=MAX_DEPTH)))
    finally:
        loader.dispose()


def _reader_problem(text: str, source: SourceMap, exc: yaml.reader.ReaderError,
                    messages: Catalogue) -> ProjectInvalid:
    """Return the error for a character YAML refuses (a control character pasted from elsewhere)."""
    position = exc.position
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return ProjectInvalid(Problem(source.file, line, column, "", messages("error.control_character", code=code)))


# PyYAML's problem texts, and the message that explains each to an editor.
_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token": "error.yaml_tab",
    "found unexpected end of stream": "error.yaml_unclosed_quote",
    "could not find expected ':'": "error.yaml_indentation",
    "did not find expected key": "error.yaml_indentation",
    "did not find expected '-' indicator": "error.yaml_indentation",
    "expected <block end>, but found '<block mapping start>'": "error.yaml_indentation",
    "expected <block end>, but found '<block sequence start>'": "error.yaml_indentation",
    "expected <block end>, but found '-'": "error.yaml_indentation",
}


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, messages: Catalogue) -> tuple[yaml.Mark | None, str]:
    """Return where a YAML syntax error is and what to tell the editor, in their language."""
    problem = exc.problem or exc.context or "?"
    mark = exc.problem_mark or exc.context_mark
    hint = _SYNTAX_HINTS.get(problem)
    if exc.context and "quoted scalar" in exc.context and exc.context_mark:
        mark, hint = exc.context_mark, "error.yaml_unclosed_quote"  # where the quote opens
    elif problem == "mapping values are not allowed here" and mark is not None:
        lines = text.splitlines()
        _, _, value = (lines[mark.line] if mark.line < len(lines) else "").partition(": ")
        hint = "error.yaml_colon_in_text" if value.strip() and ": " in value else "error.yaml_indentation"
    return mark, messages("error.yaml_syntax", problem=messages(hint) if hint else problem)


def _fatal(source: SourceMap, mark: yaml.Mark | None, message: str) -> ProjectInvalid:
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return ProjectInvalid(Problem(source.file, line, column, "", message))


class _Builder:
    """Construct plain data from a composed node tree, recording positions and problems."""

    _constructor = SafeConstructor()

    def __init__(self, source: SourceMap, messages: Catalogue):
        self.source = source
        self.messages = messages
        self.problems: list[Problem] = []
        self.budget = MAX_NODES
        self.dropped: set[Loc] = set()

    def build(self, node: Node, loc: Loc) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _ExpansionLimit(node.start_mark)
        if len(loc) > MAX_DEPTH:
            raise _TooDeep(node.start_mark)
        self.source.positions.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return self._sequence(node, loc)
        return self._scalar(node, loc)

    def _refuse_tag(self, node: Node, loc: Loc) -> None:
        tag = node.tag.replace(TAG, "!!")
        self.problems.append(self.source.problem(loc, self.messages("error.tag_refused", tag=tag)))
        self.dropped.add(loc)

    def _mapping(self, node: MappingNode, loc: Loc) -> dict | None:
        if node.tag != MAP:
            self._refuse_tag(node, loc)
            return None
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                merged.update(self._merge(value_node, loc))
                continue
            key = self._key(key_node, loc)
            if key is None:
                continue
            key_loc = loc + (key,)
            line = key_node.start_mark.line + 1
            if key in first_lines:
                message = self.messages("error.duplicate_key", key=key, first_line=first_lines[key])
                self.problems.append(Problem(self.source.file, line, key_node.start_mark.column + 1,
                                             field_path(key_loc), message))
                continue
            first_lines[key] = line
            self.source.key_positions[key_loc] = (line, key_node.start_mark.column + 1)
            value = self.build(value_node, key_loc)
            if key_loc not in self.dropped:
                result[key] = value
        # Keys written in the mapping override merged ones (<<: *defaults), whatever their order.
        return {**{k: v for k, v in merged.items() if k not in first_lines}, **result}

    def _merge(self, node: Node, loc: Loc) -> dict[str, Any]:
        """Return the keys a merge key (<<) brings in: from a mapping or a list of mappings."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):  # earlier mappings in the list win
            value = self.build(source, loc) if isinstance(source, MappingNode) else None
            if not isinstance(value, dict):
                line, column = source.start_mark.line + 1, source.start_mark.column + 1
                self.problems.append(Problem(self.source.file, line, column, field_path(loc) or "<<",
                                             self.messages("error.merge_not_mapping")))
                self.dropped.add(loc)
                return {}
            merged.update(value)
        return merged

    def _key(self, node: Node, loc: Loc) -> str | None:
        if isinstance(node, ScalarNode) and node.tag == STR:
            return node.value
        value = self._scalar(node, loc) if isinstance(node, ScalarNode) else None
        found = self.describe(value) if isinstance(node, ScalarNode) else self.messages("found.mapping")
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(Problem(self.source.file, line, column, field_path(loc),
                                     self.messages("error.key_not_text", found=found)))
        return None

    def _sequence(self, node: SequenceNode, loc: Loc) -> list | None:
        if node.tag != SEQ:
            self._refuse_tag(node, loc)
            return None
        return [self.build(item, loc + (index,)) for index, item in enumerate(node.value)]

    def _scalar(self, node: ScalarNode, loc: Loc) -> Any:
        tag = node.tag
        if tag not in SCALAR_TAGS:
            self._refuse_tag(node, loc)
            return None
        if tag == STR:
            return join_lines(unfold(node.value))  # a single line break is a Markdown soft break in any style
        if node.style is None:
            self.source.plain_scalars[loc] = (node.value, tag)
        if tag == FLOAT:
            return _decimal(node.value)
        if tag == TIMESTAMP:
            try:
                return self._constructor.construct_yaml_timestamp(node)
            except ValueError:
                self.problems.append(self.source.problem(loc, self.messages("error.bad_date", text=node.value)))
                self.dropped.add(loc)
                return None
        return self._constructor.construct_object(node, deep=True)

    def describe(self, value: Any) -> str:
        return describe(value, self.messages)


def _decimal(text: str) -> Decimal | float:
    """Return a YAML float as an exact Decimal (infinities and NaN stay floats, to be refused)."""
    cleaned = text.replace("_", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return float(SafeConstructor().construct_yaml_float(ScalarNode(FLOAT, text)))


def describe(value: Any, messages: Catalogue) -> str:
    """Return how a found value is named in an error message."""
    import datetime as _dt

    if value is None:
        return messages("found.nothing")
    if isinstance(value, bool):
        return messages("found.bool", value=str(value).lower())
    if isinstance(value, (int, float, Decimal)):
        return messages("found.number", value=value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return messages("found.date", value=value.isoformat())
    if isinstance(value, list):
        return messages("found.list")
    if isinstance(value, dict):
        return messages("found.mapping")
    text = str(value)
    return messages("found.text", value=text if len(text) <= 40 else text[:39] + "…")
