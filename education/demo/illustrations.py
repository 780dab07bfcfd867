"""Demo illustrations, drawn with Pillow: what a drug looks like, by its form,
and simple scenes for articles and news. No words are drawn, so a picture
serves every language; each scene has alt text in Chinese and English.

Scenes are drawn in a 1200×630 design space, centred on any canvas (the
background fills it all), twice the size and scaled down for smooth edges.
The palette is the site's: calm tints, navy, teal, a little warm accent.
"""

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

DESIGN_W, DESIGN_H = 1200, 630
SUPERSAMPLE = 2

NAVY = (15, 52, 96)
NAVY_DARK = (10, 37, 64)
TEAL = (11, 110, 112)
TEAL_LIGHT = (120, 186, 182)
RED = (179, 38, 30)
AMBER = (226, 160, 58)
INK = (40, 52, 66)
WHITE = (255, 255, 255)
SKINS = [(241, 200, 160), (224, 172, 128), (198, 140, 98), (232, 186, 146)]
HAIRS = [(40, 34, 30), (62, 44, 32), (28, 28, 34), (88, 64, 44)]
SHIRTS = [TEAL, NAVY, (96, 150, 196), AMBER, (120, 160, 110), (196, 110, 96), (150, 120, 180)]

BACKGROUNDS = {
    "teal": ((232, 244, 243), (204, 230, 228)),
    "navy": ((234, 240, 247), (206, 219, 236)),
    "sand": ((248, 243, 233), (236, 225, 205)),
    "sage": ((238, 245, 236), (214, 231, 212)),
    "rose": ((250, 240, 238), (239, 219, 214)),
    "slate": ((237, 241, 245), (212, 221, 230)),
    "sky": ((226, 239, 250), (247, 240, 226)),
}


class Canvas:
    """Draws in design units; ``finish`` gives the picture at its real size."""

    def __init__(self, size, background, seed=0, supersample=SUPERSAMPLE):
        self.size = size
        self.ss = supersample
        w, h = size[0] * supersample, size[1] * supersample
        top, bottom = BACKGROUNDS[background]
        strip = Image.new("RGB", (1, h))
        for y in range(h):
            t = y / max(h - 1, 1)
            strip.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
        self.img = strip.resize((w, h))
        self.draw = ImageDraw.Draw(self.img, "RGBA")
        self.k = min(w / DESIGN_W, h / DESIGN_H)
        self.ox = (w - DESIGN_W * self.k) / 2
        self.oy = (h - DESIGN_H * self.k) / 2
        self.rng = random.Random(seed)

    # ------------------------------------------------------------ coordinates
    def p(self, x, y):
        return (self.ox + x * self.k, self.oy + y * self.k)

    def s(self, v):
        return max(1, round(v * self.k))

    def box(self, x0, y0, x1, y1):
        (a, b), (c, d) = self.p(x0, y0), self.p(x1, y1)
        return (min(a, c), min(b, d), max(a, c), max(b, d))

    # ------------------------------------------------------------ shapes
    def ellipse(self, cx, cy, rx, ry, fill=None, outline=None, width=0):
        self.draw.ellipse(self.box(cx - rx, cy - ry, cx + rx, cy + ry), fill=fill, outline=outline,
                          width=self.s(width) if width else 0)

    def circle(self, cx, cy, r, fill=None, outline=None, width=0):
        self.ellipse(cx, cy, r, r, fill, outline, width)

    def rect(self, x0, y0, x1, y1, fill=None, radius=0, outline=None, width=0):
        self.draw.rounded_rectangle(self.box(x0, y0, x1, y1), radius=self.s(radius) if radius else 0,
                                    fill=fill, outline=outline, width=self.s(width) if width else 0)

    def poly(self, points, fill=None, outline=None, width=0):
        pts = [self.p(x, y) for x, y in points]
        self.draw.polygon(pts, fill=fill)
        if outline:
            self.draw.line(pts + pts[:1], fill=outline, width=self.s(width or 2), joint="curve")

    def line(self, points, fill, width):
        self.draw.line([self.p(x, y) for x, y in points], fill=fill, width=self.s(width), joint="curve")

    def arc(self, cx, cy, r, start, end, fill, width):
        self.draw.arc(self.box(cx - r, cy - r, cx + r, cy + r), start, end, fill=fill, width=self.s(width))

    def pieslice(self, cx, cy, rx, ry, start, end, fill):
        self.draw.pieslice(self.box(cx - rx, cy - ry, cx + rx, cy + ry), start, end, fill=fill)

    def capsule(self, x0, y0, x1, y1, thickness, fill):
        """A rounded bar from (x0, y0) to (x1, y1)."""
        self.line([(x0, y0), (x1, y1)], fill, thickness)
        self.circle(x0, y0, thickness / 2, fill)
        self.circle(x1, y1, thickness / 2, fill)

    def rotated(self, cx, cy, points, angle):
        a = math.radians(angle)
        return [(cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)) for x, y in points]

    def shadow(self, cx, cy, rx, ry, alpha=40):
        self.ellipse(cx, cy, rx, ry, fill=(20, 40, 60, alpha))

    def halo(self, cx=600, cy=315, r=260, colour=WHITE, alpha=150):
        self.circle(cx, cy, r, fill=colour + (alpha,))

    def finish(self):
        img = self.img.resize(self.size, Image.LANCZOS) if self.ss > 1 else self.img
        return img


