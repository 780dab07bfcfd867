"""core/pdf.py: A4 documents with real Chinese text, and a clear message when
the CJK font is missing."""

import io
import re

import pytest
from pypdf import PdfReader

from core import pdf


def test_a4_document_writes_selectable_chinese_text():
    document = pdf.a4_document(title="结业证书")
    document.add_page()
    document.set_font(pdf.FAMILY, "B", size=20)
    document.cell(text="禁毒知识答题 结业证书")
    reader = PdfReader(io.BytesIO(bytes(document.output())))
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [595, 842]  # A4 in points
    text = re.sub(r"\s+", "", page.extract_text().replace("\x00", ""))
    assert "禁毒知识答题结业证书" in text
    font = next(iter(page["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert "/FontFile3" in descriptor  # the (subset) font travels with the file
    assert reader.metadata.title == "结业证书"


def test_missing_cjk_font_says_what_to_install(settings, tmp_path, monkeypatch):
    settings.CJK_FONT_DIR = str(tmp_path)
    monkeypatch.setattr(pdf, "NOTO_DIRS", [str(tmp_path / "nowhere")])
    pdf.cjk_font.cache_clear()
    try:
        with pytest.raises(pdf.MissingCJKFont, match="fonts-noto-cjk"):
            pdf.a4_document()
    finally:
        pdf.cjk_font.cache_clear()
