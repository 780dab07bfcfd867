"""Campaigns' demo content for `manage.py load_initial_data` (registered in campaigns/apps.py).

The campaigns index under the home page in zh-hans, en and zh-hant; the
campaigns of 2025 and 2026, live, with hero pictures and posters; the 2027
campaigns as drafts waiting in the editors' workflow; twelve events across
the six "六进" venue types with their outreach reports. Key dates are the
rules seeded by migration 0002, so they run through 2027 and beyond.

Idempotent: when the zh-hans campaigns index exists nothing is done.

Themes: only the 2025 national theme and the UN's 2025 World Drug Day theme
are the official ones. Every other theme is written as the office's own local
theme and says so in its source ("南城街道禁毒办拟定"), so no visitor takes it
for an official one; the 2027 drafts say their theme is not announced yet.

The national theme of the 2024 and 2025 全民禁毒宣传月 and 6·26 was
“防范青少年药物滥用”, set by 国家禁毒办 (the office of the National Narcotics
Control Commission; 中国禁毒网 www.nncc626.com, the month's notices of May 2024
and May 2025). The UN's World Drug Day theme was “The evidence is clear: invest
in prevention” in 2024 and “Break the cycle. #StopOrganizedCrime” in 2025
(UNODC, www.unodc.org/unodc/en/drug-prevention-and-treatment/world-drug-day.html).
"""

import hashlib
import io
from datetime import date, datetime, timedelta
from importlib import import_module

from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import capfirst
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale

from campaigns.choices import VenueType
from campaigns.dates import LOCAL
from campaigns.models import (
    CampaignIndexPage,
    CampaignMaterial,
    CampaignPage,
    Event,
    KeyDate,
    OutreachReport,
    ReportPhoto,
)
from core.chinese import to_traditional_text
from core.models import Community, HomePage, School

FONT = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2)

UN_2025 = "Break the cycle. #StopOrganizedCrime"
# Our own rendering of the English theme, labelled as such on the page.
UN_2025_ZH = "打破循环，#打击有组织犯罪"
UN_SOURCE = "https://www.unodc.org/unodc/en/drug-prevention-and-treatment/world-drug-day.html"
NATIONAL_2025 = "防范青少年药物滥用"
NATIONAL_SOURCE = "国家禁毒办"
# Not announced when this was written: the page says so rather than guess.
UNANNOUNCED, UNANNOUNCED_EN = "主题尚未公布", "Theme not yet announced"
LOCAL_SOURCE, LOCAL_SOURCE_EN = "南城街道禁毒办拟定", "set locally by the Nancheng anti-drug office"

# (year, slug, key date, window, zh title, en title, zh theme, en theme, theme source zh, en, colour)
CAMPAIGNS = [
    (2025, "2025-idad", "idad", (date(2025, 6, 1), date(2025, 6, 30)),
     "2025年第15个全民禁毒宣传月暨6·26国际禁毒日", "The 15th Anti-Drug Publicity Month and World Drug Day, 2025",
     NATIONAL_2025, "Preventing drug abuse among young people",
     NATIONAL_SOURCE, "China National Narcotics Control Office", (150, 22, 30)),
    (2025, "2025-humen", "humen", (date(2025, 6, 1), date(2025, 6, 3)),
     "2025年虎门销烟186周年纪念活动", "186th anniversary of the Humen opium destruction",
     "铭记虎门销烟 守护无毒家园", "Remember Humen, keep our homes free of drugs",
     LOCAL_SOURCE, LOCAL_SOURCE_EN, (0, 92, 99)),
    (2026, "2026-idad", "idad", (date(2026, 6, 1), date(2026, 6, 30)),
     "2026年第16个全民禁毒宣传月暨6·26国际禁毒日", "The 16th Anti-Drug Publicity Month and World Drug Day, 2026",
     "无毒青春 健康成长", "Drug-free youth, healthy growth",
     LOCAL_SOURCE, LOCAL_SOURCE_EN, (19, 41, 75)),
    (2026, "2026-humen", "humen", (date(2026, 6, 1), date(2026, 6, 3)),
     "2026年虎门销烟187周年纪念活动", "187th anniversary of the Humen opium destruction",
     "铭记虎门销烟 守护无毒家园", "Remember Humen, keep our homes free of drugs",
     LOCAL_SOURCE, LOCAL_SOURCE_EN, (176, 96, 0)),
]
DRAFTS_2027 = [
    (2027, "2027-idad", "idad", (date(2027, 6, 1), date(2027, 6, 30)),
     "2027年第17个全民禁毒宣传月暨6·26国际禁毒日", "The 17th Anti-Drug Publicity Month and World Drug Day, 2027",
     UNANNOUNCED, UNANNOUNCED_EN, "", "", (19, 41, 75)),
    (2027, "2027-law", "anti-drug-law", (date(2027, 5, 25), date(2027, 6, 1)),
     "2027年《禁毒法》施行19周年宣传", "19th anniversary of the Anti-Drug Law",
     UNANNOUNCED, UNANNOUNCED_EN, "", "", (27, 94, 32)),
]