# ---------------------------------------------------------------- building blocks
def person(c, x, ground, height=220, shirt=TEAL, skin=None, hair=None, long_hair=False, vest=None):
    """A friendly flat figure standing on ``ground``, centred on ``x``."""
    skin = skin or c.rng.choice(SKINS)
    hair = hair or c.rng.choice(HAIRS)
    head = height * 0.16
    body_top = ground - height * 0.62
    c.rect(x - height * 0.16, body_top, x + height * 0.16, ground, fill=shirt, radius=height * 0.12)
    if vest:
        c.rect(x - height * 0.16, body_top + height * 0.05, x - height * 0.05, ground - height * 0.1, fill=vest)
        c.rect(x + height * 0.05, body_top + height * 0.05, x + height * 0.16, ground - height * 0.1, fill=vest)
    c.rect(x - height * 0.035, body_top - height * 0.06, x + height * 0.035, body_top + height * 0.03, fill=skin)
    hy = body_top - head - height * 0.02
    if long_hair:
        c.rect(x - head * 1.05, hy - head * 0.2, x + head * 1.05, hy + head * 1.3, fill=hair, radius=head * 0.8)
    c.circle(x, hy, head, fill=skin)
    # Hair over the top third of the head, leaving the face open.
    c.draw.chord(c.box(x - head * 1.04, hy - head * 1.06, x + head * 1.04, hy + head * 1.02), 195, 345, fill=hair)


def seated_back(c, x, y, size=60, shirt=NAVY, hair=None):
    """A pupil seen from behind: shoulders and the back of the head."""
    hair = hair or c.rng.choice(HAIRS)
    c.pieslice(x, y + size * 1.2, size * 0.95, size * 0.8, 180, 360, fill=shirt)
    c.circle(x, y + size * 0.2, size * 0.5, fill=hair)


def tree(c, x, ground, height=160, colour=(104, 160, 110)):
    c.rect(x - height * 0.04, ground - height * 0.45, x + height * 0.04, ground, fill=(140, 104, 76))
    c.circle(x, ground - height * 0.62, height * 0.3, fill=colour)
    c.circle(x - height * 0.18, ground - height * 0.5, height * 0.22, fill=colour)
    c.circle(x + height * 0.18, ground - height * 0.5, height * 0.22, fill=colour)


def building(c, x0, ground, w, h, colour, window=(255, 255, 255, 170), rows=None):
    c.rect(x0, ground - h, x0 + w, ground, fill=colour)
    rows = rows or max(int(h / 46), 1)
    cols = max(int(w / 40), 1)
    for r in range(rows):
        for col in range(cols):
            wx = x0 + (col + 0.5) * w / cols
            wy = ground - h + 22 + r * (h - 30) / rows
            c.rect(wx - 8, wy, wx + 8, wy + 14, fill=window)


def skyline(c, ground, colour=(196, 214, 228)):
    x = -40
    while x < 1240:
        w = c.rng.randint(60, 120)
        h = c.rng.randint(90, 230)
        building(c, x, ground, w, h, colour, window=(255, 255, 255, 120))
        x += w + c.rng.randint(4, 18)


def ground_band(c, y, colour=(220, 230, 222)):
    c.rect(-2000, y, 3200, 2000, fill=colour)


def heart(c, cx, cy, size, fill):
    c.circle(cx - size * 0.5, cy - size * 0.2, size * 0.55, fill=fill)
    c.circle(cx + size * 0.5, cy - size * 0.2, size * 0.55, fill=fill)
    c.poly([(cx - size * 1.03, cy), (cx + size * 1.03, cy), (cx, cy + size * 1.15)], fill=fill)


def handset(c, cx, cy, size, fill):
    """The telephone receiver symbol."""
    # A curved grip bulging to the upper left, the ear and mouth pieces at its ends.
    ox, oy, r = cx + size * 0.3, cy + size * 0.3, size * 0.72
    c.arc(ox, oy, r, 180, 270, fill, size * 0.3)
    c.capsule(ox - r, oy - size * 0.02, ox - r + size * 0.28, oy + size * 0.3, size * 0.36, fill)
    c.capsule(ox - size * 0.02, oy - r, ox + size * 0.3, oy - r + size * 0.28, size * 0.36, fill)


def warning_sign(c, cx, cy, size):
    c.poly([(cx, cy - size), (cx + size * 1.1, cy + size * 0.85), (cx - size * 1.1, cy + size * 0.85)], fill=AMBER)
    c.poly([(cx, cy - size * 0.68), (cx + size * 0.8, cy + size * 0.66), (cx - size * 0.8, cy + size * 0.66)],
           fill=(255, 244, 214))
    c.capsule(cx, cy - size * 0.3, cx, cy + size * 0.2, size * 0.16, INK)
    c.circle(cx, cy + size * 0.45, size * 0.1, fill=INK)


