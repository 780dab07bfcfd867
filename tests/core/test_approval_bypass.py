"""Nothing an Editor does in the admin makes content public without an Approver.

Each test walks one path through the real admin URLs as an Editor (宣传编辑)
and then asks the public site, as an anonymous visitor, whether anything
changed; where the path has a legitimate use, an Approver (审核) then does the
same and the change does go live.

Wagtail-localize's views commit their publish in ``transaction.on_commit``;
``captureOnCommitCallbacks(execute=True)`` runs those callbacks as a real
commit would, so the tests see what production saw.
"""

from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from education.models import ArticlePage, SectionPage
from tests.utils import add_page, get_locale, make_site, translate

EVIL = "未经审核的文字"


def staff(username, group):
    user = User.objects.create_user(username, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group))
    return user


def public_get(url):
    """What an anonymous visitor gets at ``url`` (status, text)."""
    response = Client().get(url)
    return response.status_code, response.content.decode() if response.status_code == 200 else ""


def assert_refused(response):
    """Wagtail's admin turns a refusal (PermissionDenied) into a redirect home with a message."""
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    ), response


def article_form(page, **extra):
    """The fields of the admin edit form of an ArticlePage, as a browser posts them."""
    data = {
        "title": page.title, "slug": page.slug, "summary": page.summary, "date": "", "source": "",
        "body-count": "0", "seo_title": "", "search_description": "",
        "go_live_at": "", "expire_at": "",
    }
    data.update(extra)
    return data


@override_settings(PAGE_CACHE_ENABLED=False)
class AdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.hant_home = translate(cls.home, "zh-hant", title="首頁")
        cls.en_home = translate(cls.home, "en", title="Home")
        cls.section = add_page(cls.home, SectionPage, "禁毒知识", slug="knowledge")
        cls.hant_section = translate(cls.section, "zh-hant", title="禁毒知識")
        cls.article = add_page(cls.section, ArticlePage, "六进活动", slug="six-into")
        cls.editor = staff("editor", "Editors")
        cls.approver = staff("approver", "Approvers")

    def as_user(self, user):
        self.client.force_login(user)
        return self.client

    @contextmanager
    def committing(self):
        with self.captureOnCommitCallbacks(execute=True):
            yield


class LocalizeCannotPublishTests(AdminTestCase):
    """wagtail-localize's submit, update, translation editor and alias conversion."""

    HANT_URL = "/zh-hant/knowledge/six-into/"

    def localize(self, page, code, publish):
        """A wagtail-localize translation of ``page``, made (and maybe published) by an Approver."""
        source, _ = TranslationSource.get_or_create_from_instance(page)
        translation, _ = Translation.objects.get_or_create(source=source, target_locale=get_locale(code))
        with self.committing():
            translation.save_target(user=self.approver, publish=publish)
        return translation

    def edit_string(self, user, translation, path, value):
        segment = StringSegment.objects.get(source=translation.source, context__path=path)
        url = reverse("wagtail_localize:edit_string_translation", args=(translation.pk, segment.pk))
        return self.as_user(user).put(
            url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded"
        )

    def submit(self, user, page, code, **extra):
        url = reverse("wagtail_localize:submit_page_translation", args=(page.pk,))
        with self.committing():
            return self.as_user(user).post(url, {"locales": [get_locale(code).pk], **extra})

    def test_submitting_for_translation_makes_a_draft_not_a_live_page(self):
        assert public_get(self.HANT_URL)[0] != 200
        response = self.submit(self.editor, self.article, "zh-hant")
        assert response.status_code == 302
        translated = self.article.get_translation(get_locale("zh-hant"))
        assert not translated.live
        assert public_get(self.HANT_URL)[0] != 200
        assert not PageLogEntry.objects.filter(action="wagtail.publish", user=self.editor).exists()

    def test_update_translations_with_publish_is_refused_to_an_editor(self):
        translation = self.localize(self.article, "zh-hant", publish=True)
        assert public_get(self.HANT_URL)[0] == 200
        assert self.edit_string(self.editor, translation, "title", EVIL).status_code in (200, 201)

        url = reverse("wagtail_localize:update_translations", args=(translation.source.pk,))
        page = self.as_user(self.editor).get(url)
        assert page.status_code == 200
        assert 'name="publish_translations"' not in page.content.decode()
        with self.committing():
            assert_refused(self.client.post(url, {"publish_translations": "on"}))
        status, text = public_get(self.HANT_URL)
        assert status == 200 and EVIL not in text

        # Without "publish", syncing is still open to editors and changes nothing public.
        with self.committing():
            assert self.client.post(url, {}).status_code == 302
        assert EVIL not in public_get(self.HANT_URL)[1]

        # The Approver publishes the reviewed translation.
        with self.committing():
            response = self.as_user(self.approver).post(url, {"publish_translations": "on"})
        assert response.status_code == 302
        assert EVIL in public_get(self.HANT_URL)[1]

    def test_translation_editor_publish_is_refused_to_an_editor(self):
        translation = self.localize(self.article, "zh-hant", publish=True)
        self.edit_string(self.editor, translation, "title", EVIL)
        target = translation.get_target_instance()
        url = reverse("wagtailadmin_pages:edit", args=(target.pk,))
        assert self.as_user(self.editor).get(url).status_code == 200

        with self.committing():
            assert_refused(self.client.post(url, {"action": "publish"}))
        status, text = public_get(self.HANT_URL)
        assert status == 200 and EVIL not in text

        with self.committing():
            self.as_user(self.approver).post(url, {"action": "publish"})
        assert EVIL in public_get(self.HANT_URL)[1]

    def test_submitting_a_subtree_does_not_rewrite_live_translations(self):
        # en: the section is an alias of the zh-hans one, the article a
        # reviewed, live translation under it.
        en_section = self.section.create_alias(
            parent=Page.objects.get(pk=self.en_home.pk), update_locale=get_locale("en"), reset_translation_key=False
        )
        assert en_section.live
        translation = self.localize(self.article, "en", publish=True)
        assert public_get("/en/knowledge/six-into/")[0] == 200
        self.edit_string(self.editor, translation, "title", EVIL)

        response = self.submit(self.editor, self.section, "en", include_subtree="on")
        assert response.status_code == 200  # the form again, with the reason
        assert "请由审核人员操作" in response.content.decode()
        status, text = public_get("/en/knowledge/six-into/")
        assert status == 200 and EVIL not in text

    def test_converting_a_draft_translation_to_an_alias_does_not_publish_it(self):
        translation = self.localize(self.article, "zh-hant", publish=False)
        target = translation.get_target_instance()
        url = reverse("wagtail_localize:convert_to_alias", args=(target.pk,))
        with self.committing():
            assert_refused(self.as_user(self.editor).post(url))
        assert public_get(self.HANT_URL)[0] != 200

        with self.committing():
            response = self.as_user(self.approver).post(url)
        assert response.status_code == 302
        assert public_get(self.HANT_URL)[0] == 200

    def test_approver_can_translate_and_publish(self):
        response = self.submit(self.approver, self.article, "zh-hant")
        assert response.status_code == 302
        target = self.article.get_translation(get_locale("zh-hant"))
        with self.committing():
            self.as_user(self.approver).post(reverse("wagtailadmin_pages:edit", args=(target.pk,)),
                                             {"action": "publish"})
        assert public_get(self.HANT_URL)[0] == 200


