"""The owner site's share card: an edition's name, house colour and photo in, its share images and head tags' data out.

A link to the site pasted into WeChat (or any app that unfurls links) shows
the page's Open Graph tags: a title, a description and an image at an
absolute address (templates/web/overrides/partials/site-meta.html). Each
edition gets two images, drawn at build time in the house colour with the
project's name as that edition writes it, the site's name and the project's
photo: a 1200x630 card (og:image, what most apps show) and a 500x500 square
(the small square thumbnail WeChat and QQ put beside a link). Both are laid
out here from the font's measures: a long name wraps at word boundaries and
shrinks until it fits its area, and is cut short with an ellipsis rather
than ever crossing it (`card_picture`, which the tests check).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..derive.colours import header_colour, text_on
from ..engines.fonts import font_file
from ..engines.share_image import (
    Box,
    Font,
    Picture,
    TextLine,
    line_height,
    png,
    text_width,
)
from ..i18n.languages import LANGUAGES
from ..i18n.wrapping import break_units
from .base import RenderContext

SHARE_IMAGE = "assets/share.png"  # from the edition's root
SHARE_SQUARE = "assets/share-square.png"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Format:
    """One share image's design: its size and margin, where the photo goes, the type sizes, the accent's widths."""

    width: int
    height: int
    margin: int  # around the text area
    photo_side: Literal["right", "top"]
    photo_share: float  # of the width (right) or the height (top)
    stripe: int  # the accent band between the photo and the text area
    name_sizes: tuple[int, int]  # the largest and the smallest the name is set in
    name_lines: int  # at most
    tagline_size: int
    rule: tuple[int, int]  # the accent rule between name and tagline: width, height
    gap: int  # above and below the rule


LANDSCAPE = Format(1200, 630, 64, "right", 0.4, 12, (96, 40), 3, 40, (96, 8), 28)
SQUARE = Format(500, 500, 36, "top", 0.42, 8, (64, 28), 3, 26, (64, 6), 16)
FORMATS = {SHARE_IMAGE: LANDSCAPE, SHARE_SQUARE: SQUARE}


@dataclass(frozen=True)
class ShareCard:
    """What a share image shows, in which colours and fonts."""

    name: str  # the project's name as the edition writes it
    tagline: str  # the site's name (业户手册, Owners' handbook)
    background: str  # the house colour as the site's header shows it
    ink: str  # white or near-black, whichever reads on the background
    accent: str
    photo: Path | None
    bold: Font
    regular: Font


def share_card(ctx: RenderContext) -> ShareCard:
    """Return an edition's share card: its name and words, the house colours, the photo, the edition's CJK face."""
    background = header_colour(ctx.project.branding.primary)
    family = ctx.edition.language.sans_family()
    return ShareCard(ctx.project.name, ctx.edition.messages("share.tagline"), background, text_on(background),
                     ctx.project.branding.accent, share_photo(ctx), font_file(f"{family}:bold"), font_file(family))


def share_photo(ctx: RenderContext) -> Path | None:
    """Return the photo a share card shows: the guide's cover, else one for the site, else any; none without one.

    A drawing (SVG) cannot go into a PNG: it is passed over.
    """
    photos = [photo for photo in ctx.project.photos if not photo.file.lower().endswith(".svg")]
    for wanted in ("cover", "site", None):
        chosen = next((photo for photo in photos if wanted is None or wanted in photo.use), None)
        if chosen:
            return ctx.source.find(chosen.file)
    return None


def write_share_images(ctx: RenderContext, site: Path) -> None:
    """Write an edition's share images into its built site."""
    card = share_card(ctx)
    for name, form in FORMATS.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(png(card_picture(card, form)))


# --- layout -----------------------------------------------------------------------------------------------------

def card_picture(card: ShareCard, form: Format) -> Picture:
    """Return a share image laid out: the photo, the accent band, and the name, rule and tagline in the text area."""
    area = text_area(form, card.photo is not None)
    fills = [(accent_band(form, card.photo is not None), card.accent)]
    tagline_size, taglines = fit_text(card.tagline, card.regular, area.width, line_height(form.tagline_size),
                                      (form.tagline_size, round(form.tagline_size * 0.7)), 1)
    rest = form.gap * 2 + form.rule[1] + len(taglines) * line_height(tagline_size)
    name_size, names = fit_text(card.name, card.bold, area.width, area.height - rest, form.name_sizes,
                                form.name_lines)
    block = len(names) * line_height(name_size) + rest
    y = area.y + (area.height - block) // 2
    lines = []
    for text in names:
        lines.append(TextLine(text, card.bold, name_size, area.x, y, card.ink))
        y += line_height(name_size)
    fills.append((Box(area.x, y + form.gap, *form.rule), card.accent))
    y += form.gap * 2 + form.rule[1]
    for text in taglines:
        lines.append(TextLine(text, card.regular, tagline_size, area.x, y, card.ink))
        y += line_height(tagline_size)
    photo = (card.photo, photo_box(form)) if card.photo else None
    return Picture(form.width, form.height, card.background, tuple(fills), photo, tuple(lines))


