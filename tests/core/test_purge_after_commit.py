"""nginx or a CDN in front is told to forget a page only after the change is
committed, on every path an editor or the worker takes: direct publish,
workflow approval, unpublish, delete, move and the scheduled publisher.

Purged inside the transaction, a visitor's request between the purge and the
commit would read the old page and put it back in front for s-maxage
(core/caching.py, docs/architecture.md). The purges go to a recording backend
set through WAGTAILFRONTENDCACHE (a real Wagtail backend class, driven by the
real admin views), which notes whether the connection was still inside a
transaction and what another connection sees of the page at that moment.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from education.models import ArticlePage, SectionPage
from tests.core.test_admin_ux import staff
from tests.utils import add_page, make_site

# Real commits: the purge is only sent when the transaction commits. The
# migrations' groups and workflow are put back after each flush (serialized_rollback).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _seen_from_another_connection(path: str):
    """(live, url_path) of the page at ``path`` as another worker's request would
    read it now, or None if that worker finds no such page."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT live, url_path FROM wagtailcore_page WHERE url_path = %s",
                ["/home" + path],
            )
            row = cursor.fetchone()
    finally:
        other.close()
    return None if row is None else (bool(row[0]), row[1])


class RecordingBackend(BaseBackend):
    """Notes each purged path, whether it came inside a transaction, and the
    page there as another connection sees it."""

    purges: list = []

    def purge(self, url):
        path = urlsplit(url).path
        type(self).purges.append((path, connection.in_atomic_block, _seen_from_another_connection(path)))


@pytest.fixture
def tree(settings):
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": f"{__name__}.RecordingBackend"}}
    home = make_site()
    section = add_page(home, SectionPage, "禁毒知识", slug="knowledge")
    other = add_page(home, SectionPage, "禁毒新闻", slug="news")
    article = add_page(section, ArticlePage, "旧标题", slug="story")
    RecordingBackend.purges = []
    return {"home": home, "section": section, "other": other, "article": article}


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin", password="pw-for-tests-only"))
    return client


def purged_paths():
    return {path for path, _inside, _seen in RecordingBackend.purges}


def assert_all_after_commit():
    assert RecordingBackend.purges, "nothing was purged"
    inside = [path for path, in_atomic, _seen in RecordingBackend.purges if in_atomic]
    assert not inside, f"purged inside the transaction: {inside}"


def edit_form(page, title):
    return nested_form_data({
        "title": title, "slug": page.slug, "seo_title": "", "search_description": "", "summary": "",
        "listing_image": "", "date": "", "source": "", "body": streamfield([]),
    })


def test_a_direct_publish_purges_after_commit(admin_client, tree):
    article = tree["article"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        {**edit_form(article, "新标题"), "action-publish": "action-publish"},
    )
    assert response.status_code == 302
    assert Page.objects.get(pk=article.pk).title == "新标题"
    assert {"/knowledge/story/", "/knowledge/", "/"} <= purged_paths()
    assert_all_after_commit()


def test_a_workflow_approval_purges_after_commit(client, tree):
    article = tree["article"]
    editor = staff("editor", "Editors")
    article.title = "新标题：远离毒品"
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    article.refresh_from_db()
    task_state = article.current_workflow_state.current_task_state
    RecordingBackend.purges = []

    client.force_login(staff("approver", "Approvers"))
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    assert Page.objects.get(pk=article.pk).title == "新标题：远离毒品"
    assert {"/knowledge/story/", "/knowledge/"} <= purged_paths()
    assert_all_after_commit()


def test_an_unpublish_purges_after_commit(admin_client, tree):
    article = tree["article"]
    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=(article.pk,)))
    assert response.status_code == 302
    assert {"/knowledge/story/", "/knowledge/"} <= purged_paths()
    assert_all_after_commit()
    # Another worker already reads the page as unpublished when the purge comes.
    seen = {path: state for path, _inside, state in RecordingBackend.purges}
    assert seen["/knowledge/story/"] == (False, "/home/knowledge/story/")


def test_a_delete_purges_after_commit(admin_client, tree):
    article = tree["article"]
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=(article.pk,)))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=article.pk).exists()
    assert {"/knowledge/story/", "/knowledge/", "/"} <= purged_paths()
    assert_all_after_commit()
    seen = {path: state for path, _inside, state in RecordingBackend.purges}
    assert seen["/knowledge/story/"] is None  # gone for every worker by then


def test_deleting_a_section_purges_every_page_in_it_once(admin_client, tree):
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=(tree["section"].pk,)))
    assert response.status_code == 302
    assert {"/knowledge/story/", "/knowledge/", "/"} <= purged_paths()
    assert_all_after_commit()
    # One purge per URL for the whole delete, though every page in it lists the home page.
    paths = [path for path, _inside, _seen in RecordingBackend.purges]
    assert len(paths) == len(set(paths)), paths


class FailingBackend(BaseBackend):
    """A CDN whose purge API is down."""

    def purge(self, url):
        raise ConnectionError("purge API unreachable")


def test_a_purge_that_fails_leaves_the_publish_done_and_the_editor_without_an_error(admin_client, tree, settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.FailingBackend"}}
    article = tree["article"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        {**edit_form(article, "新标题"), "action-publish": "action-publish"},
        follow=True,
    )
    assert response.status_code == 200
    assert "已经发布" in " ".join(str(message) for message in response.context["messages"])
    assert Page.objects.get(pk=article.pk).title == "新标题"


def test_a_move_purges_the_old_and_new_places_after_commit(admin_client, tree):
    article = tree["article"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:move_confirm", args=(article.pk, tree["other"].pk))
    )
    assert response.status_code == 302
    assert Page.objects.get(pk=article.pk).url_path == "/home/news/story/"
    assert {"/knowledge/story/", "/news/story/", "/knowledge/", "/news/", "/"} <= purged_paths()
    assert_all_after_commit()
    seen = {path: state for path, _inside, state in RecordingBackend.purges}
    assert seen["/knowledge/story/"] is None and seen["/news/story/"] == (True, "/home/news/story/")


def test_the_scheduled_publisher_purges_after_commit(tree, time_machine):
    page = add_page(tree["section"], ArticlePage, "6·26 专题", slug="june-26", publish=False)
    page.go_live_at = timezone.now() + timedelta(minutes=1)
    page.save_revision().publish()
    assert not Page.objects.get(pk=page.pk).live
    RecordingBackend.purges = []
    # The minute has passed: what the worker's every-minute schedule runs.
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    call_command("publish_scheduled")
    assert Page.objects.get(pk=page.pk).live
    assert {"/knowledge/june-26/", "/knowledge/"} <= purged_paths()
    assert_all_after_commit()
    seen = {path: state for path, _inside, state in RecordingBackend.purges}
    assert seen["/knowledge/june-26/"] == (True, "/home/knowledge/june-26/")


def test_a_publish_that_is_rolled_back_purges_nothing(tree):
    article = tree["article"]
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "不会发布"
        article.save_revision().publish()
        raise RuntimeError("the editor's request failed")
    assert RecordingBackend.purges == []
    assert Page.objects.get(pk=article.pk).title == "旧标题"
