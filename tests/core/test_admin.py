"""The admin works for the people who use it: a new site's home page is built
through the real create form, and footer links are editable.

The education pages' create forms are tested in tests/education/test_admin_create.py.
"""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.blocks import RICH_TEXT_FEATURES
from core.models import FooterLink, HomePage
from tests.utils import get_locale, make_site


def home_page_data():
    return nested_form_data({
        "title": "首页", "slug": "home", "seo_title": "", "search_description": "", "summary": "",
        "listing_image": "",
        "hero_title": "珍爱生命，远离毒品", "hero_text": "南城街道禁毒宣传教育", "hero_image": "",
        "quick_links": streamfield([]),
        "news_page": "",
        "featured": streamfield([]),
        "body": streamfield([("paragraph", rich_text("<p>6月是全民禁毒宣传月。</p>", features=RICH_TEXT_FEATURES))]),
    })


class HomePageCreationTests(WagtailPageTestCase):
    """A fresh install: the root holds no home page yet."""

    @classmethod
    def setUpTestData(cls):
        cls.root = Page.get_first_root_node()
        for child in cls.root.get_children():  # Wagtail's welcome page
            child.delete()
        cls.superuser = User.objects.create_superuser("boss", password="pw-for-tests-only")
        cls.editor = User.objects.create_user("editor", password="pw-for-tests-only")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def test_superuser_publishes_the_home_page_and_visitors_see_it(self):
        self.client.force_login(self.superuser)
        self.assertCanCreate(self.root, HomePage, home_page_data())
        home = HomePage.objects.get(slug="home")
        self.assertTrue(home.live)
        self.assertEqual(home.hero_text, "南城街道禁毒宣传教育")
        self.assertEqual(home.locale.language_code, "zh-hans")
        # What the admin does next in Settings → Sites.
        Site.objects.all().delete()
        Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
        self.client.logout()
        response = self.client.get("/")
        self.assertContains(response, "珍爱生命，远离毒品")
        self.assertContains(response, "6月是全民禁毒宣传月。")

    def test_editor_submits_a_home_page_that_waits_for_approval(self):
        # Editors may add pages anywhere under the root (core/migrations/0002),
        # so they can start a home page too; the workflow keeps it off the site.
        self.client.force_login(self.editor)
        # publish=True also posts action-publish, which Wagtail ignores for a
        # user without publish permission: the page goes to the workflow.
        self.assertCanCreate(self.root, HomePage, {**home_page_data(), "action-submit": "action-submit"})
        home = HomePage.objects.get(slug="home")
        self.assertFalse(home.live)
        self.assertEqual(home.current_workflow_state.status, "in_progress")
        self.assertEqual(home.hero_title, "珍爱生命，远离毒品")

    def test_one_home_page_per_root(self):
        self.client.force_login(self.superuser)
        self.assertCanCreate(self.root, HomePage, home_page_data())
        self.assertFalse(HomePage.can_create_at(self.root))
        second = {**home_page_data(), "slug": "home-2"}
        response = self.client.post(reverse("wagtailadmin_pages:add", args=("core", "homepage", self.root.pk)),
                                    {**second, "action-publish": "action-publish"}, follow=True)
        # Wagtail's admin answers a refused action with its dashboard and an error message.
        self.assertEqual(response.redirect_chain, [(reverse("wagtailadmin_home"), 302)])
        self.assertEqual([m.level_tag for m in response.context["messages"]], ["error"])
        self.assertFalse(HomePage.objects.filter(slug="home-2").exists())


@pytest.mark.django_db
def test_footer_links_are_managed_in_settings(admin_client):
    make_site()
    FooterLink.objects.create(label="戒毒帮助", url="https://example.org/", locale=get_locale("zh-hans"))
    response = admin_client.get(reverse("wagtailsnippets_core_footerlink:list"))
    assert response.status_code == 200
    assert "戒毒帮助" in response.content.decode()


@pytest.mark.django_db
def test_admin_pages_name_no_gravatar_host(client):
    """Avatars would come from gravatar.com: a third-party host, blocked in
    mainland China, and it receives a hash of each editor's address."""
    user = User.objects.create_superuser("boss", email="boss@example.cn", password="pw-for-tests-only")
    client.force_login(user)
    for url in ("/admin/", "/admin/account/", "/admin/users/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "gravatar" not in response.content.decode().lower(), url


def _page_types_named_in_creation_tests() -> set[str]:
    """Class names passed to a call in any test module that creates pages
    through the real form (assertCanCreate)."""
    named = set()
    for path in Path(__file__).resolve().parent.parent.rglob("test_*.py"):
        source = path.read_text(encoding="utf-8")
        if "assertCanCreate" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                named.update(arg.id for arg in node.args if isinstance(arg, ast.Name))
    return named


def test_every_page_type_has_an_admin_creation_test():
    """Issue 5: every page type is created through the real edit form in a
    test (WagtailPageTestCase.assertCanCreate with nested_form_data); a page
    type an app adds without one fails here."""
    from wagtail.models import get_page_models

    missing = {model.__name__ for model in get_page_models() if model is not Page}
    missing -= _page_types_named_in_creation_tests()
    assert not missing, f"page types without an admin creation test: {sorted(missing)}"
