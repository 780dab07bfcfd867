"""The material library: print sizes that hold, and a kind filter without dead ends.

A poster offered for A2 must print at 150 dpi there (2480 × 3508 pixels): the
admin refuses a smaller picture with a message in the editor's language,
keeping what they typed, and the public page never claims a size a picture
cannot hold.
"""

import io
import re

from django.contrib.auth.models import User
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from education.choices import min_print_pixels
from education.models import MaterialItem, MaterialLibraryPage
from tests.utils import add_page, make_site


def make_image(title, size):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (11, 110, 112)).save(buffer, "JPEG", quality=60)
    image = Image(title=title)
    image.file = ImageFile(buffer, name=f"{title}.jpg")
    image.save()
    return image


def library_form(slug, image, print_size):
    return nested_form_data({
        "title": "宣传资料", "slug": slug, "seo_title": "", "search_description": "", "summary": "",
        "listing_image": "", "intro": rich_text("<p>海报和折页。</p>"),
        "materials": inline_formset([
            {"title": "6·26 宣传海报", "kind": "poster", "description": "社区宣传栏张贴",
             "image": str(image.pk), "document": "", "print_size": print_size},
        ]),
        "action-publish": "action-publish",
    })


class PrintSizeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.small = make_image("small-poster", (1000, 1414))
        cls.a2 = make_image("a2-poster", min_print_pixels("A2"))
        cls.superuser = User.objects.create_superuser("boss", password="pw-for-tests-only")
        cls.library = add_page(cls.home, MaterialLibraryPage, "宣传资料", slug="materials")

    def create(self, slug, image, print_size):
        self.client.force_login(self.superuser)
        url = reverse("wagtailadmin_pages:add", args=("education", "materiallibrarypage", self.home.pk))
        return self.client.post(url, library_form(slug, image, print_size))

    def test_a2_needs_2480_by_3508_pixels(self):
        self.assertEqual(min_print_pixels("A2"), (2480, 3508))
        self.assertEqual(min_print_pixels("A3"), (1754, 2480))

    def test_admin_refuses_a_small_picture_for_a2_in_chinese(self):
        response = self.create("small-a2", self.small, "A2")
        self.assertEqual(response.status_code, 200)  # the form again, not a redirect
        html = response.content.decode()
        self.assertIn("1000 × 1414", html)
        self.assertIn("2480 × 3508", html)
        self.assertIn("150 dpi", html)
        self.assertIn("清晰打印至少需要 150 dpi", html)  # in the editor's language (zh-hans)
        # Nothing typed is lost: the form comes back with it; nothing is saved.
        self.assertIn("6·26 宣传海报", html)
        self.assertIn("社区宣传栏张贴", html)
        self.assertFalse(MaterialLibraryPage.objects.filter(slug="small-a2").exists())

    def test_admin_refuses_it_in_english_for_an_english_editor(self):
        UserProfile.objects.update_or_create(user=self.superuser, defaults={"preferred_language": "en"})
        html = self.create("small-a2-en", self.small, "A2").content.decode()
        self.assertIn("This image is 1000 × 1414 pixels", html)
        self.assertIn("A clear print needs at least 150 dpi", html)

    def test_admin_accepts_a_full_size_picture_for_a2(self):
        response = self.create("big-a2", self.a2, "A2")
        self.assertEqual(response.status_code, 302)
        page = MaterialLibraryPage.objects.get(slug="big-a2")
        self.assertEqual(page.materials.get().print_size, "A2")

    def test_public_page_offers_only_sizes_that_hold(self):
        # A material saved before the check existed (or through code) keeps
        # its A2 label in the database, but the public page does not repeat it.
        MaterialItem.objects.create(page=self.library, title="小海报", kind="poster", image=self.small,
                                    print_size="A2")
        MaterialItem.objects.create(page=self.library, title="大海报", kind="poster", image=self.a2,
                                    print_size="A2")
        html = self.client.get(self.library.url).content.decode()
        cards = {
            m.group(1): m.group(0)
            for m in re.finditer(r'<li class="material">.*?<h3 class="material__title">([^<]+)</h3>.*?</li>', html, re.S)
        }
        self.assertNotIn("A2 (420 × 594 mm)", cards["小海报"])
        self.assertIn("1000 × 1414 px", cards["小海报"])
        self.assertIn("A2 (420 × 594 mm)", cards["大海报"])
        self.assertIn("150 dpi", cards["大海报"])
        self.assertIn("2480 × 3508 px", cards["大海报"])

    def test_kind_filter_lists_only_kinds_the_page_has(self):
        for kind in ("poster", "leaflet"):
            MaterialItem.objects.create(page=self.library, title=kind, kind=kind, image=self.a2)
        html = self.client.get(self.library.url).content.decode()
        self.assertIn("?kind=poster", html)
        self.assertIn("?kind=leaflet", html)
        self.assertNotIn("?kind=video", html)
        # A kind the page does not have shows everything, not an empty page.
        html = self.client.get(self.library.url + "?kind=video").content.decode()
        self.assertEqual(html.count('<li class="material">'), 2)
