"""What a reader gets from a PDF, and whether two PDFs are the same document to a reader.

Two PDFs can differ in every byte (content stream order, font subsets and their tags, object numbers, one page
merged from two layers) and still print the same: the same words at the same places in the same type, and the
same QR codes. `differences` compares exactly that, so a rewrite of how a PDF is made (e.g. a static layer laid
out once plus a variable layer per unit, merged with pikepdf) can be checked against the PDFs it replaces:

    assert not same_to_reader(old_pdf, new_pdf)

Three readers are used, each for what it reads best:
- words and their boxes: `pdftotext -bbox` (poppler), then words that touch on a line joined into one (pdftotext
  splits a run of glyphs where one layer's glyphs meet another's: see _joined);
- each word's type: pdfium's text page (pypdfium2), per character, matched to words by position;
- QR codes: the page rendered by pdfium and decoded by zbarimg, as a phone would read the printed sheet.
"""

from __future__ import annotations

import base64
import bisect
import ctypes
import html
import os
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import groupby, product
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from handbook.engines.pdf import page_count

Box = tuple[float, float, float, float]  # xMin, yMin, xMax, yMax in points, from the page's top left (pdftotext's)

TOUCH = 0.5  # points: words on one line this close (or overlapping this little) are one run of glyphs
QR_DPI = 150  # a QR module of 1pt is 2px
QR_MARGIN = 12.0  # points of page kept around drawn objects when cropping for zbar: the code's quiet zone
QR_SMALLEST = 10.0  # points: no QR code a phone can read is smaller (21 modules of 0.5pt)


class Font(NamedTuple):
    """The type a character is set in as a reader sees it: family and weight, not the subset's name or tag."""

    family: str
    weight: int

    def __str__(self) -> str:
        return f"{self.family} {self.weight}"


class Word(NamedTuple):
    """A run of glyphs on a line (pdftotext's words, touching ones joined) and the font of each character in it."""

    text: str
    box: Box
    fonts: tuple[Font, ...]


@dataclass
class PageView:
    """One page as a reader gets it. `qr` is None when QR codes were not read (read(..., qr=False))."""

    number: int  # 1-based
    words: list[Word]
    qr: list[str] | None


def read(pdf: Path, *, qr: bool = True, pages: Iterable[int] | None = None) -> list[PageView]:
    """Return the words (with boxes and fonts) and QR payloads of the pages of `pdf` (1-based `pages`, or all).

    The readers run side by side: pdftotext and zbarimg in their own processes, waited on by threads, while
    pdfium (which must stay on one thread) reads characters and renders pages in this one.
    """
    doc = pdfium.PdfDocument(str(pdf))
    try:
        numbers = sorted({n for n in (range(1, len(doc) + 1) if pages is None else pages) if 1 <= n <= len(doc)})
        with tempfile.TemporaryDirectory(prefix="reader-view-") as tmp, ThreadPoolExecutor() as pool:
            words = pool.submit(_words, pdf, numbers)
            codes = _start_qr_codes(doc, numbers, tmp, pool) if qr else None
            chars = {n: _chars(doc[n - 1]) for n in numbers}
            words, codes = words.result(), codes() if qr else {}
        return [PageView(n, _joined(_with_fonts(words.get(n, []), chars[n])), codes.get(n, []) if qr else None)
                for n in numbers]
    finally:
        doc.close()


def differences(a: Path, b: Path, tolerance: float = 0.5, *, qr: bool = True, pages: Iterable[int] | None = None,
                per_page: int = 10) -> list[str]:
    """Return what a reader would see differ between `a` and `b`, one short line each; empty when the same.

    Words are matched as multisets, by text and then nearest position, never by the order they are drawn in
    (two writers draw in different orders, and a merged page draws one layer after the other). A word matches
    when all four edges of its box are within `tolerance` points. At most `per_page` lines are kept per page: a
    shifted block moves every word in it.
    """
    counts = [page_count(a), page_count(b)]
    found = [] if counts[0] == counts[1] else [f"page count: {counts[0]} in a, {counts[1]} in b"]
    pages = list(pages) if pages is not None else None
    views_b = {view.number: view for view in read(b, qr=qr, pages=pages)}
    for view_a in read(a, qr=qr, pages=pages):
        view_b = views_b.get(view_a.number)
        if view_b is not None:
            lines = _page_differences(view_a, view_b, tolerance)
            more = len(lines) - per_page
            found += lines[:per_page] + ([f"page {view_a.number}: {more} more differences"] if more > 0 else [])
    return found


def same_to_reader(a: Path, b: Path, **options) -> list[str]:
    """Return the differences between `a` and `b`, empty when a reader sees the same: `assert not same_to_reader(a, b)`.
    """
    return differences(a, b, **options)


# --- words: pdftotext ---------------------------------------------------------------------------------------------