BODY_ZH = (
    "<p>每年六月是全民禁毒宣传月（2011年起，2025年为第15个）。南城街道禁毒办围绕“6·1”《禁毒法》施行纪念日、“6·3”虎门销烟纪念日和"
    "“6·26”国际禁毒日，组织禁毒宣传“六进”活动：进学校、进社区、进家庭、进单位、进农村、进场所。</p>"
    "<p>活动包括禁毒知识讲座、展板巡展、有奖问答和咨询台，欢迎居民和学生参加。</p>"
)
BODY_EN = (
    "<p>June is China's National Anti-Drug Publicity Month (held since 2011; 2025 was the 15th). Around 1 June (the Anti-Drug Law), 3 June (the Humen "
    "opium destruction) and 26 June (the International Day against Drug Abuse), Nancheng's anti-drug office "
    "takes its outreach into schools, communities, families, workplaces, villages and public venues.</p>"
    "<p>Talks, exhibition boards, quizzes and advice desks are open to residents and students.</p>"
)

# (year, month, day, hour, zh title, en title, venue type, venue, organiser, expected, public, figures)
EVENTS = [
    (2025, 6, 5, 9, "禁毒知识进课堂", "Anti-drug lesson in class", VenueType.SCHOOL, "school:0",
     "南城街道禁毒办", 600, True, (620, 650, 4, 30, 1)),
    (2025, 6, 12, 19, "家庭禁毒课堂", "Family anti-drug evening", VenueType.FAMILY, "石竹社区居民活动室",
     "石竹社区工作站", 60, True, (58, 120, 2, 25, 1)),
    (2025, 6, 18, 14, "企业员工禁毒讲座", "Talk for factory workers", VenueType.WORKPLACE, "南城某电子厂培训室",
     "南城街道综治办", 200, False, (186, 300, 3, 40, 0)),
    (2025, 6, 21, 9, "农村禁毒宣传集市", "Village market stand", VenueType.VILLAGE, "周溪村文化广场",
     "周溪社区工作站", 300, True, (410, 800, 6, 55, 1)),
    (2025, 6, 26, 9, "6·26广场宣传日", "26 June square day", VenueType.PUBLIC_VENUE, "南城市民广场",
     "南城街道禁毒办", 1000, True, (1350, 2200, 12, 160, 3)),
    (2025, 6, 28, 15, "社区禁毒展板巡展", "Community board exhibition", VenueType.COMMUNITY, "宏伟社区党群服务中心",
     "宏伟社区工作站", 250, True, (280, 400, 10, 45, 1)),
    (2026, 6, 3, 9, "虎门销烟纪念主题班会", "Humen memorial class meeting", VenueType.SCHOOL, "school:1",
     "南城街道禁毒办", 800, True, (760, 900, 4, 20, 1)),
    (2026, 6, 10, 19, "禁毒家访", "Home visits", VenueType.FAMILY, "篁村社区",
     "篁村社区工作站", 40, False, (45, 90, 0, 30, 0)),
    (2026, 6, 16, 14, "机关单位禁毒知识竞赛", "Quiz for public servants", VenueType.WORKPLACE, "南城街道办事处会议室",
     "南城街道党政办", 120, True, (132, 150, 2, 10, 1)),
    (2026, 6, 20, 9, "禁毒宣传进农村", "Outreach in the villages", VenueType.VILLAGE, "白马村村委会",
     "白马社区工作站", 200, True, (236, 500, 5, 38, 1)),
    (2026, 6, 26, 9, "第39个国际禁毒日主题活动", "39th World Drug Day event", VenueType.PUBLIC_VENUE,
     "南城市民广场", "南城街道禁毒办", 1200, True, (1580, 2600, 14, 190, 4)),
    (2026, 6, 27, 15, "社区禁毒有奖问答", "Community prize quiz", VenueType.COMMUNITY, "石竹社区广场",
     "石竹社区工作站", 300, True, (340, 520, 6, 62, 1)),
]

