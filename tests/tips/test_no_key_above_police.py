"""A superuser holds no key: the authenticator secrets of officers are shown
to no one in /django-admin/ (tips/admin.py)."""

import base64

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.tips.helpers import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_device():
    _, officer = make_unit()
    return TOTPDevice.objects.create(user=officer, name="tips", confirmed=True)


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))
    return client


def secret_forms(device) -> list[bytes]:
    key = device.key.encode()
    return [key, base64.b32encode(device.bin_key).rstrip(b"="), b"otpauth://", b"qrcode"]


def test_a_superuser_sees_no_authenticator_secret(superuser_client, officer_device):
    pages = [
        superuser_client.get("/django-admin/otp_totp/totpdevice/"),
        superuser_client.get(f"/django-admin/otp_totp/totpdevice/{officer_device.pk}/change/"),
    ]
    for page in pages:
        assert page.status_code == 200
        for secret in secret_forms(officer_device):
            assert secret not in page.content
    assert b"officer" in pages[0].content
    # django-otp's own QR code view is gone.
    assert superuser_client.get(f"/django-admin/otp_totp/totpdevice/{officer_device.pk}/config/").status_code in (
        302, 404,
    )


def test_a_superuser_cannot_give_an_officer_a_device_of_their_own(superuser_client, officer_device):
    officer = officer_device.user
    add = "/django-admin/otp_totp/totpdevice/add/"
    assert superuser_client.get(add).status_code == 403
    superuser_client.post(add, {"user": officer.pk, "name": "mine", "key": "00" * 20, "confirmed": "on"})
    change = f"/django-admin/otp_totp/totpdevice/{officer_device.pk}/change/"
    superuser_client.post(change, {"user": officer.pk, "name": "tips", "key": "00" * 20, "confirmed": "on"})
    assert list(TOTPDevice.objects.values_list("key", flat=True)) == [officer_device.key]


def test_a_lost_authenticator_can_be_removed_so_the_officer_sets_up_a_new_one(superuser_client, officer_device):
    delete = f"/django-admin/otp_totp/totpdevice/{officer_device.pk}/delete/"
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.exists()
