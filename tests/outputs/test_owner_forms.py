"""The fillable owner forms as owners use them: fields pypdf reads and fills, text that shows in its boxes, no personal data.

Read from the built samples (every edition): each form's fields by name and
type, the same in every language; blank; tall enough to write in by hand;
labelled in the edition's words; a filled copy shows its text inside the
boxes (rendered by poppler, compared with the blank page pixel by pixel);
fonts embedded; tagged as PDF/UA wants form fields; listed on the downloads
page by name. Then the derivation (which forms a project offers), the blank
internal form of the new kind, and the audit that reads what a form holds.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageChops

from handbook.commands.cli import main
from handbook.derive.owner_forms import fillable_forms
from handbook.engines.pdf import pdf_text
from handbook.errors import BuildFailed
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.outputs.downloads import form_file_name
from handbook.repo import Repo
from handbook.run.audit import audit
from handbook.run.gather import gather
from handbook.run.published import personal_names
from handbook.source.projects import ProjectSource
from tests.conftest import PROJECTS, REPO_ROOT, make_repo, sample_project, template_text
from tests.outputs.test_downloads import Listing, edition_view

# (slug, edition, its folder in the site)
EDITIONS = [("lotus-garden", "zh-CN", ""), ("lotus-garden", "zh-HK", "zh-HK/"), ("lotus-garden", "en", "en/"),
            ("harbour-centre", "zh-HK", ""), ("harbour-centre", "zh-CN", "zh-CN/")]
KINDS = ("owner_card", "authorisation", "bank_debit")
CASES = [(slug, tag, prefix, kind) for slug, tag, prefix in EDITIONS for kind in KINDS]
IDS = [f"{slug}/{tag}/{kind}" for slug, tag, _, kind in CASES]
MM = 72 / 25.4  # PDF points in a millimetre
DPI = 100

TEXT, BOX = "/Tx", "/Btn"
UNIT = {"unit": TEXT, "area": TEXT, "appointment": TEXT}  # what identifies the unit, atop every form
ID = {"id_card": BOX, "id_other": BOX, "id_number": TEXT}  # which ID document, and its number
FIELDS = {  # the names every edition gives the fields: what a filled form's data is read by
    "owner_card": {
        **UNIT, "owner_name": TEXT, "gender": TEXT, "birth_date": TEXT, **ID, "mobile": TEXT, "other_phone": TEXT,
        "employer": TEXT, "address": TEXT, "email": TEXT, "emergency_contact": TEXT, "company_name": TEXT,
        "registration_number": TEXT, "legal_representative": TEXT,
        **{f"resident_{n}_{column}": TEXT for n in (1, 2, 3) for column in ("name", "relation", "id_number", "mobile")},
        **{f"vehicle_{n}_{column}": TEXT for n in (1, 2) for column in ("plate", "car", "space")},
        "owner_sign_date": TEXT, "proxy_id_number": TEXT},
    "authorisation": {
        **UNIT, "principal_name": TEXT, "principal_id_number": TEXT, "principal_representative": TEXT,
        "principal_mobile": TEXT, "agent_name": TEXT, "agent_relation": TEXT,
        **{f"agent_{name}": kind for name, kind in ID.items()}, "agent_mobile": TEXT,
        **{f"scope_{item}": BOX for item in ("move_in", "sign", "inspect", "keys", "fees", "other")},
        "scope_other_detail": TEXT, "valid_from": TEXT, "valid_to": TEXT,
        "principal_sign_date": TEXT, "agent_sign_date": TEXT},
    "bank_debit": {
        **UNIT, "account_name": TEXT, "bank": TEXT, "account_number": TEXT, "holder_id_number": TEXT, "mobile": TEXT,
        "debit_management": BOX, "debit_parking": BOX, "debit_other": BOX, "owner_sign_date": TEXT,
        "proxy_id_number": TEXT},
}
# A label of each form, and the words a filled copy is written in, as each language writes them.
LABELS = {"owner_card": "label.form.owner_name", "authorisation": "label.form.authorisation.agent",
          "bank_debit": "label.form.account_number"}
WRITTEN = {"zh-CN": "李明 莲花路 138", "zh-HK": "陳大文 海濱道 9123", "en": "Li Ming 138"}


def form_pdf(dist: Path, slug: str, prefix: str, kind: str, tag: str) -> Path:
    return dist / "public" / slug / prefix / "downloads" / "forms" / form_file_name(kind, tag)


def widgets(pdf: Path) -> dict[str, pypdf.generic.DictionaryObject]:
    """Return the form's fields on its one page, by name."""
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1
    return {annot["/T"]: annot for annot in (ref.get_object() for ref in reader.pages[0].get("/Annots", []))}


