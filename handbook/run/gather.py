"""Gather a project: its folder in, everything the outputs read out, loaded and validated once.

The first stage of every build and of `check`, before the outputs' own
checks: the data (loaded and validated, its images decodable), its language
editions (every translation present, each FAQ quoting the fee schedule
right), its public view and its unit list (every row). The problems of the
editions and of the unit list are independent of each other, so both are
reported in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from ..derive.boards import (
    MIN_PPI,
    BoardPhoto,
    board_photo,
    photo_band_mm,
    photo_ppi,
    pixels_needed,
    project_boards,
)
from ..derive.faq_figures import with_fee_figures
from ..derive.public_view import public_view
from ..engines.images import image_size, readable_image
from ..errors import Entry, HandbookError, Problem, ProjectInvalid, relative_name
from ..i18n.edition import Edition
from ..i18n.messages import Catalogue
from ..outputs.base import Audience, Output, RenderContext
from ..repo import Repo
from ..source.checks import project_files
from ..source.editions import (
    edition_project,
    editions,
    staff_edition,
    translation_layer,
    translations_file,
)
from ..source.faq_checks import check_faq_translation
from ..source.projects import LoadedProject, ProjectSource, load_project
from ..source.term_checks import foreign_word_problems
from ..source.units import UnitList, load_units

Result = TypeVar("Result")


@dataclass
class Gathered:
    """One project, ready to render: data, editions (the primary first), unit list, and each edition's views."""

    loaded: LoadedProject
    editions: list[Edition]
    units: UnitList | None
    _public: Any = field(default=None, repr=False)
    _views: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    @property
    def slug(self) -> str:
        return self.loaded.slug

    @property
    def messages(self) -> Catalogue:
        """Return the catalogue of the project's primary language: what its problems are worded in."""
        return self.editions[0].messages

    def as_written(self, audience: Audience) -> Any:
        """Return the project in its primary language: whole for internal outputs, its public view for public ones."""
        if audience == "internal":
            return self.loaded.project
        if self._public is None:
            self._public = public_view(self.loaded.project)
        return self._public

    def view(self, edition: Edition, audience: Audience) -> Any:
        """Return the project as an edition shows it to an audience (public: no staff data, no units).

        Its FAQ quotes the fee schedule's figures as the edition prints them (handbook.derive.faq_figures).
        """
        key = (edition.tag, audience)
        if key not in self._views:
            self._views[key] = with_fee_figures(edition_project(self.as_written(audience), edition), edition)
        return self._views[key]

    def views(self, audience: Audience) -> dict[str, tuple[Edition, Any]]:
        """Return every edition with its view for an audience, by tag."""
        return {edition.tag: (edition, self.view(edition, audience)) for edition in self.editions}


def gather(source: ProjectSource, repo: Repo, units_needed: bool = True) -> Gathered:
    """Load and validate a project, its editions and its unit list; raise ProjectInvalid listing every problem.

    A build of public outputs only does not need the unit list: its problems
    are then left for the outputs that print it (the list is still read, when
    it can be, so the audit knows the owners' names).
    """
    gathered, unit_problems = gather_valid(source, repo)  # raises for the data's and the editions' problems
    if unit_problems and units_needed:
        raise ProjectInvalid(unit_problems)
    return gathered


def gather_valid(source: ProjectSource, repo: Repo) -> tuple[Gathered, list[Entry]]:
    """Return what of a project is valid and the problems of the rest: a bad unit list is left out, not fatal.

    `check` goes on to the outputs with what is valid, so one run reports the
    unit list's problems beside the boards'. The data and the editions are
    what every output reads: their problems are raised.
    """
    loaded = load_project(source)  # project.yml loaded with each value's place, then validated: raises
    image_problems = unreadable_images(loaded) or low_resolution_photos(loaded)
    all_editions, edition_problems = attempt(lambda: project_editions(loaded, repo))
    edition_problems = [*edition_problems, *translated_faq_problems(loaded, all_editions or [])]
    units, unit_problems = attempt(lambda: load_units(loaded.project, loaded.source.folder))
    if image_problems or edition_problems:
        raise ProjectInvalid([*image_problems, *edition_problems, *unit_problems])
    return Gathered(loaded, all_editions, units), unit_problems