# ---------------------------------------------------------------- drug forms
def crystals(c):
    c.halo(r=250, alpha=120)
    c.shadow(600, 470, 330, 46, 60)
    c.ellipse(600, 450, 320, 60, fill=(52, 66, 84))
    c.ellipse(600, 442, 300, 50, fill=(70, 86, 106))
    shards = [(-210, 20, 150, 60, -18), (-120, 0, 210, 74, -6), (-30, 14, 250, 86, 4), (60, 4, 190, 70, 14),
              (150, 20, 140, 58, 24), (-160, 40, 90, 50, 30), (110, 40, 100, 52, -28), (230, 30, 80, 40, 8),
              (-250, 34, 70, 40, -30)]
    for dx, dy, h, w, tilt in shards:
        base_x, base_y = 600 + dx, 440 + dy
        outline = [(-w / 2, 0), (w / 2, 0), (w / 2, -h * 0.8), (0, -h), (-w / 2, -h * 0.8)]
        pts = c.rotated(base_x, base_y, outline, tilt)
        c.poly(pts, fill=(214, 232, 244, 235), outline=(150, 182, 206), width=2)
        left = c.rotated(base_x, base_y, [(-w / 2, 0), (0, 0), (0, -h), (-w / 2, -h * 0.8)], tilt)
        c.poly(left, fill=(255, 255, 255, 150))
        shine = c.rotated(base_x, base_y, [(-w * 0.3, -h * 0.2), (-w * 0.18, -h * 0.25), (-w * 0.18, -h * 0.7),
                                           (-w * 0.3, -h * 0.62)], tilt)
        c.poly(shine, fill=(255, 255, 255, 220))


def tablets(c):
    c.halo(r=255, alpha=130)
    colours = [(236, 150, 170), (140, 190, 230), (240, 210, 110), (150, 210, 160), (190, 160, 220),
               (236, 150, 170), (140, 190, 230)]
    spots = [(430, 300), (560, 240), (700, 280), (820, 350), (500, 420), (650, 410), (770, 470)]
    for (x, y), colour in zip(spots, colours, strict=True):
        c.shadow(x + 8, y + 36, 70, 18, 50)
        darker = tuple(int(v * 0.78) for v in colour)
        c.ellipse(x, y + 14, 72, 40, fill=darker)
        c.ellipse(x, y, 72, 40, fill=colour)
        c.ellipse(x - 14, y - 10, 36, 14, fill=(255, 255, 255, 90))
        # An embossed shape, as pressed tablets carry: a small star.
        star = []
        for i in range(10):
            r = 16 if i % 2 == 0 else 7
            a = math.radians(i * 36 - 90)
            star.append((x + r * math.cos(a) * 1.5, y + r * math.sin(a) * 0.85))
        c.poly(star, fill=darker + (200,))


def medicine(c):
    """A cough-syrup bottle with its measuring cup, and a blister strip of
    tablets: medicines from a pharmacy, as abused medicines look."""
    c.halo(r=255, alpha=130)
    # The bottle: brown glass, a white cap, a plain label.
    c.shadow(430, 520, 110, 20, 50)
    c.rect(340, 250, 520, 520, fill=(150, 82, 40, 235), radius=28)
    c.rect(380, 200, 480, 256, fill=(150, 82, 40, 235), radius=10)
    c.rect(372, 160, 488, 210, fill=(245, 245, 242), radius=10)
    c.rect(356, 320, 504, 450, fill=(250, 248, 240), radius=8)
    c.rect(376, 350, 484, 364, fill=(120, 170, 210))
    c.rect(376, 384, 460, 394, fill=(200, 200, 196))
    c.rect(376, 410, 470, 420, fill=(200, 200, 196))
    # The measuring cup beside it.
    c.shadow(590, 520, 50, 10, 40)
    c.poly([(550, 440), (630, 440), (618, 520), (562, 520)], fill=(255, 255, 255, 170), outline=(160, 180, 200), width=3)
    # A blister strip: two rows of round tablets under clear bubbles.
    c.shadow(820, 500, 170, 20, 40)
    c.rect(660, 300, 980, 480, fill=(214, 220, 228), radius=14)
    for row in range(2):
        for col in range(4):
            x, y = 712 + col * 76, 350 + row * 84
            c.circle(x, y, 28, fill=(255, 255, 255, 150), outline=(170, 180, 192), width=2)
            c.circle(x, y, 20, fill=(246, 246, 240))


def powder(c, colour):
    c.halo(r=260, alpha=120)
    c.shadow(600, 500, 360, 40, 50)
    c.rect(260, 360, 940, 500, fill=(46, 58, 72), radius=24)
    c.rect(270, 366, 930, 486, fill=(60, 74, 90), radius=20)
    light = tuple(min(255, v + 18) for v in colour)
    shade = tuple(int(v * 0.86) for v in colour)
    # The heap: a low, loose mound of grains, lit from the upper left.
    c.ellipse(520, 430, 175, 34, fill=shade)
    c.pieslice(520, 432, 165, 70, 180, 360, fill=colour)
    c.pieslice(490, 420, 80, 40, 190, 330, fill=light)
    for _ in range(160):
        a = c.rng.random() * math.pi
        r = c.rng.random() ** 0.5
        x, y = 520 + math.cos(a) * 175 * r, 434 - math.sin(a) * 70 * r * c.rng.random()
        c.circle(x, y, 2 + c.rng.random() * 3, fill=c.rng.choice([shade, light, colour]))
    for _ in range(60):
        x, y = 330 + c.rng.random() * 380, 436 + c.rng.random() * 34
        c.circle(x, y, 2 + c.rng.random() * 2.5, fill=colour)
    # Two lines of powder, as it is portioned.
    c.capsule(720, 400, 880, 392, 12, colour)
    c.capsule(720, 440, 880, 432, 12, colour)
    # A small clear bag of it.
    c.rect(760, 150, 930, 330, fill=(255, 255, 255, 110), radius=10, outline=(160, 180, 200), width=3)
    c.rect(760, 168, 930, 178, fill=(214, 90, 80))
    c.rect(776, 250, 914, 318, fill=colour, radius=16)


