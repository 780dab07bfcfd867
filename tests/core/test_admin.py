"""The admin works for the people who use it: every page type's editor opens,
and footer links are editable."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from core.models import FooterLink
from education.models import (
    ArticlePage,
    DrugIndexPage,
    DrugPage,
    HelpPage,
    MaterialLibraryPage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)
from tests.utils import add_page, get_locale, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("editor", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_every_page_type_opens_in_the_editor(editor_client):
    home = make_site()
    section = add_page(home, SectionPage, "禁毒知识", slug="knowledge")
    drugs = add_page(home, DrugIndexPage, "毒品百科", slug="drugs")
    news = add_page(home, NewsIndexPage, "禁毒动态", slug="news")
    pages = [
        home, section, drugs, news,
        add_page(section, ArticlePage, "文章", slug="article"),
        add_page(drugs, DrugPage, "冰毒", slug="ice"),
        add_page(news, NewsPage, "新闻", slug="item"),
        add_page(home, MaterialLibraryPage, "宣传资料", slug="materials"),
        add_page(home, HelpPage, "戒毒帮助", slug="help"),
    ]
    for page in pages:
        response = editor_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, type(page).__name__
    for model in (DrugPage,):
        url = reverse("wagtailadmin_pages:add", args=("education", model._meta.model_name, drugs.pk))
        assert editor_client.get(url).status_code == 200


def test_footer_links_are_managed_in_settings(admin_client):
    make_site()
    FooterLink.objects.create(label="戒毒帮助", url="https://example.org/", locale=get_locale("zh-hans"))
    response = admin_client.get(reverse("wagtailsnippets_core_footerlink:list"))
    assert response.status_code == 200
    assert "戒毒帮助" in response.content.decode()


def test_admin_pages_name_no_gravatar_host(client):
    """Avatars would come from gravatar.com: a third-party host, blocked in
    mainland China, and it receives a hash of each editor's address."""
    user = User.objects.create_superuser("boss", email="boss@example.cn", password="pw-for-tests-only")
    client.force_login(user)
    for url in ("/admin/", "/admin/account/", "/admin/users/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "gravatar" not in response.content.decode().lower(), url
