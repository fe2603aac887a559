"""Tests for handbook.engines.images: which files can be printed, and sRGB to CMYK through an ICC profile."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from handbook.engines.images import (
    cmyk_colour,
    cmyk_jpeg,
    profile_version,
    readable_image,
)

CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # the profile the boards output uses


def image_bytes(format: str, size=(4, 3), colour=(46, 107, 79)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=format)
    return buffer.getvalue()


def test_real_images_are_readable(tmp_path):
    for name, format in (("photo.jpg", "JPEG"), ("plan.png", "PNG")):
        (tmp_path / name).write_bytes(image_bytes(format))
        assert readable_image(tmp_path / name), name


def test_a_text_file_named_jpg_is_not(tmp_path):
    fake = tmp_path / "estate.jpg"
    fake.write_text("not really a photo", encoding="utf-8")
    assert readable_image(fake) is False


def test_a_truncated_png_is_not(tmp_path):
    broken = tmp_path / "cut.png"
    broken.write_bytes(image_bytes("PNG")[:40])
    assert readable_image(broken) is False


def test_svg_is_drawn_not_decoded(tmp_path):
    svg = tmp_path / "logo.SVG"
    svg.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    assert readable_image(svg) is True


def test_cmyk_colour_through_the_profile():
    assert cmyk_colour((255, 255, 255), CMYK_PROFILE) == (0, 0, 0, 0)  # paper: no ink
    assert cmyk_colour((255, 0, 0), CMYK_PROFILE) == (0, 255, 255, 0)  # magenta and yellow
    c, m, y, k = cmyk_colour((0, 0, 0), CMYK_PROFILE)
    assert k > 200 and c > 0  # rich black


def test_cmyk_jpeg_is_a_cmyk_jpeg_of_the_same_size():
    converted = cmyk_jpeg(image_bytes("PNG", size=(16, 9)), CMYK_PROFILE)
    with Image.open(io.BytesIO(converted)) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "CMYK", (16, 9))


def test_profile_version_and_a_file_that_is_no_profile(tmp_path):
    assert profile_version(CMYK_PROFILE) == "2.1"
    (tmp_path / "fake.icc").write_bytes(b"nope")
    with pytest.raises(OSError):
        profile_version(tmp_path / "fake.icc")
