"""Label wrapping for flowchart boxes: word boundaries, punctuation, balance, both scripts."""

import pytest

from handbook.i18n.wrapping import fits, wrap


@pytest.mark.parametrize("text, width, lines", [
    ("10. 领取钥匙及门禁卡", 8, ["10. 领取钥匙", "及门禁卡"]),  # 钥匙 stays whole
    ("缴纳管理费 3 个月", 8, ["缴纳管理费", "3 个月"]),
    ("验证身份及资料，收回收楼通知书", 8, ["验证身份及资料，", "收回收楼通知书"]),  # no line starts with ，
    ("繳付裝修按金及泥頭清運費", 8, ["繳付裝修按金", "及泥頭清運費"]),  # Traditional segments too
    ("有质量问题？", 8, ["有质量问题？"]),
    ("Verify identity and documents", 8, ["Verify identity", "and documents"]),
])
def test_wrap(text, width, lines):
    assert wrap(text, width) == lines


def test_lines_never_exceed_the_width_unless_a_single_character_must():
    for line in wrap("业主在入伙现场填写业主资料卡并签订临时管理规约及消防安全责任书", 6):
        assert sum(1 if ord(c) > 0x2E80 else 0.5 for c in line) <= 6.5


def test_fits_counts_lines():
    assert fits("签订入伙协议", 8, 1)
    assert not fits("业主在入伙现场填写业主资料卡并签订临时管理规约及消防安全责任书", 8, 3)
