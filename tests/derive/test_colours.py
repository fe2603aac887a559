"""Tests for handbook.derive.colours: WCAG contrast, and house colours made legible without being replaced."""

from __future__ import annotations

import pytest

from handbook.derive.colours import (
    AA,
    INK,
    WHITE,
    contrast,
    darken_for,
    luminance,
    mix,
    print_palette,
    site_palette_css,
    text_on,
    tint,
)


def css_values(css: str) -> dict[str, str]:
    """Return {variable: value} of the CSS custom properties in a rule."""
    return {name.strip(): value.strip().rstrip(";")
            for name, value in (line.split(":", 1) for line in css.splitlines() if line.strip().startswith("--"))}


def test_contrast_matches_the_wcag_extremes():
    assert luminance(WHITE) == pytest.approx(1.0)
    assert luminance("#000000") == pytest.approx(0.0)
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, "#000000") == contrast("#000000", WHITE)
    assert contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.01)  # the classic "just fails AA" grey


def test_mix_moves_each_channel_part_of_the_way():
    assert mix("#000000", WHITE, 0.5) == "#808080"
    assert mix("#2E6B4F", WHITE, 0) == "#2E6B4F"
    assert mix("#2E6B4F", WHITE, 1) == WHITE
    assert tint("#2E6B4F") == "#E6EDEA"


@pytest.mark.parametrize("colour", ["#FFD700", "#D94F7A", "#F2A900", "#FFFFFF", "#FFFF00"])
def test_a_light_colour_is_darkened_just_enough_for_aa(colour):
    darker = darken_for(colour)
    assert contrast(darker, WHITE) >= AA
    one_step_less = mix(colour, "#000000", _step(colour, darker) - 0.02)
    assert contrast(one_step_less, WHITE) < AA  # not a shade darker than needed


def _step(colour: str, darker: str) -> float:
    """Return how far towards black darken_for went (it moves in steps of 0.02)."""
    for hundredths in range(2, 102, 2):
        if mix(colour, "#000000", hundredths / 100) == darker:
            return hundredths / 100
    raise AssertionError(f"{darker} is not {colour} moved towards black")


def test_a_colour_already_at_aa_is_kept():
    assert darken_for("#2e6b4f") == "#2E6B4F"
    assert darken_for("#0B4F7C") == "#0B4F7C"


def test_text_on_picks_the_more_legible_of_white_and_ink():
    assert text_on("#0B4F7C") == WHITE
    assert text_on("#FFD700") == INK


@pytest.mark.parametrize("primary, accent", [("#2E6B4F", "#D94F7A"), ("#0B4F7C", "#F2A900"), ("#FFD700", "#FFFF00")])
def test_site_palette_reaches_aa_everywhere(primary, accent):
    values = css_values(site_palette_css(primary, accent))
    assert contrast(values["--md-primary-bg-color"], values["--md-primary-fg-color"]) >= AA
    assert contrast(values["--md-typeset-a-color"], WHITE) >= AA
    assert contrast(values["--md-accent-fg-color"], WHITE) >= AA


def test_site_palette_keeps_a_legible_house_colour_as_the_header():
    values = css_values(site_palette_css("#0B4F7C", "#F2A900"))
    assert values["--md-primary-fg-color"] == "#0B4F7C"
    assert values["--md-primary-bg-color"] == WHITE
    assert values["--md-typeset-a-color"] == "#0B4F7C"
    assert values["--md-accent-fg-color"] == darken_for("#F2A900") != "#F2A900"


def test_print_palette_names_the_stylesheet_variables():
    palette = print_palette("#2E6B4F")
    assert palette["primary"] == "#2E6B4F"
    assert palette["tint"] == tint("#2E6B4F")
    assert palette["ink"] == INK
    assert contrast(INK, palette["tint"]) >= AA  # black text on a tinted table head


@pytest.mark.parametrize("primary, darkened", [("#E0457B", "#CE3F71"), ("#9A7B2A", None), ("#808080", None)])
def test_a_mid_tone_primary_is_darkened_under_white_never_replaced_by_black(primary, darkened):
    css = site_palette_css(primary, "#336699")
    header = css_values(css)["--md-primary-fg-color"]
    assert header != "#000000" and contrast(WHITE, header) >= AA
    assert darkened is None or header == darkened