def leaf(c):
    c.halo(r=270, alpha=130)
    cx, cy = 600, 430
    green, dark = (76, 146, 80), (46, 104, 54)
    c.capsule(cx, cy, cx + 20, cy + 150, 14, dark)
    for length, angle in ((300, 0), (250, -28), (250, 28), (190, -58), (190, 58), (110, -92), (110, 92)):
        pts = []
        steps = 24
        for side in (1, -1):
            rng = range(steps + 1) if side == 1 else range(steps, -1, -1)
            for i in rng:
                t = i / steps
                width = 30 * math.sin(math.pi * t) ** 0.9 * (length / 300) ** 0.4
                tooth = 6 if i % 2 else 0
                pts.append((side * (width + tooth * math.sin(math.pi * t)), -t * length))
        c.poly(c.rotated(cx, cy, pts, angle), fill=green)
        rib = c.rotated(cx, cy, [(0, 0), (0, -length * 0.92)], angle)
        c.line(rib, dark, 4)


def gas(c):
    c.halo(r=260, alpha=130)
    for i, x in enumerate((430, 520, 610)):
        c.shadow(x, 500, 44, 10, 50)
        c.rect(x - 38, 300 + i * 6, x + 38, 500, fill=(176, 186, 196), radius=30)
        c.rect(x - 26, 310 + i * 6, x - 12, 490, fill=(232, 238, 244, 200), radius=6)
        c.rect(x - 12, 276 + i * 6, x + 12, 306 + i * 6, fill=(128, 138, 150), radius=6)
    # A balloon it is inhaled from.
    c.line([(820, 400), (800, 450), (830, 500), (810, 540)], (120, 130, 140), 3)
    c.ellipse(820, 280, 110, 130, fill=(140, 196, 232))
    c.ellipse(780, 230, 30, 46, fill=(255, 255, 255, 110))
    c.poly([(808, 408), (832, 408), (820, 390)], fill=(120, 176, 214))


def vape(c, liquid, extra=None):
    c.halo(r=260, alpha=130)
    c.shadow(600, 470, 300, 24, 45)
    angle = -20
    body = c.rotated(560, 360, [(-260, -34), (200, -34), (200, 34), (-260, 34)], angle)
    c.poly(body, fill=(58, 66, 78))
    c.poly(c.rotated(560, 360, [(-250, -26), (190, -26), (190, -14), (-250, -14)], angle), fill=(255, 255, 255, 40))
    pod = c.rotated(560, 360, [(200, -30), (300, -30), (300, 30), (200, 30)], angle)
    c.poly(pod, fill=(220, 230, 238, 230))
    c.poly(c.rotated(560, 360, [(212, -18), (288, -18), (288, 22), (212, 22)], angle), fill=liquid)
    tip = c.rotated(560, 360, [(300, -18), (360, -12), (360, 12), (300, 18)], angle)
    c.poly(tip, fill=(40, 44, 52))
    x, y = c.rotated(560, 360, [(-200, 0)], angle)[0]
    c.circle(x, y, 8, fill=(120, 220, 200))
    # Vapour drifting from the mouthpiece.
    vx, vy = c.rotated(560, 360, [(380, 0)], angle)[0]
    for i in range(7):
        c.circle(vx + 30 + i * 26, vy - 40 - i * 22 + (i % 2) * 14, 26 + i * 6, fill=(255, 255, 255, 120 - i * 10))
    if extra:
        extra(c)


def oil_bottle(c):
    c.shadow(330, 510, 60, 12, 50)
    c.rect(280, 380, 380, 510, fill=(176, 110, 40, 230), radius=16)
    c.rect(292, 420, 368, 496, fill=(255, 255, 255, 60), radius=8)
    c.rect(306, 330, 354, 382, fill=(40, 44, 52), radius=8)
    c.rect(318, 290, 342, 334, fill=(60, 66, 78), radius=10)


def herbs(c):
    c.shadow(360, 520, 150, 18, 40)
    for _ in range(60):
        x, y = 240 + c.rng.random() * 240, 470 + c.rng.random() * 50
        size = 8 + c.rng.random() * 14
        colour = c.rng.choice([(112, 124, 64), (140, 120, 70), (96, 110, 60), (160, 140, 90)])
        pts = c.rotated(x, y, [(-size, 0), (0, -size * 0.5), (size, 0), (0, size * 0.5)], c.rng.random() * 180)
        c.poly(pts, fill=colour)


def sachets(c):
    c.halo(r=270, alpha=130)
    colours = [((242, 176, 190), (255, 236, 180)), ((150, 200, 236), (255, 255, 255)), ((250, 204, 120), (236, 120, 96))]
    for i, ((base, motif), (x, angle)) in enumerate(zip(colours, ((380, -12), (560, 4), (740, 14)), strict=True)):
        y = 330 + abs(i - 1) * 20
        c.shadow(x + 10, 520, 100, 14, 40)
        outline = [(-80, -150)]
        for k in range(9):
            outline.append((-80 + k * 20, -160 if k % 2 else -150))
        outline += [(80, -150), (80, 150), (-80, 150)]
        c.poly(c.rotated(x, y, outline, angle), fill=base)
        mx, my = c.rotated(x, y, [(0, 10)], angle)[0]
        c.circle(mx, my, 48, fill=motif)
        c.circle(mx - 16, my - 8, 7, fill=INK)
        c.circle(mx + 16, my - 8, 7, fill=INK)
        c.arc(mx, my + 2, 22, 20, 160, INK, 5)
        c.poly(c.rotated(x, y, [(-80, 100), (80, 100), (80, 118), (-80, 118)], angle), fill=motif)
    # A cup of "milk tea" beside them.
    c.shadow(930, 520, 70, 12, 45)
    c.poly([(870, 330), (990, 330), (975, 515), (885, 515)], fill=(255, 255, 255, 200))
    c.poly([(876, 380), (984, 380), (975, 515), (885, 515)], fill=(214, 176, 136))
    for k in range(6):
        c.circle(900 + k * 12, 500 - (k % 2) * 10, 8, fill=(70, 50, 40))
    c.line([(950, 260), (935, 470)], (236, 120, 96), 12)


