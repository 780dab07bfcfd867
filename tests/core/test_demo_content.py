"""`load_initial_data` builds a realistic site, and running it twice changes nothing."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from core.models import Community, School
from education.models import ArticlePage, DrugPage, HelpPage, MaterialLibraryPage, NewsPage

pytestmark = pytest.mark.django_db
REQUIRED_DRUGS = {"冰毒", "海洛因", "大麻", "摇头丸", "K粉", "笑气", "依托咪酯", "合成大麻素"}


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": Image.objects.count(),
        "documents": Document.objects.count(),
        "users": User.objects.count(),
    }


@pytest.fixture
def demo(settings):
    settings.PAGE_CACHE_ENABLED = False
    call_command("load_initial_data", verbosity=0)


def test_demo_site_has_the_promised_content(client, demo):
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

    for url in ("/", "/en/", "/zh-hant/", "/drugs/", "/en/drugs/", "/help/", "/materials/", "/news/"):
        assert client.get(url).status_code == 200, url


def test_faq_blocks_show_their_questions(client, demo):
    help_page = HelpPage.objects.get(locale__language_code="zh-hans")
    faq = next((b for b in help_page.body if b.block_type == "faq"), None)
    if faq is None:
        pytest.skip("the demo help page has no FAQ")
    html = client.get(help_page.url).content.decode()
    question = faq.value["items"][0]["question"]
    assert question and question in html
    assert "<summary>None</summary>" not in html


def test_running_it_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_initial_data", verbosity=0)
    assert snapshot() == before
