"""The pages of the move-in forms: forms, units and agreement wording in, the HTML of a batch of parts out.

Shared by the printed forms (forms.py) and the fillable owner forms
(owner_forms.py), which lay out the same pages (templates/forms/kinds.html).

A part is what is cut out of a batch as one file: a unit's packet, one blank
form, or a day's sheet. Each page of a part is one copy of one form and
carries its trace code: a QR code of `hbform:<slug>?unit=…&form=…&copy=n/N`
(ASCII: the unit percent-encoded, so any decoder reads it; 19 mm, so a scan
at 150 dpi does), with the same in words printed beside it: the unit, the
form's name and which copy of how many (trace_text).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_time
from jinja2 import TemplateError
from markupsafe import Markup

from ..derive.packets import FormCopy, check_items, copies, inspection_rooms, unit_forms
from ..engines.qr import qr_url
from ..engines.templating import markdown_html, page_environment, template_problem
from ..errors import BuildFailed, Said, relative_name
from ..i18n.languages import variant_name
from ..model.documents import FormToPrepare
from ..model.units import Unit
from ..source.pages import (
    AGREEMENTS,
    front_matter,
    page_folders,
    page_variables,
    published_pages,
    without_front_matter,
)
from .base import RenderContext
from .common import template_context
from .printing import Printable, PrintJob, printable

SCHEME = "hbform"
LOG_ROWS = 15  # rows of a blank log page (§4(2)4: 物品领用登记表, 每页登记 15 户)
BLANK_ROOMS = 8  # room rows of an inspection form for a unit of no known type
SYMBOLS = "DejaVu Sans"  # the CJK faces have ✓ but not ✗ (the inspection form's marks): fontconfig falls back to it
# Boxes for an ID number on the bank debit form, by region: a mainland resident ID has 18 characters, a Hong Kong
# card up to 9 (two letters, six digits and the check digit of XY123456(7)), a Macao card 8 (1234567(8)), Taiwan's 10.
ID_CHARACTERS = {"CN": 18, "HK": 9, "MO": 8, "TW": 10}
_TITLE = re.compile(r"\A\s*#\s[^\n]*\n")


@dataclass(frozen=True)
class Page:
    copy: FormCopy
    trace: str  # the trace code in words: the unit, the form's name and the copy (the QR code's alternative text)
    what: str  # the form's name and the copy, printed beside the QR code under the unit
    qr: str  # the trace code's QR code: a qr: URL, drawn where the page is laid out
    rooms: list | None  # inspection forms: the unit type's rooms; None for blank room rows
    wording: Markup | None  # agreements: the editors' wording


@dataclass(frozen=True)
class Part:
    key: str  # the file name, without .pdf
    unit: Unit | None  # None on blank forms
    pages: list[Page]


def trace_code(slug: str, **fields: str) -> str:
    """Return what a page's QR code encodes: the project, then unit, form and copy (n/N) or day, as an ASCII URI."""
    return f"{SCHEME}:{slug}?" + urlencode(fields, safe="/")


def trace_text(copy: FormCopy, total: int, unit: Unit | None, messages) -> str:
    """Return the words printed beside a page's QR code: its unit, the form's name and which copy (第 1 份，共 2 份).

    People read this (the QR code is for machines): it names the form as its
    heading does, in the page's language, never by its id.
    """
    what = form_and_copy(copy, total, messages)
    return f"{unit.unit} · {what}" if unit else what


def form_and_copy(copy: FormCopy, total: int, messages) -> str:
    """Return the form's name and which copy of how many a page is (the unit is printed above it)."""
    words = [copy.form.name]
    if total > 1:
        words.append(messages("label.form.copy_of", number=copy.number, total=total))
    return " · ".join(words)


class PageMaker:
    """Make the pages of packets and blank forms for one project and edition."""

    def __init__(self, ctx: RenderContext):
        self.ctx = ctx
        self.slug = ctx.source.slug
        self.wording = agreement_wording(ctx)

    def page(self, copy: FormCopy, unit: Unit | None) -> Page:
        """Return one page: a copy of a form, for a unit or blank."""
        total = copy.form.copies if copy.form.per == "household" else 1
        code = trace_code(self.slug, unit=unit.unit if unit else "", form=copy.form.id, copy=f"{copy.number}/{total}")
        messages = self.ctx.edition.messages
        rooms = inspection_rooms(self.ctx.project, unit.unit_type if unit else None) \
            if copy.form.kind == "inspection" else None
        return Page(copy, trace_text(copy, total, unit, messages), form_and_copy(copy, total, messages), qr_url(code),
                    rooms, self.wording.get(copy.form.id))

    def packet(self, key: str, unit: Unit) -> Part:
        """Return a unit's packet: every form it needs, in move-in order, each copy a page."""
        return Part(key, unit, [self.page(c, unit) for form in unit_forms(self.ctx.project, unit) for c in copies(form)])

    def blank(self, form: FormToPrepare) -> Part:
        """Return a blank form: each copy once (a per-project log: one page, printed as often as it says)."""
        pages = copies(form) if form.per == "household" else [FormCopy(form, 1, None)]
        return Part(form.id, None, [self.page(c, None) for c in pages])


