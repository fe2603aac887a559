"""FAQ texts against the fee schedule: a project in, a Finding for every figure it cannot quote or contradicts out.

An FAQ question, answer or staff note quotes fees by placeholder,
`{{ fee.management.prepaid_months }}` (handbook.derive.faq_figures). Refused:

- a placeholder that is not exactly `{{ fee.<name> }}` (a filter, a statement,
  one left open), or whose name is no figure of the schedule;
- a figure typed into the prose, around the placeholders, that the schedule
  does not have. Only items about fees are read for these: their question or
  answer names a fee (the words below, a fee item's or a parking space's name).
  Each sentence (up to 。；;！？!?, a full stop or a line end) is read on its own:
  * money (a number after ¥, HK$, MOP$, NT$, $ or RMB, or before 元, 港元,
    patacas, dollars, HKD ...) must equal an amount of the schedule: a rate,
    a parking fee, the card price or an item's amount. If it equals none, it
    contradicts the fees the sentence names (faq_figure_contradicts, naming
    their figures), or, naming none, is an amount the schedule lacks
    (faq_figure_unknown_amount);
  * months (3 个月, 三個月, two months) in a sentence naming a monthly fee must
    be months of the schedule: what a sentence about prepaying says must be
    prepaid months, about the developer the developer's months, about neither
    either; a deposit may also be the months of management fee it amounts to
    (HK$354/m² = 3 x HK$118). Ordinals (第三个月) and deadlines (三个月内,
    within three months) are not counts of a fee.

The primary language's texts are read here, as validation runs; a translated
edition's (its question and answer: staff notes are not translated) when the
editions are made (handbook.run.gather), with the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterator

from ..derive.faq_figures import faq_texts, placeholders, without_placeholders
from ..derive.fee_schedule import FeeSchedule, Figure, fee_schedule, key
from ..derive.present import Presenter
from ..errors import Loc
from ..i18n.edition import Edition
from ..i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, has_han
from ..i18n.messages import catalogue
from .findings import Finding

# The words naming a fee, or what a count of months is for, in every language an FAQ may be written in.
MANAGEMENT_WORDS = ("管理费", "管理費", "management fee")
MONTHLY_WORDS = MANAGEMENT_WORDS + ("管理服务费", "管理服務費", "月租", "service fee", "parking rent")
CARD_WORDS = ("门禁卡", "門禁卡", "access card")
PARKING_WORDS = ("车位", "車位", "parking")
PREPAY_WORDS = ("预交", "预缴", "预付", "預交", "預繳", "預付", "prepay", "in advance")
DEVELOPER_WORDS = ("开发商", "開發商", "发展商", "發展商", "developer")
DEPOSIT_WORDS = ("按金", "押金", "保证金", "保證金", "deposit")

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MARK = r"HK\$|MOP\$|NT\$|RMB|[¥￥$]"
_WORD = r"港元|澳门元|澳門元|元|圆|圓|蚊|块|塊|\b(?:patacas|dollars|yuan|HKD|MOP|CNY|TWD|RMB)\b"
MONEY = re.compile(rf"(?:{_MARK})\s*(?P<before>{_NUMBER})|(?P<after>{_NUMBER})\s*(?:{_WORD})", re.IGNORECASE)
_DIGITS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_NUMBER = "[一二两兩三四五六七八九]?十[一二三四五六七八九]?|[一二两兩三四五六七八九]"
# 3 个月 / 三個月 / 三月 (a bare 月 not starting a date: 3 月 6 日, 三月份), not 第三个月 nor 三个月内.
HAN_MONTHS = re.compile(
    rf"(?<!第)(?<!第 )(?<![\d.,一二两兩三四五六七八九十百千])(?P<count>\d+|{_HAN_NUMBER})\s*"
    r"(?:[个個箇]月|月(?!\s*[\d〇一二三四五六七八九十日号號份底初中旬]))(?!\s*以?[内內])")
_ENGLISH_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
ENGLISH_MONTHS = re.compile(rf"(?<!within )\b(?P<count>\d+|{'|'.join(_ENGLISH_NUMBERS)})\s+months?\b",
                            re.IGNORECASE)
_SENTENCE_END = re.compile(r"[。；;！？!?\n]|\.(?=\s|$)")
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")


@dataclass(frozen=True)
class Fee:
    """A fee a sentence may name: the words naming it and its figures (names in FeeSchedule.figures())."""

    words: tuple[str, ...]
    figures: tuple[str, ...]
    generic: bool = False  # "parking" names every space's fee: a space's own name says which


@dataclass(frozen=True)
class Rules:
    """What an FAQ of one project may say: its figures, the fees prose names, the amounts and months it has."""

    figures: dict[str, Figure]
    fees: tuple[Fee, ...]
    amounts: frozenset[Decimal]
    deposit_months: frozenset[int]
    presenter: Presenter

    def months(self, kind: str) -> tuple[str, ...]:
        """Return the names of the count figures of one kind: prepaid_months or developer_months."""
        return tuple(name for name, figure in self.figures.items() if f".{kind}" in name and figure.kind == "count")

    def placeholder(self, names: tuple[str, ...]) -> str:
        return self.presenter.punct.list.join(f"{{{{ fee.{name} }}}}" for name in names)

    def expected(self, names: tuple[str, ...]) -> str:
        shown = dict.fromkeys(self.presenter.figure(self.figures[name]) for name in names)
        return self.presenter.punct.list.join(shown)


def check_faq_figures(project: Any) -> Iterator[Finding]:
    """Report what the FAQ's texts, as written in the primary language, quote wrongly of the fee schedule."""
    rules = project_rules(project, lambda text: text)
    for index, item in enumerate(project.faq):
        about_fees = names_a_fee(f"{item.question}\n{item.answer}", rules)
        for path, text in faq_texts(item):
            yield from check_text(("faq", index, *path), text, item.question, rules, about_fees)


