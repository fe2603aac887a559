"""Render print HTML to PDF with WeasyPrint: HTML text in, a deterministic, strict, tagged PDF out.

Every WeasyPrint call of the package is here. Rendering is strict: anything
WeasyPrint logs as a problem (a missing image, CSS it ignores) fails the
build. Resources load only through FolderFetcher, which serves files inside
the folders it is given and refuses everything else. The PDF identifier and
dates come from the input, never the clock, so the same input gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import mimetypes
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..errors import BuildFailed

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class FetchRefused(FatalURLFetchingError):
    """A resource outside the allowed folders, or on another host."""


class FolderFetcher(URLFetcher):
    """Serve file: URLs inside the allowed folders; refuse http(s), other files and `..` escapes."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file":
            raise FetchRefused(f"refused to fetch {url}: print outputs use only files of the project")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(f"refused to read {path}: outside the project, templates and content folders")
        if not path.is_file():
            raise FetchRefused(f"file not found: {path}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _strict() -> Iterator[_Collect]:
    """Collect what WeasyPrint logs as a problem while rendering."""
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    saved = logger.propagate
    logger.addHandler(collect)
    logger.propagate = False
    try:
        yield collect
    finally:
        logger.removeHandler(collect)
        logger.propagate = saved


def render_pdf(html: str, base: Path, roots: list[Path], variant: str | None = "pdf/ua-1",
               stylesheets: list[str] | None = None) -> bytes:
    """Return the PDF of an HTML document whose relative URLs resolve against base."""
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with _strict() as problems:
        try:
            document = weasyprint.HTML(string=html, base_url=str(base.resolve()) + "/",
                                       url_fetcher=FolderFetcher(roots))
            css = [weasyprint.CSS(string=text) for text in stylesheets or []]
            pdf = document.write_pdf(stylesheets=css, pdf_identifier=identifier, pdf_variant=variant,
                                     pdf_tags=True, uncompressed_pdf=False)
        except FetchRefused as exc:
            raise BuildFailed(str(exc)) from None
    if problems.messages:
        raise BuildFailed(["PDF: WeasyPrint reported problems:"] + problems.messages)
    return pdf


def iso_date(day: dt.date) -> str:
    """Return a date as the PDF metadata in the HTML head wants it (dcterms.created / modified)."""
    return day.isoformat()
