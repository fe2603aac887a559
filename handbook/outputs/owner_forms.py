"""Fillable owner forms (issue 23): the public project view in, downloads/forms/<kind>.<lang>.pdf out, blank and fillable.

The forms an owner fills in before coming (derive/owner_forms.py: the owner
card, the authorisation letter a proxy brings, the bank debit form) are laid
out as the printed blank forms are (templates/forms/kinds.html, with
`fillable` set), one A4 page each, in the edition's words. Every blank is a
text field and every choice a checkbox (AcroForm), named the same in every
language (owner_name, agent_id_number, scope_keys...) and described by its
label for screen readers; text fields are at least 8 mm high, so the page
printed empty is written on by hand. No unit, no owner: they are blank.

A field's font is embedded whole (what will be typed is unknown), and a whole
CJK face is 16 MB: fields are set in a cut of the edition's face with its
region's everyday characters (engines/fonts.py fill_in_font), about 1.5 MB.
"""

from __future__ import annotations

from pathlib import Path

from ..derive.owner_forms import FillableForm, fillable_forms
from ..derive.packets import FormCopy
from ..engines.fonts import fill_in_font
from ..engines.pdf import page_count
from ..errors import BuildFailed, Entry, Said
from ..model.documents import FormToPrepare
from ..repo import Repo
from ..source.pages import AGREEMENTS
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import refusals, remove_files
from .downloads import FORMS, form_file_name
from .forms_pages import PageMaker, form_variables
from .printing import Printable, PrintJob, printable, sans, template_inputs

FIELD_FAMILY = "Handbook Fields"  # the @font-face of the fields' font (owner_forms.css)
# The characters a field's font carries, by the edition's CJK face: GB 2312's for Simplified, Big5's for Traditional.
FIELD_ENCODINGS = {"SC": "gb2312", "HK": "big5", "TC": "big5"}


class OwnerForms:
    name = "owner_forms"
    audience = "public"
    editions = "each"
    lists_downloads = False

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [source.data_file, *template_inputs(source, repo, "owner_forms"), *template_inputs(source, repo, "forms"),
                repo.content / "owner" / AGREEMENTS, source.folder / "content" / "owner" / AGREEMENTS]

    def check(self, ctx: RenderContext) -> list[Entry]:
        def lay_out() -> None:
            maker = PageMaker(ctx)
            for fillable in fillable_forms(ctx.project):
                one_page(ctx, fillable, len(owner_form(ctx, maker, fillable).laid_out().pages))
        return refusals(lay_out)

    def render(self, ctx: RenderContext) -> None:
        folder, forms = ctx.downloads / FORMS, fillable_forms(ctx.project)
        remove_files(folder, [f"*.{ctx.edition.tag}.pdf"])  # a form the project no longer has
        if not forms:
            return
        folder.mkdir(parents=True, exist_ok=True)
        maker = PageMaker(ctx)
        for fillable in forms:
            path = folder / form_file_name(fillable.kind, ctx.edition.tag)
            path.write_bytes(owner_form(ctx, maker, fillable).pdf(forms=True))
            one_page(ctx, fillable, page_count(path))


def field_encoding(ctx: RenderContext) -> str:
    """Return whose characters the fields carry: a Chinese edition's script's; an English edition's, its region's.

    Owners of a Hong Kong estate type their names in Traditional characters on its English forms too.
    """
    if ctx.edition.language.script == "Latn":
        return "gb2312" if ctx.project.region == "CN" else "big5"
    return FIELD_ENCODINGS[ctx.edition.language.cjk_face]


def owner_form(ctx: RenderContext, maker: PageMaker, fillable: FillableForm) -> Printable:
    """Return one fillable form, ready to print: the printed blank form's page, its blanks fields."""
    messages = ctx.edition.messages
    form = fillable.form or FormToPrepare(id=fillable.kind, name=fillable.title(messages), kind=fillable.kind)
    cache = ctx.repo.root / ".cache" / "fonts"
    font = fill_in_font(sans(ctx), field_encoding(ctx), cache)
    context = {
        **form_variables(ctx),
        "fillable": True,
        "page": maker.page(FormCopy(form, 1, None), None),
        "title": messages("label.owner_forms.document_title", form=form.name, name=ctx.project.name),
        "field_family": FIELD_FAMILY,
        "field_font": font.as_uri(),
    }
    return printable(ctx, PrintJob("owner_forms", "owner_forms.html", "owner_forms.css", context,
                                   reads=(cache,), shares=("forms",)))


def one_page(ctx: RenderContext, fillable: FillableForm, pages: int) -> None:
    """Refuse a form that runs over its one page (an agreement's long wording on the bank debit form)."""
    if pages != 1:
        raise BuildFailed(Said("refusal.owner_form_too_long", output=Said("output.owner_forms"),
                               form=fillable.title(ctx.edition.messages), pages=pages))
