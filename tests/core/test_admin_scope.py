"""Teachers and Reward officers enter the admin for their own apps and see no page there.

Wagtail lists page titles, drafts included, to anyone with admin access: the
page chooser, the page search, the explorer's API, bulk-action confirmations
and wagtail-localize's translations report. A role gets only what it needs.
"""

import json

from django.contrib.auth.models import Group, User
from django.test import TestCase

from education.models import ArticlePage, SectionPage
from tests.utils import add_page, make_site, translate

# Titles that appear nowhere in the admin's own interface.
TITLES = ["主页标题甲", "公开栏目标题乙", "草稿秘密标题丙", "Translated section title"]

URLS = [
    "/admin/choose-page/",
    "/admin/choose-page/{root}/",
    "/admin/choose-page/{home}/",
    "/admin/choose-page/{section}/",
    "/admin/choose-page/search/?q=标题",
    "/admin/choose-page/chosen-multiple/?id={draft}&id={section}",
    "/admin/pages/",
    "/admin/pages/{section}/",
    "/admin/pages/search/?q=标题",
    "/admin/pages/search/results/?q=标题",
    "/admin/api/main/pages/",
    "/admin/api/main/pages/?child_of=root",
    "/admin/api/main/pages/?child_of={home}&for_explorer=1",
    "/admin/api/main/pages/{draft}/",
    "/admin/api/main/pages/?search=标题",
    "/admin/localize/reports/translations/",
    "/admin/localize/reports/translations/results/",
    "/admin/bulk/wagtailcore/page/publish/?id={draft}",
    "/admin/bulk/wagtailcore/page/delete/?id={draft}",
    "/admin/bulk/wagtailcore/page/move/?id={draft}",
    "/admin/reports/site-history/",
    "/admin/pages/{draft}/history/",
]


def text_of(response):
    body = response.content.decode()
    if "json" in response.get("Content-Type", ""):
        # Choosers and the API answer JSON, where "标题" would be \\u6807\\u9898.
        body = json.dumps(json.loads(body), ensure_ascii=False)
    return body


class AdminScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site()
        home.title = TITLES[0]
        home.save_revision().publish()
        cls.section = add_page(home, SectionPage, TITLES[1], slug="knowledge")
        cls.draft = add_page(cls.section, ArticlePage, TITLES[2], slug="draft", publish=False)
        translate(cls.section, "en", title=TITLES[3])
        cls.home = home
        cls.users = {}
        for group in ("Teachers", "Reward officers", "Editors"):
            user = User.objects.create_user(group.split()[0].lower(), password="pw-for-tests-only")
            user.groups.add(Group.objects.get(name=group))
            cls.users[group] = user

    def urls(self):
        ids = {"root": 1, "home": self.home.pk, "section": self.section.pk, "draft": self.draft.pk}
        return [url.format(**ids) for url in URLS]

    def assert_sees_no_page(self, user):
        self.client.force_login(user)
        for url in self.urls():
            response = self.client.get(url)
            assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
            if response.status_code == 200:
                shown = [title for title in TITLES if title in text_of(response)]
                assert not shown, (url, shown)

    def test_a_teacher_sees_no_page_title(self):
        self.assert_sees_no_page(self.users["Teachers"])

    def test_a_reward_officer_sees_no_page_title(self):
        self.assert_sees_no_page(self.users["Reward officers"])

    def test_a_teacher_has_no_translations_report_in_the_menu(self):
        self.client.force_login(self.users["Teachers"])
        assert "/admin/localize/reports/translations/" not in self.client.get("/admin/").content.decode()
        self.client.force_login(self.users["Editors"])
        assert "/admin/localize/reports/translations/" in self.client.get("/admin/").content.decode()

    def test_a_teacher_is_refused_the_page_chooser(self):
        self.client.force_login(self.users["Teachers"])
        assert self.client.get(f"/admin/choose-page/{self.section.pk}/").status_code == 403

    def test_an_editor_still_chooses_and_explores_pages(self):
        self.client.force_login(self.users["Editors"])
        chooser = text_of(self.client.get(f"/admin/choose-page/{self.section.pk}/"))
        assert TITLES[2] in chooser
        explorer = self.client.get(f"/admin/pages/{self.section.pk}/").content.decode()
        assert TITLES[2] in explorer
        report = self.client.get("/admin/localize/reports/translations/")
        assert report.status_code == 200


IMAGE_TITLE = "图片标题丁"
DOCUMENT_TITLE = "文档标题戊"
MEDIA_URLS = [
    "/admin/images/",
    "/admin/images/?q=标题",
    "/admin/images/results/",
    "/admin/images/{image}/",
    "/admin/images/chooser/",
    "/admin/images/chooser/results/?q=标题",
    "/admin/images/chooser/{image}/",
    "/admin/images/usage/{image}/",
    "/admin/bulk/wagtailimages/image/delete/?id={image}",
    "/admin/bulk/wagtailimages/image/add_tags/?id={image}",
    "/admin/documents/",
    "/admin/documents/?q=标题",
    "/admin/documents/results/",
    "/admin/documents/edit/{document}/",
    "/admin/documents/chooser/",
    "/admin/documents/chooser/results/?q=标题",
    "/admin/documents/chooser/{document}/",
    "/admin/documents/usage/{document}/",
    "/admin/bulk/wagtaildocs/document/delete/?id={document}",
    "/admin/api/main/images/",
    "/admin/api/main/documents/",
    "/admin/collections/",
]


class MediaScopeTests(TestCase):
    """Teachers, police and reward officers enter the admin for their own
    work; the site's images and documents (drafts' pictures included) are
    not theirs to list, through the library, the choosers, bulk actions or
    the API."""

    @classmethod
    def setUpTestData(cls):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.images.tests.utils import get_test_image_file

        from tests.tips.helpers import make_unit

        make_site()
        cls.image = get_image_model().objects.create(title=IMAGE_TITLE, file=get_test_image_file())
        cls.document = get_document_model().objects.create(title=DOCUMENT_TITLE)
        cls.users = {}
        for group in ("Teachers", "Reward officers", "Editors"):
            user = User.objects.create_user("m-" + group.split()[0].lower(), password="pw-for-tests-only")
            user.groups.add(Group.objects.get(name=group))
            cls.users[group] = user
        cls.users["Police"] = make_unit(username="m-police")[1]

    def assert_sees_no_media(self, user):
        self.client.force_login(user)
        ids = {"image": self.image.pk, "document": self.document.pk}
        for url in (url.format(**ids) for url in MEDIA_URLS):
            response = self.client.get(url)
            assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
            if response.status_code == 200:
                body = text_of(response)
                assert IMAGE_TITLE not in body and DOCUMENT_TITLE not in body, url

    def test_a_teacher_lists_no_image_or_document(self):
        self.assert_sees_no_media(self.users["Teachers"])

    def test_a_police_officer_lists_no_image_or_document(self):
        self.assert_sees_no_media(self.users["Police"])

    def test_a_reward_officer_lists_no_image_or_document(self):
        self.assert_sees_no_media(self.users["Reward officers"])

    def test_an_editor_still_chooses_images_and_documents(self):
        self.client.force_login(self.users["Editors"])
        assert IMAGE_TITLE in text_of(self.client.get("/admin/images/chooser/"))
        assert DOCUMENT_TITLE in text_of(self.client.get("/admin/documents/chooser/"))