# ---------------------------------------------------------------- scenes
def encyclopedia(c):
    c.halo(r=270, alpha=120)
    c.shadow(600, 520, 340, 26, 45)
    c.poly([(270, 200), (600, 230), (600, 510), (270, 480)], fill=WHITE)
    c.poly([(600, 230), (930, 200), (930, 480), (600, 510)], fill=(248, 250, 252))
    c.line([(600, 230), (600, 510)], (200, 210, 220), 4)
    c.rect(260, 480, 940, 500, fill=NAVY, radius=6)
    # Pictures on the pages: a crystal, a tablet, a leaf, and lines of text-like bars.
    c.poly([(330, 300), (360, 250), (390, 300), (360, 330)], fill=(190, 214, 236))
    c.ellipse(470, 290, 40, 24, fill=(236, 150, 170))
    for k in range(4):
        c.rect(320, 360 + k * 26, 560 - k * 20, 370 + k * 26, fill=(210, 218, 228), radius=4)
    c.ellipse(700, 285, 20, 45, fill=(96, 160, 100))
    c.ellipse(740, 285, 20, 45, fill=(96, 160, 100))
    for k in range(5):
        c.rect(650, 350 + k * 24, 880 - (k % 2) * 40, 360 + k * 24, fill=(210, 218, 228), radius=4)
    # A magnifying glass over the right page.
    c.circle(860, 250, 80, fill=(255, 255, 255, 70), outline=NAVY, width=14)
    c.capsule(918, 308, 1000, 390, 26, NAVY)


def classroom(c):
    ground_band(c, 470, (226, 220, 206))
    c.rect(250, 90, 950, 380, fill=(140, 104, 76), radius=10)
    c.rect(266, 104, 934, 366, fill=(44, 84, 72), radius=4)
    # Chalk drawings: a shield and a heart, no writing.
    c.poly([(420, 160), (500, 180), (500, 250), (420, 310), (340, 250), (340, 180)], outline=WHITE, width=5)
    c.line([(385, 235), (415, 265), (465, 200)], WHITE, 7)
    heart(c, 640, 220, 44, (255, 255, 255, 220))
    for k in range(3):
        c.rect(760, 170 + k * 40, 880, 180 + k * 40, fill=(255, 255, 255, 170), radius=4)
    person(c, 1010, 470, 300, shirt=NAVY)
    c.rect(140, 500, 1060, 540, fill=(200, 164, 120), radius=8)
    for i, x in enumerate(range(200, 1000, 120)):
        seated_back(c, x, 420 + (i % 2) * 10, 62, shirt=SHIRTS[i % len(SHIRTS)])


def gathering(c):
    skyline(c, 400)
    ground_band(c, 400, (214, 228, 214))
    tree(c, 120, 430, 200)
    tree(c, 1090, 430, 220)
    # A canopy stall with a table of leaflets.
    c.line([(380, 190), (380, 430)], (120, 130, 140), 8)
    c.line([(820, 190), (820, 430)], (120, 130, 140), 8)
    for k in range(6):
        colour = TEAL if k % 2 == 0 else WHITE
        x0 = 360 + k * 80
        c.poly([(x0, 200), (x0 + 80, 200), (x0 + 80 - 10, 150), (x0 + 10, 150)], fill=colour)
        c.pieslice(x0 + 40, 200, 40, 18, 0, 180, fill=colour)
    c.rect(420, 330, 780, 430, fill=NAVY, radius=6)
    for k in range(4):
        c.rect(450 + k * 80, 318, 510 + k * 80, 332, fill=WHITE, radius=3)
    staff = [(500, NAVY), (700, TEAL)]
    for x, shirt in staff:
        person(c, x, 330, 170, shirt=shirt, vest=AMBER)
    for i, x in enumerate((230, 300, 880, 960, 1030)):
        person(c, x, 560, 230 - (i % 2) * 30, shirt=SHIRTS[(i + 2) % len(SHIRTS)], long_hair=i % 2 == 0)


def hotline(c):
    c.halo(r=270, alpha=120)
    c.shadow(600, 560, 160, 20, 50)
    c.rect(470, 60, 730, 560, fill=NAVY_DARK, radius=36)
    c.rect(488, 100, 712, 520, fill=(236, 244, 250), radius=14)
    c.circle(600, 540, 10, fill=(80, 100, 120))
    c.circle(600, 280, 78, fill=(46, 160, 110))
    handset(c, 600, 280, 60, WHITE)
    for r in (110, 140, 170):
        c.arc(600, 280, r, 300, 360, TEAL, 8)
        c.arc(600, 280, r, 180, 240, TEAL, 8)
    for k in range(3):
        c.rect(520, 400 + k * 30, 680 - k * 30, 412 + k * 30, fill=(200, 214, 228), radius=5)
    heart(c, 880, 170, 44, (214, 90, 80))
    heart(c, 330, 420, 30, (214, 90, 80, 200))


