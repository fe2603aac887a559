"""The term table: each listed concept converts to each edition's own word, in every direction the editions use."""

from __future__ import annotations

import pytest

from handbook.i18n.convert import converter
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.i18n.terms import concepts, edition_terms

CHINESE = ("zh-CN", "zh-HK", "zh-MO", "zh-TW")
DIRECTIONS = [(source, target) for source in CHINESE for target in CHINESE if source != target]


# A concept with no word of its own in an edition (defect repair in Taiwan) leaves that edition what it is given.
CASES = [(concept, source, target) for concept in concepts() for source, target in DIRECTIONS
         if concept.form(source) and concept.form(target)]


@pytest.mark.parametrize(("concept", "source", "target"), CASES,
                         ids=[f"{source}>{target}-{concept.name}" for concept, source, target in CASES])
def test_each_concept_converts_to_the_editions_word(concept, source, target):
    convert = converter(LANGUAGES[source], LANGUAGES[target])
    written = f"业主{concept.form(source)}。"
    shown = convert(written) if convert else written
    assert concept.form(target) in shown, shown
    assert not edition_terms(target).foreign(shown)


@pytest.mark.parametrize(("source", "text", "target", "expected"), [
    ("zh-MO", "乘𨋢上樓", "zh-CN", "乘电梯上楼"),  # OpenCC alone gives the obscure 䢂
    ("zh-HK", "交管理費按金，領取鎖匙，安排執修，泥頭袋裝", "zh-CN", "交管理费押金，领取钥匙，安排返修，建筑垃圾袋装"),
    ("zh-CN", "入伙时领取钥匙，每户交押金", "zh-HK", "入伙時領取鎖匙，每戶交按金"),  # s2hk alone: 入夥, 鑰匙, 每户
    ("zh-CN", "入伙时乘电梯", "zh-TW", "交屋時乘電梯"),
    ("zh-HK", "乘扶手電梯至 1 樓", "zh-CN", "乘扶手电梯至 1 楼"),  # an escalator is no lift
    ("zh-CN", "乘扶手电梯至 1 楼", "zh-HK", "乘扶手電梯至 1 樓"),
])
def test_regional_words_are_written_in_the_editions_own(source, text, target, expected):
    assert converter(LANGUAGES[source], LANGUAGES[target])(text) == expected


def test_a_kept_term_is_left_as_written():
    convert = converter(LANGUAGES["zh-CN"], LANGUAGES["zh-HK"], ["押金路"])
    assert convert("押金路 8 号交押金") == "押金路 8 號交按金"


@pytest.mark.parametrize("tag", CHINESE)
def test_the_catalogues_use_their_editions_words(tag):
    terms = edition_terms(tag)
    found = {key: terms.foreign(text) for key, text in catalogue(tag).messages.items() if terms.foreign(text)}
    assert not found


def test_the_check_finds_a_word_of_another_region_and_both_forms_of_one_concept():
    terms = edition_terms("zh-HK")
    found = terms.foreign("收樓後交押金及按金，入夥後領取鑰匙")
    assert [(word.word, word.wanted) for word in found] == [("押金", "按金"), ("入夥", "入伙"), ("鑰匙", "鎖匙")]
    assert terms.foreign("押金路 8 號", allowed=("押金路",)) == []


def test_a_catalogue_says_a_term_in_the_projects_words_wherever_a_message_names_it():
    hong_kong = catalogue("zh-HK").with_terms({"service_centre": "管理處", "move_in_notice": "收樓通知書"})
    assert hong_kong("label.form.received_by") == "管理處經辦人"
    assert hong_kong("label.notice_document_title", name="海港中心") == "海港中心收樓通知書"
    assert hong_kong("term.service_centre") == "管理處"
    assert catalogue("zh-HK")("label.form.received_by") == "服務中心經辦人"  # the catalogue itself is unchanged
    english = catalogue("en").with_terms({"service_centre": "management office"})
    assert english("label.form.approval") == "Management office's approval"  # {Term.…} opens a sentence
    assert english("label.form.received_by") == "Received by (management office)"


def test_no_message_keeps_a_term_marker_and_no_term_is_unknown():
    for tag in CHINESE + ("en",):
        messages = catalogue(tag).messages
        assert not [key for key, text in messages.items() if "{term." in text or "{Term." in text]
        with pytest.raises(KeyError):
            catalogue(tag).with_terms({"service_center": "x"})
