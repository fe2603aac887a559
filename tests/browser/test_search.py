"""The owner site's search as owners use it, in headless chromium: text that arrives with no key, whole words first.

Material reads the query on keyup and cuts a Chinese query short of its last
word; the site's assets/javascripts/search.js and workers/search-words.js
mend both. Each query the page asks its worker is recorded, to check what is
searched (once per text, never pinyin mid-composition), not only what is shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.commands.cli import main
from tests.browser.conftest import search, search_ready, serve
from tests.conftest import make_sample_repo

# Record the text of every query the page posts to its search worker (Material's SearchMessageType.QUERY is 2).
RECORD_QUERIES_JS = """(() => {
  window.searched = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 2 && message.data) window.searched.push(message.data);
    return post.call(this, message, ...rest);
  };
})()"""
# Count the key events the browser itself fires on the page.
COUNT_KEYS_JS = """() => {
  window.keys = 0;
  for (const type of ['keydown', 'keyup']) document.addEventListener(type, e => { if (e.isTrusted) window.keys++; }, true);
}"""
# (site, a word, the page that must be listed first for it)
WHOLE_WORDS = [
    ("lotus-garden", "装修", "decoration/"),
    ("lotus-garden/zh-HK", "裝修", "decoration/"),
    ("harbour-centre", "裝修", "decoration/"),
    ("harbour-centre/zh-CN", "装修", "decoration/"),
    ("lotus-garden", "管理费", "fees/"),
]
# (site, a word of the project's name in some edition): each finds the home page first
NAMES = [
    ("lotus-garden", "莲花花园"),
    ("lotus-garden", "Lotus"),
    ("lotus-garden/zh-HK", "莲花花园"),
    ("lotus-garden/en", "Garden"),
]
MIXED_NAME = "海港中心 Harbour Residences"


def test_text_put_in_with_no_key_event_is_searched(opened):
    with opened("lotus-garden/") as visit:
        visit.page.evaluate(COUNT_KEYS_JS)
        summary, paths = search(visit, "钥匙")
        keys = visit.page.evaluate("window.keys")
    assert keys == 0, f"the browser fired {keys} key events: the test typed, it did not paste"
    assert "/lotus-garden/move-in/" in paths, f"searching 钥匙 listed {paths} ({summary!r})"


def test_typed_keys_search_each_text_once(opened):
    with opened("lotus-garden/en/") as visit:
        visit.page.add_init_script(RECORD_QUERIES_JS)
        visit.page.reload()
        assert search_ready(visit)
        visit.page.click(".md-search__input")
        visit.page.keyboard.type("keys", delay=50)
        visit.page.wait_for_function("() => window.searched.includes('keys')", timeout=5_000)
        visit.page.wait_for_timeout(300)  # a second search of the same text would come now
        searched = visit.page.evaluate("window.searched")
    assert searched == ["k", "ke", "key", "keys"]


def test_a_word_being_composed_is_searched_only_when_committed(opened):
    with opened("lotus-garden/") as visit:
        page = visit.page
        page.add_init_script(RECORD_QUERIES_JS)
        page.reload()
        assert search_ready(visit)
        page.click(".md-search__input")
        ime = page.context.new_cdp_session(page)
        for pinyin in ("z", "zh", "zhuang", "zhuangxiu"):
            ime.send("Input.imeSetComposition", {"text": pinyin, "selectionStart": len(pinyin),
                                                 "selectionEnd": len(pinyin)})
        page.wait_for_timeout(300)
        while_composing = page.evaluate("window.searched")
        ime.send("Input.insertText", {"text": "装修"})
        page.wait_for_function("() => window.searched.length > 0", timeout=5_000)
        page.wait_for_timeout(300)
        searched = page.evaluate("window.searched")
    assert (while_composing, searched) == ([], ["装修"])


@pytest.mark.parametrize(("slug", "word", "expected"), WHOLE_WORDS)
def test_a_page_about_a_word_comes_before_pages_with_its_first_character(slug, word, expected, opened):
    with opened(f"{slug}/") as visit:
        summary, paths = search(visit, word)
    assert paths[:1] == [f"/{slug}/{expected}"], f"searching {slug} for {word!r} listed {paths} ({summary!r})"


@pytest.mark.parametrize(("slug", "word"), NAMES)
def test_the_projects_name_in_any_edition_finds_the_home_page(slug, word, opened):
    with opened(f"{slug}/") as visit:
        summary, paths = search(visit, word)
    assert paths[:1] == [f"/{slug}/"], f"searching {slug} for {word!r} listed {paths} ({summary!r})"


@pytest.fixture(scope="module")
def mixed_name_site(tmp_path_factory: pytest.TempPathFactory):
    """Serve harbour-centre's site built under a name in Chinese and English; yield its base URL."""
    repo = make_sample_repo(tmp_path_factory.mktemp("mixed-name") / "repo", ("harbour-centre",))
    data = repo / "projects" / "harbour-centre" / "project.yml"
    text = data.read_text(encoding="utf-8")
    assert text.count("\nname: 海港中心\n") == 1, "the sample's name changed: update MIXED_NAME's line"
    data.write_text(text.replace("\nname: 海港中心\n", f"\nname: {MIXED_NAME}\n"), encoding="utf-8")
    out = repo / "dist"
    assert main(["--repo", str(repo), "build", "harbour-centre", "--only", "site", "--out", str(out)]) == 0
    with serve(Path(out) / "public") as url:
        yield url


@pytest.mark.parametrize("edition", ["", "zh-CN/"])
@pytest.mark.parametrize("word", ["Residences", "residence", "Harbour"])
def test_a_latin_word_of_the_name_finds_the_home_page(word, edition, mixed_name_site, opened):
    with opened(f"{mixed_name_site}/harbour-centre/{edition}") as visit:
        summary, paths = search(visit, word)
    home = f"/harbour-centre/{edition}"
    assert paths[:1] == [home], f"searching {MIXED_NAME!r}'s site for {word!r} listed {paths} ({summary!r})"