def law(c):
    c.halo(r=270, alpha=120)
    c.shadow(600, 540, 330, 24, 45)
    # A thick law book.
    c.rect(300, 400, 760, 520, fill=(246, 240, 226), radius=6)
    c.rect(290, 390, 770, 420, fill=(150, 34, 30), radius=6)
    c.rect(290, 500, 770, 530, fill=(150, 34, 30), radius=6)
    for k in range(5):
        c.line([(310, 432 + k * 14), (750, 432 + k * 14)], (214, 206, 188), 2)
    c.circle(530, 405, 12, fill=(226, 186, 90))
    # Scales of justice.
    gold, dark_gold = (214, 168, 72), (176, 132, 48)
    c.rect(844, 150, 860, 500, fill=dark_gold, radius=6)
    c.rect(800, 490, 904, 520, fill=dark_gold, radius=8)
    c.capsule(730, 170, 974, 170, 12, gold)
    c.circle(852, 150, 18, fill=gold)
    for x in (730, 974):
        c.line([(x, 170), (x - 50, 300)], dark_gold, 3)
        c.line([(x, 170), (x + 50, 300)], dark_gold, 3)
        c.pieslice(x, 296, 64, 36, 0, 180, fill=gold)


def family(c):
    ground_band(c, 500, (224, 232, 222))
    c.poly([(180, 260), (420, 110), (660, 260)], fill=(196, 110, 96))
    c.rect(220, 260, 620, 500, fill=(248, 242, 230))
    c.rect(270, 310, 370, 390, fill=(170, 210, 236), radius=6)
    c.rect(470, 360, 560, 500, fill=(140, 104, 76), radius=6)
    tree(c, 1080, 500, 220)
    person(c, 780, 540, 300, shirt=NAVY)
    person(c, 900, 540, 190, shirt=AMBER, long_hair=True)
    c.capsule(810, 420, 870, 440, 20, NAVY)
    heart(c, 840, 150, 40, (214, 90, 80))


def say_no(c):
    c.halo(600, 300, 280, alpha=110)
    ground_band(c, 520, (222, 230, 238))
    person(c, 420, 560, 320, shirt=TEAL, long_hair=True)
    person(c, 860, 560, 300, shirt=(150, 120, 180))
    # The second holds out a drink sachet; the first raises an open hand.
    c.capsule(820, 400, 740, 380, 24, (150, 120, 180))
    c.rect(700, 330, 740, 400, fill=(242, 176, 190), radius=4)
    c.capsule(460, 380, 540, 250, 26, TEAL)
    skin = SKINS[0]
    c.ellipse(552, 226, 30, 38, fill=skin)
    for k in range(4):
        c.capsule(536 + k * 11, 205, 540 + k * 12, 170 + abs(k - 1.5) * 6, 10, skin)
    c.capsule(526, 232, 506, 204, 10, skin)
    c.circle(640, 160, 46, outline=RED, width=10)
    c.line([(608, 128), (672, 192)], RED, 10)


def rehabilitation(c):
    c.halo(900, 140, 120, (255, 226, 160), 200)
    skyline(c, 440, (206, 222, 232))
    ground_band(c, 440, (216, 232, 216))
    building(c, 160, 440, 320, 220, (248, 244, 236), window=(170, 210, 236, 255), rows=3)
    c.rect(290, 360, 350, 440, fill=TEAL, radius=4)
    c.circle(320, 250, 34, fill=WHITE)
    heart(c, 320, 252, 18, (46, 160, 110))
    c.line([(520, 600), (700, 440), (1200, 420)], (238, 230, 214), 60)
    person(c, 700, 540, 250, shirt=TEAL, vest=AMBER)
    person(c, 800, 540, 260, shirt=NAVY)
    c.capsule(740, 420, 770, 430, 18, TEAL)
    tree(c, 1060, 450, 200)


def six_into(c):
    c.halo(r=270, alpha=120)
    centre = (600, 315)
    spots = []
    for i in range(6):
        a = math.radians(i * 60 - 90)
        spots.append((600 + 230 * math.cos(a) * 1.3, 315 + 230 * math.sin(a)))
    for x, y in spots:
        c.line([centre, (x, y)], TEAL_LIGHT, 8)
    c.circle(*centre, 84, fill=TEAL)
    heart(c, 600, 320, 34, WHITE)
    icons = [_icon_house, _icon_school, _icon_factory, _icon_shop, _icon_village, _icon_family]
    for (x, y), icon in zip(spots, icons, strict=True):
        c.circle(x, y, 70, fill=WHITE, outline=TEAL_LIGHT, width=6)
        icon(c, x, y)


def _icon_house(c, x, y):
    c.poly([(x - 36, y - 2), (x, y - 34), (x + 36, y - 2)], fill=(196, 110, 96))
    c.rect(x - 26, y - 2, x + 26, y + 32, fill=(248, 232, 210))
    c.rect(x - 8, y + 10, x + 8, y + 32, fill=(140, 104, 76))


def _icon_school(c, x, y):
    c.rect(x - 40, y - 10, x + 40, y + 32, fill=(246, 226, 190))
    c.poly([(x - 46, y - 10), (x, y - 36), (x + 46, y - 10)], fill=NAVY)
    c.line([(x, y - 36), (x, y - 52)], INK, 3)
    c.poly([(x, y - 52), (x + 18, y - 46), (x, y - 40)], fill=RED)
    for k in (-24, 0, 24):
        c.rect(x + k - 7, y, x + k + 7, y + 14, fill=(170, 210, 236))


