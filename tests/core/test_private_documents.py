"""Documents are served only through Wagtail's document view, which checks privacy.

Django's fallback media route (config/urls.py, used when nginx does not serve
/media/, e.g. on app nodes behind a load balancer) served every upload,
documents in login-only collections included.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import Resolver404, resolve
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 internal work plan"


@pytest.fixture
def private_collection():
    collection = Collection.get_first_root_node().add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def make_document(title, collection):
    document = Document(title=title, collection=collection)
    document.file.save(f"{title}.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


def test_a_private_document_file_is_not_served_from_media(private_collection):
    document = make_document("plan", private_collection)
    name = document.file.name  # documents/plan.pdf
    assert name.startswith("documents/")
    with pytest.raises(Resolver404):
        resolve(f"/media/{name}")
    assert Client().get(f"/media/{name}").status_code == 404


def test_a_private_document_needs_a_login_through_its_link(private_collection):
    document = make_document("plan", private_collection)
    assert document.url == f"/documents/{document.pk}/plan.pdf"
    response = Client().get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_public_document_downloads_through_its_link():
    document = make_document("leaflet", Collection.get_first_root_node())
    response = Client().get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_images_are_still_served_from_media():
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), "red").save(buffer, "PNG")
    image = Image(title="poster", width=20, height=20, file=ImageFile(buffer, name="poster.png"))
    image.save()
    assert Client().get(f"/media/{image.file.name}").status_code == 200
    rendition = image.get_rendition("width-10")
    assert Client().get(rendition.url).status_code == 200


def test_nothing_else_under_media_is_served(settings):
    (settings.MEDIA_ROOT / "tips").mkdir(parents=True)
    (settings.MEDIA_ROOT / "tips" / "report.txt").write_text("secret")
    assert Client().get("/media/tips/report.txt").status_code == 404
