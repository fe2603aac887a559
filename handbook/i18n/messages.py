"""Message catalogues: a language tag and a key in, the label or message text out.

One YAML file per language under messages/ (messages/<tag>.yml), plus any
topic files in messages/<tag>/ (e.g. boards.yml), so each output keeps its
labels together. A file may say `extends: <tag>` and list only the keys
whose wording differs (zh-MO extends zh-HK). Every language must define
every key: a missing key raises, it never falls back; a key defined in two
files of one language is an error.

A message is a format string with named parameters. Where its words agree
with a number, its value is instead a mapping of the language's CLDR plural
categories (as Babel's `Locale.plural_form` gives them) to format strings;
the number is the `count` parameter, or the one `by` names::

    label.months:
      one: "{count} month"
      other: "{count} months"
    error.too_few_items:
      by: limit
      one: "needs at least {limit} item"
      other: "needs at least {limit} items"

    catalogue("en")("label.months", count=1)     # '1 month'
    catalogue("en")("label.months", count="72.3")  # '72.3 months': a number as printed is read back

A plural message must give every category of its language, no other
(English: one and other); Chinese has only `other`, so its catalogues write
plain strings.

Terms a company names in its own words (its service centre 管理處, its
move-in notice 收樓通知書) are catalogue keys `term.<name>`, and every
message printing one writes the marker `{term.<name>}` (`{Term.<name>}` at
the start of an English sentence, capitalised). A catalogue resolves the
markers with its own terms; `with_terms` gives the catalogue of an edition
whose project names some of them (the project's `terms:`)::

    term.service_centre: "服务中心"
    label.form.received_by: "{term.service_centre}经办人"

    catalogue("zh-HK").with_terms({"service_centre": "管理處"})("label.form.received_by")  # '管理處經辦人'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale
from babel.numbers import parse_decimal
from babel.plural import PluralRule

from .languages import LANGUAGES

MESSAGES_DIR = Path(__file__).parent / "messages"
TERM_PREFIX = "term."
_TERM_MARKER = re.compile(r"\{([Tt])erm\.(\w+)\}")
Value = str | dict[str, str]
"""A message as a catalogue file writes it: a format string, or a plural message's forms (and `by`)."""


class MissingMessage(KeyError):
    """A key that a language's catalogue does not define."""


@dataclass(frozen=True)
class Plural:
    """A message worded per CLDR plural category, chosen by the number in its parameter `by`."""

    by: str
    forms: dict[str, str]


class Catalogue:
    """The messages of one language; call it with a key and parameters.

    `messages` holds each key's text; for a plural message, its `other` form (the form every language has, which
    tools that list or compare texts read). `plurals` holds every form of the plural messages.
    """

    def __init__(self, tag: str, messages: dict[str, str], plurals: dict[str, Plural] | None = None,
                 terms: dict[str, str] | None = None):
        self.tag = tag
        self.raw = messages  # as the files write them, term markers unresolved
        self.raw_plurals = plurals or {}
        self.terms = {key.removeprefix(TERM_PREFIX): text for key, text in messages.items()
                      if key.startswith(TERM_PREFIX)} | (terms or {})
        self.messages = {key: self._resolved(key, text) for key, text in messages.items()}
        self.plurals = {key: replace(plural, forms={category: self._resolved(key, text)
                                                    for category, text in plural.forms.items()})
                        for key, plural in self.raw_plurals.items()}

    def with_terms(self, terms: dict[str, str]) -> Catalogue:
        """Return this catalogue with some terms in a project's words (term name -> word, as this edition writes it)."""
        unknown = sorted(set(terms) - set(self.terms))
        if unknown:
            raise KeyError(f"the {self.tag} catalogue has no term {', '.join(unknown)}")
        return Catalogue(self.tag, self.raw, self.raw_plurals, {**self.terms, **terms})

    def _resolved(self, message_key: str, text: str) -> str:
        """Return a message with each term marker written as the term's word (a term's own key: its word)."""
        if message_key.startswith(TERM_PREFIX):
            return self.terms[message_key.removeprefix(TERM_PREFIX)]

        def word(match: re.Match[str]) -> str:
            capital, name = match.groups()
            if name not in self.terms:
                raise ValueError(f"{self.tag} message {message_key!r} names the unknown term {name!r}")
            found = self.terms[name]
            return found[:1].upper() + found[1:] if capital == "T" else found
        return _TERM_MARKER.sub(word, text)

    def __call__(self, message_key: str, /, **params: object) -> str:
        try:
            text = self.messages[message_key]
        except KeyError:
            raise MissingMessage(f"message {message_key!r} is missing from the {self.tag} catalogue") from None
        if message_key in self.plurals:
            text = self.plural_form(message_key, params)
        return text.format(**params) if params else text

    def keys(self) -> set[str]:
        return set(self.messages)

    def wordings(self, message_key: str) -> list[str]:
        """Return every text a message may print, unformatted: a plural message's forms, else its one text."""
        plural = self.plurals.get(message_key)
        return list(plural.forms.values()) if plural else [self.messages[message_key]]

    def plural_form(self, message_key: str, params: dict[str, object]) -> str:
        """Return the form of a plural message that the number in its parameters asks for."""
        plural = self.plurals[message_key]
        if plural.by not in params:
            raise TypeError(f"message {message_key!r} chooses its form by {plural.by}, which was not given")
        return plural.forms[self.plural_category(params[plural.by])]

    def plural_category(self, number: object) -> str:
        """Return the CLDR plural category of a number in this language: in English 1 -> one, "72.3" -> other."""
        locale = LANGUAGES[self.tag].babel_locale
        return plural_rule(locale)(as_decimal(number, locale))