def photo_box(form: Format) -> Box:
    """Return where the photo goes: a band down the right side, or across the top."""
    if form.photo_side == "right":
        width = round(form.width * form.photo_share)
        return Box(form.width - width, 0, width, form.height)
    return Box(0, 0, form.width, round(form.height * form.photo_share))


def accent_band(form: Format, with_photo: bool) -> Box:
    """Return the accent band: along the photo's inner edge, or along the bottom of a card without a photo."""
    if not with_photo:
        return Box(0, form.height - form.stripe, form.width, form.stripe)
    photo = photo_box(form)
    if form.photo_side == "right":
        return Box(photo.x - form.stripe, 0, form.stripe, form.height)
    return Box(0, photo.bottom, form.width, form.stripe)


def text_area(form: Format, with_photo: bool) -> Box:
    """Return the area the text must stay inside: the card beside the photo and its band, less the margin."""
    m = form.margin
    if not with_photo:
        return Box(m, m, form.width - 2 * m, form.height - form.stripe - 2 * m)
    band = accent_band(form, True)
    if form.photo_side == "right":
        return Box(m, m, band.x - 2 * m, form.height - 2 * m)
    return Box(m, band.bottom + m, form.width - 2 * m, form.height - band.bottom - 2 * m)


def fit_text(text: str, font: Font, width: int, height: int, sizes: tuple[int, int],
             max_lines: int) -> tuple[int, list[str]]:
    """Return the largest size (from sizes[0] down to sizes[1]) whose lines fit width and height, and the lines.

    At the smallest size, lines that do not fit are dropped and the last one kept ends in an ellipsis.
    """
    largest, smallest = sizes
    for size in range(largest, smallest - 1, -1):
        lines = wrap_lines(text, font, size, width)
        if len(lines) <= max_lines and len(lines) * line_height(size) <= height:
            return size, lines
    lines = wrap_lines(text, font, smallest, width)
    room = max(1, min(max_lines, height // line_height(smallest)))
    if len(lines) > room:
        lines = lines[:room - 1] + [ellipsized(lines[room - 1], font, smallest, width)]
    return smallest, lines


def wrap_lines(text: str, font: Font, size: int, width: int) -> list[str]:
    """Return text broken into lines no wider than width: at word boundaries, inside a word only when it must."""
    lines: list[str] = []
    for unit in break_units(text):
        if lines and text_width(font, size, lines[-1] + unit) <= width:
            lines[-1] += unit
            continue
        unit = unit.lstrip()
        while text_width(font, size, unit) > width:  # a word wider than the line: as much as fits on each line
            cut = next((i for i in range(len(unit) - 1, 1, -1) if text_width(font, size, unit[:i]) <= width), 1)
            lines.append(unit[:cut])
            unit = unit[cut:].lstrip()
        if unit:
            lines.append(unit)
    return lines


def ellipsized(line: str, font: Font, size: int, width: int) -> str:
    """Return a line cut short enough to end in an ellipsis within width (the text goes on past it)."""
    while line and text_width(font, size, line.rstrip() + ELLIPSIS) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


# --- head tags --------------------------------------------------------------------------------------------------

# Open Graph writes a locale as language_TERRITORY; a language with no territory of its own takes OGP's default.
OG_TERRITORY = {"en": "US"}


def og_locale(tag: str) -> str:
    """Return an edition's Open Graph locale: zh-HK -> zh_HK, en -> en_US."""
    language, _, territory = LANGUAGES[tag].html_lang.partition("-")
    return f"{language}_{territory or OG_TERRITORY[language]}"


def share_meta(ctx: RenderContext) -> dict[str, Any]:
    """Return what the head's share tags print for an edition (Material's config.extra.share): plain text.

    The images' addresses are absolute, from the edition's site.url (which ends in '/'): apps fetch them
    from their own servers, with no page to resolve a relative address against.
    """
    root = ctx.project.site.url
    return {
        "image": root + SHARE_IMAGE, "width": LANDSCAPE.width, "height": LANDSCAPE.height,
        "square": root + SHARE_SQUARE, "square_size": SQUARE.width,
        "locale": og_locale(ctx.edition.tag),
        "alternate_locales": [og_locale(tag) for tag in ctx.project.languages if tag != ctx.edition.tag],
        "separator": ctx.edition.messages("punct.list"),
    }
