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


@pytest.fixture(scope="session")
def site_url(public_dir: Path) -> Iterator[str]:
    """Serve dist/public on 127.0.0.1 from a background thread; return its base URL (no trailing slash)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(public_dir)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


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
    """Return a context manager opening a site path in a new page, recorded as a `Visit`.

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
            page.goto(f"{site_url}/{path}", wait_until="load")
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
