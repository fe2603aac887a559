"""The portal of all projects: the sites under dist/public (from one build or many shards) in, index.html out.

It reads only the cards the sites carry (outputs/project_card.py) and lists the
sites by property company: first each company of companies/ (by id; its heading
is its name as its sites' primary editions write it, and its id), then the
projects without a company, each under its own property company's name (an
owner looks for the company managing the estate, not for how its data is
written), then any site whose card names no property company (a card written
before cards named one), under "other projects".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..i18n.languages import LANGUAGES
from ..outputs.project_card import PROJECT_CARD

PAGE_LANGUAGE = "zh-CN"  # the portal's own words; a name in another language says so with its own lang


@dataclass
class Group:
    """The sites listed under one heading: a company's, or a property company's of projects without a company."""

    company: str | None  # the company id, None for projects without a company
    names: dict[str, str] = field(default_factory=dict)  # the heading's name(s) -> the language each is written in
    sites: list[tuple[str, dict]] = field(default_factory=list)  # (slug, card), in slug order


def read_cards(public: Path) -> list[tuple[str, dict]]:
    """Return (slug, card) of every site under public, in slug order."""
    return [(card.parent.name, json.loads(card.read_text(encoding="utf-8")))
            for card in sorted(public.glob(f"*/{PROJECT_CARD}"))]


def group_cards(cards: list[tuple[str, dict]]) -> list[Group]:
    """Return the sites grouped for the index: companies by id, then property companies by name, then the rest."""
    companies: dict[str, Group] = {}
    standalone: dict[str, Group] = {}
    unnamed = Group(None)
    for slug, card in cards:
        company, name = card.get("company"), card.get("property_company")
        if company:
            group = companies.setdefault(company, Group(company))
        elif name:
            group = standalone.setdefault(name, Group(None))
        else:
            group = unnamed
        if name:  # a company's sites may write its name differently (简体 / 繁體): the heading gives each form
            group.names.setdefault(name, primary_language(card))
        group.sites.append((slug, card))
    return [*(companies[key] for key in sorted(companies)), *(standalone[key] for key in sorted(standalone)),
            *([unnamed] if unnamed.sites else [])]


def primary_language(card: dict) -> str:
    languages = card.get("languages") or [PAGE_LANGUAGE]
    return languages[0] if languages[0] in LANGUAGES else PAGE_LANGUAGE


def in_language(text: str, tag: str) -> str:
    """Return text escaped, marked with its language when it is not the page's."""
    lang = LANGUAGES[tag].html_lang
    return escape(text) if lang == PAGE_LANGUAGE else f'<span lang="{escape(lang)}">{escape(text)}</span>'


def heading(group: Group) -> str:
    names = " · ".join(in_language(name, tag) for name, tag in group.names.items())
    if group.company:
        return f'{names} <span class="company-id">({escape(group.company)})</span>' if names else escape(group.company)
    return names or "其他项目 · Other projects"


def row(slug: str, card: dict) -> str:
    languages = "、".join(LANGUAGES[tag].native_name for tag in card["languages"] if tag in LANGUAGES)
    return (f'<tr><td><a href="{escape(slug)}/">{in_language(card["name"], primary_language(card))}</a></td>'
            f'<td>{in_language(card["address"], primary_language(card))}</td><td>{escape(languages)}</td></tr>')


def section(number: int, group: Group) -> str:
    anchor = f"company-{group.company}" if group.company else f"group-{number}"
    rows = "\n".join(row(slug, card) for slug, card in group.sites)
    return f"""<section aria-labelledby="{escape(anchor)}">
<h2 id="{escape(anchor)}">{heading(group)}</h2>
<table><thead><tr><th scope="col">项目 Project</th><th scope="col">地址 Address</th>
<th scope="col">语言 Languages</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</section>"""


def write_index(public: Path) -> int:
    """Write public/index.html listing every project site found, by company; return how many it lists."""
    cards = read_cards(public)
    sections = "\n".join(section(number, group) for number, group in enumerate(group_cards(cards), 1))
    empty = "" if cards else "<p>还没有已发布的项目。 · No project is published yet.</p>\n"
    page = f"""<!DOCTYPE html>
<html lang="{PAGE_LANGUAGE}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>业户手册 · Owners' handbooks</title>
<style>
body {{ font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 1.5em; color: #1A1A1A; }}
h2 {{ font-size: 1.2em; margin: 1.6em 0 0.4em; }}
.company-id {{ color: #595959; font-weight: normal; font-size: 0.85em; white-space: nowrap; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}  /* every company's columns line up */
th:nth-child(1) {{ width: 26%; }} th:nth-child(2) {{ width: 36%; }}
th, td {{ border-bottom: 1px solid #CCCCCC; padding: 0.5em; text-align: left; vertical-align: top; }}
th {{ font-size: 0.9em; }}
a {{ color: #0B4F7C; }}
</style></head>
<body>
<h1>业户手册 · Owners' handbooks</h1>
{empty}{sections}
</body></html>
"""
    public.mkdir(parents=True, exist_ok=True)
    (public / "index.html").write_text(page, encoding="utf-8")
    return len(cards)