def size_mm(field) -> tuple[float, float]:
    """Return a field's box, height and width, in millimetres."""
    x0, y0, x1, y1 = (float(value) for value in field["/Rect"])
    return abs(y1 - y0) / MM, abs(x1 - x0) / MM


def filled_copy(blank: Path, out: Path, written: str, regenerate: bool) -> Path:
    """Write a copy of a form with every text field written in and every box ticked, as pypdf fills it."""
    writer = pypdf.PdfWriter(clone_from=blank)
    values = {name: "/on" if field["/FT"] == BOX else f"{written} {index}"
              for index, (name, field) in enumerate(widgets(blank).items())}
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=regenerate)
    writer.write(out)
    return out


def render(pdf: Path, out: Path) -> Image.Image:
    """Return the page as poppler renders it, in grey, at DPI."""
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", str(pdf), str(out)], check=True)
    return Image.open(out.with_suffix(".png")).convert("L")


def ink(image: Image.Image, field, page_height: float) -> int:
    """Return how many dark pixels the page has inside a field's box (a pixel's margin in, off its edges)."""
    x0, y0, x1, y1 = (float(value) for value in field["/Rect"])
    scale = DPI / 72
    box = (round(min(x0, x1) * scale) + 1, round((page_height - max(y0, y1)) * scale) + 1,
           round(max(x0, x1) * scale) - 1, round((page_height - min(y0, y1)) * scale) - 1)
    return sum(image.crop(box).histogram()[:128])


# What the samples build ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=[f"{s}/{t}" for s, t, _ in EDITIONS])
def test_each_edition_offers_the_owner_card_the_authorisation_letter_and_the_bank_debit_form(samples_dist, slug,
                                                                                          tag, prefix):
    folder = samples_dist / "public" / slug / prefix / "downloads" / "forms"
    assert sorted(path.name for path in folder.iterdir()) == sorted(form_file_name(kind, tag) for kind in KINDS)


@pytest.mark.parametrize(("slug", "tag", "prefix", "kind"), CASES, ids=IDS)
def test_fields_are_named_and_typed_alike_in_every_language_and_blank(samples_dist, slug, tag, prefix, kind):
    fields = widgets(form_pdf(samples_dist, slug, prefix, kind, tag))
    assert {name: field["/FT"] for name, field in fields.items()} == FIELDS[kind]
    assert all(field.get("/V") in ("", "/Off") for field in fields.values())  # blank: nothing written, nothing ticked
    assert all(field.get("/TU") for field in fields.values())  # each described by its label (screen readers)


@pytest.mark.parametrize(("slug", "tag", "prefix", "kind"), CASES, ids=IDS)
def test_boxes_are_big_enough_to_write_in_by_hand(samples_dist, slug, tag, prefix, kind):
    for name, field in widgets(form_pdf(samples_dist, slug, prefix, kind, tag)).items():
        height, width = size_mm(field)
        if field["/FT"] == TEXT:
            assert height >= 8 and width >= 20, (name, height, width)
        else:
            assert 3.5 <= height <= 5 and 3.5 <= width <= 5, (name, height, width)  # a tick's box


