"""Tests for handbook.engines.sanitize: editors' raw HTML cut down to the allow-list, Markdown and code untouched."""

from __future__ import annotations

import pytest

from handbook.engines.sanitize import sanitize_markdown


def test_script_is_escaped_and_shows_as_text():
    assert sanitize_markdown("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert sanitize_markdown("<IFRAME src=x>") == "&lt;IFRAME src=x&gt;"


def test_event_handlers_and_styles_are_dropped_allowed_attributes_kept():
    assert sanitize_markdown('<p onclick="steal()" class="note">提示</p>') == '<p class="note">提示</p>'
    assert sanitize_markdown('<img src="images/a.jpg" ONERROR=alert(1) alt="平面图">') == \
        '<img src="images/a.jpg" alt="平面图">'
    assert sanitize_markdown('<div style="position:fixed">x</div>') == "<div>x</div>"


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                  "java&#x09;script:alert(1)", "javascript&colon;alert(1)", "data:text/html,x"])
def test_unsafe_links_lose_their_href(href):
    assert sanitize_markdown(f'<a href="{href}">点击</a>') == "<a>点击</a>"


@pytest.mark.parametrize("href", ["https://example.cn/", "tel:+85221234567", "mailto:a@b.cn", "#fees", "/fees/",
                                  "../fees.md", "fees.md#a"])
def test_safe_links_are_kept(href):
    assert sanitize_markdown(f'<a href="{href}">x</a>') == f'<a href="{href}">x</a>'


def test_allowed_tags_keep_their_shape():
    assert sanitize_markdown("<br/>") == "<br />"
    assert sanitize_markdown('<details open markdown="1"><summary>费用</summary>') == \
        '<details open markdown="1"><summary>费用</summary>'
    assert sanitize_markdown('<a title="T&amp;C" href="x.md">x</a>') == '<a title="T&amp;C" href="x.md">x</a>'


def test_markdown_jinja_and_code_are_left_as_written():
    text = "# 费用\n\n- **{{ fees.prepaid_months }}** 个月 | `<script>` 示例\n"
    assert sanitize_markdown(text) == text
    fenced = "```html\n<script>x()</script>\n<p onclick=x>\n```\n<script>"
    assert sanitize_markdown(fenced) == "```html\n<script>x()</script>\n<p onclick=x>\n```\n&lt;script&gt;"


def test_indented_html_is_sanitised_too():
    assert sanitize_markdown("- 项目\n\n    <script>x()</script>") == "- 项目\n\n    &lt;script&gt;x()&lt;/script&gt;"


def test_a_tag_split_over_lines_is_cleaned_like_one_on_a_line():
    assert sanitize_markdown("Text <img src=x\nonerror=alert(1)> end") == 'Text <img src="x"> end'
    assert "<script" not in sanitize_markdown("a <script\nsrc=https://evil/x.js></script> b")