# The venues' English names, shown on the English pages (issue 18, "Every language whole").
VENUES_EN = {
    "石竹社区居民活动室": "Shizhu Community residents' activity room",
    "南城某电子厂培训室": "Training room of an electronics factory in Nancheng",
    "周溪村文化广场": "Zhouxi Village culture square",
    "南城市民广场": "Nancheng Citizens' Square",
    "宏伟社区党群服务中心": "Hongwei Community service centre",
    "篁村社区": "Huangcun Community",
    "南城街道办事处会议室": "Meeting room of the Nancheng Subdistrict Office",
    "白马村村委会": "Baima Village committee office",
    "石竹社区广场": "Shizhu Community square",
    "南城中学": "Nancheng Middle School",
}


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _font(size):
    try:
        return ImageFont.truetype(FONT[0], size, index=FONT[1])
    except OSError:
        return None


def picture(text: str, colour, size=(1200, 800), subtitle: str = "") -> bytes:
    """A demo picture in the campaign's colour (JPEG bytes): a poster with its wording, or
    with no text a wordless outreach scene for heroes and report photos."""
    width, height = size
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    lighter = tuple(min(255, c + 50) for c in colour)
    draw.ellipse((width * 0.55, -height * 0.2, width * 1.2, height * 0.8), fill=lighter)
    font = _font(max(24, width // 18)) if text else None
    if not text:
        # A photo or a page's hero shows on every language's page, so it
        # carries no words: a crowd of simple figures at an outreach stall.
        ground = tuple(max(0, c - 40) for c in colour)
        draw.rectangle((0, height * 0.72, width, height), fill=ground)
        draw.rectangle((width * 0.08, height * 0.38, width * 0.42, height * 0.72), fill=(250, 246, 236))
        draw.rectangle((width * 0.08, height * 0.34, width * 0.42, height * 0.40), fill=lighter)
        for step in range(6):
            x = width * (0.5 + step * 0.08)
            head = width * 0.025
            tone = (60 + step * 20, 70 + step * 10, 90)
            draw.ellipse((x - head, height * 0.44, x + head, height * 0.44 + 2 * head), fill=(245, 214, 186))
            draw.rounded_rectangle((x - head * 1.4, height * 0.44 + 2.2 * head, x + head * 1.4, height * 0.8),
                                   radius=int(head), fill=tone)
    if font is not None:
        words, line, lines = list(text), "", []
        for char in words:
            if draw.textlength(line + char, font=font) > width * 0.8:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
        y = height // 2 - len(lines) * font.size // 2
        for part in lines:
            draw.text((width // 12, y), part, font=font, fill="white")
            y += int(font.size * 1.3)
        if subtitle and (small := _font(max(16, width // 36))):
            draw.text((width // 12, y + font.size // 2), subtitle, font=small, fill=(255, 240, 220))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


class CampaignDemo:
    def __init__(self):
        self.collection = None
        self.homes = {}

    def _image(self, key, title, data):
        Image_ = get_image_model()
        image = Image_(title=title, collection=self.collection, width=0, height=0,
                       file_size=len(data), file_hash=_sha1(data))
        with Image.open(io.BytesIO(data)) as probe:
            image.width, image.height = probe.size
        image.file = ImageFile(io.BytesIO(data), name=f"{key}.jpg")
        image.save()
        return image

    def build(self) -> dict:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        self.collection = next((c for c in root.get_children() if c.name == "宣传活动"), None) or root.add_child(
            name="宣传活动")
        home = HomePage.objects.get(locale__language_code="zh-hans")
        index = CampaignIndexPage(
            title="禁毒宣传活动", slug="campaigns", show_in_menus=True, summary="6·1、6·3、6·26和六月全民禁毒宣传月。",
            intro="<p>南城街道禁毒办每年六月的宣传活动、活动安排和宣传材料。</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        self._translate(index, en={"title": "Anti-drug campaigns",
                                   "summary": "1 June, 3 June, 26 June and the June publicity month.",
                                   "intro": "<p>The office's June campaigns, events and materials.</p>"})
        campaigns = {}
        for spec in CAMPAIGNS:
            campaigns[spec[1]] = self._campaign(index, spec, publish=True)
        for spec in DRAFTS_2027:
            self._campaign(index, spec, publish=False)
        events = self._events(campaigns)
        return {"campaigns": len(CAMPAIGNS), "drafts": len(DRAFTS_2027), "events": events}

    def _translate(self, page, en: dict, publish=True, hant: dict | None = None):
        """The en and zh-hant translations; every Chinese field of zh-hant in
        Traditional characters (issue 18, "Every language whole"), ``hant``
        giving those that need more than a text conversion (the body's blocks)."""
        made = []
        for code, fields in (("en", en), ("zh-hant", None)):
            locale = Locale.objects.get(language_code=code)
            if page.has_translation(locale):
                continue
            translated = page.copy_for_translation(locale, copy_parents=True)
            materials = list(translated.materials.all()) if hasattr(translated, "materials") else []
            if fields is None:
                for name in ("title", "summary", "theme", "theme_source", "banner_text", "intro"):
                    if hasattr(translated, name):
                        setattr(translated, name, to_traditional_text(getattr(translated, name)))
                for name, value in (hant or {}).items():
                    setattr(translated, name, value)
                for material in materials:
                    material.title = to_traditional_text(material.title)
            else:
                fields = dict(fields)
                material_title = fields.pop("material_title", None)
                for name, value in fields.items():
                    setattr(translated, name, value)
                for material in materials if material_title else []:
                    material.title = material_title
            if materials:
                # Held in memory by modelcluster: the revision (and its publish) saves them.
                translated.materials = materials
            revision = translated.save_revision()
            if publish:
                revision.publish()
            made.append(translated)
        return made

    def _campaign(self, index, spec, publish):
        (year, slug, key_code, (start, end), title, title_en, theme, theme_en,
         source, source_en, colour) = spec
        key_date = KeyDate.objects.get(code=key_code)
        occurrence_title = key_date.title_for_language(year, "zh-hans")
        hero = self._image(f"campaign-{slug}", title, picture("", colour))
        poster = self._image(f"poster-{slug}", f"{title} 海报",
                             picture(theme, colour, size=(700, 990), subtitle=occurrence_title))
        page = CampaignPage(
            title=title, slug=slug, year=year, key_date=key_date, theme=theme, theme_source=source,
            window_start=start, window_end=end, hero_image=hero, listing_image=hero,
            summary=f"{occurrence_title}：{theme}", banner_text=f"{title}：{theme}",
            channels=["website", "wechat", "posters", "school_talks"],
            audiences=["students", "parents", "residents"], live=publish,
        )
        page.materials = [CampaignMaterial(title=f"{year}年宣传海报", image=poster)]
        body = [("paragraph", BODY_ZH)]
        body_en = [("paragraph", BODY_EN)]
        if year == 2025 and key_code == "idad":
            # The UN's theme for 26 June 2025, beside the national one.
            body.append(("quote", {"text": f"“{UN_2025}”（中文大意：{UN_2025_ZH}）",
                                   "attribution": f"联合国毒品和犯罪问题办公室，2025年国际禁毒日主题（{UN_SOURCE}）"}))
            body_en.append(("quote", {"text": UN_2025,
                                      "attribution": f"UNODC, theme of World Drug Day 2025 ({UN_SOURCE})"}))
        page.body = body
        index.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        else:
            self._submit(page)
        en = {"title": title_en, "theme": theme_en, "theme_source": source_en,
              "summary": f"{capfirst(key_date.title_for_language(year, 'en'))}: {theme_en}",
              "material_title": f"{year} campaign poster",
              "banner_text": f"{title_en}: {theme_en}", "body": body_en}
        self._translate(page, en=en, publish=publish, hant={"body": _traditional_body(body)})
        return page

    def _submit(self, page):
        """Into the editors' workflow, as an editor would submit it."""
        from django.contrib.auth import get_user_model

        # The demo editor, when core has made it already; else nobody in particular.
        editor = get_user_model().objects.filter(username="editor").first()
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, editor)

    def _events(self, campaigns) -> int:
        schools = list(School.objects.order_by("code")[:2])
        communities = list(Community.objects.order_by("sort_order", "code")[:3])
        for n, (year, month, day, hour, title, title_en, venue_type, venue, organiser, expected, public,
                figures) in enumerate(EVENTS):
            school = None
            venue_en = VENUES_EN.get(venue, "")
            if venue.startswith("school:"):
                school = schools[int(venue[7:])] if len(schools) > int(venue[7:]) else None
                venue = school.name if school else "南城中学"
                venue_en = school.name_en if school else VENUES_EN[venue]
            start = datetime(year, month, day, hour, tzinfo=LOCAL)
            campaign = campaigns[f"{year}-idad"]
            event = Event.objects.create(
                campaign=campaign, title=title, title_en=title_en, start=start, end=start + timedelta(hours=2),
                venue_name=venue, venue_name_en=venue_en, venue_type=venue_type, organiser=organiser, expected_audience=expected,
                is_public=public, school=school,
                community=communities[n % len(communities)] if communities and venue_type != VenueType.SCHOOL else None,
            )
            people, materials, boards, consultations, posts = figures
            report = OutreachReport.objects.create(
                event=event, people_reached=people, materials_handed_out=materials, boards_shown=boards,
                consultations=consultations, wechat_posts=posts, notes="示例数据",
            )
            photo = ReportPhoto(report=report, caption=f"{title}现场（示例图片）")
            photo.image.save(f"report-{n + 1}.jpg",
                             ContentFile(picture("", (0, 92, 99), size=(800, 533))), save=False)
            photo.save()
        return len(EVENTS)


def _traditional_body(body: list) -> list:
    """The campaign body's blocks with their text in Traditional characters."""
    converted = []
    for kind, value in body:
        if isinstance(value, dict):
            value = {key: to_traditional_text(text) for key, text in value.items()}
        else:
            value = to_traditional_text(value)
        converted.append((kind, value))
    return converted


def already_loaded() -> bool:
    return CampaignIndexPage.objects.filter(locale__language_code="zh-hans").exists()


def load(stdout) -> None:
    if already_loaded():
        stdout.write("campaigns: demo content already loaded; nothing to do.")
        return
    if not HomePage.objects.filter(locale__language_code="zh-hans").exists():
        stdout.write("campaigns: no zh-hans home page; demo campaigns skipped.")
        return
    with transaction.atomic():
        # The key dates come with a data migration, but a flushed database (a
        # test that truncates tables, a restored dump without them) has none:
        # seed them again the same way, idempotently.
        seed_migration = import_module("campaigns.migrations.0002_seed_key_dates")
        seed_migration.seed(django_apps, None)
        stats = CampaignDemo().build()
    stdout.write(
        f"campaigns: {stats['campaigns']} campaigns, {stats['drafts']} drafts in the workflow, "
        f"{stats['events']} events with reports."
    )
