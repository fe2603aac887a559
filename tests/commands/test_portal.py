"""Tests for handbook.commands.portal: the index of every project site under dist/public, by company, names escaped."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from handbook.commands.cli import main
from handbook.commands.portal import write_index
from handbook.outputs.project_card import PROJECT_CARD, project_card
from tests.conftest import make_repo, template_text


class Rows(HTMLParser):
    """Collect the table bodies' rows as (link, cell texts), and the headings as (tag, text, [lang of each span])."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self.headings: list[tuple[str, str, list[str]]] = []
        self.groups: list[tuple[str, list[str]]] = []  # each h2's text and the links of the rows under it
        self._in_body = self._in_cell = self._in_heading = False

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2"):
            self.headings.append((tag, "", []))
            self._in_heading = True
            if tag == "h2":
                self.groups.append(("", []))
        elif self._in_heading and tag == "span" and dict(attrs).get("lang"):
            self.headings[-1][2].append(dict(attrs)["lang"])
        elif tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append(("", []))
        elif self._in_body and tag == "td":
            self.rows[-1][1].append("")
            self._in_cell = True
        elif self._in_body and tag == "a":
            self.rows[-1] = (dict(attrs)["href"], self.rows[-1][1])
            self.groups[-1][1].append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag in ("h1", "h2"):
            self._in_heading = False
            if tag == "h2":
                self.groups[-1] = (self.headings[-1][1], self.groups[-1][1])
        elif tag == "tbody":
            self._in_body = False
        elif tag == "td":
            self._in_cell = False

    def handle_data(self, data):
        if self._in_cell:
            self.rows[-1][1][-1] += data
        if self._in_heading:
            tag, text, langs = self.headings[-1]
            self.headings[-1] = (tag, text + data, langs)


def site(public: Path, slug: str, name: str, address: str, languages: list[str], company: str | None = None,
         property_company: str | None = None) -> None:
    (public / slug).mkdir(parents=True)
    card = project_card(name, address, languages, f"https://example.cn/{slug}/", "2027-01-15", company=company,
                        property_company=property_company)
    (public / slug / PROJECT_CARD).write_text(card, encoding="utf-8")


def test_the_index_lists_every_card_in_slug_order_with_names_escaped(tmp_path):
    public = tmp_path / "public"
    site(public, "lotus-garden", "莲花花园", "深圳市莲园路 8 号", ["zh-CN", "zh-HK", "en"])
    site(public, "harbour-centre", 'Harbour & "Bay" <Centre>', "香港 'Wan Chai'", ["zh-HK"])
    (public / "no-card").mkdir()  # a folder that is not a project site
    assert write_index(public) == 2
    page = (public / "index.html").read_text(encoding="utf-8")
    assert "Harbour &amp; &quot;Bay&quot; &lt;Centre&gt;" in page and "<Centre>" not in page
    parser = Rows()
    parser.feed(page)
    assert parser.rows == [
        ("harbour-centre/", ['Harbour & "Bay" <Centre>', "香港 'Wan Chai'", "繁體中文(香港)"]),
        ("lotus-garden/", ["莲花花园", "深圳市莲园路 8 号", "简体中文、繁體中文(香港)、English"]),
    ]


def test_an_empty_public_folder_gets_an_index_listing_nothing(tmp_path):
    public = tmp_path / "public"
    assert write_index(public) == 0
    parser = Rows()
    parser.feed((public / "index.html").read_text(encoding="utf-8"))
    assert parser.rows == []


def test_the_index_groups_sites_by_company_and_lists_projects_without_one_after_under_their_property_company(tmp_path):
    public = tmp_path / "public"
    site(public, "lotus-garden", "莲花花园", "深圳市莲园路 88 号", ["zh-CN", "zh-HK", "en"], "lotus", "深圳莲花物业服务有限公司")
    site(public, "lotus-bay", "莲花湾", "深圳市莲湾路 1 号", ["zh-CN"], "lotus", "深圳莲花物业服务有限公司")
    site(public, "lotus-hk", "蓮花苑", "香港蓮花道 2 號", ["zh-HK"], "lotus", "蓮花物業服務有限公司")
    site(public, "harbour-centre", "海港中心", "香港觀塘海濱道 168 號", ["zh-HK", "zh-CN"], "harbour", "海港物業管理有限公司")
    site(public, "pine-court", "松园", "广州市松园路 3 号", ["zh-CN"], None, "广州松园物业有限公司")
    site(public, "old-card", "旧项目", "某市某路 1 号", ["zh-CN"])  # a card written before cards named the company
    assert write_index(public) == 6
    parser = Rows()
    parser.feed((public / "index.html").read_text(encoding="utf-8"))
    assert [tag for tag, _, _ in parser.headings] == ["h1", "h2", "h2", "h2", "h2"]  # headings in order, none skipped
    assert parser.groups == [
        ("海港物業管理有限公司 (harbour)", ["harbour-centre/"]),  # companies by id
        ("深圳莲花物业服务有限公司 · 蓮花物業服務有限公司 (lotus)", ["lotus-bay/", "lotus-garden/", "lotus-hk/"]),
        ("广州松园物业有限公司", ["pine-court/"]),  # a project without a company: under its own property company
        ("其他项目 · Other projects", ["old-card/"]),
    ]
    # A name written in another language than the page's (zh-CN) says which; the project's row too.
    assert [langs for _, _, langs in parser.headings] == [[], ["zh-HK"], ["zh-HK"], [], []]
    page = (public / "index.html").read_text(encoding="utf-8")
    assert '<a href="harbour-centre/"><span lang="zh-HK">海港中心</span></a>' in page
    assert '<html lang="zh-CN">' in page and 'id="company-lotus"' in page


def test_the_site_output_writes_the_company_on_the_card(tmp_path):
    """A site built from a project of a company carries the company's id and name; one without, null and its own."""
    text = template_text("solo")
    repo = make_repo(tmp_path, {"solo": text})
    company = repo / "companies/acme"
    company.mkdir(parents=True)
    (company / "company.yml").write_text("property_company: 顶峰物业有限公司\n", encoding="utf-8")
    member = repo / "projects/member"
    member.mkdir()
    (member / "project.yml").write_text(text.replace("property_company: 某某物业管理有限公司\n", "company: acme\n"),
                                        encoding="utf-8")
    assert main(["--repo", str(repo), "build", "--only", "site", "--out", str(tmp_path / "dist")]) == 0
    public = tmp_path / "dist/public"
    cards = {slug: json.loads((public / slug / PROJECT_CARD).read_text(encoding="utf-8"))
             for slug in ("solo", "member")}
    assert (cards["member"]["company"], cards["member"]["property_company"]) == ("acme", "顶峰物业有限公司")
    assert (cards["solo"]["company"], cards["solo"]["property_company"]) == (None, "某某物业管理有限公司")
    assert not any("staff" in json.dumps(card, ensure_ascii=False) for card in cards.values())
    assert write_index(public) == 2
    parser = Rows()
    parser.feed((public / "index.html").read_text(encoding="utf-8"))
    assert parser.groups == [("顶峰物业有限公司 (acme)", ["member/"]), ("某某物业管理有限公司", ["solo/"])]
