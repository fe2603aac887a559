"""How owners reach the service centre and keep the dates: the site's footer numbers, its vCard and its calendar.

Every page of the owner site ends with the service centre's and the
emergency numbers as tel: links (an owner in a lift lobby finds them without
looking for the contacts page). The site also offers the service centre as a
vCard (service-centre.vcf: a tap saves it to the phone's contacts) and the
move-in window as a calendar (move-in.ics: each phase's window as an all-day
event, or one event when every phase shares it).
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from ..derive.present import Presenter
from ..engines.templating import tel_href
from ..engines.vformats import Card, DaysEvent, calendar, vcard
from ..model.estate import shared_move_in_window
from .base import RenderContext
from .common import page_address, service_centre

VCARD = "service-centre.vcf"
CALENDAR = "move-in.ics"
FOOTER_KINDS = ("service_centre", "security", "emergency")  # the numbers an owner may need at once, in this order


def footer_numbers(ctx: RenderContext) -> str:
    """Return the footer's line of numbers as HTML: each contact's name and its number as a tel: link."""
    contacts = sorted((contact for contact in ctx.project.contacts if contact.kind in FOOTER_KINDS),
                      key=lambda contact: FOOTER_KINDS.index(contact.kind))
    return " · ".join(
        f'<span class="reach">{escape(contact.name)} <a href="{escape(tel_href(contact.phone))}">'
        f'{escape(contact.phone)}</a></span>' for contact in contacts)


def service_centre_vcard(ctx: RenderContext) -> bytes | None:
    """Return the service centre's vCard (each service_centre contact), or None when the project lists none."""
    project = ctx.project
    cards = [Card(name=contact.name if project.name in contact.name else f"{project.name} {contact.name}",
                  organisation=project.name, department=contact.name, phone=contact.phone,
                  street=project.address, place=contact.address, city=project.city,
                  note=contact.hours or contact.note, url=project.site.url)
             for contact in project.contacts if contact.kind == "service_centre"]
    return vcard(cards) if cards else None


def move_in_calendar(ctx: RenderContext) -> bytes:
    """Return the move-in window as a calendar: one all-day event per phase, or one for a window every phase shares."""
    project, t = ctx.project, ctx.edition.messages
    shared = shared_move_in_window(project.phases)
    host = urlsplit(project.site.url).hostname or "handbook"
    punct = Presenter(ctx.edition.language, t, project.fees.currency).punct
    where = project.venue.name + (punct.comma + project.venue.address if project.venue.address else "")
    centre = service_centre(project)
    page = page_address(project.site.url, "move-in.md")

    def event(key: str, phase_name: str | None, window) -> DaysEvent:
        summary = (t("label.calendar_event_phase", name=project.name, phase=phase_name) if phase_name
                   else t("label.calendar_event", name=project.name))
        details = [t("label.handling_hours") + punct.colon + window.hours if window.hours else None,
                   f"{centre.name} {centre.phone}" if centre else None, page]
        return DaysEvent(uid=f"move-in-{key}@{host}", summary=summary, first=window.start, last=window.end,
                         location=where, description="\n".join(line for line in details if line), url=page)

    if shared or len(project.phases) == 1:
        events = [event("all", None, shared or project.phases[0].move_in)]
    else:
        events = [event(phase.id, phase.name, phase.move_in) for phase in project.phases]
    return calendar(t("label.calendar_name", name=project.name), ctx.edition.language.html_lang, events,
                    ctx.revision)
