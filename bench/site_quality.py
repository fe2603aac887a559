"""Print Lighthouse's four category scores and CLS for the owner site's main pages, edition by edition, against targets.

    .venv/bin/python bench/site_quality.py [--runs N] [--public DIR] [--no-gzip]

Builds the sample projects' public outputs (site, guide, boards, bring, owner forms: what the
downloads page lists) into a temporary folder, serves its public/ folder on
127.0.0.1 and audits the home, fees, downloads and company "what to bring" pages of every edition with
Lighthouse (the npm package pinned in package-lock.json, as tests/browser
runs it) in Debian's chromium: headless, Lighthouse's mobile preset (a
mid-range phone on a throttled connection, simulated), every host but this
machine unresolvable, so nothing leaves it. Each page is audited N times
(default 3); every figure printed is the median of its runs. --public audits
an already built public/ folder instead.

The server answers as a production web server does for a static site: text
files gzip-compressed when the browser asks for it (--no-gzip serves them as
they are, like `python -m http.server`, and Lighthouse then counts their full
size against performance).

Targets: accessibility, best practices and SEO 100 on every page, CLS at most
0.05 on every page, performance at least 95 on the home and fees pages. A
page missing one is flagged MISSED with the audits that failed. It is a
report: it exits 0 whatever the scores, 1 only when the build or Lighthouse
fails.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handbook.derive.lettering import households  # noqa: E402
from handbook.repo import Repo  # noqa: E402
from handbook.run import pipeline  # noqa: E402
from handbook.source.projects import discover, load_project  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
OUTPUTS = ["site", "guide", "boards", "bring", "owner_forms"]
PAGES = {"home": "", "fees": "fees/", "downloads": "downloads/"}  # and the first household type's "what to bring"
CATEGORIES = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100}  # every page
PERFORMANCE_TARGET, PERFORMANCE_PAGES = 95, ("home", "fees")
CLS_TARGET = 0.05
# Nothing leaves the machine: every host name but the local server's fails to resolve.
CHROME_FLAGS = ('--headless=new --no-sandbox --disable-gpu --disable-quic '
                '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"')
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


@dataclass(frozen=True)
class Page:
    """One page of one edition to audit."""

    slug: str
    tag: str
    name: str  # home, fees, downloads
    path: str  # under the served public/ folder

    @property
    def label(self) -> str:
        return f"{self.slug} {self.tag} {self.name}"


@dataclass(frozen=True)
class Result:
    """A page's medians over its runs, and the audits that failed in any run (by category)."""

    scores: dict[str, int]  # category id: 0-100
    cls: float
    failed: dict[str, list[str]]
    outside: list[str]  # requests to any host but this machine (there should be none)


def sample_pages(repo: Repo) -> list[Page]:
    """Return the pages to audit: home, fees, downloads and what to bring of every edition of every sample project."""
    pages = []
    for source in discover(repo.projects):
        project = load_project(source).project
        bring = [f"bring/{household.slug}/" for household in households(project.documents)][:1]
        for index, tag in enumerate(project.languages):
            prefix = "" if index == 0 else f"{tag}/"
            pages += [Page(source.slug, tag, name, f"{source.slug}/{prefix}{path}")
                      for name, path in [*PAGES.items(), *(("bring", path) for path in bring)]]
    return pages


def build_public(repo: Repo, dist: Path) -> Path:
    """Build the samples' public outputs into dist; return its public/ folder."""
    report = pipeline.build(repo, [], dist, OUTPUTS, log=lambda line: None, jobs=1, force=True)  # jobs=1: quiet
    if not report.ok:
        raise SystemExit(f"the sample build failed: {report.failed}")
    return dist / "public"


