"""The live preview: serves the last good site, rebuilds on change, reports problems to the page."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from handbook.commands.cli import main
from handbook.commands.serve import STATUS_PATH, Preview, error_page
from handbook.repo import Repo
from tests.conftest import REPO_ROOT, make_repo, template_text

TIMEOUT = 60.0  # seconds; a rebuild takes about one, many more on a machine busy with parallel tests
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(preview: Preview, path: str) -> tuple[int, str, str]:
    """Return the status, content type and text of a GET on the preview."""
    try:
        with NO_PROXY.open(preview.url.rstrip("/") + path, timeout=TIMEOUT) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def status(preview: Preview) -> dict:
    code, kind, text = fetch(preview, STATUS_PATH)
    assert (code, kind) == (200, "application/json")
    return json.loads(text)


def wait_until(condition: Callable[[], object], what: str) -> None:
    """Poll the condition until it holds; fail after TIMEOUT seconds."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[[str], Preview]]:
    """Return a function that starts a preview of `demo` with the given project.yml, stopped afterwards."""
    previews: list[Preview] = []

    def start_preview(data: str) -> Preview:
        repo = make_repo(tmp_path, {"demo": data})
        preview = Preview(Repo(repo), "demo", "127.0.0.1", 0, interval=0.05, log=lambda _: None)
        previews.append(preview)
        preview.start()
        return preview

    yield start_preview
    for preview in previews:
        preview.stop()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "projects/demo/project.yml"


def test_the_site_is_served_with_the_reload_script(start):
    preview = start(template_text())
    code, kind, page = fetch(preview, "/")
    assert (code, kind) == (200, "text/html; charset=utf-8")
    assert "新项目" in page
    assert STATUS_PATH in page and page.index(STATUS_PATH) < page.rindex("</body>")
    # Injected when served, never written into the built files.
    assert STATUS_PATH not in (preview.site / "index.html").read_text(encoding="utf-8")
    assert status(preview) == {"build": 1, "errors": []}


def test_files_get_their_content_type_and_nothing_outside_the_site_is_served(start, tmp_path):
    preview = start(template_text())
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    code, kind, css = fetch(preview, "/assets/handbook.css")
    assert (code, kind) == (200, "text/css; charset=utf-8") and STATUS_PATH not in css
    assert fetch(preview, "/no-such-page/")[0] == 404
    host, port = preview.server.server_address[:2]
    for path in ("/../../secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/..%2f..%2fsecret.txt"):
        connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        connection.request("GET", path)
        response = connection.getresponse()
        assert (response.status, b"secret" in response.read()) == (404, False), path
        connection.close()


def test_a_folder_without_a_slash_redirects_so_relative_links_work(start):
    preview = start(template_text())
    host, port = preview.server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    connection.request("GET", "/contacts")
    response = connection.getresponse()
    assert (response.status, response.headers["Location"]) == (301, "/contacts/")
    connection.close()


def test_a_change_is_rebuilt_and_the_page_reloads(start, data):
    preview = start(template_text())
    edit(data, '"0755-0000 0000"', '"0755-1234 5678"')
    wait_until(lambda: status(preview)["build"] == 2, "the rebuild")
    page = fetch(preview, "/contacts/")[2]
    assert 'href="tel:075512345678"' in page and "0755-1234 5678" in page


def test_a_change_to_shared_content_or_templates_is_rebuilt(start, tmp_path):
    preview = start(template_text())
    with (tmp_path / "templates/web/assets/handbook.css").open("a", encoding="utf-8") as css:
        css.write("\n/* preview marker */\n")
    wait_until(lambda: "preview marker" in fetch(preview, "/assets/handbook.css")[2], "the new stylesheet")
    (tmp_path / "content/owner/parking.md").write_text("# 停车须知\n", encoding="utf-8")
    wait_until(lambda: fetch(preview, "/parking/")[0] == 200, "the new page")
    assert "停车须知" in fetch(preview, "/parking/")[2]


def test_a_validation_error_is_reported_and_the_last_good_site_stays(start, data, capsys):
    preview = start(template_text())
    line = data.read_text(encoding="utf-8").splitlines().index("      rate: 2.50                  # 元/平方米/月") + 1
    edit(data, "rate: 2.50", "rate: -1")
    wait_until(lambda: status(preview)["errors"], "the error")
    current = status(preview)
    assert current["build"] == 1
    assert any(re.search(rf"project\.yml:{line}:\d+: fees\.management\[1\]\.rate: ", e) for e in current["errors"])
    code, _, page = fetch(preview, "/")
    assert code == 200 and "新项目" in page and STATUS_PATH in page
    assert f"project.yml:{line}" in capsys.readouterr().err

    edit(data, "rate: -1", "rate: 2.50")
    wait_until(lambda: not status(preview)["errors"], "the errors to clear")
    assert status(preview)["build"] == 2


def test_a_bad_first_build_serves_the_problems_until_fixed(start, data):
    preview = start(template_text().replace("rate: 2.50", "rate: -1"))
    current = status(preview)
    assert current["build"] == 0 and current["errors"]
    code, kind, page = fetch(preview, "/contacts/")
    assert (code, kind) == (503, "text/html; charset=utf-8")
    assert "fees.management[1].rate" in page and STATUS_PATH in page

    edit(data, "rate: -1", "rate: 2.50")
    wait_until(lambda: status(preview)["build"] == 1, "the first good build")
    assert fetch(preview, "/")[0] == 200
    assert status(preview)["errors"] == []


def test_the_problems_page_escapes_the_text():
    page = error_page(["project.yml:3:7: name: <script>alert(1)</script>"]).decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page


def test_an_unknown_project_is_refused_before_serving(demo_repo, capsys):
    assert main(["--repo", str(demo_repo), "serve", "nope", "--port", "0"]) == 1
    assert "nope" in capsys.readouterr().err


def test_ctrl_c_stops_the_command_and_removes_the_preview_folder(demo_repo, tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    command = [sys.executable, str(REPO_ROOT / "build.py"), "--repo", str(demo_repo), "serve", "demo", "--port", "0"]
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(REPO_ROOT)}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as process:
        try:
            lines: queue.Queue[str] = queue.Queue()
            threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
            wait_until(lambda: "http://127.0.0.1:" in lines.get(timeout=TIMEOUT), "the server")
            assert list(scratch.glob("handbook-preview-*"))
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=TIMEOUT) in (0, 130)
        finally:
            process.kill()
    assert not list(scratch.glob("handbook-preview-*"))
