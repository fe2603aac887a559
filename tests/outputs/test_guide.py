"""The printed move-in guide, read back the way a reader and a print shop would: text, fonts, pages."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from handbook.commands.cli import main
from handbook.derive.fees import worked_examples
from handbook.derive.present import Presenter
from handbook.engines.pdf import render_pdf
from handbook.errors import BuildFailed
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import REPO_ROOT, make_repo, template_text

SAMPLES = {"lotus-garden": "zh-CN", "harbour-centre": "zh-HK"}
POINTS = {"A4": (595.28, 841.89), "A5": (419.53, 595.28)}


@pytest.fixture
def guides(samples_dist: Path) -> dict[str, Path]:
    return {slug: samples_dist / f"public/{slug}/downloads/move-in-guide.{tag}.pdf" for slug, tag in SAMPLES.items()}


def text_of(pdf: Path, page: int | None = None) -> str:
    """Return the PDF's text with all white space removed (Chinese lines break anywhere)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-f", str(page), "-l", str(page)] if page else [])
    result = subprocess.run(args + [str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", result.stdout)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def project(slug: str):
    return load_project(ProjectSource(slug, REPO_ROOT / "projects" / slug)).project


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_phone_document_step_and_fee_figure_is_printed(guides, slug):
    p, text = project(slug), text_of(guides[slug])
    for contact in p.contacts:
        assert squash(contact.phone) in text, contact.phone
    for _, household in p.documents:
        if household:
            for item in household.items + household.proxy_extras:
                assert squash(item.name) in text, item.name
    for name in ("move_in", "decoration"):
        for step in getattr(p.processes, name).steps:
            assert squash(step.title) in text, step.title
    fmt = Presenter(LANGUAGES[SAMPLES[slug]], catalogue(SAMPLES[slug]), p.fees.currency)
    for rate in p.fees.management:
        assert squash(fmt.rate(rate.rate)) in text
    for item in p.fees.other + p.fees.for_developer:
        assert squash(fmt.money(item.amount)) in text, item.name
    example = worked_examples(p)[0].statement
    assert squash(fmt.money(example.owner_total)) in text
    assert squash(fmt.capitals(example.owner_total)) in text
    assert squash(catalogue(SAMPLES[slug])("label.version_line", revision="2026-11-20")) in text


@pytest.mark.parametrize("slug", SAMPLES)
def test_fonts_are_embedded_subset_and_never_the_japanese_face(guides, slug):
    listing = subprocess.run(["pdffonts", str(guides[slug])], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows
    face = LANGUAGES[SAMPLES[slug]].cjk_face
    for row in rows:
        name, emb, sub = row[0], row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert re.match(r"^[A-Z]{6}\+", name), name
        assert f"CJK-{face}" in name and "JP" not in name, name


@pytest.mark.parametrize("slug", SAMPLES)
def test_page_size_is_as_configured_and_the_footer_counts_every_page(guides, slug):
    info = subprocess.run(["pdfinfo", str(guides[slug])], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    expected = POINTS[project(slug).guide.page_size]
    assert (round(width), round(height)) == (round(expected[0]), round(expected[1]))
    assert 6 <= pages <= 16  # concise: the source asks for a guide that is never long-winded
    assert f"{pages}/{pages}" in text_of(guides[slug], pages)
    assert "Tagged:          yes" in info


@pytest.mark.parametrize("slug", SAMPLES)
def test_table_of_contents_page_numbers_point_at_their_sections(guides, slug):
    p = project(slug)
    toc = text_of(guides[slug], 2)
    title = squash(p.processes.move_in.name)
    number = int(re.search(re.escape(title) + r"\.*(\d+)", toc).group(1))
    assert text_of(guides[slug], number).startswith(squash(p.name) + squash(catalogue(SAMPLES[slug])("label.guide_title")) + title)


def test_two_builds_give_the_same_bytes(guides, sample_repo, tmp_path):
    assert main(["--repo", str(sample_repo), "build", "lotus-garden", "--only", "guide", "--out", str(tmp_path)]) == 0
    again = tmp_path / "public/lotus-garden/downloads/move-in-guide.zh-CN.pdf"
    assert again.read_bytes() == guides["lotus-garden"].read_bytes()


def test_the_site_links_the_guide(tmp_path):
    repo = make_repo(tmp_path, {"demo": template_text()})
    assert main(["--repo", str(repo), "build"]) == 0
    downloads = (repo / "dist/public/demo/downloads/index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/move-in-guide.zh-CN.pdf"' in downloads or "move-in-guide.zh-CN.pdf" in downloads
    assert (repo / "dist/public/demo/downloads/move-in-guide.zh-CN.pdf").is_file()


def test_a_character_no_font_can_print_fails_the_build_naming_the_field(tmp_path, capsys):
    repo = make_repo(tmp_path, {"demo": template_text().replace("name: 客户服务中心", "name: 客户服务中心𠀀")})
    assert main(["--repo", str(repo), "build", "--only", "guide"]) == 1
    err = capsys.readouterr().err
    assert "U+20000" in err and "contacts[1].name" in err
    assert not (repo / "dist/public/demo").exists()


def test_a5_option_gives_a5_pages(tmp_path):
    repo = make_repo(tmp_path, {"demo": template_text() + "guide:\n  page_size: A5\n"})
    assert main(["--repo", str(repo), "build", "--only", "guide"]) == 0
    info = subprocess.run(["pdfinfo", str(repo / "dist/public/demo/downloads/move-in-guide.zh-CN.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert "419.528 x 595.276" in info


HEAD = '<html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head><body style="font-family: Noto Sans CJK SC">'


@pytest.mark.parametrize("body, message", [
    ('<img src="https://example.com/a.png">', "refused to fetch https://example.com/a.png"),
    ('<img src="file:///etc/passwd">', "outside the project"),
    ('<img src="../../../../etc/passwd">', "outside the project"),
    ('<img src="missing.png">', "file not found"),
    ('<p style="colour: red">x</p>', "unknown property"),
])
def test_print_rendering_is_strict_and_confined(tmp_path, body, message):
    with pytest.raises(BuildFailed) as refused:
        render_pdf(HEAD + body + "</body></html>", base=tmp_path, roots=[tmp_path])
    assert message in "\n".join(refused.value.lines(catalogue("en")))


def test_files_inside_the_project_are_served(tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                       '<rect width="10" height="10"/></svg>', encoding="utf-8")
    pdf = render_pdf(HEAD + '<img src="logo.svg" alt="logo"></body></html>', base=tmp_path, roots=[tmp_path])
    assert pdf.startswith(b"%PDF")
