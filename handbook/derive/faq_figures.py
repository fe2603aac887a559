"""FAQ texts that quote the fee schedule: a project and an edition in, the project with the figures written in out.

An FAQ question, answer or staff note may quote a figure of the fee schedule
by name, `预交 {{ fee.management.prepaid_months }} 个月管理费` (the names are
FeeSchedule.figures()). Every output reads the project with each placeholder
replaced by the figure as its edition prints it (Presenter.figure), so the
FAQ follows the schedule. The one syntax allowed is `{{ fee.<name> }}`:
`check` refuses anything else, and every unknown name, before an output renders
(handbook.source.faq_checks), so rendering here never meets a bad placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Iterable, Iterator

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from ..i18n.edition import Edition
from .fee_schedule import fee_schedule
from .present import Presenter

ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
EXAMPLE = "{{ fee.management.prepaid_months }}"
# Anything Jinja would read as code: a placeholder, a statement, a comment, or one left open.
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[{%#]", re.DOTALL)
_FEE_PATH = re.compile(r"\bfee(?:\.\w+)+")


@dataclass(frozen=True)
class Placeholder:
    """One piece of template code in a text: as written, and the figure it names (None: not `{{ fee.<name> }}`)."""

    written: str
    name: str | None

    def example(self, names: Iterable[str]) -> str:
        """Return how it should be written: as `{{ fee.<name> }}` with its own name if that is one of names."""
        path = _FEE_PATH.search(self.written)
        name = path.group().removeprefix("fee.") if path else None
        return f"{{{{ fee.{name} }}}}" if name in set(names) else EXAMPLE


def quotes_figures(text: str | None) -> bool:
    """Return whether a text holds template code (most do not: they pass through untouched)."""
    return bool(text) and "{" in text and _CODE.search(text) is not None


def placeholders(text: str) -> list[Placeholder]:
    """Return the template code of a text in order, each with the figure name it quotes, if it is well written."""
    found = []
    for match in _CODE.finditer(text):
        written = match.group() if len(match.group()) > 2 else text[match.start():match.start() + 40]
        found.append(Placeholder(written, _figure_name(written)))
    return found


def without_placeholders(text: str) -> str:
    """Return text with its template code blanked out: what the editor typed around the placeholders."""
    return _CODE.sub(" ", text)


def _figure_name(code: str) -> str | None:
    """Return the figure a piece of code names when it is exactly `{{ fee.a.b }}`, else None."""
    try:
        body = ENV.parse(code).body
    except TemplateSyntaxError:
        return None
    if len(body) != 1 or not isinstance(body[0], nodes.Output) or len(body[0].nodes) != 1:
        return None
    node, parts = body[0].nodes[0], []
    while isinstance(node, nodes.Getattr):
        parts.insert(0, node.attr)
        node = node.node
    if not (isinstance(node, nodes.Name) and node.name == "fee" and parts):
        return None
    return ".".join(parts)


def faq_texts(item: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """Yield the texts of an FAQ item that may quote figures, with their field path inside the item."""
    yield ("question",), item.question
    yield ("answer",), item.answer
    staff = getattr(item, "staff", None)  # a public view has no staff field
    if staff is not None and staff.notes:
        yield ("staff", "notes"), staff.notes


def figure_values(project: Any, presenter: Presenter) -> dict[str, str]:
    """Return every figure of a project's fee schedule by placeholder name, as the presenter prints it."""
    return {name: presenter.figure(figure) for name, figure in fee_schedule(project, examples=False).figures().items()}


def namespace(values: dict[str, str]) -> SimpleNamespace:
    """Return the `fee` object templates read: dotted names become nested attributes (fee.management.rate)."""
    tree: dict = {}
    for name, value in values.items():
        *path, last = name.split(".")
        branch = tree
        for part in path:
            branch = branch.setdefault(part, {})
        branch[last] = value
    return _namespace(tree)


def _namespace(tree: dict) -> SimpleNamespace:
    return SimpleNamespace(**{k: _namespace(v) if isinstance(v, dict) else v for k, v in tree.items()})


def resolve(text: str, fee: SimpleNamespace) -> str:
    """Return text with its placeholders replaced by the figures (text without any passes through as it is)."""
    if not quotes_figures(text):
        return text
    return ENV.from_string(text).render(fee=fee)


def with_fee_figures(project: Any, edition: Edition) -> Any:
    """Return the project (or its view) with every FAQ placeholder replaced by its figure, printed for the edition.

    A project whose FAQ quotes no figure is returned as it is.
    """
    faq = project.faq
    if not any(quotes_figures(text) for item in faq for _, text in faq_texts(item)):
        return project
    presenter = Presenter(edition.language, edition.messages, project.fees.currency)
    fee = namespace(figure_values(project, presenter))
    return project.model_copy(update={"faq": [_resolved(item, fee) for item in faq]})


def _resolved(item: Any, fee: SimpleNamespace) -> Any:
    changes: dict[str, Any] = {"question": resolve(item.question, fee), "answer": resolve(item.answer, fee)}
    staff = getattr(item, "staff", None)
    if staff is not None and staff.notes:
        changes["staff"] = staff.model_copy(update={"notes": resolve(staff.notes, fee)})
    return item.model_copy(update=changes)
