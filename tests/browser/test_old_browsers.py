"""The owner site in a browser without ResizeObserver (old WeChat WebViews): our polyfill, from this host, only there.

Material's bundle fetches a ResizeObserver polyfill from unpkg where the
browser has none; the site writes in its own minified copy first, on those
browsers alone. Chromium plays such a browser with ResizeObserver removed
before any script of the page runs.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import Visit, new_context, record

POLYFILL = "assets/javascripts/resize-observer-polyfill.min.js"
PAGES = ["lotus-garden/", "lotus-garden/en/fees/", "harbour-centre/downloads/"]


def visit(browser, site_url: str, path: str, without_resize_observer: bool) -> tuple[Visit, bool]:
    """Open a page on a phone-sized screen; return the visit and whether ResizeObserver exists once it has loaded."""
    context = new_context(browser, 390, 844)
    if without_resize_observer:
        context.add_init_script("delete window.ResizeObserver")
    try:
        page = context.new_page()
        seen = Visit(page)
        record(seen)
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_timeout(300)  # the bundle's first observers, after load
        return seen, page.evaluate("typeof ResizeObserver === 'function'")
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_a_browser_without_resize_observer_gets_the_polyfill_from_this_host(browser, site_url, path):
    seen, defined = visit(browser, site_url, path, without_resize_observer=True)
    assert defined
    assert [url for url in seen.requests if url.endswith(POLYFILL)], seen.requests
    assert seen.errors == [] and seen.outside_requests() == []


@pytest.mark.parametrize("path", PAGES)
def test_a_browser_with_resize_observer_loads_no_polyfill(browser, site_url, path):
    seen, defined = visit(browser, site_url, path, without_resize_observer=False)
    assert defined
    assert not [url for url in seen.requests if "resize-observer" in url]
    assert seen.errors == [] and seen.outside_requests() == []
