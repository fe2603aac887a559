"""The portal of all projects: the sites under dist/public (from one build or many shards) in, index.html out."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from ..i18n.languages import LANGUAGES
from ..outputs.project_card import PROJECT_CARD


def write_index(public: Path) -> int:
    """Write public/index.html listing every project site found; return how many it lists."""
    cards = []
    for card in sorted(public.glob(f"*/{PROJECT_CARD}")):
        data = json.loads(card.read_text(encoding="utf-8"))
        cards.append((card.parent.name, data))
    rows = "\n".join(
        f'<tr><td><a href="{escape(slug)}/">{escape(data["name"])}</a></td><td>{escape(data["address"])}</td>'
        f'<td>{escape("、".join(LANGUAGES[tag].native_name for tag in data["languages"]))}</td></tr>'
        for slug, data in cards)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>业户手册 · Owners' handbooks</title>
<style>
body {{ font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 1.5em; color: #1A1A1A; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #CCCCCC; padding: 0.5em; text-align: left; }}
a {{ color: #0B4F7C; }}
</style></head>
<body>
<h1>业户手册 · Owners' handbooks</h1>
<table><thead><tr><th>项目 Project</th><th>地址 Address</th><th>语言 Languages</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""
    public.mkdir(parents=True, exist_ok=True)
    (public / "index.html").write_text(page, encoding="utf-8")
    return len(cards)
