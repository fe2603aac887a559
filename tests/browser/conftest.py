"""Browser fixtures: both sample owner sites built once, served on 127.0.0.1, opened in Debian's chromium.

`opened` opens one page (a new tab in a context shared by the test) and
records what a user would never see: every request the page and its workers
make, every console error, uncaught exception and HTTP error response.
Requests to any host but this machine are also aborted, so a run never reaches
the internet, but the tests assert on the recording.
"""

from __future__ import annotations

import functools
import ipaddress
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO_ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Keep chromium itself quiet on the network, so that what is recorded is the site's doing.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
]
DESKTOP = (1280, 800)


def is_outside(url: str) -> bool:
    """Return whether a request URL goes to a host other than this machine (data:, blob: go nowhere)."""
    host = urlsplit(url).hostname
    if not host or host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


@dataclass
class Visit:
    """One opened page, with every request it made and every error it reported."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        """Return the recorded requests to hosts other than this machine."""
        return [url for url in self.requests if is_outside(url)]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging each request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """Serve in threads, without a traceback when a closing tab drops its connection."""

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def fail_setup(message: str) -> None:
    """Fail (never skip) a test whose browser setup is missing: a skip would hide it."""
    pytest.fail(f"{message}; run `make test`, which installs everything the browser tests need", pytrace=False)


@pytest.fixture(scope="session")
def public_dir(samples_dist: Path) -> Path:
    """Return the dist/public folder holding both sample sites, as built once for the run with every output."""
    return samples_dist / "public"


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 from a background thread; yield its base URL (no trailing slash)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(public_dir: Path) -> Iterator[str]:
    """Serve dist/public on 127.0.0.1; return its base URL (no trailing slash)."""
    with serve(public_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch Debian's chromium headless once for the whole session."""
    if not CHROMIUM.exists():
        fail_setup(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail_setup("playwright is not installed in the virtual environment")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), chromium_sandbox=False, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """Return axe-core's script, installed by `npm ci` from package-lock.json."""
    if not AXE.exists():
        fail_setup(f"{AXE.relative_to(REPO_ROOT)} is missing")
    return AXE


@pytest.fixture
def opened(browser: Browser, site_url: str) -> Iterator[Callable[..., AbstractContextManager[Visit]]]:
    """Return a context manager opening a site path (or a full URL) in a new page, recorded as a `Visit`.

    Pages of one size share a browser context (made on first use, closed after the test).
    """
    contexts: dict[tuple[int, int], BrowserContext] = {}

    @contextmanager
    def open_page(path: str, width: int = DESKTOP[0], height: int = DESKTOP[1]) -> Iterator[Visit]:
        if (width, height) not in contexts:
            contexts[width, height] = new_context(browser, width, height)
        page = contexts[width, height].new_page()
        try:
            visit = Visit(page)
            record(visit)
            page.goto(path if "://" in path else f"{site_url}/{path}", wait_until="load")
            yield visit
        finally:
            page.close()

    yield open_page
    for context in contexts.values():
        context.close()


def new_context(browser: Browser, width: int, height: int) -> BrowserContext:
    """Return a browser context of the given viewport in which requests leaving this machine are aborted."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    context.route(is_outside, lambda route: route.abort("blockedbyclient"))
    return context


def record(visit: Visit) -> None:
    """Record every request of the page and its workers, console errors, uncaught exceptions, HTTP errors."""
    page = visit.page
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and visit.errors.append(
        f"HTTP {response.status}: {response.url}"))
    page.on("console", lambda message: message.type == "error" and visit.errors.append(
        f"console: {message.text} ({message.location.get('url') or 'no location'})"))
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))


# The worker has built its index once the result summary shows the "type to search" placeholder.
SEARCH_READY_JS = """() => {
  const words = JSON.parse(document.getElementById('__config').textContent).translations;
  return document.querySelector('.md-search-result__meta').innerText.trim() === words['search.result.placeholder'];
}"""


def search_ready(visit: Visit, timeout_ms: int = 10_000) -> bool:
    """Wait until Material's search can take a query; return False if it never could."""
    from playwright.sync_api import TimeoutError

    try:
        visit.page.wait_for_function(SEARCH_READY_JS, timeout=timeout_ms)
    except TimeoutError:
        return False
    return True


def search(visit: Visit, query: str) -> tuple[str, list[str]]:
    """Put a query in Material's search box as a paste does; return the result summary and the linked page paths.

    fill() sets the text with no key event (as a paste or an IME's word does): the site searches on input.
    The paths are in the order listed, one per result (a page's sections share its path).
    """
    from playwright.sync_api import TimeoutError

    page = visit.page
    assert search_ready(visit), f"{page.url}: search never became ready; errors: {visit.errors}"
    placeholder = page.inner_text(".md-search-result__meta").strip()
    page.click(".md-search__input")
    page.wait_for_function("() => document.getElementById('__search').checked", timeout=5_000)
    page.fill(".md-search__input", query)
    try:
        page.wait_for_function(
            "text => document.querySelector('.md-search-result__meta').innerText.trim() !== text",
            arg=placeholder, timeout=10_000)
    except TimeoutError:
        pytest.fail(f"{page.url}: {query!r} put in the search box was never searched; errors: {visit.errors}")
    summary = page.inner_text(".md-search-result__meta").strip()
    links = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "links => links.map(a => a.href)")
    return summary, [urlsplit(link).path for link in links]