def agreement_wording(ctx: RenderContext) -> dict[str, Markup]:
    """Return, by form id, the wording of the agreement signed on each agreement and bank debit form.

    The wording is an owner page (content/owner/agreements/<agreement id>.md,
    the project's own replacing the shared one), so the site shows owners what
    they will sign; it is rendered as the site renders it, without its title
    (the agreement's name: the form prints its own, the same by checks.py).
    A shared page written for other regions (its front matter's `regions`) is
    not the project's wording: a project elsewhere writes its own.
    """
    project = ctx.project
    kinds = {form.id: form.kind for form in project.forms if form.kind in ("agreement", "bank_debit")}
    (folders,) = page_folders(ctx.source.folders, ctx.edition.written_in, ctx.repo, ("owner",))
    env = page_environment(folders, ctx.edition)
    context = template_context(ctx, "print")
    published = published_pages(folders, project)
    found, missing = {}, []
    for agreement in project.agreements:
        if agreement.form not in kinds:
            continue
        name = f"{AGREEMENTS}/{agreement.id}.md"
        if name not in published:
            missing.append(missing_wording(ctx, agreement.id, name))
            continue
        folder = published[name].folder
        variant = variant_name(name, ctx.edition.tag)
        try:
            text = env.get_template(variant if (folder / variant).is_file() else name).render(
                {**context, **page_variables(name, project)})
        except TemplateError as exc:
            raise BuildFailed(Said("refusal.template", output=Said("output.forms"),
                                   problem=template_problem(exc, name))) from None
        found[agreement.form] = markdown_html(_TITLE.sub("", without_front_matter(text), count=1))
    if missing:
        raise BuildFailed([Said("refusal.agreements_without_wording")] + missing)
    return found


def missing_wording(ctx: RenderContext, agreement: str, name: str) -> Said:
    """Return where to write an agreement's missing wording: the project's page, or the shared one if it serves here."""
    own = relative_name(ctx.source.folder / "content" / "owner" / name)
    shared = ctx.repo.content / "owner" / name
    if shared.is_file():  # the shared wording is for other regions (its front matter says which)
        return Said("refusal.agreement_file_region", agreement=agreement, path=own, shared=f"content/owner/{name}",
                    regions=", ".join(map(str, front_matter(shared).get("regions", []))), region=ctx.project.region)
    return Said("refusal.agreement_file", agreement=agreement, path=own, shared=f"content/owner/{name}")


def batch_document(ctx: RenderContext, template: str, prefix: str, **variables: Any) -> Printable:
    """Return a batch of parts (forms.html) or day sheets (days.html), ready to lay out, the units in it printed."""
    context = {**variables, "prefix": prefix, **form_variables(ctx)}
    units = [part.unit for part in variables.get("parts", []) if part.unit]
    units += [unit for day in variables.get("days", []) for unit in day.units]
    return printable(ctx, PrintJob("forms", template, "forms.css", context, units=tuple(units), fonts=(SYMBOLS,)))


def form_variables(ctx: RenderContext) -> dict[str, Any]:
    """Return what the form templates (kinds.html) read beside the shared variables: sizes, copy names, the clock."""
    locale = ctx.edition.language.babel_locale
    messages = ctx.edition.messages
    return {
        "log_rows": LOG_ROWS,
        "blank_rooms": BLANK_ROOMS,
        "id_characters": ID_CHARACTERS[ctx.project.region],
        "check_items": check_items(ctx.project),
        "copy_name": lambda form, number: copy_name(form, number, messages),
        "copy_count": lambda form: copy_count(form, messages),
        "clock": lambda moment: format_time(moment.time(), format="short", locale=locale),
    }


def copy_name(form: FormToPrepare, number: int, messages) -> str:
    """Return what a copy is called on its page: who keeps it (业主联), else its number (第 2 联)."""
    if form.to:
        return messages(f"label.form.holder.{form.to[number - 1]}")
    return messages("label.form.copy_numbered", number=number)


def copy_count(form: FormToPrepare, messages) -> str:
    """Return the copy marking of a form: 一式二份：业主联 / 物业联."""
    numerals = messages("label.form.numerals").split(",")
    count = numerals[form.copies - 1] if form.copies <= len(numerals) else str(form.copies)
    names = " / ".join(copy_name(form, n, messages) for n in range(1, form.copies + 1))
    return messages("label.form.copy_count", count=count, names=names)


def day_title(day: dt.date | None, present) -> str:
    """Return how a day is named on its sheets: its date, or 'no appointment'."""
    return present.date(day) if day else present.messages("label.form.no_appointment")
