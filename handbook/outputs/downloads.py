"""The public downloads: an edition's downloads folder in, the owner site's listing of it out.

The public print outputs write their files under the edition's downloads/
folder with the names made here (move-in-guide.<tag>.pdf, forms/<kind>.<tag>.pdf,
what-to-bring/<household type>.<tag>.pdf, boards/<board>.<tag>.pdf and the
board's previews); the site, rendered after them, lists what is there: the
documents owners read (the guide first), each by its title with its type,
pages and size in the edition's words; the forms to fill in, each by its name;
what to bring, a page per household type, each by the type's name; then the
display boards, each by its title with its print size and a preview.

A preview is made at the width the page shows it (PREVIEW_WIDTH_PX) and at
twice that for sharp phone screens; the page names both in a srcset and gives
the exact width and height, so nothing moves as the images load.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from ..derive.boards import board_size, board_title, project_boards
from ..derive.lettering import households
from ..derive.owner_forms import fillable_forms
from ..derive.present import Presenter
from ..engines.images import image_size
from ..engines.pdf import page_count
from ..model.boards import Board
from .base import RenderContext

GUIDE = "move-in-guide"
BOARDS = "boards"  # the boards' folder inside downloads/
FORMS = "forms"  # the fillable owner forms' folder inside downloads/
BRING = "what-to-bring"  # the printable "what to bring" pages' folder inside downloads/, one per household type
PREVIEW_WIDTH_PX = 240  # the width (CSS px) the downloads page shows a board's preview at
PREVIEW_DENSITIES = (1, 2)  # preview files: at that width, and twice it for screens of 2 device pixels a px
PREVIEW_WIDTHS = tuple(PREVIEW_WIDTH_PX * density for density in PREVIEW_DENSITIES)


def guide_file_name(tag: str) -> str:
    return f"{GUIDE}.{tag}.pdf"


def form_file_name(kind: str, tag: str) -> str:
    """Return a fillable owner form's file name inside downloads/forms/: owner-card.<tag>.pdf."""
    return f"{kind.replace('_', '-')}.{tag}.pdf"


def bring_file_name(household_type: str, tag: str) -> str:
    """Return a household type's "what to bring" page inside downloads/what-to-bring/: residential-tenant.<tag>.pdf."""
    return f"{household_type.replace('_', '-')}.{tag}.pdf"


def board_file_name(board_id: str, tag: str) -> str:
    return f"{board_id}.{tag}.pdf"


def preview_file_name(board_id: str, tag: str, density: int = 1) -> str:
    """Return a board preview's file name: <board>.<tag>.png at 1x, <board>.<tag>@2x.png at twice the pixels."""
    return f"{board_id}.{tag}.png" if density == 1 else f"{board_id}.{tag}@{density}x.png"


@dataclass(frozen=True)
class Download:
    """One file as the downloads page lists it."""

    title: str
    path: str  # from the site's root (downloads/...), as Markdown links write it: MkDocs checks and rewrites it
    details: str  # its type, pages (a board: its print size) and file size, in the edition's words
    preview: Markup | None = None  # a board's <img>, its addresses relative to the downloads page
    key: str | None = None  # what it is among its kind: a form's kind, a household type (pages link it by this)


@dataclass(frozen=True)
class Downloads:
    """What the downloads page lists: the documents (the guide first), the forms, what to bring, the display boards."""

    documents: list[Download] = field(default_factory=list)
    boards: list[Download] = field(default_factory=list)
    guide: Download | None = None  # the edition's guide, first of the documents, when it is built
    forms: list[Download] = field(default_factory=list)  # the fillable owner forms, the owner card first
    bring: list[Download] = field(default_factory=list)  # what to bring, a page per household type

    def __bool__(self) -> bool:
        return bool(self.documents or self.forms or self.bring or self.boards)

    def form(self, kind: str) -> Download | None:
        """Return the fillable form of a kind (authorisation, owner_card...), when it is built."""
        return next((download for download in self.forms if download.key == kind), None)

    def bring_page(self, household_type: str) -> Download | None:
        """Return the printable "what to bring" page of a household type, when it is built."""
        return next((download for download in self.bring if download.key == household_type), None)