_PAGE = re.compile(r"<page width=")
_WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')


def _words(pdf: Path, numbers: list[int]) -> dict[int, list[tuple[str, Box]]]:
    """Return each page's words and boxes, from one `pdftotext -bbox` per run of consecutive page numbers."""
    found = {}
    for _, run in groupby(enumerate(numbers), lambda i_n: i_n[1] - i_n[0]):
        run = [n for _, n in run]
        out = subprocess.run(["pdftotext", "-bbox", "-f", str(run[0]), "-l", str(run[-1]), str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        for n, chunk in zip(run, _PAGE.split(out)[1:]):  # one chunk a page, in page order
            found[n] = [(html.unescape(m[5]), (float(m[1]), float(m[2]), float(m[3]), float(m[4])))
                        for m in _WORD.finditer(chunk)]
    return found


# --- fonts: pdfium's text page ------------------------------------------------------------------------------------

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_WEIGHTS = {"Thin": 100, "Hairline": 100, "ExtraLight": 200, "UltraLight": 200, "Light": 300, "DemiLight": 350,
            "Regular": 400, "Normal": 400, "Book": 400, "Medium": 500, "SemiBold": 600, "DemiBold": 600,
            "Bold": 700, "ExtraBold": 800, "UltraBold": 800, "Black": 900, "Heavy": 900}
_WEIGHT_SUFFIX = re.compile(r"[-, ]?(%s)(?=(Italic|Oblique)?$)" % "|".join(sorted(_WEIGHTS, key=len, reverse=True)))


def _font(name: str, pdfium_weight: int) -> Font:
    """Return the family and weight a font name says, e.g. 'TSPJMR+Noto-Sans-CJK-SC-Bold' -> Noto Sans CJK SC 700.

    The weight comes from the name when it names one, because pdfium's FPDFText_GetFontWeight reads the font
    descriptor's /FontWeight or derives it from /StemV, and WeasyPrint writes no /FontWeight and /StemV 80 for
    every face: pdfium says 400 for bold and regular alike. WeasyPrint names a face '<family>-<style>' (Pango's
    description, spaces as hyphens), so hyphens are read back as spaces. An italic stays in the family.
    """
    name = _SUBSET_TAG.sub("", name)
    match = _WEIGHT_SUFFIX.search(name)
    if match:
        return Font(name[:match.start()].replace("-", " ") + (match[2] or ""), _WEIGHTS[match[1]])
    return Font(name.replace("-", " "), pdfium_weight)


def _chars(page: pdfium.PdfPage) -> list[tuple[float, float, Font]]:
    """Return the centre (from the page's top left) and font of each printed character pdfium finds on the page.

    The centre is that of the character's loose box (font ascent to descent, as pdftotext's word boxes are), so
    it falls inside its word's box. Spaces and the line breaks pdfium makes up have no ink and are left out.
    """
    text = page.get_textpage()
    left, _, _, top = page.get_cropbox()
    name, flags, rect = ctypes.create_string_buffer(256), ctypes.c_int(), pdfium_c.FS_RECTF()
    fonts: dict[tuple[bytes, int], Font] = {}  # (name, weight) as pdfium says them -> Font
    found = []
    for c in range(pdfium_c.FPDFText_CountChars(text.raw)):
        if pdfium_c.FPDFText_IsGenerated(text.raw, c) or chr(pdfium_c.FPDFText_GetUnicode(text.raw, c)).isspace():
            continue
        pdfium_c.FPDFText_GetLooseCharBox(text.raw, c, rect)
        size = pdfium_c.FPDFText_GetFontInfo(text.raw, c, name, len(name), flags)
        key = (name.value if size else b"", pdfium_c.FPDFText_GetFontWeight(text.raw, c))
        if key not in fonts:
            fonts[key] = _font(key[0].decode("utf-8", "replace"), key[1])
        found.append(((rect.left + rect.right) / 2 - left, top - (rect.top + rect.bottom) / 2, fonts[key]))
    text.close()
    return found


def _with_fonts(words: list[tuple[str, Box]], chars: list[tuple[float, float, Font]]) -> list[Word]:
    """Return the words, each with the fonts of the characters whose centre is in its box, left to right.

    pdftotext puts touching runs in one word even across fonts ('粗体字' bold then '普通' regular is one word),
    so a word keeps a font per character, not one font.
    """
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)  # 20pt cells -> the words touching them
    for i, (_, (x0, y0, x1, y1)) in enumerate(words):
        for cell in product(range(int(x0 // 20), int(x1 // 20) + 1), range(int(y0 // 20), int(y1 // 20) + 1)):
            grid[cell].append(i)
    inside: list[list[tuple[float, Font]]] = [[] for _ in words]
    for x, y, font in chars:
        for i in grid.get((int(x // 20), int(y // 20)), ()):
            x0, y0, x1, y1 = words[i][1]
            if x0 <= x <= x1 and y0 <= y <= y1:
                inside[i].append((x, font))
                break
    return [Word(text, box, tuple(font for _, font in sorted(fonts, key=lambda xf: xf[0])))
            for (text, box), fonts in zip(words, inside)]


def _joined(words: list[Word]) -> list[Word]:
    """Return the words with those that touch on a line joined into one, top to bottom then left to right.

    pdftotext joins glyphs into a word only when they come one after the other in the content stream: the same
    line laid out once gives '尊敬的潘轩梓：', but from a static layer ('尊敬的', '：') and a variable one ('潘轩梓')
    merged onto the page it gives three words, at the same places. A reader sees one run of glyphs either way,
    so a word here is such a run: words whose boxes meet (within TOUCH) on the same line are joined.
    """
    ends: dict[int, list[Word]] = defaultdict(list)  # the runs so far, by where they end (in half points)
    for word in sorted(words, key=lambda w: w.box[0]):
        x0, y0, x1, y1 = word.box
        run = next((r for k in range(round(x0 * 2) - 2, round(x0 * 2) + 3) for r in ends.get(k, ())
                    if abs(r.box[2] - x0) <= TOUCH and abs(r.box[1] - y0) <= TOUCH and abs(r.box[3] - y1) <= TOUCH),
                   None)
        if run:
            ends[round(run.box[2] * 2)].remove(run)
            word = Word(run.text + word.text, (run.box[0], min(run.box[1], y0), x1, max(run.box[3], y1)),
                        run.fonts + word.fonts)
        ends[round(word.box[2] * 2)].append(word)
    return sorted((w for runs in ends.values() for w in runs), key=lambda w: (w.box[1], w.box[0]))


# --- QR codes: pdfium renders, zbarimg reads ----------------------------------------------------------------------

def _qr_regions(page: pdfium.PdfPage) -> list[Box]:
    """Return the parts of the page (in pixels at QR_DPI) a QR code can be in: around its drawn objects.

    zbarimg's time goes on loading pixels, so it is given only the parts of the page where something other than
    text is drawn (images, paths, what forms hold), each with QR_MARGIN around as quiet zone; overlapping parts are
    joined, so a code drawn as many small objects (a rectangle per run of modules) stays whole. Nothing is assumed about
    where a code sits or how it is drawn, only that it is not text and is at least QR_SMALLEST across.
    """
    left, _, _, top = page.get_cropbox()
    width, height = page.get_size()
    regions: list[Box] = []  # never two that overlap
    # Into Form XObjects too (a page composed of layers is two forms the size of the page); their objects' bounds are
    # in the form's space, the page's for forms drawn unscaled at the origin, as composed pages' are.
    for obj in page.get_objects(max_depth=4):
        x0, y0, x1, y1 = obj.get_bounds()
        if obj.type in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        box = (x0 - left - QR_MARGIN, top - y1 - QR_MARGIN, x1 - left + QR_MARGIN, top - y0 + QR_MARGIN)
        while hit := next((r for r in regions if r[0] <= box[2] and box[0] <= r[2] and r[1] <= box[3]
                           and box[1] <= r[3]), None):
            regions.remove(hit)
            box = (min(box[0], hit[0]), min(box[1], hit[1]), max(box[2], hit[2]), max(box[3], hit[3]))
        regions.append(box)
    scale = QR_DPI / 72
    return [(max(x0, 0) * scale, max(y0, 0) * scale, min(x1, width) * scale, min(y1, height) * scale)
            for x0, y0, x1, y1 in regions if min(x1 - x0, y1 - y0) - 2 * QR_MARGIN >= QR_SMALLEST]


def _start_qr_codes(doc: pdfium.PdfDocument, numbers: list[int], tmp: str,
                    pool: ThreadPoolExecutor) -> Callable[[], dict[int, list[str]]]:
    """Render the pages' _qr_regions into `tmp`, start zbarimg on them, and return what waits for its codes.

    Pages are rendered by pdfium here (about 10x faster than `pdftoppm -r 150 -png`, which spends half its time
    compressing PNG) and written as PGM; zbarimg reads them in one process per core, in XML so each code is
    known by its file. MAGICK_THREAD_LIMIT=1: ImageMagick's own threads made zbarimg twice as slow on crops.
    """
    files = {}
    for n in numbers:
        page = doc[n - 1]
        regions = _qr_regions(page)
        if regions:
            image = page.render(scale=QR_DPI / 72, grayscale=True).to_pil()
            for k, region in enumerate(regions):
                path = f"{tmp}/{n}-{k}.pgm"
                image.crop(tuple(round(v) for v in region)).save(path)
                files[path] = n
    paths = list(files)
    jobs = max(1, min(os.cpu_count() or 1, len(paths) // 8))
    runs = [pool.submit(_zbar, paths[i::jobs]) for i in range(jobs) if paths]

    def codes() -> dict[int, list[str]]:
        """Return each page's QR payloads, sorted (pages without any left out)."""
        found = defaultdict(list)
        for run in runs:
            for path, payload in run.result():
                found[files[path]].append(payload)
        return {n: sorted(payloads) for n, payloads in found.items()}
    return codes


def _zbar(paths: list[str]) -> list[tuple[str, str]]:
    """Return (file, payload) for each QR code zbarimg finds in the files (other symbologies off: rules and
    table borders must not read as bar codes)."""
    run = subprocess.run(["zbarimg", "-q", "--xml", "-Sdisable", "-Sqrcode.enable", *paths], capture_output=True,
                         env={**os.environ, "MAGICK_THREAD_LIMIT": "1"})
    if run.returncode not in (0, 4):  # 4: no code in any file
        raise RuntimeError(f"zbarimg failed ({run.returncode}): {run.stderr.decode(errors='replace')[-500:]}")
    found = []
    for source in ET.fromstring(run.stdout).iter(f"{_ZBAR}source"):
        for data in source.iter(f"{_ZBAR}data"):
            payload = data.text or ""
            if data.get("format") == "base64":
                payload = base64.b64decode(payload).decode("utf-8", "replace")
            found.append((source.get("href"), payload))
    return found


_ZBAR = "{http://zbar.sourceforge.net/2008/barcode}"


# --- comparing ----------------------------------------------------------------------------------------------------

def _distance(a: Box, b: Box) -> float:
    """Return how far apart two boxes are: the largest difference of one of their four edges."""
    return max(abs(p - q) for p, q in zip(a, b))


def _show(word: Word) -> str:
    text = word.text if len(word.text) <= 24 else word.text[:23] + "…"
    return f"'{text}' at ({word.box[0]:.1f}, {word.box[1]:.1f})"


def _show_fonts(fonts: tuple[Font, ...]) -> str:
    """Return fonts as runs: 'Noto Sans CJK SC 700×3 + Noto Sans CJK SC 400×2' (no ×n for a single run)."""
    runs: list[list] = []
    for font in fonts:
        if runs and runs[-1][0] == font:
            runs[-1][1] += 1
        else:
            runs.append([font, 1])
    if len(runs) < 2:
        return str(runs[0][0]) if runs else "no font"
    return " + ".join(f"{font}×{count}" for font, count in runs)


def _page_differences(a: PageView, b: PageView, tolerance: float) -> list[str]:
    """Return the differences of one page: QR codes first, then words (unmatched either side, or in another
    type) from the top of the page down."""
    found: list[tuple[Box, str]] = []
    by_text: dict[str, tuple[list[Word], list[Word]]] = defaultdict(lambda: ([], []))
    for side, view in enumerate((a, b)):
        for word in view.words:
            by_text[word.text][side].append(word)
    for words_a, words_b in by_text.values():
        words_b.sort(key=lambda w: w.box[0])
        starts = [w.box[0] for w in words_b]
        pairs = sorted((_distance(wa.box, words_b[j].box), i, j)
                       for i, wa in enumerate(words_a)
                       for j in range(bisect.bisect_left(starts, wa.box[0] - tolerance),
                                      bisect.bisect_right(starts, wa.box[0] + tolerance))
                       if _distance(wa.box, words_b[j].box) <= tolerance)
        left_a, left_b = set(range(len(words_a))), set(range(len(words_b)))
        for _, i, j in pairs:  # nearest first: a word matches the closest free word of the same text
            if i in left_a and j in left_b:
                left_a.remove(i), left_b.remove(j)
                if words_a[i].fonts != words_b[j].fonts:
                    found.append((words_a[i].box, f"{_show(words_a[i])}: {_show_fonts(words_a[i].fonts)} in a, "
                                                  f"{_show_fonts(words_b[j].fonts)} in b"))
        for i in sorted(left_a):  # a word moved: said once, with where the nearest unmatched one of b is
            near = min(left_b, key=lambda j: _distance(words_a[i].box, words_b[j].box), default=None)
            if near is None:
                found.append((words_a[i].box, f"{_show(words_a[i])} in a, not in b"))
            else:
                left_b.remove(near)
                x, y = words_b[near].box[:2]
                found.append((words_a[i].box, f"{_show(words_a[i])} in a, nearest in b at ({x:.1f}, {y:.1f})"))
        found += [(words_b[j].box, f"{_show(words_b[j])} in b, not in a") for j in left_b]
    lines = [f"page {a.number}: {line}" for _, line in sorted(found, key=lambda f: (f[0][1], f[0][0]))]
    if a.qr is not None and b.qr is not None and a.qr != b.qr:
        lines.insert(0, f"page {a.number}: QR {a.qr} in a, {b.qr} in b")
    return lines
