"""Turn an amount of money into Chinese capital numerals (大写金额 / 大寫金額) for printed notices.

The rules are the People's Bank of China's for writing amounts on bills
(《正确填写票据和结算凭证的基本规定》). Where they allow two forms, we write:

- 整 after 元 when there are no 角 or 分 (100000 -> 壹拾万元整); never after 角
  (1005.50 -> 壹仟零伍元伍角, as in the PBoC's own example) nor after 分.
- One 零 for each run of zeros between non-zero digits (1005 -> 壹仟零伍,
  6007 -> 陆仟零柒), also where a 万 or 亿 group starts with zeros
  (100010 -> 壹拾万零壹拾); zeros that end a group are not written
  (107000 -> 壹拾万柒仟, the PBoC's first form).
- After 元, 零 only when 角 is zero and 分 is not (10.05 -> 壹拾元零伍分, which the
  rules require); a zero units digit before 角 is not marked
  (1680.32 -> 壹仟陆佰捌拾元叁角贰分, the PBoC's second form).
- Below one 元 no 零元 is written (0.05 -> 伍分), as banks print cheques;
  nothing at all is 零元整.
- 壹拾 keeps its 壹 (10 -> 壹拾元整), as the rules require.
- Traditional script (Hant) writes 貳 參 陸 萬 億 and keeps 元 rather than 圓:
  Taiwan's cheques print 元, Hong Kong and Macao use both, and one character
  for every edition keeps notices comparable.

The currency word (人民币, 港幣, 新臺幣) is the caller's, since it depends on the
project's currency. English editions print no amount in words: capitals are a
Chinese convention (see handbook.derive.present.Presenter.capitals).
"""

from __future__ import annotations

from decimal import Decimal

SCRIPTS: dict[str, dict[str, str]] = {
    "Hans": {"digits": "零壹贰叁肆伍陆柒捌玖", "groups": "万亿"},
    "Hant": {"digits": "零壹貳參肆伍陸柒捌玖", "groups": "萬億"},
}
PLACES = ("", "拾", "佰", "仟")
LIMIT = Decimal(10) ** 12
"""Amounts must stay below 1 万亿: 亿 is the largest group we write."""


def amount_in_capitals(amount: Decimal | int, script: str = "Hans") -> str:
    """Return an amount of money in Chinese capital numerals, e.g. 1005.50 -> 壹仟零伍元伍角."""
    if script not in SCRIPTS:
        raise ValueError(f"unknown script {script!r}; known: {', '.join(SCRIPTS)}")
    yuan, cents = divmod(to_cents(amount), 100)
    jiao, fen = divmod(cents, 10)
    digits = SCRIPTS[script]["digits"]
    if yuan == 0:
        return small_change(jiao, fen, digits) or f"{digits[0]}元整"
    words = integer_in_capitals(yuan, script) + "元"
    if jiao == 0 and fen == 0:
        return words + "整"
    if jiao == 0:
        words += digits[0]
    return words + small_change(jiao, fen, digits)


def to_cents(amount: Decimal | int) -> int:
    """Return a non-negative amount as whole cents, refusing anything that is not exact."""
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    amount = Decimal(amount)
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"amount {amount} has no capital form: it must be a finite, non-negative number")
    if amount >= LIMIT:
        raise ValueError(f"amount {amount} is too large: capitals stop below 1 万亿")
    cents = amount * 100
    if cents != cents.to_integral_value():
        # Amounts are rounded once, by handbook.derive.fees.round_money; never again here.
        raise ValueError(f"amount {amount} has more than two decimal places")
    return int(cents)


def small_change(jiao: int, fen: int, digits: str) -> str:
    """Return the 角 and 分 part, leaving out whichever is zero."""
    return (f"{digits[jiao]}角" if jiao else "") + (f"{digits[fen]}分" if fen else "")


def integer_in_capitals(number: int, script: str = "Hans") -> str:
    """Return a positive whole number in capital numerals, grouping by 万 and 亿."""
    digits, groups = SCRIPTS[script]["digits"], " " + SCRIPTS[script]["groups"]
    text = str(number)
    words: list[str] = []
    zero_pending = False
    for index, char in enumerate(text):
        place = len(text) - 1 - index
        if char == "0":
            zero_pending = True
        else:
            words.append((digits[0] if zero_pending else "") + digits[int(char)] + PLACES[place % 4])
            zero_pending = False
        if place % 4 == 0 and place and int(text[max(0, index - 3): index + 1]):
            # A group's trailing zeros are not read: 107000 is 壹拾万柒仟, not 壹拾万零柒仟.
            words.append(groups[place // 4])
            zero_pending = False
    return "".join(words)

