"""Staff-only data: posts and duties, hand-offs, the timeline, emergency plans, internal contacts."""

from __future__ import annotations

from pydantic import Field

from ..i18n.languages import LanguageTag
from .base import Id, Int, Model, Phone, Text


class Post(Model):
    role: Id
    """The role (id from roles) this post fills."""
    headcount: Int = Field(default=1, ge=1)
    """Staff on this post at a time."""
    duties: list[Text] = Field(min_length=1)
    """Duties (岗位职责), one per line."""


class Handoff(Model):
    source: Id = Field(alias="from")
    """Role that hands over (id from roles)."""
    to: Id
    """Role that takes over (id from roles)."""
    what: Text
    """What is handed over, e.g. 已核验的资料袋."""


class Milestone(Model):
    id: Id
    """Milestone id."""
    title: Text
    """What must be done, e.g. 与开发商确认入伙时间."""
    days: Int = Field(ge=-365, le=365)
    """Days relative to each phase's first move-in day: -60 is sixty days before."""
    until_days: Int | None = Field(default=None, ge=-365, le=365)
    """For a span, the last day relative to the first move-in day."""
    daily: bool = False
    """True for what happens on every move-in day (e.g. the daily wrap-up)."""
    owner: Text | None = None
    """Who is responsible."""


class ContingencyPlan(Model):
    id: Id
    """Plan id."""
    situation: Text
    """What goes wrong, e.g. 现场排队过长."""
    actions: list[Text] = Field(min_length=1)
    """What staff do, in order."""
    lead: Id | None = None
    """Role in charge (id from roles)."""


class InternalContact(Model):
    name: Text
    """Person or desk."""
    post: Text
    """Their post."""
    phone: Phone
    """Phone number as text, in quotes."""


class WrapUp(Model):
    time: Text
    """When the daily wrap-up meeting starts, e.g. 17:30."""
    place: Text
    """Where it is held."""
    agenda: list[Text] = Field(min_length=1)
    """Agenda items."""


class Staff(Model):
    language: LanguageTag | None = None
    """The language staff read (training pack, operations sheets): one of languages; default the primary."""
    posts: list[Post] = []
    """Posts on the move-in day and their duties."""
    handoffs: list[Handoff] = []
    """Hand-offs between roles and departments."""
    timeline: list[Milestone] = []
    """Preparation timeline (时间节点)."""
    contingency_plans: list[ContingencyPlan] = []
    """Emergency plans (现场突发事件预案)."""
    contacts: list[InternalContact] = []
    """Internal contacts."""
    wrap_up: WrapUp | None = None
    """The daily wrap-up meeting (每日碰头会)."""
