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


# ---------------------------------------------------------------- lines that break where a reader expects
# Chinese breaks between characters, but a printed line should rather end after
# a comma or full stop and keep a phrase such as "满分 100 分" whole; a space
# next to a Chinese character is part of the phrase, not a place to break.
# English breaks at spaces; a web address has none and stays on one line.
_OPENING = "（(《「『“‘["
_CLOSING = "，。、；：！？）》」』”’"
# A phrase that must stay on one line whatever the language ("95 out of 100",
# "95 分（满分 100 分）") is marked by keep_together(): its spaces become no-break
# spaces and a word joiner sits between its characters. phrases() never
# breaks at either, and printable() turns them back before measuring and drawing
# (a joiner has no glyph in Noto; a no-break space is as wide as a space).
NO_BREAK_SPACE, WORD_JOINER = "\u00a0", "\u2060"


def keep_together(text: str) -> str:
    """``text`` as one unbreakable phrase for wrap() and paragraph()."""
    return WORD_JOINER.join(text.replace(" ", NO_BREAK_SPACE))


def printable(text: str) -> str:
    return text.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ")


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


def phrases(text: str) -> list[str]:
    """``text`` cut where a line may break; each piece keeps its trailing spaces."""
    pieces, start = [], 0
    for i in range(1, len(text)):
        before, char = text[i - 1], text[i]
        if char == " " or char in _CLOSING or WORD_JOINER in (before, char):
            continue
        if before == " ":
            word_end = text[:i].rstrip()
            breaks = bool(word_end) and not _is_cjk(word_end[-1]) and not _is_cjk(char)
        else:
            breaks = (char in _OPENING and before not in _OPENING) or before in _CLOSING
        if breaks:
            pieces.append(text[start:i])
            start = i
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]


def wrap(document: FPDF, text: str, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` at the document's current font,
    broken between phrases; a phrase wider than a line on its own is cut by character."""
    lines, line = [], ""
    for piece in (printable(piece) for piece in phrases(text)):
        if document.get_string_width((line + piece).rstrip()) <= width:
            line += piece
            continue
        if line:
            lines.append(line.rstrip())
            line = ""
        while document.get_string_width(piece.rstrip()) > width:
            cut = 1
            while cut < len(piece) and document.get_string_width(piece[:cut + 1]) <= width:
                cut += 1
            lines.append(piece[:cut])
            piece = piece[cut:]
        line = piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fitting_size(document: FPDF, text: str, width: float, size: float, smallest: float, style: str = "") -> float:
    """Sets and returns the largest font size from ``size`` down to ``smallest`` at
    which every phrase of ``text`` fits ``width``: a long name or address gets
    smaller rather than cut."""
    pieces = [printable(piece).rstrip() for piece in phrases(text)]
    while size > smallest:
        document.set_font(FAMILY, style, size=size)
        if all(document.get_string_width(piece) <= width for piece in pieces):
            return size
        size -= 0.5
    document.set_font(FAMILY, style, size=smallest)
    return smallest


def paragraph(document: FPDF, text: str, x: float, width: float, size: float, smallest: float | None = None,
              style: str = "", line_height: float = 1.5, align: str = "C") -> None:
    """``text`` from the current y, in lines inside [x, x + width]: the font made
    smaller (down to ``smallest``) until no phrase needs cutting, then wrapped by phrase."""
    fitting_size(document, text, width, size, smallest or size, style)
    height = document.font_size * line_height
    for line in wrap(document, text, width):
        document.set_x(x)
        document.cell(width, height, line, align=align, new_x="LMARGIN", new_y="NEXT")
