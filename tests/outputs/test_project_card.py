"""Tests for handbook.outputs.project_card: the JSON card each site carries for the portal."""

from __future__ import annotations

import json

from handbook.outputs.project_card import PROJECT_CARD, project_card


def test_the_card_holds_what_the_portal_lists_in_readable_json():
    text = project_card("莲花花园", "深圳市莲园路 8 号", ["zh-CN", "en"], "https://lotus.example.cn/", "2027-01-15")
    assert json.loads(text) == {"name": "莲花花园", "address": "深圳市莲园路 8 号", "languages": ["zh-CN", "en"],
                                "url": "https://lotus.example.cn/", "revision": "2027-01-15", "company": None,
                                "property_company": None}
    assert "莲花花园" in text  # Chinese kept as written, not \u escapes
    assert text.startswith('{\n "name"')  # indented: one field a line
    assert PROJECT_CARD == "handbook.json"


def test_the_card_names_the_company_by_id_and_by_name():
    text = project_card("莲花花园", "深圳市莲园路 8 号", ["zh-CN"], "https://lotus.example.cn/", "2027-01-15",
                        company="lotus", property_company="深圳莲花物业服务有限公司")
    assert json.loads(text)["company"] == "lotus"
    assert json.loads(text)["property_company"] == "深圳莲花物业服务有限公司"
