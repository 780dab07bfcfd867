"""Demo pictures and leaflets, drawn with Pillow so the demo needs no downloads.

Every picture is a plain graphic (colour field, a few shapes, big words) in the
office's palette. Words are drawn only when a CJK font is installed; without
one the pictures are shapes only and the command still works.

Leaflets are written as PDF by Pillow itself (one page per leaflet side), so no
PDF library is needed.
"""

import io
import math
import random
import zlib
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = [
    # (path, face index of Simplified Chinese in the collection)
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
]

# Palette: deep teal and navy for sober pages, warm red and amber for warnings.
PALETTE = {
    "teal": ((0, 92, 99), (0, 137, 123)),
    "navy": ((19, 41, 75), (41, 80, 140)),
    "red": ((150, 22, 30), (208, 52, 44)),
    "amber": ((176, 96, 0), (230, 150, 30)),
    "green": ((27, 94, 32), (67, 150, 71)),
    "purple": ((74, 20, 140), (123, 73, 190)),
    "slate": ((38, 50, 56), (84, 110, 122)),
}


@cache
def _font_path():
    for path, index in FONT_CANDIDATES:
        if Path(path).exists():
            try:
                ImageFont.truetype(path, 20, index=index)
            except OSError:
                continue
            return path, index
    return None


@lru_cache(maxsize=64)
def _font(size):
    found = _font_path()
    if found is None:
        return None
    return ImageFont.truetype(found[0], size, index=found[1])


def has_cjk_font() -> bool:
    return _font_path() is not None


def _gradient(size, top, bottom):
    """A vertical gradient, built as a 1-pixel-wide strip and stretched (fast)."""
    width, height = size
    strip = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(height - 1, 1)
        strip.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return strip.resize((width, height))