def _icon_factory(c, x, y):
    c.poly([(x - 40, y + 30), (x - 40, y - 4), (x - 14, y - 18), (x - 14, y - 4), (x + 12, y - 18), (x + 12, y - 4),
            (x + 40, y - 18), (x + 40, y + 30)], fill=(150, 164, 180))
    c.rect(x + 22, y - 44, x + 34, y - 12, fill=(120, 130, 140))


def _icon_shop(c, x, y):
    c.rect(x - 36, y - 4, x + 36, y + 32, fill=(248, 242, 230))
    for k in range(4):
        c.rect(x - 40 + k * 20, y - 24, x - 20 + k * 20, y - 4, fill=AMBER if k % 2 == 0 else WHITE)
    c.rect(x - 10, y + 8, x + 10, y + 32, fill=TEAL)


def _icon_village(c, x, y):
    tree(c, x - 16, y + 32, 70, (96, 160, 100))
    tree(c, x + 18, y + 32, 56, (120, 176, 110))


def _icon_family(c, x, y):
    person(c, x - 14, y + 36, 74, shirt=NAVY)
    person(c, x + 18, y + 36, 52, shirt=AMBER)


def notice_board(c):
    c.halo(r=280, alpha=110)
    c.rect(270, 90, 930, 470, fill=(190, 150, 108), radius=12)
    c.rect(286, 106, 914, 454, fill=(222, 196, 160), radius=6)
    posters = [(320, 130, 480, 350, TEAL), (510, 130, 670, 350, (196, 110, 96)), (700, 130, 880, 300, NAVY)]
    for x0, y0, x1, y1, colour in posters:
        c.rect(x0, y0, x1, y1, fill=colour, radius=4)
        c.circle((x0 + x1) / 2, y0 + (y1 - y0) * 0.38, (x1 - x0) * 0.24, fill=(255, 255, 255, 200))
        c.rect(x0 + 20, y1 - 60, x1 - 20, y1 - 48, fill=(255, 255, 255, 200), radius=3)
        c.rect(x0 + 34, y1 - 36, x1 - 34, y1 - 28, fill=(255, 255, 255, 150), radius=3)
        c.circle((x0 + x1) / 2, y0 + 8, 7, fill=RED)
    c.line([(600, 470), (600, 560)], (150, 110, 76), 16)
    c.shadow(760, 560, 130, 14, 40)
    for k in range(4):
        c.rect(660 + k * 6, 470 - k * 12, 860 + k * 6, 540 - k * 12, fill=(248, 250, 252), radius=4,
               outline=(200, 210, 220), width=2)
    c.rect(690 + 18, 440 - 24, 830 + 18, 452 - 24, fill=TEAL_LIGHT, radius=3)


def memorial(c):
    c.halo(880, 170, 90, (255, 214, 150), 220)
    c.rect(-2000, 300, 3200, 420, fill=(150, 196, 220))
    for k in range(6):
        c.arc(100 + k * 200, 360, 60, 200, 340, (255, 255, 255, 160), 4)
    ground_band(c, 410, (236, 222, 192))
    # The old fort wall by the sea, and a wreath of flowers.
    c.rect(80, 240, 520, 330, fill=(168, 150, 128))
    for k in range(8):
        c.rect(80 + k * 56, 218, 112 + k * 56, 242, fill=(168, 150, 128))
    c.circle(800, 470, 90, outline=(80, 140, 90), width=26)
    for k in range(12):
        a = math.radians(k * 30)
        c.circle(800 + 90 * math.cos(a), 470 + 90 * math.sin(a), 16, fill=[WHITE, (240, 210, 90)][k % 2])
    for i, x in enumerate((280, 360, 440, 1010, 1090)):
        person(c, x, 600, 210, shirt=SHIRTS[i % len(SHIRTS)], long_hair=i % 2 == 1)


def training(c):
    ground_band(c, 470, (226, 224, 214))
    c.rect(820, 100, 1000, 340, fill=WHITE, radius=6, outline=(170, 180, 190), width=4)
    c.line([(850, 340), (830, 470)], (120, 130, 140), 6)
    c.line([(970, 340), (990, 470)], (120, 130, 140), 6)
    c.circle(880, 180, 34, fill=TEAL_LIGHT)
    heart(c, 950, 186, 20, (214, 90, 80))
    for k in range(3):
        c.rect(850, 240 + k * 26, 970 - k * 24, 250 + k * 26, fill=(200, 210, 222), radius=4)
    person(c, 730, 470, 290, shirt=NAVY, vest=AMBER)
    c.rect(120, 440, 640, 480, fill=(200, 164, 120), radius=8)
    for i, x in enumerate((170, 290, 410, 530)):
        seated_back(c, x, 380, 66, shirt=SHIRTS[(i + 1) % len(SHIRTS)])
        c.rect(x - 30, 486, x + 30, 500, fill=AMBER)


def disguises(c):
    sachets(c)
    c.circle(300, 200, 90, fill=(255, 255, 255, 90), outline=NAVY, width=16)
    c.capsule(364, 264, 450, 350, 28, NAVY)


def warning_vape(c):
    vape(c, (176, 110, 40, 230))
    warning_sign(c, 280, 200, 90)