@pytest.mark.parametrize(("slug", "tag", "prefix", "kind"), CASES, ids=IDS)
def test_labels_are_in_the_editions_words(samples_dist, slug, tag, prefix, kind):
    pdf = form_pdf(samples_dist, slug, prefix, kind, tag)
    project, t = edition_view(slug, tag)
    text = re.sub(r"\s+", "", pdf_text(pdf))
    form = next((f for f in project.forms if f.kind == kind), None)
    assert re.sub(r"\s+", "", form.name) in text  # its title: the project's name for the form, as the edition writes it
    assert re.sub(r"\s+", "", t(LABELS[kind])) in text
    assert widgets(pdf)["mobile" if kind != "authorisation" else "agent_mobile"]["/TU"] == t("label.form.mobile")
    if tag == "en":  # nothing left in Chinese: an English edition's form reads in English
        assert not re.search(r"[\u3400-\u9fff]", text), re.findall(r"[\u3400-\u9fff]+", text)


@pytest.mark.parametrize(("slug", "tag", "prefix", "kind"), CASES, ids=IDS)
def test_fonts_are_embedded_and_the_fields_are_tagged(samples_dist, slug, tag, prefix, kind):
    pdf = form_pdf(samples_dist, slug, prefix, kind, tag)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the emb column
    assert any("Handbook-Fields" in line for line in fonts)  # the fields' own font, a cut of the edition's face
    assert pdf.stat().st_size < 2_500_000  # not the whole CJK face (16 MB) a field's font would otherwise embed
    reader = pypdf.PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and str(root["/Lang"]) == LANGUAGES[tag].html_lang
    assert reader.pages[0]["/Tabs"] == "/S"  # tab order follows the structure
    assert root["/AcroForm"]["/NeedAppearances"] == False  # noqa: E712 -- shown as drawn: a viewer redrawing loses the ticks
    tagged = [node for node in structure(root["/StructTreeRoot"]) if node.get("/S") == "/Form"]
    assert len(tagged) == len(widgets(pdf))  # each field a Form element of the structure (PDF/UA-1)


def structure(node) -> list:
    """Return every element of a structure tree."""
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        return [found for child in node for found in structure(child)]
    if not isinstance(node, pypdf.generic.DictionaryObject):
        return []
    return [node, *structure(node["/K"])] if "/K" in node else [node]


FILLED = [("lotus-garden", "zh-CN", "", "owner_card"), ("lotus-garden", "en", "en/", "authorisation"),
          ("harbour-centre", "zh-HK", "", "bank_debit"), ("harbour-centre", "zh-HK", "", "authorisation")]


@pytest.mark.parametrize("regenerate", [False, True], ids=["pypdf-appearance", "need-appearances"])
@pytest.mark.parametrize(("slug", "tag", "prefix", "kind"), FILLED, ids=[f"{s}/{t}/{k}" for s, t, _, k in FILLED])
def test_a_filled_copy_shows_its_text_inside_the_boxes(samples_dist, tmp_path, slug, tag, prefix, kind, regenerate):
    blank = form_pdf(samples_dist, slug, prefix, kind, tag)
    filled = filled_copy(blank, tmp_path / "filled.pdf", WRITTEN[tag], regenerate)
    written = widgets(filled)
    assert {name: str(field.get("/V")) for name, field in written.items() if field["/FT"] == BOX} == \
        {name: "/on" for name, kind_ in FIELDS[kind].items() if kind_ == BOX}
    height = float(pypdf.PdfReader(blank).pages[0].mediabox.height)
    before, after = render(blank, tmp_path / "blank"), render(filled, tmp_path / "filled")
    for name, field in widgets(blank).items():
        assert ink(before, field, height) == 0, name  # an empty box on the blank page
        if field["/FT"] == TEXT:
            assert ink(after, field, height) > 20, name  # the words written in
        elif not regenerate:  # asked to redraw every field, poppler draws a ticked box without a caption empty
            assert ink(after, field, height) > 4, name  # the tick
    if not regenerate:  # the words are drawn in the fields' own font, each character a glyph of it (none missing)
        for name, field in written.items():
            if field["/FT"] == TEXT:
                glyphs = re.findall(rb"<([0-9a-f]+)> Tj", field["/AP"]["/N"].get_object().get_data())
                assert glyphs and all("0000" not in [g[i:i + 4].decode() for i in range(0, len(g), 4)]
                                      for g in glyphs), name