def check_faq_translation(project: Any, edition: Edition) -> Iterator[Finding]:
    """Report what a translated edition's FAQ questions and answers quote wrongly of the fee schedule.

    The findings point at the text in project.yml whose translation is wrong.
    """
    def shown(text: str) -> str:
        return (edition.text(text) or text) if has_han(text) else text

    rules = project_rules(project, shown)
    for index, item in enumerate(project.faq):
        question, answer = shown(item.question), shown(item.answer)
        about_fees = names_a_fee(f"{question}\n{answer}", rules)
        for name, text in (("question", question), ("answer", answer)):
            yield from check_text(("faq", index, name), text, question, rules, about_fees)


def project_rules(project: Any, shown: Callable[[str], str]) -> Rules:
    """Return the rules a project's FAQ is read by; shown gives a name of the data as the text being read has it."""
    schedule = fee_schedule(project, examples=False)
    figures = schedule.figures()
    primary = project.languages[0] if project.languages else DEFAULT_LANGUAGE  # none: reported by validation
    presenter = Presenter(LANGUAGES[primary], catalogue(primary), project.fees.currency)
    amounts = {figure.value.amount if figure.kind == "item" else figure.value
               for figure in figures.values() if figure.kind != "count"}
    return Rules(figures, named_fees(schedule, figures, shown), frozenset(amounts), deposit_months(schedule),
                 presenter)


def named_fees(schedule: FeeSchedule, figures: dict[str, Figure], shown: Callable[[str], str]) -> tuple[Fee, ...]:
    """Return every fee prose may name: management, cards and parking by word, spaces and items by name."""
    def starting(prefix: str) -> tuple[str, ...]:
        return tuple(name for name in figures if name.startswith(prefix))

    fees = [Fee(MANAGEMENT_WORDS, tuple(name for name in starting("management.") if figures[name].kind == "rate")),
            Fee(CARD_WORDS, ("cards.price",)),
            Fee(PARKING_WORDS, starting("parking."), generic=True)]
    fees += [Fee((shown(row.name),), starting(f"parking.{key(row.space_type)}.")) for row in schedule.parking]
    fees += [Fee((short_name(shown(item.name)),), (f"item.{key(item.id)}.amount",)) for item in schedule.items]
    return tuple(fees)


def short_name(name: str) -> str:
    """Return a name without what it says in parentheses: prose says 专项维修资金 for 专项维修资金（首期）."""
    return _PARENTHESES.sub("", name).strip() or name


def deposit_months(schedule: FeeSchedule) -> frozenset[int]:
    """Return the months of a management rate a refundable per-m² item amounts to (a deposit of three months)."""
    months = set()
    for item in schedule.items:
        for rate in schedule.management:
            if item.refundable and item.basis == "per_m2" and (item.amount / rate.rate) % 1 == 0:
                months.add(int(item.amount / rate.rate))
    return frozenset(months)


def names_a_fee(text: str, rules: Rules) -> bool:
    return any(mentions(text, fee.words) for fee in rules.fees)


def mentions(text: str, words: tuple[str, ...]) -> bool:
    """Return whether text holds one of the words (Latin ones as words, in any case)."""
    return any(_word(word).search(text) for word in words)


