"""The words added to a built search index: synonyms to each section, the project's names to the home page."""

from __future__ import annotations

import json

from handbook.engines.search_terms import add_search_terms

ZWSP = "\u200b"


def write_index(path, docs):
    path.write_text(json.dumps({"config": {}, "docs": docs}, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_section_gets_the_other_words_of_its_synonym_group_hidden(tmp_path):
    index = write_index(tmp_path / "search_index.json", [{"location": "move-in/", "title": "收楼", "text": "领取鑰匙"}])
    add_search_terms(index)
    text = json.loads(index.read_text(encoding="utf-8"))["docs"][0]["text"]
    assert text.startswith("领取鑰匙<span hidden>") and f"{ZWSP}钥匙{ZWSP}" in text and f"{ZWSP}鎖匙{ZWSP}" in text


def test_the_home_page_title_gets_every_name_hidden_segmented_and_escaped(tmp_path):
    docs = [{"location": "", "title": "欢迎入伙", "text": ""}, {"location": "fees/", "title": "费用", "text": ""}]
    index = write_index(tmp_path / "search_index.json", docs)
    add_search_terms(index, ("莲花花园 Lotus Residences", "<b>&"))
    home, fees = json.loads(index.read_text(encoding="utf-8"))["docs"]
    assert home["title"] == (f"欢迎入伙<span hidden>{ZWSP}莲花{ZWSP}花园{ZWSP} Lotus Residences{ZWSP}"
                             f"&lt;b&gt;&amp;{ZWSP}</span>")
    assert fees["title"] == "费用"