def test_a_filled_copy_draws_nothing_outside_the_boxes(samples_dist, tmp_path):
    blank = form_pdf(samples_dist, "lotus-garden", "", "owner_card", "zh-CN")
    filled = filled_copy(blank, tmp_path / "filled.pdf", WRITTEN["zh-CN"], regenerate=False)
    before, after = render(blank, tmp_path / "blank"), render(filled, tmp_path / "filled")
    height, scale = float(pypdf.PdfReader(blank).pages[0].mediabox.height), DPI / 72
    changed = ImageChops.difference(before, after)
    assert changed.getbbox() is not None  # something was written
    for field in widgets(blank).values():  # blank out the boxes (and a pixel round them): the rest is as it was
        x0, y0, x1, y1 = (float(v) for v in field["/Rect"])
        changed.paste(0, (round(min(x0, x1) * scale) - 2, round((height - max(y0, y1)) * scale) - 2,
                          round(max(x0, x1) * scale) + 2, round((height - min(y0, y1)) * scale) + 2))
    assert changed.point(lambda v: 255 if v > 64 else 0).getbbox() is None


def test_the_forms_hold_no_unit_list_data_and_the_audit_would_see_it(samples_dist, tmp_path):
    gathered = gather(ProjectSource("lotus-garden", PROJECTS / "lotus-garden"), Repo(REPO_ROOT), units_needed=True)
    names = personal_names(gathered)
    assert len(names) > 20
    folders = [path.parent for path in (samples_dist / "public" / "lotus-garden").rglob("forms/*.pdf")]
    public = tmp_path / "public"
    for folder in set(folders):
        shutil.copytree(folder, public / folder.relative_to(samples_dist / "public"))
    view = gathered.as_written("public")
    audit(gathered.loaded.project, view, public, personal=names)  # nothing personal in any edition's forms
    # The audit reads what a form's fields hold: a form with an owner's name written in is refused.
    owner = next(iter(names))
    card = next(public.rglob(form_file_name("owner_card", "zh-CN")))
    writer = pypdf.PdfWriter(clone_from=card)
    writer.update_page_form_field_values(writer.pages[0], {"owner_name": owner}, auto_regenerate=False)
    writer.write(card)
    with pytest.raises(BuildFailed) as refused:
        audit(gathered.loaded.project, view, public, personal=names)
    assert card.name in str(refused.value.problems) or "owner_name" in str(refused.value.problems)


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=[f"{s}/{t}" for s, t, _ in EDITIONS])
def test_the_downloads_page_lists_the_forms_by_name_in_their_own_section(samples_dist, slug, tag, prefix):
    site = samples_dist / "public" / slug / prefix
    page = Listing((site / "downloads" / "index.html").read_text(encoding="utf-8"))
    project, t = edition_view(slug, tag)
    assert t("label.download.forms") in page.sections
    listed = [item for item in page.items if item["section"] == t("label.download.forms")]
    assert [item["href"] for item in listed] == [f"forms/{form_file_name(kind, tag)}" for kind in KINDS]
    for item, kind in zip(listed, KINDS):  # by the project's name for the form, then its type, pages and size
        name = next(f.name for f in project.forms if f.kind == kind)
        assert item["text"].strip().startswith(name) and "PDF" in item["text"], (item["text"], name)
    raw = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    assert t("label.download.forms_note") in raw and 'id="forms"' in raw


# Which forms a project offers ----------------------------------------------------------------------------------

