"""Demo posters and leaflet covers: pictures with words, drawn with Pillow.

A poster is a print product, so its words belong in the picture; it is drawn
at the full pixel size of the paper it is offered for at 150 dpi
(education.choices.PrintSize), so "A2" is true. The illustration on top is
one of education.demo.illustrations' scenes. Leaflet covers are the preview
of a PDF's front page, in the leaflet's language.
"""

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from core.pdf import FACE_INDEX, cjk_font

from . import illustrations
from .leaflets import COLOURS as LEAFLET_COLOURS

PANEL = {
    "red": (150, 34, 30),
    "navy": (15, 52, 96),
    "amber": (150, 86, 20),
    "slate": (44, 60, 78),
    "purple": (84, 56, 130),
    "teal": (11, 110, 112),
}


@lru_cache(maxsize=64)
def _font(size: int, bold: bool = True, index: int | None = None):
    font = cjk_font()
    path = font.bold if bold else font.regular
    return ImageFont.truetype(str(path), size, index=font.index if index is None else index)


def _fit(draw, text, size, max_width, bold=True, index=None):
    while size > 12 and draw.textlength(text, font=_font(size, bold, index)) > max_width:
        size = int(size * 0.94)
    return _font(size, bold, index)


def poster(headline: str, lines: list[str], footer: str, scene: str, colour: str, size) -> Image.Image:
    """A portrait poster ``size`` pixels big: the scene, the headline, the
    lines, and the office's name in a white band at the foot."""
    width, height = size
    art_height = int(height * 0.46)
    img = Image.new("RGB", size, PANEL[colour])
    # Big enough without supersampling: a poster's pixels are small on paper.
    art = illustrations.Canvas((width, art_height), illustrations.SCENES[scene].background, seed=7, supersample=1)
    illustrations.SCENES[scene].draw(art)
    img.paste(art.finish(), (0, 0))
    draw = ImageDraw.Draw(img)
    margin = width // 12
    y = art_height + height // 20
    for line in headline.split("\n"):
        font = _fit(draw, line, width // 9, width - 2 * margin)
        draw.text((width // 2, y), line, font=font, fill=(255, 255, 255), anchor="mt")
        y += int(font.size * 1.25)
    y += height // 60
    draw.rectangle((width // 2 - width // 10, y, width // 2 + width // 10, y + max(height // 300, 4)),
                   fill=(255, 214, 150))
    y += height // 28
    for line in lines:
        font = _fit(draw, line, width // 24, width - 2 * margin, bold=False)
        draw.text((width // 2, y), line, font=font, fill=(255, 244, 230), anchor="mt")
        y += int(font.size * 1.7)
    band = height - height // 12
    draw.rectangle((0, band, width, height), fill=(255, 255, 255))
    font = _fit(draw, footer, width // 34, width - 2 * margin)
    draw.text((width // 2, (band + height) // 2), footer, font=font, fill=PANEL[colour], anchor="mm")
    return img


def leaflet_cover(leaflet: dict, org: str, language: str = "zh-hans", size=(1000, 1414)) -> Image.Image:
    """The front page of a leaflet (education.demo.leaflets), as a picture."""
    index = FACE_INDEX["zh-TW"] if language == "zh-hant" else None
    width, height = size
    dark, light = LEAFLET_COLOURS.get(leaflet["colour"], LEAFLET_COLOURS["teal"])
    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    unit = width / 210  # pixels per millimetre of A4
    draw.rectangle((0, 0, width, int(128 * unit)), fill=dark)
    for cx, cy, r in ((150, 24, 22), (168, 40, 14)):
        draw.ellipse(((cx - r) * unit, (cy - r) * unit, (cx + r) * unit, (cy + r) * unit),
                     outline=(255, 255, 255), width=max(int(1.6 * unit), 2))
    margin = 18 * unit
    draw.text((margin, 20 * unit), org, font=_font(int(4 * unit), False, index), fill=(255, 255, 255))
    title_font = _fit(draw, leaflet["title"], int(11 * unit), width - 2 * margin, index=index)
    draw.text((margin, 70 * unit), leaflet["title"], font=title_font, fill=(255, 255, 255))
    audience_font = _fit(draw, leaflet["audience"], int(4.6 * unit), width - 2 * margin, False, index)
    draw.text((margin, 70 * unit + title_font.size * 1.5), leaflet["audience"], font=audience_font,
              fill=(255, 255, 255))
    y = 150 * unit
    for number, (heading, _text) in enumerate(leaflet["sections"], start=1):
        r = 4 * unit
        draw.ellipse((margin, y, margin + 2 * r, y + 2 * r), fill=dark)
        draw.text((margin + r, y + r), str(number), font=_font(int(3.6 * unit)), fill=(255, 255, 255), anchor="mm")
        font = _fit(draw, heading, int(4.6 * unit), width - 2 * margin - 12 * unit, False, index)
        draw.text((margin + 12 * unit, y + r), heading, font=font, fill=(27, 42, 65), anchor="lm")
        y += 12 * unit
    box = (margin, 232 * unit, width - margin, 272 * unit)
    draw.rounded_rectangle(box, radius=int(3 * unit), fill=light)
    column = (box[2] - box[0] - 12 * unit) / max(len(leaflet["help_lines"]), 1)
    for n, (_label, number) in enumerate(leaflet["help_lines"]):
        draw.text((box[0] + 6 * unit + n * column, 248 * unit), number, font=_font(int(7 * unit)), fill=dark)
    return img