def _decorate(img, seed, accent=(255, 255, 255)):
    """Soft translucent circles and a diagonal band, placed from a seed."""
    rng = random.Random(seed)
    width, height = img.size
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(5):
        r = rng.randint(min(width, height) // 8, min(width, height) // 2)
        x = rng.randint(-r // 2, width)
        y = rng.randint(-r // 2, height)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=accent + (rng.randint(14, 34),))
    band = rng.randint(height // 3, height)
    draw.polygon(
        [(0, band), (width, band - width // 3), (width, band - width // 3 + 40), (0, band + 40)],
        fill=accent + (28,),
    )
    return Image.alpha_composite(img.convert("RGBA"), overlay).convert("RGB")


def _text(draw, xy, text, size, fill=(255, 255, 255), anchor="la", max_width=None):
    """Draw text if a font exists; shrink it to fit ``max_width``."""
    font = _font(size)
    if font is None or not text:
        return 0
    if max_width:
        while size > 14 and draw.textlength(text, font=font) > max_width:
            size = int(size * 0.9)
            font = _font(size)
    draw.text(xy, text, font=font, fill=fill, anchor=anchor)
    return size


def _wrap(draw, text, size, max_width):
    """Split Chinese or English text into lines no wider than max_width."""
    font = _font(size)
    if font is None:
        return []
    lines, line = [], ""
    tokens = text.split(" ") if text.isascii() else list(text)
    joiner = " " if text.isascii() else ""
    for token in tokens:
        candidate = f"{line}{joiner}{token}" if line else token
        if draw.textlength(candidate, font=font) <= max_width:
            line = candidate
        else:
            lines.append(line)
            line = token
    if line:
        lines.append(line)
    return lines


def _no_symbol(draw, cx, cy, r, colour=(255, 255, 255), width=None):
    """The prohibition sign (circle with a bar): the universal 'no drugs' mark."""
    width = width or max(r // 6, 4)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=width)
    dx = dy = r * math.cos(math.pi / 4)
    draw.line((cx - dx, cy - dy, cx + dx, cy + dy), fill=colour, width=width)


def _save(img, fmt="JPEG"):
    buffer = io.BytesIO()
    if fmt == "JPEG":
        img.save(buffer, "JPEG", quality=84, optimize=True, progressive=True)
    else:
        img.save(buffer, fmt)
    return buffer.getvalue()


def banner(title, subtitle="", colour="teal", seed=0, size=(1200, 630), mark=True):
    """A listing / hero picture: colour field, shapes, a big title. JPEG bytes."""
    top, bottom = PALETTE[colour]
    img = _decorate(_gradient(size, top, bottom), seed)
    draw = ImageDraw.Draw(img)
    width, height = size
    if mark:
        _no_symbol(draw, width - height // 3, height // 2, height // 4, (255, 255, 255))
    margin = width // 14
    text_width = width - margin * 2 - (height // 2 if mark else 0)
    # One big line when the title fits; else up to three wrapped lines, so a
    # long news headline stays readable in a thumbnail.
    size, lines = height // 6, [title]
    font = _font(size)
    if font is not None and draw.textlength(title, font=font) > text_width:
        size = height // 11
        lines = _wrap(draw, title, size, text_width)
        while len(lines) > 3 and size > 14:
            size = int(size * 0.9)
            lines = _wrap(draw, title, size, text_width)
        # Balance the lines (no one-character last line): narrow the box while
        # the line count stays the same.
        for narrower in range(text_width, text_width // 2, -20):
            candidate = _wrap(draw, title, size, narrower)
            if len(candidate) > len(lines):
                break
            lines = candidate
    line_height = int(size * 1.3)
    baseline = height // 2 - height // 14 - line_height * (len(lines) - 1)
    for n, line in enumerate(lines):
        _text(draw, (margin, baseline + n * line_height), line, size, anchor="ls",
              max_width=text_width)
    if subtitle:
        _text(draw, (margin, height // 2 + height // 10), subtitle, height // 16,
              fill=(255, 255, 255), anchor="ls", max_width=text_width)
    draw.rectangle((margin, height - height // 8, margin + width // 6, height - height // 8 + 8),
                   fill=(255, 255, 255))
    return _save(img)


def poster(headline, lines, footer, colour="red", seed=0, size=(1000, 1414)):
    """A portrait poster in A-series proportions. JPEG bytes."""
    top, bottom = PALETTE[colour]
    img = _decorate(_gradient(size, top, bottom), seed)
    draw = ImageDraw.Draw(img)
    width, height = size
    _no_symbol(draw, width // 2, height // 4, width // 5, (255, 255, 255), width=width // 40)
    margin = width // 10
    y = height // 2 - height // 40
    for headline_line in headline.split("\n"):
        _text(draw, (width // 2, y), headline_line, width // 9, anchor="ms",
              max_width=width - margin * 2)
        y += width // 8
    y += height // 60
    draw.rectangle((width // 2 - width // 8, y, width // 2 + width // 8, y + 6), fill=(255, 255, 255))
    y += height // 16
    for line in lines:
        _text(draw, (width // 2, y), line, width // 22, fill=(255, 244, 230), anchor="ms",
              max_width=width - margin * 2)
        y += width // 14
    draw.rectangle((0, height - height // 10, width, height), fill=(255, 255, 255))
    _text(draw, (width // 2, height - height // 22), footer, width // 28, fill=top, anchor="ms",
          max_width=width - margin)
    return _save(img)


def leaflet_pages(title, sections, footer, colour="teal", size=(1240, 1754)):
    """Two A4 pages at 150 dpi: a cover and a page of short sections. PIL images."""
    top, bottom = PALETTE[colour]
    width, height = size
    cover = _decorate(_gradient(size, top, bottom), zlib.crc32(title.encode()) % 1000)
    draw = ImageDraw.Draw(cover)
    _no_symbol(draw, width // 2, height // 3, width // 5, (255, 255, 255), width=width // 40)
    _text(draw, (width // 2, height * 2 // 3), title, width // 12, anchor="ms",
          max_width=width - width // 6)
    _text(draw, (width // 2, height - height // 12), footer, width // 32, anchor="ms",
          max_width=width - width // 8)

    inside = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(inside)
    draw.rectangle((0, 0, width, height // 14), fill=top)
    _text(draw, (width // 16, height // 20), title, width // 26, anchor="ls",
          max_width=width - width // 8)
    margin = width // 12
    y = height // 14 + height // 20
    body_size = width // 40
    for heading, text in sections:
        _text(draw, (margin, y), heading, width // 30, fill=top, anchor="ls")
        y += width // 24
        for line in _wrap(draw, text, body_size, width - margin * 2):
            _text(draw, (margin, y), line, body_size, fill=(33, 33, 33), anchor="ls")
            y += int(body_size * 1.6)
        y += width // 30
        if not has_cjk_font():
            # No words: draw grey bars where the text would be.
            draw.rectangle((margin, y - 60, width - margin, y - 40), fill=(224, 224, 224))
    _text(draw, (width // 2, height - height // 30), footer, width // 44, fill=(97, 97, 97),
          anchor="ms", max_width=width - margin * 2)
    return [cover, inside]


def leaflet_pdf(pages):
    """Pillow writes the pages as one PDF (JPEG-compressed). PDF bytes."""
    buffer = io.BytesIO()
    first, *rest = pages
    first.save(buffer, "PDF", resolution=150, save_all=True, append_images=rest, quality=80)
    return buffer.getvalue()


def leaflet_preview(pages, size=(1000, 1414)):
    """The cover page, scaled for the material library. JPEG bytes."""
    return _save(pages[0].resize(size))
