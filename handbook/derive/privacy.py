"""Names shown to the public: an owner's name in, what a sheet others can read prints of it out.

A sheet laid out where owners queue (the sign-in sheet on the desk, the
key-issue list each owner signs a row of) shows every household of the day
to everyone who signs it. Such a sheet prints the unit and a masked name:
enough for an owner to find their own row, too little to learn a neighbour's
name. A Chinese name keeps its surname (陈大文 -> 陈**, 欧阳娜娜 -> 欧阳**);
a name in Latin letters keeps its surname and the given names' initials
(Chan Tai Man -> Chan T. M.). The full names stay on the staff's copies.
"""

from __future__ import annotations

import re

from ..model.units import Unit

MASK = "*"
# Two-character surnames (复姓) common enough to meet on a unit list, both scripts: the name keeps both characters.
COMPOUND_SURNAMES = frozenset({
    "欧阳", "歐陽", "司徒", "上官", "诸葛", "諸葛", "司马", "司馬", "夏侯", "东方", "東方", "皇甫", "尉迟", "尉遲",
    "公孙", "公孫", "慕容", "长孙", "長孫", "宇文", "令狐", "端木", "轩辕", "軒轅", "澹台", "澹臺", "司空", "西门",
    "西門", "钟离", "鍾離", "南宫", "南宮", "独孤", "獨孤",
})
# The same surnames as Hong Kong spells them in two words (Au Yeung Ka Ming): the first two words are the surname.
COMPOUND_SURNAMES_LATIN = frozenset({"au yeung", "ow yang", "ou yang", "sze to", "see to", "sheung kwun", "chu ko"})
# A name that says it is a company or firm's (深圳前海启航投资有限公司, Kwok Partners Limited) names no person.
ORGANISATION = re.compile(r"(公司|集团|集團|事务所|事務所|商行|店|餐厅|餐廳"
                          r"|\b(?:limited|ltd|inc|llc|llp|plc|corp|corporation|company|bank|group)\b\.?|&\s*co\.?)\s*$",
                          re.IGNORECASE)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDS = re.compile(r"[^\s,，]+")


def public_name(unit: Unit) -> str:
    """Return a unit's owner as a sheet others read prints it: a company's name in full, a person's masked.

    A company's name is not personal data: it is on the public company register
    and its representative looks for it, so a company household (and any owner
    whose name says it is a company, e.g. an office tenant's 有限公司) shows it in
    full. Every other owner is taken to be a person, tenants included: a shop
    tenant may be a sole trader in their own name, and the unit list cannot say.
    """
    name = unit.owner_name.strip()
    if unit.household_type == "company" or ORGANISATION.search(name):
        return name
    return masked_name(name)


def masked_name(name: str) -> str:
    """Return a person's name masked: the surname kept, the given names hidden (陈大文 -> 陈**).

    The masked name never equals the name: a one-character or one-word name
    keeps only its first letter.
    """
    name = name.strip()
    if not name:
        return ""
    if _HAN.search(name):
        return masked_chinese(name)
    return masked_latin(name)


def masked_chinese(name: str) -> str:
    """Return a Chinese name as its surname and a mark for each other character: 欧阳娜娜 -> 欧阳**."""
    name = re.sub(r"\s+", "", name)
    kept = 2 if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else 1
    return name[:kept] + MASK * max(len(name) - kept, 1)


def masked_latin(name: str) -> str:
    """Return a name in Latin letters as surname and initials: Chan Tai Man and Chan, Tai Man -> Chan T. M.

    Hong Kong writes the surname first; a comma, or one word in capitals
    among others that are not, marks the surname wherever it is.
    """
    surname, given = split_latin(name)
    if not given:  # a single word: nothing tells surname from given name
        return initial(surname) or MASK
    initials = [initial(part) for word in given for part in word.split("-")]
    return " ".join([surname, *(i for i in initials if i)])


def initial(word: str) -> str:
    """Return a given name's initial, e.g. T. of Tai or of (Tai); empty for a word without a letter."""
    letter = next((c for c in word if c.isalpha()), "")
    return letter.upper() + "." if letter else ""


def split_latin(name: str) -> tuple[str, list[str]]:
    """Return a Latin-letter name's surname and its given names, in the order written."""
    if "," in name:
        family, _, rest = name.partition(",")
        if family.strip() and rest.strip():
            return " ".join(family.split()), _WORDS.findall(rest)
    words = _WORDS.findall(name)
    capitals = [w for w in words if len(w) > 1 and w.isupper()]
    if len(capitals) == 1 and len(words) > 1:  # Peter CHAN Tai-man: the word in capitals
        at = words.index(capitals[0])
        return words[at], words[:at] + words[at + 1:]
    if len(words) > 2 and " ".join(words[:2]).lower() in COMPOUND_SURNAMES_LATIN:
        return " ".join(words[:2]), words[2:]
    return words[0], words[1:]
