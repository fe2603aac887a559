"""Lighthouse's accessibility audit of the owner site's fees page, on a phone, in Debian's chromium.

The fees page carries the most structure an owner reads: the schedule's tables
(stacked as cards on a phone), the calculator's form and its live result.
Lighthouse runs as the npm package pinned in package-lock.json, against the
sample sites served on 127.0.0.1; it needs nothing from outside.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, fail_setup
from tests.conftest import REPO_ROOT

LIGHTHOUSE = REPO_ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = [("lotus-garden", "fees/"), ("lotus-garden", "en/fees/"), ("harbour-centre", "fees/")]


def accessibility(url: str, report: Path) -> dict:
    """Return Lighthouse's accessibility category and audits for a page, as emulated on a phone."""
    if not LIGHTHOUSE.exists():
        fail_setup(f"{LIGHTHOUSE.relative_to(REPO_ROOT)} is missing")
    subprocess.run([str(LIGHTHOUSE), url, "--only-categories=accessibility", "--form-factor=mobile",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu", "--output=json",
                    f"--output-path={report}", "--quiet"],
                   check=True, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, timeout=180)
    return json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("slug", "path"), PAGES, ids=[f"{slug}/{path}" for slug, path in PAGES])
def test_the_fees_page_scores_100_for_accessibility(site_url, tmp_path, slug, path):
    result = accessibility(f"{site_url}/{slug}/{path}", tmp_path / "report.json")
    failed = [f"{key}: {audit['title']}" for key, audit in result["audits"].items()
              if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0]
    assert result["categories"]["accessibility"]["score"] == 1, failed
    assert result["finalDisplayedUrl"].endswith(path)  # the page itself was audited, not an error page
