"""Lighthouse's accessibility, best-practices and SEO audits of the owner site, on a phone, in Debian's chromium.

The fees page carries the most structure an owner reads: the schedule's tables
(stacked as cards on a phone), the calculator's form and its live result. The
downloads page lists the print files with the boards' previews; every page of
an edition carries hreflang links to the others. Lighthouse runs as the npm
package pinned in package-lock.json, against the sample sites served on
127.0.0.1; it needs nothing from outside, and chromium resolves no other host.
Performance is left to bench/site_quality.py: it depends on the machine's load.
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
CATEGORIES = ("accessibility", "best-practices", "seo")
PAGES = [("lotus-garden", "fees/"), ("lotus-garden", "en/fees/"), ("harbour-centre", "fees/"),
         ("lotus-garden", "downloads/"), ("harbour-centre", "zh-CN/downloads/"), ("lotus-garden", ""),
         ("lotus-garden", "bring/family/"), ("harbour-centre", "zh-CN/bring/office-tenant/")]
CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"'


def audit(url: str, report: Path) -> dict:
    """Return Lighthouse's report of a page's accessibility, best practices and SEO, as emulated on a phone."""
    if not LIGHTHOUSE.exists():
        fail_setup(f"{LIGHTHOUSE.relative_to(REPO_ROOT)} is missing")
    subprocess.run([str(LIGHTHOUSE), url, f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
                    f"--chrome-flags={CHROME_FLAGS}", "--no-enable-error-reporting", "--output=json",
                    f"--output-path={report}", "--quiet"],
                   check=True, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, timeout=180)
    return json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("slug", "path"), PAGES, ids=[f"{slug}/{path}" for slug, path in PAGES])
def test_the_page_scores_100_for_accessibility_best_practices_and_seo(site_url, tmp_path, slug, path):
    result = audit(f"{site_url}/{slug}/{path}", tmp_path / "report.json")
    assert result["finalDisplayedUrl"].endswith(path)  # the page itself was audited, not an error page
    for category in CATEGORIES:
        refs = result["categories"][category]["auditRefs"]
        failed = [f"{ref['id']}: {result['audits'][ref['id']]['title']}" for ref in refs
                  if ref["weight"] and (result["audits"][ref["id"]].get("score") or 0) < 1
                  and result["audits"][ref["id"]].get("scoreDisplayMode") != "notApplicable"]
        assert result["categories"][category]["score"] == 1, (category, failed)
