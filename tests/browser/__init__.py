"""Tests in a real browser (Chromium via Playwright) of the sample owner sites."""