def hero(c):
    c.halo(960, 150, 110, (255, 226, 160), 210)
    skyline(c, 420, (200, 218, 232))
    c.rect(-2000, 420, 3200, 470, fill=(160, 204, 222))
    ground_band(c, 470, (212, 230, 214))
    tree(c, 90, 500, 200)
    tree(c, 1130, 500, 230)
    for i, (x, h) in enumerate(((300, 250), (380, 170), (520, 260), (640, 230), (760, 180), (880, 250))):
        person(c, x, 620, h, shirt=SHIRTS[i % len(SHIRTS)], long_hair=i in (1, 3))
    heart(c, 600, 150, 50, (214, 90, 80))


@dataclass(frozen=True)
class Scene:
    draw: object
    background: str
    alt_zh: str
    alt_en: str


SCENES = {
    # Drugs, by the form they come in.
    "crystals": Scene(crystals, "navy", "示意图：无色透明、形似碎冰或冰糖的晶体", "Illustration: clear crystals that look like crushed ice or rock sugar"),
    "tablets": Scene(tablets, "rose", "示意图：压有图案的彩色小药片", "Illustration: small coloured tablets pressed with a motif"),
    "powder-brown": Scene(lambda c: powder(c, (214, 196, 164)), "slate", "示意图：托盘上的米黄色粉末和一小袋粉末", "Illustration: off-white to beige powder on a tray and in a small bag"),
    "powder-white": Scene(lambda c: powder(c, (248, 248, 246)), "teal", "示意图：托盘上的白色结晶粉末和一小袋粉末", "Illustration: white crystalline powder on a tray and in a small bag"),
    "leaf": Scene(leaf, "sage", "示意图：大麻叶，七片锯齿状小叶", "Illustration: a cannabis leaf with seven serrated leaflets"),
    "gas": Scene(gas, "navy", "示意图：银色小钢瓶和一个气球", "Illustration: small silver gas canisters and a balloon"),
    "vape-oil": Scene(lambda c: vape(c, (176, 110, 40, 230), oil_bottle), "slate", "示意图：电子烟和一小瓶烟油", "Illustration: a vape pen and a small bottle of e-liquid"),
    "vape-herbs": Scene(lambda c: vape(c, (120, 150, 80, 230), herbs), "sand", "示意图：电子烟和碎干草状的混合物", "Illustration: a vape pen and a mixture of dried, chopped herbs"),
    "medicine": Scene(medicine, "sky", "示意图：一瓶止咳糖浆、量杯和一板药片", "Illustration: a bottle of cough syrup, a measuring cup and a blister strip of tablets"),
    "sachets": Scene(sachets, "sand", "示意图：印着卡通图案的饮品小包装和一杯奶茶", "Illustration: drink sachets printed with cartoon faces, and a cup of milk tea"),
    # Scenes for sections, articles and news.
    "hero": Scene(hero, "sky", "插图：城市河畔，居民们在一起，天空中有一颗心", "Illustration: residents together by the river in the city, a heart in the sky"),
    "encyclopedia": Scene(encyclopedia, "navy", "插图：翻开的图鉴和放大镜", "Illustration: an open reference book and a magnifying glass"),
    "classroom": Scene(classroom, "teal", "插图：老师在黑板前给学生上课", "Illustration: a teacher at the blackboard with a class of pupils"),
    "gathering": Scene(gathering, "sky", "插图：社区广场上的宣传摊位和居民", "Illustration: an information stall and residents on a community square"),
    "hotline": Scene(hotline, "teal", "插图：手机屏幕上的通话按钮", "Illustration: a phone showing a call button"),
    "law": Scene(law, "sand", "插图：法律书籍和天平", "Illustration: a law book and the scales of justice"),
    "family": Scene(family, "sage", "插图：家长和孩子在家门前", "Illustration: a parent and child in front of their home"),
    "say-no": Scene(say_no, "rose", "插图：一名学生举手拒绝别人递来的饮品小包", "Illustration: a student raising a hand to refuse a drink sachet someone offers"),
    "rehabilitation": Scene(rehabilitation, "sky", "插图：社工陪伴康复人员走向社区工作站", "Illustration: a social worker walking with a person in recovery towards the community station"),
    "six-into": Scene(six_into, "teal", "插图：家庭、学校、企业、商户、农村和社区连成一圈", "Illustration: homes, schools, workplaces, shops, villages and families joined in a circle"),
    "notice-board": Scene(notice_board, "sand", "插图：宣传栏上的海报和一叠折页", "Illustration: posters on a notice board and a stack of leaflets"),
    "memorial": Scene(memorial, "sky", "插图：海边古炮台旁，居民献上花环", "Illustration: residents laying a wreath beside an old fort by the sea"),
    "training": Scene(training, "slate", "插图：培训老师在白板前给志愿者讲课", "Illustration: a trainer at a whiteboard teaching volunteers"),
    "disguises": Scene(disguises, "sand", "插图：放大镜下伪装成饮品的小包装和一杯奶茶", "Illustration: a magnifying glass over drink sachets and a cup of milk tea"),
    "warning-vape": Scene(warning_vape, "slate", "插图：电子烟和警示标志", "Illustration: a vape pen and a warning sign"),
}


def picture(scene: str, size=(1200, 630), seed=0) -> Image.Image:
    spec = SCENES[scene]
    canvas = Canvas(size, spec.background, seed=seed)
    spec.draw(canvas)
    return canvas.finish()


def jpeg(img: Image.Image, quality=86) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()
