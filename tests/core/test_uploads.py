"""Bad uploads get a clear form error in the admin, never a 500."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("boss", password="pw-for-tests-only")
    client.force_login(user)
    return client


def png_bytes(width, height):
    buffer = io.BytesIO()
    PILImage.new("L", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def upload(client, name, content, content_type="image/png"):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "禁毒宣传海报", "file": SimpleUploadedFile(name, content, content_type=content_type),
         "collection": "1"},
    )


def test_a_real_image_uploads(admin_client):
    response = upload(admin_client, "ok.png", png_bytes(40, 30))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (40, 30)
    assert "禁毒宣传海报" in admin_client.get(response.url).content.decode()  # listed in the image library


def test_a_non_image_is_refused_with_a_message(admin_client):
    response = upload(admin_client, "notes.png", b"this is not a picture at all")
    assert response.status_code == 200
    assert Image.objects.count() == 0
    assert response.context["form"].errors["file"]


def test_a_text_file_with_image_extension_is_refused(admin_client):
    response = upload(admin_client, "evil.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg")
    assert response.status_code == 200 and Image.objects.count() == 0
    assert response.context["form"].errors["file"]


def test_an_oversized_file_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    response = upload(admin_client, "big.png", png_bytes(400, 400) + b"\0" * 2000)
    assert response.status_code == 200 and Image.objects.count() == 0
    assert response.context["form"].errors["file"]


def test_a_decompression_bomb_is_refused(admin_client):
    # 20000 × 20000 = 400 megapixels, a few hundred kB compressed.
    response = upload(admin_client, "bomb.png", png_bytes(20000, 20000))
    assert response.status_code == 200
    assert Image.objects.count() == 0
    errors = " ".join(response.context["form"].errors["file"])
    assert errors
