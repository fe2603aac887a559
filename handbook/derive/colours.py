"""House colours made legible: a project's colours in, colours meeting WCAG AA contrast out.

Many owners are older; text must keep a contrast of at least 4.5:1. Where a
house colour is too light for text, it is darkened just enough, never
replaced, so the site still looks like the project's brand.
"""

from __future__ import annotations

WHITE, BLACK = "#FFFFFF", "#000000"
INK = "#1A1A1A"  # body text of print
AA = 4.5


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """Return the relative luminance of a #RRGGBB colour (WCAG 2)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """Return colour moved `amount` (0-1) of the way towards other."""
    pairs = zip(_channels(colour), _channels(other))
    return "#" + "".join(f"{round(c + (o - c) * amount):02X}" for c, o in pairs)


TINT = 0.88  # a house colour this far towards white: table heads and panels behind black text


def tint(colour: str) -> str:
    """Return the pale tint of a house colour that every print output shades table heads and panels with."""
    return mix(colour, WHITE, TINT)


def print_palette(primary: str) -> dict[str, str]:
    """Return the print documents' colours by the names their stylesheets use (var(--name)): house and greys."""
    return {"primary": primary, "tint": tint(primary), "ink": INK, "muted": "#444444", "running": "#555555",
            "rule": "#9A9A9A", "internal": "#8A1C1C"}


def darken_for(colour: str, background: str = WHITE, ratio: float = AA) -> str:
    """Return colour darkened just enough to reach `ratio` against background."""
    step = 0.0
    candidate = colour.upper()
    while contrast(candidate, background) < ratio and step < 1:
        step += 0.02
        candidate = mix(colour, BLACK, step)
    return candidate


def text_on(background: str) -> str:
    """Return white or near-black, whichever reads better on background."""
    return WHITE if contrast(WHITE, background) >= contrast(INK, background) else INK


def header_colour(primary: str) -> str:
    """Return the house colour as the site's header (and share card) shows it, under text that reads at AA."""
    # Darkened under white text when neither white nor ink reads at AA: darkening under ink would end at black.
    return primary if contrast(text_on(primary), primary) >= AA else darken_for(primary, WHITE)


def site_palette_css(primary: str, accent: str) -> str:
    """Return CSS variables setting Material's colours from the house colours, all at AA contrast."""
    header = header_colour(primary)
    link = darken_for(primary)
    accent_text = darken_for(accent)
    return (
        ":root, [data-md-color-scheme=default] {\n"
        f"  --md-primary-fg-color: {header};\n"
        f"  --md-primary-fg-color--light: {mix(header, WHITE, 0.2)};\n"
        f"  --md-primary-fg-color--dark: {mix(header, BLACK, 0.2)};\n"
        f"  --md-primary-bg-color: {text_on(header)};\n"
        f"  --md-accent-fg-color: {accent_text};\n"
        f"  --md-typeset-a-color: {link};\n"
        "}\n"
    )
