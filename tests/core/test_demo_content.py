"""`load_initial_data` builds a realistic site, and running it twice changes nothing."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from core.chinese import to_traditional_text
from core.models import Community, School
from education.choices import min_print_pixels
from education.demo import content_zh, illustrations
from education.models import ArticlePage, DrugPage, HelpPage, MaterialLibraryPage, NewsPage

REQUIRED_DRUGS = {"冰毒", "海洛因", "大麻", "摇头丸", "K粉", "笑气", "依托咪酯", "合成大麻素"}


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": Image.objects.count(),
        "documents": Document.objects.count(),
        "users": User.objects.count(),
    }


@pytest.mark.django_db
class TestDemoContent:
    """Each test sees the same demo site; what a test changes is rolled back after it."""

    def test_demo_site_has_the_promised_content(self, client, demo, settings):
        zh_drugs = DrugPage.objects.live().filter(locale__language_code="zh-hans")
        titles = " ".join(zh_drugs.values_list("title", flat=True))
        assert all(name in titles for name in REQUIRED_DRUGS), titles
        assert DrugPage.objects.live().filter(locale__language_code="en").count() >= 8
        for model, minimum in ((ArticlePage, 6), (NewsPage, 5), (MaterialLibraryPage, 1), (HelpPage, 1)):
            for language in ("zh-hans", "en"):
                assert model.objects.live().filter(locale__language_code=language).count() >= minimum
        library = MaterialLibraryPage.objects.get(locale__language_code="zh-hans")
        assert library.materials.filter(kind="poster", image__isnull=False).exists()
        assert User.objects.filter(username="editor", groups__name="Editors").exists()
        assert User.objects.filter(username="approver", groups__name="Approvers").exists()
        # The subdistrict registry that campaigns, quizzes and tips share, marked as demo data.
        assert Community.objects.filter(is_demo=True, grid_units__isnull=False).distinct().count() >= 15
        assert School.objects.filter(is_demo=True).count() == 12

        en_drug = DrugPage.objects.live().filter(locale__language_code="en").first()
        latest_news = NewsPage.objects.live().filter(locale__language_code="zh-hans").order_by("-date").first()
        poster = library.materials.filter(kind="poster", image__isnull=False).first()
        expected = {
            "/": '<html lang="zh-Hans">', "/en/": '<html lang="en">', "/zh-hant/": '<html lang="zh-Hant">',
            "/drugs/": "冰毒", "/en/drugs/": en_drug.title, "/help/": HelpPage.objects.get(locale__language_code="zh-hans").title,
            "/materials/": poster.title, "/news/": latest_news.title,
        }
        html = {}
        for url, text in expected.items():
            response = client.get(url)
            assert response.status_code == 200, url
            html[url] = response.content.decode()
            assert text in html[url], url

        # The posters' previews are rendered from the demo's own pictures.
        previews = re.findall(rf'<img[^>]+src="{settings.MEDIA_URL}([^"]+)"', html["/materials/"])
        assert previews, "no poster preview on the materials page"
        preview = Path(settings.MEDIA_ROOT) / previews[0]
        with PILImage.open(preview) as picture:
            assert 0 < max(picture.size) <= 600

    def test_faq_blocks_show_their_questions(self, client, demo):
        help_page = HelpPage.objects.get(locale__language_code="zh-hans")
        faq = next((b for b in help_page.body if b.block_type == "faq"), None)
        assert faq is not None, "the demo help page has no FAQ"
        html = client.get(help_page.url).content.decode()
        question = faq.value["items"][0]["question"]
        assert question and question in html
        assert "<summary>None</summary>" not in html

    def test_every_page_is_in_traditional_chinese(self, client, demo):
        hans = Page.objects.live().filter(locale__language_code="zh-hans", depth__gt=1)
        hant_keys = set(
            Page.objects.live().filter(locale__language_code="zh-hant").values_list("translation_key", flat=True)
        )
        assert [p.title for p in hans if p.translation_key not in hant_keys] == []

        home = client.get("/zh-hant/").content.decode()
        nav = re.search(r'class="main-nav">(.*?)</nav>', home, re.S).group(1)
        menu = re.findall(r'<a href="([^"]+)"', nav)
        assert len(menu) == 7 and all(href.startswith("/zh-hant/") for href in menu), menu
        news = re.findall(r'class="news-item__title"><a href="([^"]+)"', home)
        assert news and all(href.startswith("/zh-hant/news/") for href in news), news
        assert "?fallback=" not in home

        # Taiwan's standard characters and the reviewed terms (core/chinese.py).
        etomidate = client.get("/zh-hant/drugs/etomidate/").content.decode()
        assert "依托咪酯" in etomidate and "依託" not in etomidate
        rehab = client.get("/zh-hant/knowledge/community-rehabilitation/").content.decode()
        assert "社區康復" in rehab and "社群" not in rehab
        memorial = client.get("/zh-hant/news/humen-memorial-2026/").content.decode()
        assert "銷毀" in memorial and "銷燬" not in memorial
        for html in (home, etomidate, rehab, memorial):
            assert "為" in html and "爲" not in html

    def test_leaflets_are_pdfs_with_real_text_and_an_embedded_cjk_font(self, demo):
        leaflets = (("zh-hans", "青少年毒品预防手册"), ("en", "Drug prevention handbook for young people"),
                    ("zh-hant", "青少年毒品預防手冊"))
        for language, title in leaflets:
            library = MaterialLibraryPage.objects.get(locale__language_code=language)
            leaflet = library.materials.get(kind="leaflet", title=title)
            with leaflet.document.file.open("rb") as f:
                reader = PdfReader(io.BytesIO(f.read()))
            # pypdf reads fpdf2's embedded CMap one byte at a time, so it puts a
            # NUL before each character; the text itself is there, in order.
            text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
            words = re.sub(r"\s+", "", text)
            assert re.sub(r"\s+", "", title) in words, text[:200]
            expected = {"zh-hans": "不接受陌生人给的饮料", "zh-hant": "不接受陌生人給的飲料",
                        "en": "Takenodrinks,snacksorvapesfromstrangers"}[language]
            assert expected in words, (language, text[:300])
            fonts = [
                font.get_object()
                for page in reader.pages
                for font in page["/Resources"]["/Font"].values()
            ]
            descriptors = [
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object() for font in fonts
            ]
            assert descriptors and all(
                {"/FontFile", "/FontFile2", "/FontFile3"} & set(d.keys()) for d in descriptors
            ), "a font is not embedded"
            assert any("NotoSansCJK" in str(font["/BaseFont"]) for font in fonts)

    def test_posters_hold_the_print_size_they_are_offered_for(self, client, demo):
        library = MaterialLibraryPage.objects.get(locale__language_code="zh-hans")
        posters = library.materials.filter(kind="poster").select_related("image")
        assert {p.print_size for p in posters} == {"A2", "A3"}
        for poster in posters:
            short, long = min_print_pixels(poster.print_size)
            assert poster.image.width >= short and poster.image.height >= long, (
                poster.title, poster.image.width, poster.image.height
            )
            with PILImage.open(poster.image.file.path) as picture:
                assert picture.size == (poster.image.width, poster.image.height)
        a2 = posters.filter(print_size="A2").first()
        assert a2.image.width >= 2480 and a2.image.height >= 3508
        html = client.get(library.url).content.decode()
        assert "A2 (420 × 594 mm)" in html and "2480 × 3508 px" in html
        # No filter for a kind the library does not have (no videos).
        assert "?kind=poster" in html and "?kind=video" not in html

    def test_drug_pictures_show_each_drug_s_form_with_alt_text_in_the_page_s_language(self, client, demo):
        drugs = DrugPage.objects.live().filter(locale__language_code="zh-hans").select_related("listing_image")
        forms = {}
        for drug in drugs:
            scene = content_zh.PICTURES[f"drug-{drug.slug}"]
            forms.setdefault(scene, set()).add(drug.listing_image.file_hash)
        # One picture per form, and no two forms share a picture.
        hashes = [h for group in forms.values() for h in group]
        assert len(set(hashes)) == len(hashes) == len(drugs)
        assert {"crystals", "tablets", "leaf", "powder-white", "vape-oil", "sachets"} <= set(forms)

        for language, prefix in (("zh-hans", ""), ("en", "/en"), ("zh-hant", "/zh-hant")):
            for slug in ("methamphetamine", "cannabis", "coffee-packs"):
                scene = illustrations.SCENES[content_zh.PICTURES[f"drug-{slug}"]]
                html = client.get(f"{prefix}/drugs/{slug}/").content.decode()
                gallery = re.search(r'<ul class="gallery">(.*?)</ul>', html, re.S).group(1)
                alts = re.findall(r'<img alt="([^"]*)"', gallery)
                expected = {"zh-hans": scene.alt_zh, "en": scene.alt_en,
                            "zh-hant": to_traditional_text(scene.alt_zh)}[language]
                assert alts == [expected], (language, slug, alts)
                if language == "en":
                    assert not re.search(r"[\u4e00-\u9fff]", alts[0]), alts

    def test_running_it_twice_changes_nothing(self, demo):
        before = snapshot()
        call_command("load_initial_data", verbosity=0)
        assert snapshot() == before
