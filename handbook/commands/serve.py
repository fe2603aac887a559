"""Preview one project live: its inputs in, its public site served over HTTP out, rebuilt and reloaded on change.

The site is built into a private temporary folder (never the repository's
dist/), then served by a small threaded HTTP server. A watcher polls the
modification times and sizes of the project's inputs; after a change it
rebuilds. A successful build bumps a build number; a failed one keeps the last
good site on the server and remembers its problems. Every HTML response gets
an inline script (added at serve time, never written to the built files) that
polls ``/__handbook__/status`` and reloads the page when the build number
changes, or shows the problems in a box at the top of the page. Example::

    preview = Preview(Repo.find(), "demo", port=0)
    preview.start()          # first build, then serve and watch in threads
    print(preview.url)
    ...
    preview.stop()           # stop serving and watching, remove the folder
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from ..errors import HandbookError, Said
from ..i18n.messages import Catalogue, catalogue
from ..outputs import OUTPUTS, choose
from ..repo import Repo
from ..run.pipeline import build
from ..source.projects import ProjectSource, discover, project_language, select

Log = Callable[[str], None]
Snapshot = dict[str, tuple[int, int, int]]

STATUS_PATH = "/__handbook__/status"
BOX_ID = "handbook-preview-errors"
SETTLE_LIMIT = 10  # polls to wait for a burst of saves to end before building anyway

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".webmanifest": "application/manifest+json",
}

RELOAD_SCRIPT = """<script>
(function () {
  var seen = %(build)d;
  function box() {
    var el = document.getElementById("%(box)s");
    if (!el) {
      el = document.createElement("div");
      el.id = "%(box)s";
      document.body.appendChild(el);
    }
    el.setAttribute("style", "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:50vh;"
      + "overflow:auto;margin:0;padding:1em 1.5em;background:#fff0f0;color:#600;border-bottom:3px solid #c00;"
      + "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;text-align:left;");
    return el;
  }
  function show(errors) {
    var old = document.getElementById("%(box)s");
    if (!errors.length) { if (old) { old.remove(); } return; }
    var el = box();
    el.textContent = "";
    var title = document.createElement("strong");
    title.textContent = seen ? "Build failed; showing the last good site. Fix these and save:"
                             : "No good build yet. Fix these and save:";
    el.appendChild(title);
    errors.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      el.appendChild(line);
    });
  }
  function poll() {
    fetch("%(status)s", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.build !== seen) { location.reload(); return; }
        show(status.errors);
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
"""

ERROR_PAGE = """<!doctype html>
<html>
<head><meta charset="utf-8"><title>Build failed</title></head>
<body>
<div id="%(box)s"><strong>No good build yet. Fix these and save:</strong>%(lines)s</div>
</body>
</html>
"""


class Preview:
    """Build one project into a temporary folder, serve its public site, rebuild when its inputs change."""

    def __init__(self, repo: Repo, slug: str, host: str = "127.0.0.1", port: int = 8000,
                 interval: float = 0.5, log: Log = print):
        self.repo = repo
        self.slug = slug
        self.interval = interval
        self.log = log
        self.source = select(discover(repo.projects), [slug])[0]
        self.says = catalogue(project_language(self.source))  # the project's language, like its build's lines
        self.only = [output.name for output in OUTPUTS.values() if output.audience == "public"]
        self.watched = watched_paths(self.source, repo, self.only)
        self.server = _bind(host, port, self)
        self.build_number = 0
        self.errors: list[str] = []
        self.folder: Path | None = None
        self._state = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    @property
    def site(self) -> Path:
        """Return the folder served: the project's public site inside the preview folder."""
        assert self.folder is not None
        return self.folder / "public" / self.slug

    def status(self) -> dict[str, object]:
        """Return the build number and the problems of the last build (none when it succeeded)."""
        with self._state:
            return {"build": self.build_number, "errors": list(self.errors)}

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        self.folder = Path(tempfile.mkdtemp(prefix=f"handbook-preview-{self.slug}-"))
        snapshot = take_snapshot(self.watched)
        self.rebuild()
        self._spawn(self.server.serve_forever, "serve")
        self._spawn(lambda: self.watch(snapshot), "watch")

    def stop(self) -> None:
        """Stop serving and watching (waiting for a build in progress), then remove the preview folder."""
        self._stopping.set()
        if any(thread.name.endswith("-serve") for thread in self._threads):
            self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join()
        self._threads.clear()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)  # a request still finishing then gets a 404

    def run(self) -> None:
        """Serve until Ctrl-C, then stop cleanly."""
        # A job a script starts in the background inherits interrupts ignored; the preview says Ctrl-C stops
        # it, so it listens for the interrupt whatever it inherited.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.start()
            self.log(self.says("cli.serving", slug=self.slug, url=self.url))
            self._stopping.wait()
        except KeyboardInterrupt:
            self.log(self.says("cli.stopping", slug=self.slug))
        finally:
            self.stop()

    def watch(self, snapshot: Snapshot) -> None:
        """Poll the watched paths and rebuild after every change, until stopped."""
        while not self._stopping.wait(self.interval):
            current = take_snapshot(self.watched)
            if current == snapshot:
                continue
            current = self._settle(current)
            self.log(self.says("cli.changed", slug=self.slug, files=describe_changes(snapshot, current, self.says)))
            snapshot = current
            self.rebuild()

    def rebuild(self) -> None:
        """Build the project; on success bump the build number, on failure keep the last good site."""
        assert self.folder is not None
        started = time.monotonic()
        errors = self._build_errors()
        with self._state:
            self.errors = errors
            if not errors:
                self.build_number += 1
        if errors:
            serving = "cli.preview_failed_kept" if self.build_number else "cli.preview_failed_shown"
            print(self.says(serving, slug=self.slug), file=sys.stderr, flush=True)
            for line in errors:
                print(line, file=sys.stderr, flush=True)
        else:
            self.log(self.says("cli.preview_ready", slug=self.slug, number=self.build_number,
                               seconds=f"{time.monotonic() - started:.1f}"))

    def _build_errors(self) -> list[str]:
        """Build into the preview folder and return its problems as text (empty on success)."""
        try:
            report = build(self.repo, [self.slug], self.folder, self.only, log=lambda _: None)
        except HandbookError as exc:  # e.g. the project folder was removed
            return exc.lines(self.says)
        except Exception as exc:  # a bug outside a project build: report it, keep serving
            traceback.print_exc()
            return [self.says("refusal.internal", slug=self.slug, error=f"{type(exc).__name__}: {exc}", log="-")]
        return [line for exc in report.failed.values() for line in exc.lines(self.says)]

    def _settle(self, snapshot: Snapshot) -> Snapshot:
        """Return the snapshot once a burst of saves has ended (or after a few polls)."""
        for _ in range(SETTLE_LIMIT):
            if self._stopping.wait(self.interval):
                break
            current = take_snapshot(self.watched)
            if current == snapshot:
                break
            snapshot = current
        return snapshot

    def _spawn(self, target: Callable[[], None], role: str) -> None:
        thread = threading.Thread(target=target, name=f"handbook-preview-{role}", daemon=True)
        thread.start()
        self._threads.append(thread)


