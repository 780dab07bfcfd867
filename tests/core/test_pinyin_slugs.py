"""A page titled in Chinese gets a readable pinyin slug, not the digits that
are left when the admin's ASCII slugify drops the characters ("2027")."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from campaigns.models import CampaignPage, KeyDate
from core.slugs import pinyin_slug
from education.models import SectionPage
from tests.campaigns.utils import add_campaign_index
from tests.utils import make_site

pytestmark = pytest.mark.django_db


def test_pinyin_slugs_read_as_the_title_sounds():
    assert pinyin_slug("2027年国际禁毒日宣传") == "2027-nian-guo-ji-jin-du-ri-xuan-chuan"
    assert pinyin_slug("禁毒知识") == "jin-du-zhi-shi"
    assert pinyin_slug("國際禁毒日") == "guo-ji-jin-du-ri"  # Traditional too
    assert pinyin_slug("Anti-drug law 禁毒法") == "anti-drug-law-jin-du-fa"
    assert len(pinyin_slug("禁毒" * 100)) <= 80


def campaign_data(slug):
    return {**nested_form_data({
        "title": "2027年国际禁毒日宣传", "slug": slug, "seo_title": "", "search_description": "", "summary": "",
        "listing_image": "", "year": "2027", "key_date": str(KeyDate.objects.get(code="idad").pk),
        "theme": "", "theme_source": "", "banner_text": "", "window_start": "2027-06-01",
        "window_end": "2027-06-30", "hero_image": "",
        "body": streamfield([("paragraph", rich_text("<p>宣传安排。</p>"))]), "materials": {"count": 0},
    }), "channels": ["website"]}


@pytest.mark.parametrize("typed_slug", ["2027", ""])
def test_a_campaign_titled_in_chinese_gets_a_pinyin_slug(admin_client, typed_slug):
    index = add_campaign_index(make_site())
    url = reverse("wagtailadmin_pages:add", args=("campaigns", "campaignpage", index.pk))
    data = campaign_data(typed_slug)
    data.update({"materials-TOTAL_FORMS": "0", "materials-INITIAL_FORMS": "0",
                 "materials-MIN_NUM_FORMS": "0", "materials-MAX_NUM_FORMS": "1000"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = CampaignPage.objects.get()
    assert page.slug == "2027-nian-guo-ji-jin-du-ri-xuan-chuan"


def test_a_slug_the_editor_chose_is_kept_and_an_existing_page_keeps_its_path(admin_client):
    home = make_site()
    url = reverse("wagtailadmin_pages:add", args=("education", "sectionpage", home.pk))
    form = nested_form_data({"title": "禁毒知识", "slug": "knowledge", "seo_title": "", "search_description": "",
                             "summary": "", "listing_image": "", "intro": rich_text("<p>知识。</p>")})
    assert admin_client.post(url, form).status_code == 302
    assert SectionPage.objects.filter(slug="knowledge").exists()
    # A page published as /2027/ keeps that path when it is edited: links to it are out there.
    page = SectionPage(title="2027年工作", slug="2027", intro="<p>安排。</p>")
    home.add_child(instance=page)
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = admin_client.post(edit, {**form, "title": "2027年工作", "slug": "2027"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.slug == "2027"