@lru_cache(maxsize=None)
def plural_rule(locale: str) -> PluralRule:
    """Return CLDR's plural rule of a Babel locale."""
    return Locale.parse(locale).plural_form


def as_decimal(number: object, locale: str) -> Decimal | int:
    """Return a count as a number: an int or Decimal as it is, a number printed in the locale ("1,200") read back.

    A printed number keeps its decimals, which CLDR counts: "1.0" is `other` in English, as 72.3 m² is.
    """
    if isinstance(number, bool) or not isinstance(number, (int, Decimal, float, str)):
        raise TypeError(f"a plural message needs a number, not {type(number).__name__}")
    if isinstance(number, float):
        return Decimal(str(number))
    if isinstance(number, str):
        return parse_decimal(number, locale=locale)
    return number


# The package's own catalogues (a hundred files read by every build): libyaml's safe loader, where PyYAML has it,
# reads them several times faster than the pure-Python one; what editors write keeps source/load.py's line marks.
FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(tag: str) -> dict[str, Value]:
    data = _load(MESSAGES_DIR / f"{tag}.yml")
    parent = data.pop("extends", None)
    for topic in sorted((MESSAGES_DIR / tag).glob("*.yml")):
        extra = _load(topic)
        twice = sorted(set(extra) & set(data))
        if twice:
            raise ValueError(f"{topic.name} of {tag} defines keys defined elsewhere: {', '.join(twice)}")
        data.update(extra)
    return {**_read(parent), **data} if parent else data


def _load(path: Path) -> dict[str, Value]:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=FAST_SAFE_LOADER) or {}


def plural_message(tag: str, message_key: str, value: dict[str, str]) -> Plural:
    """Return a plural message as a catalogue file writes it, refusing categories its language lacks or needs."""
    forms = {category: text for category, text in value.items() if category != "by"}
    categories = plural_rule(LANGUAGES[tag].babel_locale).tags | {"other"}
    if set(forms) != categories or not all(isinstance(text, str) for text in forms.values()):
        raise ValueError(f"{tag} message {message_key!r} must give a text for each of {', '.join(sorted(categories))}"
                         f" (and may name its number with by:), not {', '.join(sorted(value))}")
    by = value.get("by", "count")
    if not isinstance(by, str):
        raise ValueError(f"{tag} message {message_key!r}: by names a parameter, not {by!r}")
    return Plural(by, forms)


@lru_cache(maxsize=None)
def catalogue(tag: str) -> Catalogue:
    """Return the message catalogue of a language tag from the language table."""
    if tag not in LANGUAGES:
        raise KeyError(f"unknown language tag {tag!r}")
    values = _read(tag)
    plurals = {key: plural_message(tag, key, value) for key, value in values.items() if isinstance(value, dict)}
    messages = {key: plurals[key].forms["other"] if key in plurals else value for key, value in values.items()}
    return Catalogue(tag, messages, plurals)