def downloads(ctx: RenderContext) -> Downloads:
    """Return the files in the edition's downloads folder, for the downloads page to list."""
    folder, tag = ctx.downloads, ctx.edition.tag
    if not folder.is_dir():
        return Downloads()
    presenter = Presenter(ctx.edition.language, ctx.edition.messages, ctx.project.fees.currency)
    built = [board for board in project_boards(ctx.project)
             if (folder / BOARDS / board_file_name(board.id, tag)).is_file()]
    boards = [board_download(ctx, board, presenter, lazy=index > 0) for index, board in enumerate(built)]
    guide = folder / guide_file_name(tag)
    title = ctx.edition.messages("label.file.move_in_guide")
    guide_download = document(folder, guide, title, presenter) if guide.is_file() else None
    documents = [guide_download] if guide_download else []
    named = form_files(ctx), bring_files(ctx)
    forms, bring = (named_documents(folder, presenter, files) for files in named)
    listed = {guide, *(folder / BOARDS / board_file_name(board.id, tag) for board in built),
              *(path for files in named for path, _, _ in files)}
    documents += [document(folder, path, path.stem, presenter)  # a file no output names: by its file name
                  for path in sorted(folder.rglob("*.pdf")) if path not in listed]
    return Downloads(documents, boards, guide_download, forms, bring)


def form_files(ctx: RenderContext) -> list[tuple[Path, str, str]]:
    """Return each fillable owner form's file in the edition's downloads, its name (the project's for it), its kind."""
    folder, messages = ctx.downloads / FORMS, ctx.edition.messages
    return [(folder / form_file_name(form.kind, ctx.edition.tag), form.title(messages), form.kind)
            for form in fillable_forms(ctx.project)]


def bring_files(ctx: RenderContext) -> list[tuple[Path, str, str]]:
    """Return each household type's "what to bring" file in the edition's downloads, with the type's name, the type."""
    folder, messages = ctx.downloads / BRING, ctx.edition.messages
    return [(folder / bring_file_name(household.type, ctx.edition.tag), messages(f"label.household.{household.type}"),
             household.type) for household in households(ctx.project.documents)]


def named_documents(folder: Path, presenter: Presenter, files: list[tuple[Path, str, str]]) -> list[Download]:
    """Return the files of (path, title, key) that were built, as the page lists them."""
    return [replace(document(folder, path, title, presenter), key=key) for path, title, key in files if path.is_file()]


def board_download(ctx: RenderContext, board: Board, presenter: Presenter, lazy: bool) -> Download:
    """Return a board as the page lists it: its title, then its type, print size and file size; its preview."""
    folder, tag = ctx.downloads, ctx.edition.tag
    pdf = folder / BOARDS / board_file_name(board.id, tag)
    width, height = board_size(board)
    details = presenter.messages("label.download.board", type="PDF", width=width, height=height,
                                 size=file_size(pdf, presenter))
    previews = [folder / BOARDS / preview_file_name(board.id, tag, density) for density in PREVIEW_DENSITIES]
    return Download(board_title(board, ctx.project, ctx.edition.messages), link(folder, pdf), details,
                    preview_img(folder, previews, lazy))


def document(folder: Path, pdf: Path, title: str, presenter: Presenter) -> Download:
    """Return a PDF document as the page lists it: its title, then its type, pages and size."""
    details = presenter.messages("label.download.document", type="PDF", count=page_count(pdf),
                                 size=file_size(pdf, presenter))
    return Download(title, link(folder, pdf), details)


def link(folder: Path, path: Path) -> str:
    return f"downloads/{path.relative_to(folder).as_posix()}"


def file_size(path: Path, presenter: Presenter) -> str:
    """Return a file's size as file managers write it: 541 KB, or 1.2 MB from 1024 KB (1 KB = 1024 bytes)."""
    kb = path.stat().st_size / 1024
    if kb < 1024:
        return f"{presenter.number(max(1, round(kb)))} KB"
    return f"{presenter.number(round(kb / 1024, 1))} MB"


def preview_img(folder: Path, previews: list[Path], lazy: bool) -> Markup | None:
    """Return a board preview's <img>: its 1x file, every density in a srcset, its exact size; None without one.

    The link around it names the board, so the image itself is decorative (empty alt). The first board's is
    loaded at once (it may be the page's largest paint), the others when scrolled near.
    """
    if not previews[0].is_file():
        return None
    width, height = image_size(previews[0])
    url = lambda path: quote(path.relative_to(folder).as_posix(), safe="/@")  # noqa: E731 (beside the page: downloads/)
    srcset = ", ".join(f"{url(path)} {density}x" for path, density in zip(previews, PREVIEW_DENSITIES)
                       if path.is_file())
    loading = ' loading="lazy"' if lazy else ""
    return Markup(f'<img class="board-preview" src="{escape(url(previews[0]))}" srcset="{escape(srcset)}" '
                  f'width="{width}" height="{height}" alt=""{loading} decoding="async">')
