"""Chinese wrapped over lines in YAML and Markdown reads as one line: no space where a line was broken."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from handbook.i18n.cjk_lines import FOLD, fold_block, join_lines
from handbook.i18n.messages import catalogue
from handbook.source.load import SourceMap, _Builder, _CountingLoader

WRAPPED = """\
plain: 为使入伙手续办理得顺利，请您
  按约定时间到场 and bring
  your ID
literal: |
  欢迎您入住，感谢您
  按约定时间到场。

  ## 标题
  正文一行
  - 列表项
    续写

  硬换行的中文  
  下一行
folded: >
  折叠的中文，
  第二行 and
  English

  新段落
quoted: "引号里的中文，
  第二行"
spaced: A 户型 三房两厅两卫
"""


def load(text: str) -> dict:
    node = _CountingLoader(text).get_single_node()
    return _Builder(SourceMap("project.yml"), catalogue("zh-CN")).build(node, ())


def test_a_line_break_inside_chinese_is_no_space_in_any_yaml_style():
    data = load(WRAPPED)
    assert data["plain"] == "为使入伙手续办理得顺利，请您按约定时间到场 and bring your ID"
    assert data["literal"] == "欢迎您入住，感谢您按约定时间到场。\n\n## 标题\n正文一行\n- 列表项续写\n\n硬换行的中文  \n下一行\n"
    assert data["folded"] == "折叠的中文，第二行 and English\n新段落\n"
    assert data["quoted"] == "引号里的中文，第二行"
    assert data["spaced"] == "A 户型 三房两厅两卫"  # a space the editor typed stays


def test_folding_a_block_matches_yaml_outside_chinese():
    text = "one\ntwo\n\nthree\n  indented\nfour\n"
    assert fold_block(text).replace(FOLD, " ") == yaml.safe_load(">\n" + "".join(f"  {line}\n" for line in text.splitlines()))


@pytest.mark.parametrize(("text", "expected"), [
    ("中文\n中文", "中文中文"),
    ("中文\nEnglish", "中文\nEnglish"),  # Markdown shows a space between Chinese and English: kept
    ("# 标题\n正文", "# 标题\n正文"),
    ("| 表格 |\n| 第二行 |", "| 表格 |\n| 第二行 |"),
    ("{% if x %}中文\n{% endif %}", "{% if x %}中文\n{% endif %}"),
])
def test_markdown_keeps_the_breaks_it_gives_a_meaning(text, expected):
    assert join_lines(text) == expected


def test_the_site_and_the_guide_print_the_samples_wrapped_welcome_without_a_space(samples_dist):
    site = (samples_dist / "public" / "lotus-garden" / "index.html").read_text(encoding="utf-8")
    guide = subprocess.run(["pdftotext", "-enc", "UTF-8", str(samples_dist / "public" / "lotus-garden" / "downloads"
                                                              / "move-in-guide.zh-CN.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "备齐所需资料，按约定时间" in site
    guide = guide.replace("\n", "")  # the guide's own line ends; a space left by the file's would stay
    assert "备齐所需资料，按约定时间" in guide
