"""The owner site's home as an owner on a phone uses it: quick actions, the guide one tap away, the key dates first.

Read from the built samples (every edition), and from a project whose name
holds `&` and quotes, which every attribute must carry escaped exactly once.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from handbook.commands.cli import main
from handbook.i18n.messages import catalogue
from tests.conftest import make_repo, sample_project, template_text

# (slug, edition, its folder in the site)
EDITIONS = [("lotus-garden", "zh-CN", ""), ("lotus-garden", "zh-HK", "zh-HK/"), ("lotus-garden", "en", "en/"),
            ("harbour-centre", "zh-HK", ""), ("harbour-centre", "zh-CN", "zh-CN/")]
NAME = 'Pearl Bay & Co. "Residences"'


class Page(HTMLParser):
    """The parts of a page these tests read: the h1, the quick actions' links, table heads, every attribute."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.h1, self.actions, self.heads, self.attributes = "", [], [], []
        self._in, self._depth_actions = None, 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.attributes += [value for _, value in attrs if value]
        if tag == "div" and "quick-actions" in (attributes.get("class") or ""):
            self._depth_actions = 1
        elif tag == "div" and self._depth_actions:
            self._depth_actions += 1
        if tag == "a" and self._depth_actions:
            self.actions.append(attributes.get("href", ""))
        self._in = tag if tag in ("h1", "th") else self._in

    def handle_endtag(self, tag):
        if tag == "div" and self._depth_actions:
            self._depth_actions -= 1
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "h1":
            self.h1 += data
        elif self._in == "th":
            self.heads.append(data.strip())


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=[f"{s}/{t}" for s, t, _ in EDITIONS])
def test_home_offers_the_quick_actions_and_the_guide(samples_dist, slug, tag, prefix):
    site = samples_dist / "public" / slug / prefix
    page = Page((site / "index.html").read_text(encoding="utf-8"))
    assert [href.rstrip("/").removesuffix("/index.html") for href in page.actions[:6]] == [
        "move-in", "fees", "decoration", "contacts", "move-in/#documents", "downloads/#forms"]
    guide = page.actions[6]
    assert guide == f"downloads/move-in-guide.{tag}.pdf" and (site / guide).is_file()


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=[f"{s}/{t}" for s, t, _ in EDITIONS])
def test_home_says_the_name_once_and_the_dates_an_owner_needs(samples_dist, slug, tag, prefix):
    html = (samples_dist / "public" / slug / prefix / "index.html").read_text(encoding="utf-8")
    page, messages = Page(html), catalogue(tag)
    assert page.h1.strip() == messages("label.home_title")  # the header already names the project
    assert messages("label.households") not in page.heads
    article = re.search(r"<article\b.*?</article>", html, re.DOTALL).group(0)
    text = re.sub(r"<[^>]+>", "", article)
    assert not re.search(r"[（(][^）)]*[（(]", text), "brackets nested in brackets"
    assert messages("label.move_in_window") in text
    hours = [phase.move_in.hours for phase in sample_project(slug).phases if phase.move_in.hours]
    assert (messages("label.handling_hours") in text) == bool(hours)  # no column of blanks


def test_a_name_with_an_ampersand_and_quotes_is_escaped_once_in_every_attribute(tmp_path):
    text = template_text().replace("name: 新项目 ", f"name: '{NAME}' ", 1)
    assert NAME in text
    repo = make_repo(tmp_path, {"demo": text})
    assert main(["--repo", str(repo), "build", "demo", "--only", "site"]) == 0
    pages = list((repo / "dist" / "public" / "demo").rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "&amp;amp;" not in html and "&amp;quot;" not in html and "&amp;#34;" not in html, path
        page = Page(html)
        assert NAME in page.attributes or path.name == "404.html", path  # the logo's title, as written
