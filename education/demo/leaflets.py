"""Demo leaflets: two-sided A4 PDFs with real text (core/pdf.py).

The front carries the title, who it is for and the points inside; the back
the sections in full and where to get help. Everything is text and vector
shapes, so the file is small, prints sharp at any size and its words can be
selected, searched and read aloud.
"""

from datetime import UTC, datetime

from core.pdf import FAMILY, a4_document

# The site's palette (static/css/core.css), as RGB.
NAVY = (15, 52, 96)
TEAL = (11, 110, 112)
TEXT = (27, 42, 65)
MUTED = (74, 90, 110)
TINT = (242, 246, 249)
COLOURS = {
    "teal": (TEAL, (230, 243, 242)),
    "green": ((46, 110, 64), (234, 243, 235)),
    "navy": (NAVY, (231, 237, 245)),
}
# A fixed date: the same leaflet gives the same bytes.
CREATED = datetime(2026, 6, 1, tzinfo=UTC)


def leaflet_pdf(leaflet: dict, org: str, language: str) -> bytes:
    """``leaflet``: title, audience, sections [(heading, text)], help_lines
    [(label, number)], colour. ``language``: "zh-hans", "zh-hant" or "en"."""
    dark, light = COLOURS.get(leaflet["colour"], COLOURS["teal"])
    chinese = language != "en"
    if not chinese:
        # The CJK face draws curly quotes full width; English reads better straight.
        leaflet = _straight_quotes(leaflet)
    wrap = "CHAR" if chinese else "WORD"
    tag = {"zh-hans": "zh-CN", "zh-hant": "zh-TW"}.get(language, "en")
    pdf = a4_document(leaflet["title"], org, tag, created=CREATED)
    margin = 18
    pdf.set_margins(margin, margin, margin)
    width = pdf.epw

    # ---------------------------------------------------------------- front
    pdf.add_page()
    pdf.set_fill_color(*dark)
    pdf.rect(0, 0, 210, 128, style="F")
    # A calm emblem: two overlapping rings, the office's "protect" mark.
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(1.6)
    pdf.circle(x=150, y=24, radius=22)
    pdf.circle(x=168, y=40, radius=14)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FAMILY, size=11)
    pdf.set_xy(margin, 20)
    pdf.cell(text=org)
    pdf.set_xy(margin, 70)
    pdf.set_font(FAMILY, "B", size=30 if chinese else 26)
    pdf.multi_cell(width, 13, leaflet["title"], align="L", wrapmode=wrap)
    pdf.set_font(FAMILY, size=13)
    pdf.set_x(margin)
    pdf.multi_cell(width, 7, leaflet["audience"], align="L", wrapmode=wrap)

    pdf.set_text_color(*TEXT)
    pdf.set_xy(margin, 142)
    pdf.set_font(FAMILY, "B", size=14)
    pdf.cell(text={"zh-hans": "本册要点", "zh-hant": "本冊要點"}.get(language, "Inside"))
    pdf.ln(11)
    for number, (heading, _text) in enumerate(leaflet["sections"], start=1):
        y = pdf.get_y()
        pdf.set_fill_color(*dark)
        pdf.circle(x=margin + 4, y=y + 4, radius=4, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(FAMILY, "B", size=10)
        pdf.set_xy(margin, y + 1)
        pdf.cell(8, 6, str(number), align="C")
        pdf.set_text_color(*TEXT)
        pdf.set_font(FAMILY, size=13)
        pdf.set_xy(margin + 12, y)
        pdf.multi_cell(width - 12, 8, heading, align="L", wrapmode=wrap)
        pdf.ln(3)

    _help_box(pdf, leaflet, light, dark, wrap, y=232)

    # ---------------------------------------------------------------- back
    pdf.add_page()
    pdf.set_fill_color(*dark)
    pdf.rect(0, 0, 210, 14, style="F")
    pdf.set_text_color(*TEXT)
    pdf.set_xy(margin, 24)
    pdf.set_font(FAMILY, "B", size=18)
    pdf.multi_cell(width, 9, leaflet["title"], align="L", wrapmode=wrap)
    pdf.ln(4)
    for heading, text in leaflet["sections"]:
        pdf.set_draw_color(*dark)
        pdf.set_line_width(0.8)
        y = pdf.get_y()
        pdf.line(margin, y + 1, margin, y + 7)
        pdf.set_x(margin + 4)
        pdf.set_text_color(*dark)
        pdf.set_font(FAMILY, "B", size=13)
        pdf.multi_cell(width - 4, 8, heading, align="L", wrapmode=wrap)
        pdf.set_text_color(*TEXT)
        pdf.set_font(FAMILY, size=11)
        pdf.set_x(margin + 4)
        pdf.multi_cell(width - 4, 6.6, text, align="L", wrapmode=wrap)
        pdf.ln(5)
    _help_box(pdf, leaflet, light, dark, wrap, y=max(pdf.get_y() + 4, 232))
    # The note sits in the bottom margin: no automatic page break for it.
    pdf.set_auto_page_break(False)
    pdf.set_xy(margin, 297 - 14)
    pdf.set_font(FAMILY, size=8)
    pdf.set_text_color(*MUTED)
    pdf.cell(width, 5, leaflet["note"], align="C")
    return bytes(pdf.output())


def _help_box(pdf, leaflet, light, dark, wrap, y):
    margin = pdf.l_margin
    pdf.set_fill_color(*light)
    pdf.rect(margin, y, pdf.epw, 40, style="F", round_corners=True, corner_radius=3)
    pdf.set_xy(margin + 6, y + 5)
    pdf.set_text_color(*dark)
    pdf.set_font(FAMILY, "B", size=13)
    pdf.cell(text=leaflet["help_title"])
    column = (pdf.epw - 12) / max(len(leaflet["help_lines"]), 1)
    for n, (label, number) in enumerate(leaflet["help_lines"]):
        x = margin + 6 + n * column
        pdf.set_xy(x, y + 15)
        pdf.set_font(FAMILY, "B", size=20)
        pdf.set_text_color(*dark)
        pdf.cell(column, 9, number)
        pdf.set_xy(x, y + 26)
        pdf.set_font(FAMILY, size=9)
        pdf.set_text_color(*TEXT)
        pdf.multi_cell(column - 4, 5, label, align="L", wrapmode=wrap)


def _straight_quotes(value):
    if isinstance(value, str):
        return value.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    if isinstance(value, dict):
        return {k: _straight_quotes(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_straight_quotes(v) for v in value)
    return value
