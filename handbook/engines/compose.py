"""Pages put together at PDF level (pikepdf): static and variable layers in, composed pages and files out.

A composed page draws its static layer's page as a Form XObject and its
variable layer's page over it. Merging content streams (pypdf's merge_page)
copies the static page into every page and costs more than laying it out
again; an XObject is written once per file and referenced by every page of
that file that shares it.

WeasyPrint names a font subset after the font, not after its glyphs, so two
layers' subsets of one face would carry the same name: a RIP or preflight
tool that caches fonts by name could print one with the other's glyphs.
Each subset is renamed after a hash of its glyph program (retag_fonts).
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Callable, Iterable

import pikepdf
from pikepdf import Dictionary, Name

from .qr import trace_paths

VARIABLE = "variable"  # the source name of a batch's variable layer
AGAIN = "variable-again"  # and of its words laid out again, on layers of the lines they took
LAYER = "/HbLayer"  # on a static layer's Form XObject: its key, the same in every file that prints on it
PART = "/HbPart"  # on a composed page: the part (a unit's file name) it belongs to
PT = 0.75  # PDF points in a CSS px
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


class Sources:
    """PDFs opened once and their pages as Form XObjects, made once each."""

    def __init__(self):
        self._pdfs: dict[str, pikepdf.Pdf] = {}
        self._forms: dict[tuple[str, int], pikepdf.Object] = {}

    def add(self, name: str, pdf: bytes) -> None:
        if name not in self._pdfs:
            opened = pikepdf.open(io.BytesIO(pdf))
            retag_fonts(opened)
            self._pdfs[name] = opened

    def page(self, name: str, number: int) -> pikepdf.Page:
        return self._pdfs[name].pages[number]

    def form(self, name: str, number: int) -> pikepdf.Object:
        key = (name, number)
        if key not in self._forms:
            source = self._pdfs[name]
            form = source.pages[number].as_form_xobject()
            if name not in (VARIABLE, AGAIN):
                form[LAYER] = pikepdf.String(f"{name}:{number}")
            self._forms[key] = source.make_indirect(form)
        return self._forms[key]

    def close(self) -> None:
        for pdf in self._pdfs.values():
            pdf.close()
        self._pdfs.clear()
        self._forms.clear()


def compose(sources: Sources, pages: Iterable[tuple[str, int, tuple[str, int] | None, list]], part: str) -> bytes:
    """Return a PDF of pages: each a static source page under a page of the variable source (if any), then QR codes.

    A page is (static source, its page, the variable page (source, page) or None, codes); a
    code is (qr: URL, x, y, size) in CSS px from the page's top left corner,
    drawn as paths (qr.trace_paths). Each page names the part it belongs to
    (PART): a file that joins parts can be mended part by part (splice_files).
    """
    target = pikepdf.new()
    for static, static_page, variable_page, codes in pages:
        xobjects = Dictionary(S=target.copy_foreign(sources.form(static, static_page)))
        content = [b"q /S Do Q"]
        if variable_page is not None:
            xobjects.V = target.copy_foreign(sources.form(*variable_page))
            content.append(b"q /V Do Q")
        box = [float(value) for value in sources.page(static, static_page).obj.MediaBox]
        for url, x, y, size in codes:  # CSS px (1/96 in) to PDF points (1/72 in), the y axis turned up
            content.append(trace_paths(url, box[0] + x * PT, box[3] - (y + size) * PT, size * PT))
        target.pages.append(pikepdf.Page(Dictionary(
            Type=Name.Page, MediaBox=pikepdf.Array(box), Resources=Dictionary(XObject=xobjects),
            Contents=target.make_stream(b"\n".join(content)), **{PART[1:]: pikepdf.String(part)})))
    return saved(target)


def saved(pdf: pikepdf.Pdf) -> bytes:
    """Return a PDF's bytes: compressed, its /ID a hash of its content (the same pages, the same bytes)."""
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             compress_streams=True)
    return out.getvalue()


def concatenate_files(paths: Iterable[Path]) -> bytes:
    """Return one PDF of every page of several composed files, the layers and fonts they share written once.

    A day's packets are its units' files one after another: each file
    carries its own copy of the static layers it prints on (named by
    LAYER) and of the fonts of its words (named after their glyphs by
    retag_fonts). The joined file keeps one of each, found by those names:
    nothing is copied twice, nothing is hashed again.
    """
    target = pikepdf.new()
    layers: dict[str, pikepdf.Object] = {}  # LAYER -> the static layer kept in target
    fonts: dict[str, pikepdf.Object] = {}  # subset name -> the font kept in target
    owned: set[tuple[int, int]] = set()  # streams whose data target holds already
    for path in paths:
        with pikepdf.open(path) as source:
            for page in source.pages:
                kept = _leave_out(page.obj, layers, fonts)
                target.pages.append(page)
                _put_back(target.pages[-1].obj, kept, layers, fonts)
                _own(target.pages[-1].obj, owned)
    return saved(target)


def join_or_mend(joined: Path, order: list[str], file_of: Callable[[str], Path], remade: Iterable[str]) -> bytes:
    """Return the file joining the parts of order (file_of: each one's file): the last one mended where it joined
    the same parts and fewer than half were made again (splice_files), else every file joined again."""
    new = {key: file_of(key) for key in set(remade) & set(order)}
    mended = splice_files(joined, order, new) if joined.is_file() and len(new) < len(order) // 2 else None
    return mended or concatenate_files(file_of(key) for key in order)


