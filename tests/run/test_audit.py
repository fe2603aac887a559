"""The audit's readers: PDF text through pdfium, theme files skipped only when byte-identical."""

from __future__ import annotations

import shutil
from pathlib import Path

import material

from handbook.engines.pdf import render_pdf
from handbook.run.audit import file_text, normalise

FONT_HTML = '<html lang="zh-CN"><body style="font-family: \'Noto Sans CJK SC\'"><p>{}</p></body></html>'


def test_pdf_text_is_read_for_the_audit(tmp_path):
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(render_pdf(FONT_HTML.format("值班经理手机 13800138000，勿告知业主"), tmp_path, [tmp_path]))
    assert normalise("值班经理手机 13800138000，勿告知业主") in file_text(pdf)


def test_theme_scripts_are_skipped_only_while_unchanged(tmp_path):
    shipped = next((Path(material.__file__).parent / "templates/assets/javascripts").glob("bundle.*.min.js"))
    copy = tmp_path / "bundle.js"
    shutil.copy(shipped, copy)
    assert file_text(copy) is None
    copy.write_text(copy.read_text(encoding="utf-8") + "\n// 值班经理手机\n", encoding="utf-8")
    assert normalise("值班经理手机") in file_text(copy)
