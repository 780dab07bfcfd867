"""Editors add and choose media and change only their own uploads; Approvers change any.

Replacing an image changes every live page that shows it (its og:image too),
so changing or deleting someone else's image or document is for Approvers.
"""

import io

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, GroupPagePermission, Task, WorkflowPage


def staff(username, group):
    user = User.objects.create_user(username, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group))
    return user


def png(colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_image(owner, title):
    image = Image(title=title, uploaded_by_user=owner, collection=Collection.get_first_root_node(),
                  width=40, height=30, file=ImageFile(io.BytesIO(png("red")), name=f"{title}.png"))
    image.save()
    return image


def make_document(owner, title):
    document = Document(title=title, uploaded_by_user=owner, collection=Collection.get_first_root_node())
    document.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 approved leaflet"), save=False)
    document.save()
    return document


def refused(response):
    """Wagtail's admin answers a refused view with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


class MediaOwnershipTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff("editor", "Editors")
        cls.other_editor = staff("editor2", "Editors")
        cls.approver = staff("approver", "Approvers")

    def setUp(self):
        self.theirs = make_image(self.other_editor, "theirs")
        self.mine = make_image(self.editor, "mine")
        self.their_document = make_document(self.other_editor, "their-leaflet")

    def replace_image(self, image, title):
        return self.client.post(
            reverse("wagtailimages:edit", args=(image.pk,)),
            {"title": title, "collection": image.collection_id, "tags": "", "description": "",
             "file": SimpleUploadedFile("new.png", png("blue"), content_type="image/png")},
        )

    def test_editor_cannot_edit_or_delete_someone_elses_image(self):
        self.client.force_login(self.editor)
        before = self.theirs.file.name
        assert refused(self.client.get(reverse("wagtailimages:edit", args=(self.theirs.pk,))))
        assert refused(self.replace_image(self.theirs, "替换"))
        assert refused(self.client.get(reverse("wagtailimages:delete", args=(self.theirs.pk,))))
        assert refused(self.client.post(reverse("wagtailimages:delete", args=(self.theirs.pk,))))
        self.theirs.refresh_from_db()
        assert self.theirs.title == "theirs" and self.theirs.file.name == before

    def test_editor_cannot_edit_or_delete_someone_elses_document(self):
        self.client.force_login(self.editor)
        document = self.their_document
        assert refused(self.client.get(reverse("wagtaildocs:edit", args=(document.pk,))))
        assert refused(self.client.post(reverse("wagtaildocs:delete", args=(document.pk,))))
        assert Document.objects.filter(pk=document.pk, title="their-leaflet").exists()

    def test_editor_still_adds_chooses_and_edits_their_own(self):
        self.client.force_login(self.editor)
        assert self.client.get(reverse("wagtailimages:add")).status_code == 200
        assert self.client.get(reverse("wagtailimages_chooser:choose")).status_code == 200
        assert self.client.get(reverse("wagtaildocs_chooser:choose")).status_code == 200
        assert self.client.get(reverse("wagtailimages:edit", args=(self.mine.pk,))).status_code == 200
        assert self.replace_image(self.mine, "我的新图").status_code == 302
        self.mine.refresh_from_db()
        assert self.mine.title == "我的新图"

    def test_approver_edits_and_deletes_anyones_media(self):
        self.client.force_login(self.approver)
        assert self.replace_image(self.theirs, "审核替换").status_code == 302
        self.theirs.refresh_from_db()
        assert self.theirs.title == "审核替换"
        self.client.post(reverse("wagtaildocs:delete", args=(self.their_document.pk,)))
        assert not Document.objects.filter(pk=self.their_document.pk).exists()


class ModeratorsGroupTests(TestCase):
    def test_wagtails_moderators_group_is_gone_and_nothing_needed_it(self):
        assert not Group.objects.filter(name="Moderators").exists()
        assert not GroupPagePermission.objects.filter(permission__codename="publish_page").exclude(
            group__name="Approvers"
        ).exists()
        # Every active approval step still has someone to approve.
        for task in Task.objects.filter(active=True).specific():
            assert task.groups.exists(), task
        # The only workflow in use is ours, on the root.
        assert list(WorkflowPage.objects.values_list("workflow__name", flat=True)) == ["内容审核"]
