"""A page's view restriction (login, password, groups) covers all its translations.

Restricting /knowledge/six-into/ once left /en/knowledge/six-into/ public:
Wagtail keeps restrictions per page, and each translation is a page of its own.
"""

import importlib

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from education.models import ArticlePage, SectionPage
from tests.utils import add_page, make_site, translate

URLS = ["/knowledge/six-into/", "/en/knowledge/six-into/", "/zh-hant/knowledge/six-into/"]


def anonymous(url):
    return Client().get(url)


@override_settings(PAGE_CACHE_ENABLED=False)
class TranslationRestrictionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site()
        cls.homes = {"en": translate(home, "en", title="Home"), "zh-hant": translate(home, "zh-hant", title="首頁")}
        cls.section = add_page(home, SectionPage, "禁毒知识", slug="knowledge", show_in_menus=True)
        cls.article = add_page(cls.section, ArticlePage, "六进活动", slug="six-into", summary="六进简介")
        cls.sections = {"en": translate(cls.section, "en", title="Drug knowledge")}
        cls.translations = {
            "en": translate(cls.article, "en", title="Six into outreach", summary="Into schools"),
            "zh-hant": translate(cls.article, "zh-hant", title="六進活動", summary="六進簡介"),
        }
        cls.approver = User.objects.create_user("approver", password="pw-for-tests-only")
        cls.approver.groups.add(Group.objects.get(name="Approvers"))

    def restrict(self, page, **data):
        """Set privacy in the admin, as an Approver does."""
        self.client.force_login(self.approver)
        response = self.client.post(reverse("wagtailadmin_pages:set_privacy", args=(page.pk,)), data)
        assert response.status_code == 200
        self.client.logout()

    def assert_login_required(self, url):
        response = anonymous(url)
        assert response.status_code == 302, (url, response.status_code)
        assert "login" in response["Location"] and "six-into" in response["Location"]

    def test_all_translations_are_public_before(self):
        for url in URLS:
            assert anonymous(url).status_code == 200, url

    def test_login_restriction_covers_every_translation(self):
        self.restrict(self.article, restriction_type="login")
        for url in URLS:
            self.assert_login_required(url)

    def test_password_restriction_covers_every_translation(self):
        self.restrict(self.article, restriction_type="password", password="s3cret-pw")
        for code, page in self.translations.items():
            response = anonymous(page.url)
            assert response.status_code == 200, code
            html = response.content.decode()
            assert 'name="password"' in html and page.summary not in html

    def test_group_restriction_carries_its_groups(self):
        teachers = Group.objects.get(name="Teachers")
        self.restrict(self.article, restriction_type="groups", groups=[teachers.pk])
        for page in self.translations.values():
            restriction = PageViewRestriction.objects.get(page=page)
            assert restriction.restriction_type == "groups"
            assert list(restriction.groups.all()) == [teachers]

    def test_restricting_a_translation_restricts_the_source_too(self):
        self.restrict(self.translations["en"], restriction_type="login")
        self.assert_login_required("/knowledge/six-into/")
        self.assert_login_required("/zh-hant/knowledge/six-into/")

    def test_making_the_page_public_again_frees_the_translations(self):
        self.restrict(self.article, restriction_type="login")
        self.restrict(self.article, restriction_type="none")
        for url in URLS:
            assert anonymous(url).status_code == 200, url

    def test_a_translation_made_later_is_restricted_too(self):
        other = add_page(self.section, ArticlePage, "家庭", slug="families")
        self.restrict(other, restriction_type="login")
        translate(other, "en", title="Families")
        response = anonymous("/en/knowledge/families/")
        assert response.status_code == 302 and "login" in response["Location"]

    def test_deleting_a_translation_keeps_the_others_restricted(self):
        self.restrict(self.article, restriction_type="login")
        self.translations["zh-hant"].delete()
        self.assert_login_required("/knowledge/six-into/")
        self.assert_login_required("/en/knowledge/six-into/")

    def test_the_migration_restricts_translations_of_pages_restricted_before(self):
        # Restrictions made before this rule existed (bulk_create sends no signals).
        PageViewRestriction.objects.bulk_create(
            [PageViewRestriction(page=self.article, restriction_type="login")]
        )
        assert anonymous("/en/knowledge/six-into/").status_code == 200
        migration = importlib.import_module("core.migrations.0006_approval_permissions")
        migration.mirror_view_restrictions(django_apps, None)
        for url in URLS:
            self.assert_login_required(url)

    def test_restricted_translations_leave_listings_menus_search_and_sitemap(self):
        self.restrict(self.section, restriction_type="login")
        en_home = anonymous("/en/").content.decode()
        assert "Drug knowledge" not in en_home and "/en/knowledge/" not in en_home
        results = anonymous("/en/search/?q=outreach").content.decode()
        assert "Six into outreach" not in results
        sitemap = anonymous("/sitemap.xml").content.decode()
        assert "/en/knowledge/" not in sitemap

    def test_listing_hides_a_restricted_translation(self):
        self.restrict(self.article, restriction_type="login")
        listing = anonymous("/en/knowledge/").content.decode()
        assert "Six into outreach" not in listing
