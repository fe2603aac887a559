"""Tests for handbook.commands.portal: the index of every project site under dist/public, names escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from handbook.commands.portal import write_index
from handbook.outputs.project_card import PROJECT_CARD, project_card


class Rows(HTMLParser):
    """Collect the table body's rows as (link, cell texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self._in_body = self._in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append(("", []))
        elif self._in_body and tag == "td":
            self.rows[-1][1].append("")
            self._in_cell = True
        elif self._in_body and tag == "a":
            self.rows[-1] = (dict(attrs)["href"], self.rows[-1][1])

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "td":
            self._in_cell = False

    def handle_data(self, data):
        if self._in_cell:
            self.rows[-1][1][-1] += data


def site(public: Path, slug: str, name: str, address: str, languages: list[str]) -> None:
    (public / slug).mkdir(parents=True)
    card = project_card(name, address, languages, f"https://example.cn/{slug}/", "2027-01-15")
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
