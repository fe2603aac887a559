"""One name per agreement: each sample edition's guide, site and forms name an agreement alike, read back built.

An agreement's name is its form's (source/checks.py refuses another), in the
words of each edition. The guide (pdftotext) lists it; the owner site titles
the agreement's page with it (its heading, the browser's title and the
navigation); the forms print it at the top of each copy of the agreement's
form, blank in the staff's language and in a packet in the owner's, and not
again from the wording's own title line.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from handbook.commands.cli import main
from handbook.derive.packets import copies, unit_forms
from handbook.source.units import load_units
from tests.conftest import PROJECTS, make_sample_repo, public_views, sample_project

# (slug, edition tag, where the edition's files are under dist/public/<slug>/)
EDITIONS = [("lotus-garden", "zh-CN", ""), ("lotus-garden", "zh-HK", "zh-HK/"), ("lotus-garden", "en", "en/"),
            ("harbour-centre", "zh-HK", ""), ("harbour-centre", "zh-CN", "zh-CN/")]
IDS = [f"{slug}/{tag}" for slug, tag, _ in EDITIONS]
PACKETS = {"4-0803": "en", "5-1502": "zh-HK"}  # lotus-garden units whose owners read another edition


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *pages, str(path), "-"],
                            capture_output=True, text=True, check=True)
    return squash(result.stdout)


def shown(markup: str) -> str:
    """Return what HTML shows: tags gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


@pytest.fixture(scope="module")
def views():
    """Return, per (slug, tag), the project as that edition shows it."""
    return {key: view for key, (_, view) in public_views({slug for slug, _, _ in EDITIONS}).items()}


def form_names(project) -> dict[str, str]:
    """Return, by agreement id, the name of the form it is signed on (its own name when it has no form).

    The guide and the site must show it: they name the agreement, the form prints the form's name.
    """
    forms = {form.id: form.name for form in project.forms}
    return {agreement.id: forms.get(agreement.form, agreement.name) for agreement in project.agreements}


def signed_on_forms(project) -> dict[str, str]:
    """Return, by form id, the name of the agreement signed on it: what the form must print."""
    return {agreement.form: agreement.name for agreement in project.agreements if agreement.form}


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> Path:
    """Return the internal dist of both samples' forms: the blank forms, and the packets of PACKETS only."""
    repo = make_sample_repo(tmp_path_factory.mktemp("agreement-names") / "repo")
    for slug in ("lotus-garden", "harbour-centre"):
        lines = (PROJECTS / slug / "units.csv").read_text(encoding="utf-8").splitlines()
        rows = [line for line in lines[1:] if line.split(",")[0] in PACKETS]
        (repo / "projects" / slug / "units.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    assert main(["--repo", str(repo), "build", "lotus-garden", "harbour-centre", "--only", "forms",
                 "--jobs", "1"]) == 0
    return repo / "dist" / "internal"


@pytest.mark.parametrize("slug, tag, prefix", EDITIONS, ids=IDS)
def test_the_guide_lists_each_agreement_by_its_name(samples_dist, views, slug, tag, prefix):
    guide = pdf_text(samples_dist / "public" / slug / prefix / "downloads" / f"move-in-guide.{tag}.pdf")
    names = form_names(views[slug, tag])
    assert names
    assert not [name for name in names.values() if squash(name) not in guide]


@pytest.mark.parametrize("slug, tag, prefix", EDITIONS, ids=IDS)
def test_each_agreements_page_is_titled_and_listed_by_its_name(samples_dist, views, slug, tag, prefix):
    site = samples_dist / "public" / slug / prefix
    project = views[slug, tag]
    home = (site / "index.html").read_text(encoding="utf-8")
    listed = {agreement: shown(text) for agreement, text in
              re.findall(r'<a href="agreements/([^/"]+)/" class="md-nav__link[^"]*">(.*?)</a>', home, re.S)}
    names = form_names(project)
    assert listed == names
    for agreement, name in names.items():
        page = (site / "agreements" / agreement / "index.html").read_text(encoding="utf-8")
        assert shown(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1]) == name
        assert shown(re.search(r"<title>(.*?)</title>", page, re.S)[1]) == f"{name} - {project.name}"


def page_body(site: Path, agreement: str) -> str:
    """Return the wording of an agreement's site page, below its title (squashed)."""
    page = (site / "agreements" / agreement / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    return squash(shown(article.split("</h1>", 1)[1]))


@pytest.mark.parametrize("slug", ["lotus-garden", "harbour-centre"])
def test_each_blank_agreement_form_is_titled_once_with_the_agreements_name(samples_dist, forms, views, slug):
    project = views[slug, sample_project(slug).languages[0]]  # the staff's edition: blank forms are in it
    signed = [agreement for agreement in project.agreements if agreement.form]
    assert signed
    for agreement in signed:
        name = squash(agreement.name)
        text = pdf_text(forms / slug / "forms" / "blank" / f"{agreement.form}.pdf", 1)
        # Its title, its footer (the form named in words), then the name wherever the wording itself says it: the
        # wording's own title line is left out.
        assert text.count(name) == 2 + page_body(samples_dist / "public" / slug, agreement.id).count(name), \
            agreement.form


@pytest.mark.parametrize("unit", PACKETS)
def test_a_packets_agreement_forms_carry_the_names_of_the_owners_edition(forms, views, unit):
    named = signed_on_forms(views["lotus-garden", PACKETS[unit]])
    project = sample_project("lotus-garden")
    (found,) = [u for u in load_units(project, PROJECTS / "lotus-garden").units if u.unit == unit]
    pages = [form for form in unit_forms(project, found) for _ in copies(form)]
    signed = [(number, form.id) for number, form in enumerate(pages, 1) if form.id in named]
    assert signed
    pdf = forms / "lotus-garden" / "forms" / "units" / f"{unit}.pdf"
    for number, form_id in signed:
        assert squash(named[form_id]) in pdf_text(pdf, number), (form_id, number)