def splice_files(joined: Path, order: list[str], remade: dict[str, Path]) -> bytes | None:
    """Return a file of joined parts mended: each remade part's pages replaced by its new file's, nothing else copied.

    Mending a day's or the estate's file where one unit changed costs the
    unit's pages, not every unit's. None where the file's pages do not name
    the parts of order, in order (a part added, gone or moved: join again).
    """
    with pikepdf.open(joined) as pdf:
        runs: list[list] = []  # [part, first page, pages]
        for number, page in enumerate(pdf.pages):
            part = str(page.obj.get(PART, ""))
            if runs and runs[-1][0] == part:
                runs[-1][2] += 1
            else:
                runs.append([part, number, 1])
        if [part for part, _, _ in runs] != order:
            return None
        if not remade.keys() & set(order):
            return joined.read_bytes()
        layers: dict[str, pikepdf.Object] = {}
        fonts: dict[str, pikepdf.Object] = {}
        for page in pdf.pages:  # what the file holds already: a new page points at it
            _put_back(page.obj, [], layers, fonts)
        owned: set[tuple[int, int]] = set()
        for part, first, count in reversed(runs):  # from the end: the pages before keep their numbers
            if part not in remade:
                continue
            for _ in range(count):
                del pdf.pages[first]
            with pikepdf.open(remade[part]) as source:
                for offset, page in enumerate(source.pages):
                    kept = _leave_out(page.obj, layers, fonts)
                    pdf.pages.insert(first + offset, page)
                    _put_back(pdf.pages[first + offset].obj, kept, layers, fonts)
                    _own(pdf.pages[first + offset].obj, owned)
        return saved(pdf)


def _own(obj: pikepdf.Object, owned: set[tuple[int, int]]) -> None:
    """Copy into target the data of the streams a page brought (qpdf reads a copied stream from its source
    only when saving): each source is closed after its pages, and memory holds what the joined file keeps."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        if obj.objgen in owned:
            return
        owned.add(obj.objgen)
    if isinstance(obj, pikepdf.Stream):
        obj.write(obj.read_raw_bytes(), filter=obj.get("/Filter"), decode_parms=obj.get("/DecodeParms"))
        children = [obj.stream_dict[key] for key in obj.stream_dict.keys() if key not in ("/Length", "/Filter")]
    elif isinstance(obj, pikepdf.Dictionary):
        children = [obj[key] for key in obj.keys() if key != "/Parent"]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        _own(child, owned)


def _leave_out(page: pikepdf.Object, layers: dict, fonts: dict) -> list[tuple[str, str | None, str]]:
    """Take out of a source page the layers and fonts the target has already: (xobject, font or None, name)."""
    taken = []
    xobjects = page.get("/Resources", Dictionary()).get("/XObject", Dictionary())
    for name in list(xobjects.keys()):
        layer = xobjects[name].get(LAYER)
        if layer is not None and str(layer) in layers:
            taken.append((name, None, str(layer)))
            del xobjects[name]
            continue
        font_names = xobjects[name].get("/Resources", Dictionary()).get("/Font", Dictionary())
        for font in list(font_names.keys()):
            base = str(font_names[font].get("/BaseFont", ""))
            if base in fonts:
                taken.append((name, font, base))
                del font_names[font]
    return taken


def _put_back(page: pikepdf.Object, taken: list, layers: dict, fonts: dict) -> None:
    """Point a copied page at the kept layers and fonts; keep the new ones it brought for the pages after it."""
    xobjects = page.Resources.XObject
    for name, font, kept in taken:
        if font is None:
            xobjects[name] = layers[kept]
        else:
            xobjects[name].Resources.Font[font] = fonts[kept]
    for name in xobjects.keys():
        xobject = xobjects[name]
        if LAYER in xobject:
            layers.setdefault(str(xobject[LAYER]), xobject)
        for font in xobject.get("/Resources", Dictionary()).get("/Font", Dictionary()).values():
            fonts.setdefault(str(font.get("/BaseFont", "")), font)


def retag_fonts(pdf: pikepdf.Pdf) -> None:
    """Rename each embedded subset ABCDEF+Face after its glyph program, so that different subsets differ by name."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != Name.Font or "/BaseFont" not in obj:
            continue
        descriptor = _descriptor(obj)
        if descriptor is None:
            continue
        program = next((descriptor[key] for key in FONT_FILES if key in descriptor), None)
        name = str(obj.BaseFont)
        if program is None or "+" not in name:
            continue
        tag = _tag(program.read_raw_bytes())
        face = name.split("+", 1)[1]
        obj.BaseFont = Name(f"/{tag}+{face}")
        descriptor.FontName = Name(f"/{tag}+{face}")
        for descendant in obj.get("/DescendantFonts", []):
            descendant.BaseFont = Name(f"/{tag}+{face}")


def _descriptor(font: pikepdf.Dictionary):
    if "/FontDescriptor" in font:
        return font.FontDescriptor
    descendants = font.get("/DescendantFonts")
    if descendants is not None and len(descendants) and "/FontDescriptor" in descendants[0]:
        return descendants[0].FontDescriptor
    return None


def _tag(program: bytes) -> str:
    """Return six capital letters from a hash of a font program (PDF 32000 9.6.4: the subset tag)."""
    number = int.from_bytes(hashlib.sha256(program).digest()[:8], "big")
    letters = []
    for _ in range(6):
        number, letter = divmod(number, 26)
        letters.append(chr(ord("A") + letter))
    return "".join(letters)
