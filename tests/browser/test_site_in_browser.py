"""Both sample owner sites in headless chromium: clean loads, phone width, Chinese search, axe-core.

Pages are discovered from the built site (every `index.html`), so pages added
to the shared content are checked without touching this file. Each test walks
one site and reports every page's problems in one assertion message.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

import pytest

from tests.browser.conftest import search, search_ready
from tests.conftest import SAMPLES

PHONE = (375, 800)
BLOCKING_IMPACTS = ("serious", "critical")
# Search terms an owner types, and the page that must be listed for each.
# None: the pages whose main content contains the term, computed from the build.
SEARCHES = [
    ("lotus-garden", "管理费", None),
    ("harbour-centre", "管理費", None),
    ("lotus-garden", "钥匙", "move-in/"),
    ("harbour-centre", "鑰匙", "move-in/"),
    # Each edition has its own index, in its own script (or language).
    ("lotus-garden/zh-HK", "鑰匙", "move-in/"),
    ("lotus-garden/en", "keys", "move-in/"),
    ("harbour-centre/zh-CN", "钥匙", "move-in/"),
]
FEES_TERM = {slug: term for slug, term, page in SEARCHES if page is None}
MAIN_CONTENT = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def site_pages(public_dir: Path, slug: str) -> list[str]:
    """Return the URL path of every page of a built site, relative to the site (home is "")."""
    root = public_dir / slug
    folders = sorted(index.parent.relative_to(root) for index in root.glob("**/index.html"))
    pages = ["" if folder == Path(".") else f"{folder.as_posix()}/" for folder in folders]
    return [page for page in pages if not page.startswith(("assets/", "search/"))]


def main_text(public_dir: Path, slug: str, page: str) -> str:
    """Return the text of a built page's main content (Material's article), tags stripped."""
    source = (public_dir / slug / page / "index.html").read_text(encoding="utf-8")
    found = MAIN_CONTENT.search(source)
    assert found, f"{slug}/{page}: no <article class=\"md-content__inner md-typeset\"> in the built page"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("\u200b", "")


def pages_mentioning(public_dir: Path, slug: str, term: str) -> set[str]:
    """Return the pages of a site whose main content contains the term."""
    return {page for page in site_pages(public_dir, slug) if term in main_text(public_dir, slug, page)}


def report(problems: dict[str, list[str]]) -> str:
    """Return per-page problems as indented lines, for an assertion message."""
    return "\n".join(f"/{page}\n" + "\n".join(f"    {line}" for line in lines) for page, lines in problems.items())


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_page_loads_without_errors_or_outside_requests(slug, public_dir, opened):
    problems = {}
    for page in site_pages(public_dir, slug):
        with opened(f"{slug}/{page}") as visit:
            # Material's last step after loading: its worker fetches and indexes search; its errors count too.
            ready = search_ready(visit)
            lines = visit.errors + [f"request to another host: {url}" for url in visit.outside_requests()]
            if not ready:
                lines.append("search never became ready")
        if lines:
            problems[f"{slug}/{page}"] = lines
    assert not problems, f"pages with console errors or requests leaving 127.0.0.1:\n{report(problems)}"


def test_a_request_to_another_host_is_recorded_and_never_leaves(opened):
    with opened(f"{SAMPLES[0]}/") as visit:
        outcome = visit.page.evaluate(
            "() => fetch('https://cdn.example.com/x.js').then(() => 'answered', () => 'failed')")
        recorded = visit.outside_requests()
    assert (outcome, recorded) == ("failed", ["https://cdn.example.com/x.js"])


# Return the document's width and the innermost elements sticking out to the right.
OVERFLOW_JS = """() => {
  const limit = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(
    el => el.getBoundingClientRect().right > limit + 0.5 && el.getClientRects().length);
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('');
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: limit,
          wide: innermost.slice(0, 5).map(
            el => `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`)};
}"""


# Table cells a reader cannot reach: outside the viewport and not inside a container that scrolls them into view.
CLIPPED_CELLS_JS = """() => [...document.querySelectorAll('article td, article th')].filter(cell => {
  const box = cell.getBoundingClientRect();
  if (box.width === 0 || (box.left >= -0.5 && box.right <= window.innerWidth + 0.5)) return false;
  for (let el = cell.parentElement; el && el !== document.body; el = el.parentElement) {
    const style = getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth) return false;
  }
  return true;
}).slice(0, 5).map(cell => cell.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("slug", SAMPLES)
def test_no_table_cell_is_cut_off_on_a_small_phone(slug, public_dir, opened):
    problems = {}
    for page in site_pages(public_dir, slug):
        with opened(f"{slug}/{page}", 360, PHONE[1]) as visit:
            clipped = visit.page.evaluate(CLIPPED_CELLS_JS)
        if clipped:
            problems[f"{slug}/{page}"] = clipped
    assert not problems, f"table cells out of reach at 360 px:\n{report(problems)}"


@pytest.mark.parametrize("slug", SAMPLES)
def test_no_page_scrolls_sideways_on_a_phone(slug, public_dir, opened):
    problems = {}
    for page in site_pages(public_dir, slug):
        with opened(f"{slug}/{page}", *PHONE) as visit:
            size = visit.page.evaluate(OVERFLOW_JS)
        if size["scrollWidth"] > size["innerWidth"]:
            problems[f"{slug}/{page}"] = [
                f"scrollWidth {size['scrollWidth']} px > innerWidth {size['innerWidth']} px; wide: {size['wide']}"]
    assert not problems, f"pages wider than a {PHONE[0]} px phone:\n{report(problems)}"


@pytest.mark.parametrize(("slug", "query", "expected"), SEARCHES)
def test_a_chinese_search_lists_the_page_about_it(slug, query, expected, public_dir, opened):
    wanted = {expected} if expected else pages_mentioning(public_dir, slug, query)
    assert wanted, f"no page of {slug} mentions {query} in its main content: the sample lost the text under test"
    with opened(f"{slug}/") as visit:
        summary, paths = search(visit, query)
    assert paths, f"searching {slug} for {query!r} listed nothing ({summary!r})"
    assert set(paths) & {f"/{slug}/{page}" for page in wanted}, (
        f"searching {slug} for {query!r} listed {paths} ({summary!r}), "
        f"none of the pages that should be found: {sorted(f'/{slug}/{page}' for page in wanted)}")


# Colours are measured mid-fade otherwise (Material fades search results in): let transitions end first.
AXE_JS = """async scope => {
  for (let round = 0; round < 5; round++) {
    const running = document.getAnimations().filter(
      a => a.playState === 'running' && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
    if (!running.length) break;
    await Promise.all(running.map(a => a.finished.catch(() => null)));
  }
  return axe.run(document.querySelector(scope), {resultTypes: ['violations']});
}"""


def run_axe(visit, axe_script: Path, scope: str = "html") -> list[dict]:
    """Run axe-core on the page, or its part matching scope, once still; return serious and critical violations."""
    visit.page.add_script_tag(path=str(axe_script))
    result = visit.page.evaluate(AXE_JS, scope)
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(found: dict[str, list[dict]], shown: int = 4) -> str:
    """Return axe violations grouped by rule and reason, each with its elements and the pages they are on."""
    groups = defaultdict(lambda: (dict.fromkeys([]), dict.fromkeys([])))  # ordered sets: elements, pages
    for page, violations in found.items():
        for violation in violations:
            for node in violation["nodes"]:
                reason = " ".join(node.get("failureSummary", "").removeprefix("Fix any of the following:").split())
                elements, pages = groups[f"{violation['id']} ({violation['impact']}): {reason}"]
                elements[" ".join(str(selector) for selector in node["target"])] = None
                pages["/" + page] = None
    lines = []
    for head, (elements, pages) in groups.items():
        more = f" (+{len(elements) - shown} more)" if len(elements) > shown else ""
        lines += [head, f"    elements: {' | '.join(list(elements)[:shown])}{more}", f"    on: {', '.join(pages)}"]
    return "\n".join(lines)


@pytest.mark.parametrize("slug", SAMPLES)
def test_axe_finds_no_serious_violations_on_any_page(slug, public_dir, opened, axe_script):
    found = {}
    for page in site_pages(public_dir, slug):
        with opened(f"{slug}/{page}") as visit:
            violations = run_axe(visit, axe_script)
        if violations:
            found[f"{slug}/{page}"] = violations
    assert not found, f"axe-core serious/critical violations:\n{describe(found)}"


@pytest.mark.parametrize("slug", SAMPLES)
def test_axe_finds_no_serious_violations_with_search_open(slug, opened, axe_script):
    with opened(f"{slug}/") as visit:
        search(visit, FEES_TERM[slug])
        # Material's search dialog and its results live in the header; the content is checked above.
        violations = run_axe(visit, axe_script, scope=".md-header")
    found = {f"{slug}/ (search open)": violations} if violations else {}
    assert not found, f"axe-core serious/critical violations in the header with search open:\n{describe(found)}"
