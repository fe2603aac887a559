"""Tests for handbook.outputs.project_card: the JSON card each site carries for the portal."""

from __future__ import annotations

import json

from handbook.outputs.project_card import PROJECT_CARD, project_card


def test_the_card_holds_what_the_portal_lists_in_readable_json():
    text = project_card("莲花花园", "深圳市莲园路 8 号", ["zh-CN", "en"], "https://lotus.example.cn/", "2027-01-15")
    assert json.loads(text) == {"name": "莲花花园", "address": "深圳市莲园路 8 号", "languages": ["zh-CN", "en"],
                                "url": "https://lotus.example.cn/", "revision": "2027-01-15"}
    assert "莲花花园" in text  # Chinese kept as written, not \u escapes
    assert text.startswith('{\n "name"')  # indented: one field a line
    assert PROJECT_CARD == "handbook.json"