def attempt(stage: Callable[[], Result]) -> tuple[Result | None, list[Entry]]:
    """Return a stage's result and no problems, or None and the problems it raised."""
    try:
        return stage(), []
    except HandbookError as exc:
        return None, exc.problems


def unreadable_images(loaded: LoadedProject) -> list[Problem]:
    """Return a problem for each image the data names that exists but cannot be decoded (a HEIC renamed .jpg)."""
    messages = loaded.messages
    return [loaded.places.problem(loc, messages("error.not_an_image", path=name))
            for loc, name in project_files(loaded.project)
            if loaded.source.find(name).is_file() and not readable_image(loaded.source.find(name))]


def low_resolution_photos(loaded: LoadedProject) -> list[Problem]:
    """Return a problem for each photo a board would print below MIN_PPI, at the field that names it (run once the
    images are known to be readable).

    A photo several boards print is named once, with the largest size it is printed at.
    """
    project, find = loaded.project, loaded.source.find
    worst: dict[tuple, tuple[float, BoardPhoto, tuple[int, int], tuple[float, float], list[str]]] = {}
    for index, board in enumerate(project_boards(project)):
        photo = board_photo(board, index if project.boards is not None else None, project)
        ppi = photo_ppi(find, board, photo) if photo and not photo.accepted_low else None
        if ppi is None or ppi >= MIN_PPI:
            continue
        pixels, band = image_size(find(photo.file)), photo_band_mm(board)
        boards = worst[photo.source][4] if photo.source in worst else []
        if photo.source not in worst or ppi < worst[photo.source][0]:
            worst[photo.source] = (ppi, photo, pixels, band, boards)
        boards.append(board.id)
    messages = loaded.messages
    return [loaded.places.problem(source, messages(
                "error.photo_low_resolution", path=photo.file, boards=messages("punct.list").join(boards),
                pixels=f"{pixels[0]}×{pixels[1]}", size=f"{band[0]:g}×{band[1]:g}", ppi=f"{ppi:.0f}", least=MIN_PPI,
                needed="×".join(str(n) for n in pixels_needed(pixels, band))))
            for source, (ppi, photo, pixels, band, boards) in worst.items()]


def translated_faq_problems(loaded: LoadedProject, all_editions: list[Edition]) -> list[Problem]:
    """Return what each translated edition's FAQ quotes wrongly of the fee schedule, at the text in project.yml."""
    messages = loaded.messages
    problems = []
    for edition in all_editions:
        if edition.translated:
            problems += [loaded.places.problem(finding.loc, f"{translations_name(loaded, finding.loc, edition.tag)} "
                                               f"({edition.tag}): " + messages(finding.key, **finding.params))
                         for finding in check_faq_translation(loaded.project, edition)]
    return problems


def translations_name(loaded: LoadedProject, loc: tuple, tag: str) -> str:
    """Return the translations file that translates the text at loc (the project's or its company's)."""
    return relative_name(translations_file(translation_layer(loaded, loc), tag))


def project_editions(loaded: LoadedProject, repo: Repo) -> list[Edition]:
    """Return the project's editions, each in its region's words; a translated one needs the staff pages too when staff read it."""
    staff = loaded.project.staff
    sections = ("owner", "staff") if staff and staff.language and staff.language != loaded.primary_language \
        else ("owner",)
    found = editions(loaded, repo, sections)  # raises for a missing translation
    problems = foreign_word_problems(loaded, found, repo, ("owner", "staff") if staff else ("owner",))
    if problems:
        raise ProjectInvalid(problems)
    return found


def render_context(gathered: Gathered, output: Output, edition: Edition, repo: Repo, out: Path,
                   scratch: Path, only_units: frozenset[str] | None = None, force: bool = False) -> RenderContext:
    """Return what an output reads for one edition: its audience's view, and the unit list if it is internal."""
    loaded = gathered.loaded
    return RenderContext(gathered.view(edition, output.audience), edition, loaded.source, loaded.revision, repo,
                         out, scratch, gathered.views(output.audience),
                         gathered.units if output.audience == "internal" else None, only_units, force)


def rendered_editions(output: Output, loaded: LoadedProject, all_editions: list[Edition]) -> list[Edition]:
    """Return the editions an output renders: every one, the staff's, or once (the primary, seeing them all)."""
    if output.editions == "each":
        return all_editions
    if output.editions == "staff":
        return [staff_edition(loaded, all_editions)]
    return all_editions[:1]