def watched_paths(source: ProjectSource, repo: Repo, outputs: list[str]) -> list[Path]:
    """Return what a preview watches: the outputs' inputs, the project folder, the companies (the project's and its
    parents' files, whichever it names as it is edited), shared content, templates, mkdocs.yml."""
    paths = [path for output in choose(outputs) for path in output.inputs(source, repo)]
    # The whole shared folders too, so an output that under-declares its inputs still previews live.
    paths += [source.folder, repo.companies, repo.content, repo.templates, repo.mkdocs_yml]
    unique = dict.fromkeys(path.resolve() for path in paths)
    # A folder inside another watched folder adds nothing.
    return [path for path in unique if not any(other != path and path.is_relative_to(other) for other in unique)]


def take_snapshot(paths: list[Path]) -> Snapshot:
    """Return (mtime, size, inode) of every file under the paths, skipping editor scratch files."""
    snapshot: Snapshot = {}
    for path in paths:
        if path.is_file():
            _record(snapshot, path)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = [name for name in dirs if not is_scratch(name)]
            for name in files:
                if not is_scratch(name):
                    _record(snapshot, Path(folder) / name)
    return snapshot


def _record(snapshot: Snapshot, path: Path) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:  # removed while we walked; the next poll sees it gone
        return
    snapshot[str(path)] = (info.st_mtime_ns, info.st_size, info.st_ino)


