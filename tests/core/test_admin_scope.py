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