class Handler(SimpleHTTPRequestHandler):
    """Serve files quietly; text gzip-compressed when asked for and `gzip` is set (as production servers do)."""

    gzip = True

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201 (http.server's signature)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if not (self.gzip and path.is_file() and path.suffix in COMPRESSED
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


class Server(ThreadingHTTPServer):
    """Serve in threads, without a traceback when a closing tab drops its connection."""

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@functools.cache
def served(public: Path, compress: bool) -> str:
    """Serve public on 127.0.0.1 from a background thread for the rest of the run; return its base URL."""
    handler = type("ConfiguredHandler", (Handler,), {"gzip": compress})
    server = Server(("127.0.0.1", 0), functools.partial(handler, directory=str(public)))
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def lighthouse(url: str, report: Path) -> dict:
    """Return one Lighthouse run's report of a page: the four categories, mobile preset, headless, offline."""
    command = [str(LIGHTHOUSE), url, f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
               f"--chrome-flags={CHROME_FLAGS}", "--no-enable-error-reporting", "--output=json",
               f"--output-path={report}", "--quiet"]
    result = subprocess.run(command, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True,
                            text=True, timeout=300, check=False)
    if result.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise SystemExit(f"lighthouse could not audit {url}: {data['runtimeError'].get('message')}")
    return data


def failed_audits(report: dict) -> dict[str, list[str]]:
    """Return, by category, the audits of a report that count towards its score and did not pass."""
    failed: dict[str, list[str]] = {}
    for category, data in report["categories"].items():
        for ref in data["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                failed.setdefault(category, []).append(f"{ref['id']} {audit.get('displayValue', '')}".strip())
    return failed


def outside_requests(report: dict) -> list[str]:
    """Return the requests of a run that went to a host other than this machine."""
    items = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    return [item["url"] for item in items
            if urlsplit(item["url"]).hostname not in (None, "127.0.0.1", "localhost")]


def audit(page: Page, base: str, runs: int, work: Path) -> Result:
    """Return a page's medians over `runs` Lighthouse runs."""
    reports = [lighthouse(f"{base}/{page.path}", work / f"report-{run}.json") for run in range(runs)]
    scores = {category: round(statistics.median(r["categories"][category]["score"] * 100 for r in reports))
              for category in CATEGORIES}
    cls = statistics.median(r["audits"]["cumulative-layout-shift"]["numericValue"] for r in reports)
    failed: dict[str, list[str]] = {}
    for report in reports:
        for category, audits in failed_audits(report).items():
            failed.setdefault(category, [])
            failed[category] += [a for a in audits if a.split()[0] not in [f.split()[0] for f in failed[category]]]
    return Result(scores, cls, failed, sorted({url for r in reports for url in outside_requests(r)}))


def misses(page: Page, result: Result) -> list[str]:
    """Return the targets a page misses, each with the audits that failed in its category."""
    targets = dict(TARGETS)
    if page.name in PERFORMANCE_PAGES:
        targets["performance"] = PERFORMANCE_TARGET
    missed = [f"{CATEGORIES[category]} {result.scores[category]} < {target}"
              + (f" ({', '.join(result.failed.get(category, []))})" if result.failed.get(category) else "")
              for category, target in targets.items() if result.scores[category] < target]
    if result.cls > CLS_TARGET:
        missed.append(f"CLS {result.cls:.3f} > {CLS_TARGET}")
    if result.outside:
        missed.append(f"requests leaving the machine: {', '.join(result.outside)}")
    return missed


def versions() -> str:
    """Return Lighthouse's and chromium's versions, as the run used them."""
    package = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text(encoding="utf-8"))
    chromium = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, check=False).stdout
    return f"lighthouse {package['version']}, {chromium.strip() or 'chromium ?'}"


def report_line(page: Page, result: Result) -> str:
    scores = "".join(f"{result.scores[category]:>6}" for category in CATEGORIES)
    missed = misses(page, result)
    return f"{page.label:<34}{scores}{result.cls:>8.3f}" + (f"  MISSED: {'; '.join(missed)}" if missed else "")


def run(public: Path, runs: int, compress: bool) -> None:
    """Audit every page and print its line as it comes, then the summary."""
    base = served(public, compress)
    print(f"{versions()}; mobile preset, headless, offline; median of {runs} runs; "
          f"text {'gzip-compressed' if compress else 'uncompressed'}")
    print(f"targets: a11y, bp, seo {TARGETS['seo']}; CLS <= {CLS_TARGET}; perf >= {PERFORMANCE_TARGET} on "
          f"{' and '.join(PERFORMANCE_PAGES)}")
    print(f"{'page':<34}" + "".join(f"{short:>6}" for short in CATEGORIES.values()) + f"{'CLS':>8}")
    missed = 0
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as work:
        for page in sample_pages(Repo(ROOT)):
            result = audit(page, base, runs, Path(work))
            missed += bool(misses(page, result))
            print(report_line(page, result), flush=True)
    print(f"{missed} page(s) missed a target" if missed else "every page met its targets")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is printed)")
    parser.add_argument("--public", type=Path, help="audit this built public/ folder instead of building one")
    parser.add_argument("--no-gzip", dest="gzip", action="store_false", help="serve text files uncompressed")
    args = parser.parse_args()
    for needed, hint in ((CHROMIUM, "apt-get install chromium"), (LIGHTHOUSE, "npm ci")):
        if not needed.exists():
            raise SystemExit(f"{needed} is missing: {hint} (or `make test`, which installs both)")
    if args.public:
        run(args.public.resolve(), args.runs, args.gzip)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-site-quality-"))
    try:
        run(build_public(Repo(ROOT), work / "dist"), args.runs, args.gzip)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
