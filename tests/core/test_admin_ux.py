"""The admin as Editors and Approvers meet it: plain workflow names, one
obvious "approve and publish" step that says the page went live, and each
language's home page told apart at the top of the explorer."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from education.models import ArticlePage, SectionPage
from tests.utils import add_page, make_site, shared_test_data, translate

pytestmark = pytest.mark.django_db


def staff(username, group):
    user = User.objects.create_user(username, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group))
    return user


def action_buttons(html):
    """The labels of the edit page's footer actions, the default one first."""
    return [re.sub(r"<[^>]+>|\s+", "", label) for label in
            re.findall(r'<button[^>]*(?:data-workflow-action-name|name="action-)[^>]*>(.*?)</button>',
                       html, flags=re.S)]


# ---------------------------------------------------------------- 1. plain names


def test_the_workflow_and_its_task_have_plain_chinese_names(client):
    home = make_site()
    workflow = Page.get_first_root_node().get_workflow()
    task = workflow.tasks.get()
    assert (workflow.name, task.name) == ("内容审核", "领导审核")

    editor = staff("editor", "Editors")
    page = add_page(home, SectionPage, "禁毒知识", slug="knowledge", publish=False)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "提交给内容审核" in html
    assert "edit → approve" not in html and "(Approvers)" not in html


# ---------------------------------------------------------------- 2. approve and publish


@pytest.fixture
def article_in_moderation():
    """A live article whose Editor changed the title and submitted the change."""
    home = make_site()
    section = add_page(home, SectionPage, "禁毒知识", slug="knowledge")
    page = add_page(section, ArticlePage, "旧标题", slug="story")
    editor = staff("editor", "Editors")
    page.title = "新标题：远离毒品"
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    page.refresh_from_db()
    return page


def edit_form(page):
    return nested_form_data({
        "title": page.get_latest_revision_as_object().title, "slug": page.slug, "seo_title": "",
        "search_description": "", "summary": "", "listing_image": "", "date": "", "source": "",
        "body": streamfield([]),
    })


def test_approver_finds_approve_and_publish_first(client, article_in_moderation):
    client.force_login(staff("approver", "Approvers"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=(article_in_moderation.pk,)))
    labels = action_buttons(response.content.decode())
    assert labels[0] == "批准并发布", labels
    assert "取消发布" not in labels[:1]


def test_editor_is_not_offered_approval(client, article_in_moderation):
    client.force_login(User.objects.get(username="editor"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=(article_in_moderation.pk,)))
    assert "批准并发布" not in response.content.decode()


def test_approving_says_the_page_is_live_and_the_public_sees_it(client, article_in_moderation):
    page = article_in_moderation
    client.force_login(staff("approver", "Approvers"))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        {**edit_form(page), "action-workflow-action": "1", "workflow-action-name": "approve",
         "workflow-action-extra-data": "{}"},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1, shown
    assert "已批准并发布" in shown[0] and "已上线" in shown[0]
    assert "已被更新" not in shown[0]

    client.logout()
    public = client.get("/knowledge/story/")
    assert public.status_code == 200
    assert "新标题：远离毒品" in public.content.decode()


# ---------------------------------------------------------------- 3. home pages at the root


class TestHomePagesAtTheRoot:
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def tree(cls, django_db_blocker):
        with shared_test_data(django_db_blocker):
            home = make_site()
            # Translated later, so Wagtail's default order (latest revision first)
            # would put the English and Traditional Chinese homes above.
            translate(home, "zh-hant", title="首頁")
            translate(home, "en", title="Home")
            staff("editor", "Editors")
            staff("teacher", "Teachers")
            yield

    def explorer(self, client, username, **params):
        client.force_login(User.objects.get(username=username))
        root = Page.get_first_root_node()
        return client.get(reverse("wagtailadmin_explore", args=(root.pk,)), params).content.decode()

    def test_default_language_home_comes_first_and_each_says_its_language(self, client):
        html = self.explorer(client, "editor")
        positions = [html.find(title) for title in ("首页（简体中文）", "首頁（繁體中文）", "Home（English）")]
        assert -1 not in positions, positions
        assert positions[0] == min(positions)

    def test_a_column_sort_still_puts_the_default_language_first(self, client):
        # By title, "Home" would come before "首页".
        html = self.explorer(client, "editor", ordering="title")
        assert html.find("首页（简体中文）") < html.find("Home（English）")

    def test_users_without_page_rights_still_see_no_home_page(self, client):
        client.force_login(User.objects.get(username="teacher"))
        root = Page.get_first_root_node()
        response = client.get(reverse("wagtailadmin_explore", args=(root.pk,)))
        assert "（简体中文）" not in response.content.decode()

    def test_sidebar_explorer_lists_the_default_language_first(self, client):
        client.force_login(User.objects.get(username="editor"))
        root = Page.get_first_root_node()
        response = client.get("/admin/api/main/pages/", {"child_of": root.pk, "for_explorer": 1})
        titles = [item["admin_display_title"] for item in response.json()["items"]]
        assert titles[0] == "首页（简体中文）", titles
        assert set(titles) == {"首页（简体中文）", "Home（English）", "首頁（繁體中文）"}