def is_scratch(name: str) -> bool:
    """Return whether a name is a hidden, backup or editor lock file (MkDocs ignores dotfiles too)."""
    return name.startswith((".", "#")) or name.endswith("~")


def describe_changes(before: Snapshot, after: Snapshot, says: Catalogue, limit: int = 3) -> str:
    """Return the changed file names, a few of them, for the console."""
    names = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    shown = says("punct.list").join(Path(name).name for name in names[:limit])
    return shown + (says("refusal.and_more", count=len(names) - limit) if len(names) > limit else "")


def reload_script(build_number: int) -> bytes:
    """Return the inline script that reloads the page after a new build and shows build problems."""
    return (RELOAD_SCRIPT % {"build": build_number, "box": BOX_ID, "status": STATUS_PATH}).encode("utf-8")


def inject(page: bytes, script: bytes) -> bytes:
    """Insert the script before the page's last </body> (at the end when it has none)."""
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def error_page(errors: list[str]) -> bytes:
    """Return the page served while no build has succeeded: the problems, escaped."""
    lines = "".join(f"\n<div>{html.escape(line)}</div>" for line in errors)
    return (ERROR_PAGE % {"box": BOX_ID, "lines": lines}).encode("utf-8")


def content_type(path: Path) -> str:
    """Return the Content-Type of a built file."""
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, encoding = mimetypes.guess_type(path.name)
    return guessed if guessed and not encoding else "application/octet-stream"


def resolve(site: Path, url_path: str) -> Path | None:
    """Return the file or folder a URL path names inside site, or None when it would leave site."""
    parts = [part for part in unquote(url_path).split("/") if part not in ("", ".")]
    if any(part == ".." or "\\" in part or "\0" in part for part in parts):
        return None
    root = site.resolve()
    target = root.joinpath(*parts).resolve()
    return target if target.is_relative_to(root) else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    preview: Preview

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser leaving mid-reply is normal
            super().handle_error(request, client_address)


def _bind(host: str, port: int, preview: Preview) -> _Server:
    """Return a server listening on host:port (IPv4 or IPv6); raise HandbookError when it cannot."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        server_class = type("PreviewServer", (_Server,), {"address_family": family})
        server = server_class((host, port), _Handler)
    except OSError as exc:
        raise HandbookError(Said("error.cannot_listen", address=f"{host}:{port}",
                                 reason=exc.strerror or str(exc))) from None
    server.preview = preview
    return server


class _Handler(BaseHTTPRequestHandler):
    """Answer GET and HEAD: the status as JSON, else a file of the last good site."""

    server: _Server

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        preview = self.server.preview
        status = preview.status()  # read before the file: a page is never older than its build number
        path = urlsplit(self.path).path
        if path == STATUS_PATH:
            self.reply(HTTPStatus.OK, "application/json", json.dumps(status).encode("utf-8"), send_body)
        elif status["build"] == 0:
            page = inject(error_page(status["errors"]), reload_script(0))
            self.reply(HTTPStatus.SERVICE_UNAVAILABLE, CONTENT_TYPES[".html"], page, send_body)
        else:
            self.serve_file(preview.site, path, status["build"], send_body)

    def serve_file(self, site: Path, path: str, build_number: int, send_body: bool) -> None:
        target = resolve(site, path)
        if target is not None and target.is_dir():
            if not path.endswith("/"):
                self.redirect(path + "/")
                return
            target = target / "index.html"
        try:
            body = target.read_bytes() if target is not None else None
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            body = None
        if body is None:
            page = inject(b"<!doctype html><title>Not found</title><h1>404 Not found</h1>", reload_script(build_number))
            self.reply(HTTPStatus.NOT_FOUND, CONTENT_TYPES[".html"], page, send_body)
            return
        kind = content_type(target)
        if kind.startswith("text/html"):
            body = inject(body, reload_script(build_number))
        self.reply(HTTPStatus.OK, kind, body, send_body)

    def redirect(self, location: str) -> None:
        query = urlsplit(self.path).query
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location + (f"?{query}" if query else ""))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def reply(self, code: HTTPStatus, kind: str, body: bytes, send_body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a reload must fetch the rebuilt CSS and scripts too
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep quiet: the page polls the status every second."""
