"""PDF documents with real, selectable Chinese text.

Print material (education's leaflets, later quizzes' certificates) is made
with fpdf2 and Debian's Noto Sans CJK (package fonts-noto-cjk). fpdf2 embeds a
subset of the font (CFF outlines, written as FontFile3), so a PDF shows the
same on every reader and its text can be selected, searched and read aloud.

A missing CJK font is a set-up fault, not something to paper over with
boxes: ``cjk_font()`` raises ``MissingCJKFont`` naming the package to install.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

NOTO_DIRS = ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk"]
REGULAR = ("NotoSansCJK-Regular.ttc", 2)
BOLD = ("NotoSansCJK-Bold.ttc", 2)
# Noto's .ttc files hold JP, KR, SC, TC and HK faces in that order: Simplified
# text is set in the SC face, Traditional in the TC face (its glyph shapes).
FACE_INDEX = {"zh-TW": 3, "zh-Hant": 3, "zh-HK": 4}

FAMILY = "cjk"


class MissingCJKFont(RuntimeError):
    pass


@dataclass(frozen=True)
class CJKFont:
    regular: Path
    bold: Path
    index: int


@cache
def cjk_font() -> CJKFont:
    """The installed Noto Sans CJK faces; ``settings.CJK_FONT_DIR`` first if set."""
    dirs = [getattr(settings, "CJK_FONT_DIR", None), *NOTO_DIRS]
    for folder in filter(None, dirs):
        regular, bold = Path(folder) / REGULAR[0], Path(folder) / BOLD[0]
        if regular.exists():
            return CJKFont(regular=regular, bold=bold if bold.exists() else regular, index=REGULAR[1])
    raise MissingCJKFont(
        "No CJK font found for PDF documents. Install Debian's fonts-noto-cjk "
        "(apt-get install fonts-noto-cjk) or set CJK_FONT_DIR to a folder holding "
        f"{REGULAR[0]} and {BOLD[0]}."
    )


def a4_document(
    title: str = "", author: str = "", language: str = "zh-CN", created: datetime | None = None
) -> FPDF:
    """An empty A4 portrait document (millimetres) with the CJK font loaded as
    family ``"cjk"`` (styles "" and "B"), ready for ``add_page()``.
    ``language`` is a BCP 47 tag ("zh-CN", "zh-TW", "en"); it picks the face."""
    font = cjk_font()
    index = FACE_INDEX.get(language, font.index)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", str(font.regular), collection_font_number=index)
    pdf.add_font(FAMILY, "B", str(font.bold), collection_font_number=index)
    pdf.set_font(FAMILY, size=11)
    pdf.set_lang(language)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
        pdf.set_creator(author)
    if created is not None:
        # A fixed date gives the same bytes for the same content (demo files).
        pdf.set_creation_date(created)
    pdf.set_auto_page_break(auto=True, margin=18)
    return pdf
