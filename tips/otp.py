"""A second factor for the police console (django-otp, TOTP).

A unit's key is unlocked only with the member's passphrase and a current
code from their authenticator app, so a stolen admin password (or a stolen
passphrase) alone opens no tip. A member without a confirmed authenticator
is asked to set one up first (EnrolView): the page shows the secret as a QR
code drawn locally (segno) and as text, and the first correct code confirms
it. django-otp throttles wrong codes and refuses a code used once already.
TIPS_REQUIRE_OTP = False switches the check off (development only).
"""

import base64

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "tips"


def required() -> bool:
    return bool(getattr(settings, "TIPS_REQUIRE_OTP", True))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=DEVICE_NAME).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def verify(device: TOTPDevice | None, token: str) -> bool:
    token = "".join(c for c in (token or "") if c.isdigit())
    return bool(device and token and device.verify_token(token))


def qr_data_uri(device: TOTPDevice) -> str:
    # svg_data_uri, not svg_inline: an <img> draws an SVG only with its xmlns,
    # which the inline form leaves out (it is meant for an HTML document).
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed (base32)."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