class WagtailPathsCannotPublishTests(AdminTestCase):
    """Copy, move, bulk actions, revisions and scheduling in Wagtail's own admin."""

    def test_copy_with_publish_copies_makes_a_draft(self):
        url = reverse("wagtailadmin_pages:copy", args=(self.article.pk,))
        data = {"new_title": "复制", "new_slug": "copied", "new_parent_page": self.section.pk,
                "publish_copies": "on"}
        self.as_user(self.editor).post(url, data)
        assert public_get("/knowledge/copied/")[0] == 404

        self.as_user(self.approver).post(url, {**data, "new_slug": "copied-by-approver"})
        assert public_get("/knowledge/copied-by-approver/")[0] == 200

    def test_copy_as_alias_is_refused(self):
        url = reverse("wagtailadmin_pages:copy", args=(self.article.pk,))
        self.as_user(self.editor).post(
            url, {"new_title": "别名", "new_slug": "aliased", "new_parent_page": self.home.pk, "alias": "on"}
        )
        assert public_get("/aliased/")[0] == 404

    def test_a_live_page_cannot_be_moved_by_an_editor(self):
        # Moving is how a private page would leave its restricted section.
        other = add_page(self.home, SectionPage, "其他", slug="other")
        url = reverse("wagtailadmin_pages:move_confirm", args=(self.article.pk, other.pk))
        self.as_user(self.editor).post(url)
        assert public_get("/other/six-into/")[0] == 404
        assert public_get("/knowledge/six-into/")[0] == 200

    def test_bulk_publish_is_refused(self):
        draft = add_page(self.section, ArticlePage, "草稿", slug="draft", publish=False)
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft.pk}"
        self.as_user(self.editor).post(url, {"include_descendants": ""})
        assert public_get("/knowledge/draft/")[0] == 404

        self.as_user(self.approver).post(url, {"include_descendants": ""})
        assert public_get("/knowledge/draft/")[0] == 200

    def test_reverting_to_a_revision_does_not_publish_it(self):
        old = self.article.get_latest_revision()
        self.article.title = "审核后的标题"
        self.article.save_revision(user=self.approver).publish(user=self.approver)
        url = reverse("wagtailadmin_pages:revisions_revert", args=(self.article.pk, old.pk))
        assert self.as_user(self.editor).get(url).status_code == 200

        self.client.post(
            reverse("wagtailadmin_pages:edit", args=(self.article.pk,)) + f"?revision={old.pk}",
            article_form(self.article, title=EVIL, **{"action-publish": "1"}),
        )
        status, text = public_get("/knowledge/six-into/")
        assert status == 200 and "审核后的标题" in text and EVIL not in text

    def test_go_live_at_set_by_an_editor_still_needs_approval(self):
        draft = add_page(self.section, ArticlePage, "定时", slug="scheduled", publish=False)
        edit = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
        soon = timezone.localtime() - timedelta(minutes=5)
        self.as_user(self.editor).post(edit, article_form(
            draft, go_live_at=soon.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "1"}))
        call_command("publish_scheduled")
        assert public_get("/knowledge/scheduled/")[0] == 404

        # Submitted for approval: the Approver's approval is what lets it go live.
        self.client.post(edit, article_form(
            draft, go_live_at=soon.strftime("%Y-%m-%d %H:%M"), **{"action-submit": "1"}))
        call_command("publish_scheduled")
        assert public_get("/knowledge/scheduled/")[0] == 404
        draft = Page.objects.get(pk=draft.pk)
        task_state = draft.current_workflow_state.current_task_state
        self.as_user(self.approver).post(
            reverse("wagtailadmin_pages:workflow_action", args=(draft.pk, "approve", task_state.pk)),
            {"comment": ""},
        )
        call_command("publish_scheduled")
        assert public_get("/knowledge/scheduled/")[0] == 200
