"""Editors submit, Approvers approve and publish; scheduled pages go live on time."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import Schedule
from django_q.scheduler import scheduler

from education.models import ArticlePage, SectionPage
from tests.utils import add_page, make_site

pytestmark = pytest.mark.django_db


def staff(username, group):
    user = User.objects.create_user(username, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def section():
    home = make_site()
    return add_page(home, SectionPage, "禁毒知识", slug="knowledge")


def add_article_in_admin(client, parent, action):
    url = reverse("wagtailadmin_pages:add", args=("education", "articlepage", parent.pk))
    data = {
        "title": "新文章", "slug": "new-article", "summary": "", "date": "", "source": "",
        "body-count": "0", "seo_title": "", "search_description": "",
        action: "1",
    }
    return client.post(url, data)


def test_editor_cannot_publish_only_submit(client, section):
    editor = staff("editor", "Editors")
    client.force_login(editor)
    add_article_in_admin(client, section, "action-publish")
    page = ArticlePage.objects.get(slug="new-article")
    assert not page.live
    assert not page.permissions_for_user(editor).can_publish()

    add_article_in_admin_again = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        {"title": "新文章", "slug": "new-article", "summary": "", "date": "", "source": "",
         "body-count": "0", "seo_title": "", "search_description": "", "action-submit": "1"},
    )
    assert add_article_in_admin_again.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert client.get("/knowledge/new-article/").status_code == 404  # visitors cannot see it
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow.name == "内容审核"


def test_approver_approves_and_the_page_goes_live(client, section):
    editor = staff("editor", "Editors")
    approver = staff("approver", "Approvers")
    page = add_page(section, ArticlePage, "待审文章", slug="pending", publish=False)
    page.get_workflow().start(page, editor)
    page.refresh_from_db()
    task_state = page.current_workflow_state.current_task_state
    task = task_state.task.specific
    # Only Approvers are offered the approve and reject buttons; the Editor who
    # submitted the page is not.
    assert task.get_actions(page, editor) == []
    assert {name for name, *_ in task.get_actions(page, approver)} >= {"approve", "reject"}
    assert approver in task.groups.first().user_set.all()

    client.force_login(approver)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "待审文章" in response.content.decode()


def test_page_scheduled_a_minute_ahead_goes_live_when_the_schedule_runs(client, section):
    approver = staff("approver", "Approvers")
    page = add_page(section, ArticlePage, "6·26 专题", slug="june-26", publish=False)
    page.go_live_at = timezone.now() + timedelta(minutes=1)
    page.save_revision(user=approver).publish(user=approver)
    page.refresh_from_db()
    assert not page.live
    assert client.get("/knowledge/june-26/").status_code == 404

    schedule = Schedule.objects.get(name="wagtail:publish_scheduled")
    assert schedule.minutes == 1
    # The cluster's scheduler tick, 61 seconds from now (tasks run inline in tests).
    a_minute_later = timezone.now() + timedelta(seconds=61)
    with mock.patch("django.utils.timezone.now", return_value=a_minute_later):
        scheduler(broker=get_broker())

    page.refresh_from_db()
    assert page.live
    assert client.get("/knowledge/june-26/").status_code == 200


def test_schedules_are_created_once_by_name():
    from django.core.management import call_command

    call_command("setup_schedules")
    call_command("setup_schedules")
    assert Schedule.objects.filter(name="wagtail:publish_scheduled").count() == 1
    # The feature apps' schedules come through their Feature, once each too.
    for name in ("campaigns:create_drafts", "quizzes:finalise_overdue", "tips:announce_new_tips"):
        assert Schedule.objects.filter(name=name).count() == 1, name
