"""One answer to "the home page for this language" (core.visibility.localized_home):
routing, the menu and the site map agree, and a translated home page that is
still a draft does not count."""

import re

import pytest

from education.models import SectionPage
from tests.utils import add_page, make_site, translate

pytestmark = pytest.mark.django_db


def test_a_draft_translation_of_the_home_page_leaves_the_language_on_the_chinese_tree(client):
    home = make_site()
    add_page(home, SectionPage, "禁毒知识", slug="knowledge", show_in_menus=True)
    draft = translate(home, "en", publish=False, title="Home (draft)")

    front = client.get("/en/").content.decode()
    assert "Home (draft)" not in front
    menu = re.search(r'<nav aria-label="Main".*?</nav>', front, re.S).group()
    assert 'href="/knowledge/">禁毒知识</a>' in menu  # the Chinese tree, in the English interface
    site_map = client.get("/en/sitemap/").content.decode()
    assert "禁毒知识" in site_map and "Home (draft)" not in site_map

    draft.title = "Home"
    draft.save_revision().publish()
    assert "<title>Home ·" in client.get("/en/").content.decode()