@lru_cache(maxsize=None)
def _word(word: str) -> re.Pattern[str]:
    return re.compile((r"\b" if word[:1].isascii() and word[:1].isalnum() else "") + re.escape(word), re.IGNORECASE)


def check_text(loc: Loc, text: str, question: str, rules: Rules, about_fees: bool) -> Iterator[Finding]:
    """Report a text's placeholders that name no figure, then, about fees, the figures typed around them."""
    for placeholder in placeholders(text):
        if placeholder.name is None:
            yield Finding(loc, "error.faq_placeholder", {"problem": placeholder.written,
                                                          "example": placeholder.example(rules.figures)})
        elif placeholder.name not in rules.figures:
            yield Finding(loc, "error.faq_unknown_figure", {"name": f"fee.{placeholder.name}",
                                                            "known": ", ".join(f"fee.{n}" for n in rules.figures)})
    if about_fees:
        for sentence in _SENTENCE_END.split(without_placeholders(text)):
            yield from check_money(loc, sentence, question, rules)
            yield from check_months(loc, sentence, rules)


def named_figures(text: str, rules: Rules) -> tuple[str, ...]:
    """Return the figures of the fees a text names (a space's own, not every space's, when it names one)."""
    named = [fee for fee in rules.fees if fee.figures and mentions(text, fee.words)]
    named = [fee for fee in named if not fee.generic] or named
    return tuple(dict.fromkeys(name for fee in named for name in fee.figures))


def check_money(loc: Loc, sentence: str, question: str, rules: Rules) -> Iterator[Finding]:
    """Report each amount typed in a sentence that is no amount of the schedule.

    It contradicts the fees the sentence names or, naming none, those its question asks about.
    """
    figures = named_figures(sentence, rules) or named_figures(question, rules)
    for match in MONEY.finditer(sentence):
        amount = Decimal((match.group("before") or match.group("after")).replace(",", ""))
        if amount in rules.amounts:
            continue
        written = match.group().strip()
        if figures:
            yield Finding(loc, "error.faq_figure_contradicts", {"text": written, "expected": rules.expected(figures),
                                                                "placeholder": rules.placeholder(figures)})
        else:
            example = next((name for name in rules.figures if name.endswith(".amount")), "cards.price")
            yield Finding(loc, "error.faq_figure_unknown_amount", {"text": written,
                                                                   "placeholder": rules.placeholder((example,))})


def check_months(loc: Loc, sentence: str, rules: Rules) -> Iterator[Finding]:
    """Report each count of months typed in a sentence about a monthly fee that the schedule does not have."""
    if not mentions(sentence, MONTHLY_WORDS):
        return
    prepaid, developer = rules.months("prepaid_months"), rules.months("developer_months")
    says_prepaid, says_developer = mentions(sentence, PREPAY_WORDS), mentions(sentence, DEVELOPER_WORDS)
    if not (says_prepaid or says_developer):
        says_prepaid = says_developer = True
    spoken = (prepaid if says_prepaid else ()) + (developer if says_developer else ())
    allowed = {rules.figures[name].value for name in spoken}
    if mentions(sentence, DEPOSIT_WORDS):
        allowed |= rules.deposit_months
    for written, count in typed_months(sentence):
        if count in allowed:
            continue
        names = developer if says_developer and not says_prepaid else prepaid
        managed = tuple(name for name in names if name.startswith("management.")) or names
        if managed:
            yield Finding(loc, "error.faq_figure_contradicts", {"text": written, "expected": rules.expected(managed),
                                                                "placeholder": rules.placeholder(managed)})
        else:  # the developer pays no month of the schedule
            yield Finding(loc, "error.faq_figure_unknown_amount",
                          {"text": written, "placeholder": rules.placeholder(("management.developer_months.all",))})


def typed_months(sentence: str) -> Iterator[tuple[str, int]]:
    """Yield each count of months written in a sentence, as written and as a number."""
    for pattern in (HAN_MONTHS, ENGLISH_MONTHS):
        for match in pattern.finditer(sentence):
            yield match.group().strip(), number(match.group("count"))


def number(written: str) -> int:
    """Return a count written in digits, Chinese numerals (两, 十二) or English words (three)."""
    if written.isdigit():
        return int(written)
    if written.lower() in _ENGLISH_NUMBERS:
        return _ENGLISH_NUMBERS[written.lower()]
    tens, ten, ones = written.partition("十")
    if not ten:
        return _DIGITS[written]
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
