"""Tests for handbook.engines.qr: QR data URIs that decode back to their text (with zbarimg)."""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path
from urllib.parse import unquote

import segno
from PIL import Image

from handbook.engines.qr import qr_data_uri, qr_png_data_uri

URL = "https://lotus-garden.example.cn/zh-HK/fees/?unit=1-0403"
SIDE = segno.make(URL, error="m").symbol_size(scale=1, border=2)[0]  # modules, with a border of two


def decode(png: bytes, tmp_path: Path) -> str:
    """Return what zbarimg reads from a QR code image, enlarged so each module is several pixels."""
    with Image.open(io.BytesIO(png)) as image:
        large = image.convert("L").resize((image.width * 8, image.height * 8), Image.NEAREST)
    path = tmp_path / "code.png"
    large.save(path)
    result = subprocess.run(["zbarimg", "--raw", "--quiet", str(path)], capture_output=True, text=True, check=True)
    return result.stdout.rstrip("\n")


def test_png_code_decodes_back_to_its_text(tmp_path):
    uri = qr_png_data_uri(URL)
    prefix = "data:image/png;base64,"
    assert uri.startswith(prefix)
    png = base64.b64decode(uri[len(prefix):])
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (SIDE, SIDE) == (37, 37)  # one pixel a module: version 4 at level M
    assert decode(png, tmp_path) == URL


def test_chinese_text_survives_the_round_trip(tmp_path):
    text = "表单追溯码：莲花苑-1-0403-业主资料卡"
    png = base64.b64decode(qr_png_data_uri(text).split(",", 1)[1])
    assert decode(png, tmp_path) == text


def test_svg_code_is_drawn_in_the_dark_colour():
    uri = qr_data_uri(URL, dark="#2E6B4F")
    assert uri.startswith("data:image/svg+xml;")
    svg = unquote(uri.split(",", 1)[1])
    assert svg.startswith("<svg") and not svg.startswith("<?xml")
    assert "stroke='#2e6b4f'" in svg
    assert f"width='{SIDE}'" in svg  # one unit a module: sized by CSS
    assert qr_data_uri(URL) != uri  # black by default