def test_a_project_offers_the_forms_it_prints_and_the_letter_its_documents_ask_for():
    lotus = sample_project("lotus-garden")
    assert [(f.kind, f.form.id) for f in fillable_forms(lotus)] == [
        ("owner_card", "owner_card"), ("authorisation", "authorisation"), ("bank_debit", "bank_debit_agreement")]
    unprinted = lotus.model_copy(update={"forms": [f for f in lotus.forms if f.kind != "authorisation"]})
    letter = [f for f in fillable_forms(unprinted) if f.kind == "authorisation"]
    assert [f.form for f in letter] == [None]  # a proxy must bring one: offered though staff do not print it
    assert letter[0].title(catalogue("en")) == "Letter of authorisation"
    documents = lotus.documents.model_copy(update={
        name: household.model_copy(update={"proxy_extras": []}) for name, household in lotus.documents if household})
    alone = unprinted.model_copy(update={"documents": documents})
    assert [f.kind for f in fillable_forms(alone)] == ["owner_card", "bank_debit"]


PROXY_EXTRAS = """    proxy_extras:
      - name: 业主授权委托书
        original: true
"""


def test_a_letter_the_documents_ask_for_is_offered_under_its_catalogue_name(tmp_path):
    data = template_text().replace("\nroles:\n", "\n" + PROXY_EXTRAS + "roles:\n", 1) \
        + "forms:\n  - id: card\n    name: 业主资料卡\n    kind: owner_card\n"
    assert "proxy_extras" in data
    repo = make_repo(tmp_path, {"demo": data})
    assert main(["--repo", str(repo), "build", "--only", "owner_forms,site", "--jobs", "1"]) == 0
    forms = repo / "dist/public/demo/downloads/forms"
    assert sorted(p.name for p in forms.iterdir()) == ["authorisation.zh-CN.pdf", "owner-card.zh-CN.pdf"]
    assert "授权委托书" in pdf_text(forms / "authorisation.zh-CN.pdf")
    page = Listing((repo / "dist/public/demo/downloads/index.html").read_text(encoding="utf-8"))
    assert [item["text"].split("（")[0] for item in page.items if item["section"]] == ["业主资料卡", "授权委托书"]


def test_the_printed_blank_letter_has_the_same_layout_and_no_fields(tmp_path):
    data = template_text() + "forms:\n  - id: card\n    name: 业主资料卡\n    kind: owner_card\n" \
        "  - id: letter\n    name: 授权委托书\n    kind: authorisation\n"
    repo = make_repo(tmp_path, {"demo": data})
    assert main(["--repo", str(repo), "build", "--only", "forms", "--jobs", "1"]) == 0
    blank = repo / "dist/internal/demo/forms/blank/letter.pdf"
    text = re.sub(r"\s+", "", pdf_text(blank))
    t = catalogue("zh-CN")
    for key in ("label.form.authorisation.principal", "label.form.authorisation.agent",
                "label.form.authorisation.scope.keys", "label.form.authorisation.scope.inspect",
                "label.form.authorisation.agent_signature"):
        assert re.sub(r"\s+", "", t(key)) in text, key
    assert "自年月日至年月日" in text  # the period written in by hand
    assert pypdf.PdfReader(blank).get_fields() is None  # printed: boxes to write in, not fields


@pytest.mark.parametrize(("region", "tag", "name"), [("HK", "en", "陳大文"), ("TW", "en", "林淑芬"), ("CN", "en", "陈国强"),
                                                      ("HK", "zh-CN", "陈国强"), ("CN", "zh-HK", "陳大文")])
def test_the_fields_type_the_names_owners_write(region, tag, name):
    """An English form of a Hong Kong estate is filled in with Traditional names: its fields carry Big5's characters."""
    from types import SimpleNamespace

    from handbook.engines.fonts import repertoire
    from handbook.i18n.languages import LANGUAGES
    from handbook.outputs.owner_forms import field_encoding

    ctx = SimpleNamespace(edition=SimpleNamespace(language=LANGUAGES[tag]), project=SimpleNamespace(region=region))
    assert set(name) <= set(repertoire(field_encoding(ctx)))
