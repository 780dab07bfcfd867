"""Builders for the tips tests: a unit with a member, and a tip sent the way a browser sends it."""

import io
import re

from django.contrib.auth import get_user_model
from PIL import Image

from core.models import Community, GridUnit
from tips import antispam
from tips.keys import add_member, create_recovery_key, create_unit
from tips.models import RoutingRule

PASSPHRASE = "correct horse battery staple"
CANARY = "CANARY-禁毒-7f3a"
CANARY_ADDRESS = "203.0.113.77"
CANARY_FORWARDED = "198.51.100.9"
CANARY_AGENT = "UA-CANARY-9f2"
IDENTIFYING = {
    "REMOTE_ADDR": CANARY_ADDRESS,
    "HTTP_X_FORWARDED_FOR": CANARY_FORWARDED,
    "HTTP_X_REAL_IP": CANARY_FORWARDED,
    "HTTP_USER_AGENT": CANARY_AGENT,
    "HTTP_REFERER": "https://referrer.example/" + CANARY_AGENT,
}


def make_registry():
    community, _ = Community.objects.get_or_create(code="xinji", defaults={"name": "新基社区", "name_en": "Xinji"})
    grid, _ = GridUnit.objects.get_or_create(community=community, code="g1", defaults={"name": "第一网格"})
    other, _ = Community.objects.get_or_create(code="yuanling", defaults={"name": "元岭社区"})
    return community, grid, other


def make_unit(code="nancheng", name="南城派出所", username="officer", default=True, recovery=None):
    """A unit, a member with PASSPHRASE, and (by default) the default routing rule."""
    user = get_user_model().objects.create_user(username, password="pw-" + username, is_staff=False)
    unit, private = create_unit(code, name, default=default)
    add_member(unit, user, PASSPHRASE, private)
    return unit, user


def setup_office():
    recovery, recovery_private = create_recovery_key()
    community, grid, other = make_registry()
    unit, officer = make_unit()
    drugs_unit, drugs_officer = make_unit("jdb-brigade", "禁毒大队", "brigade", default=False)
    RoutingRule.objects.create(category="manufacturing", unit=drugs_unit, sort_order=1)
    return {
        "community": community, "grid": grid, "other_community": other, "unit": unit, "officer": officer,
        "drugs_unit": drugs_unit, "drugs_officer": drugs_officer, "recovery_private": recovery_private,
    }


def setup_office_with_tip(client):
    """setup_office() and one tip with a photo, sent as a browser sends it;
    adds the tipster's "receipt" and the "tip"."""
    office = setup_office()
    office["receipt"] = receipt_in(send_tip(client, files=[jpeg_with_metadata()]).content.decode())
    from tips.models import Tip

    office["tip"] = Tip.objects.get()
    return office


def current_code(device):
    """The code the officer's authenticator app shows now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def authenticator(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "tips"})[0]


def unlock(client, user, unit, passphrase=PASSPHRASE):
    """Log ``user`` in and unlock ``unit`` in the console with passphrase and code."""
    client.force_login(user)
    device = authenticator(user)
    device.refresh_from_db()
    device.last_t = -1  # each test unlock may reuse the current 30-second code
    device.save()
    return client.post("/admin/tips/", {"unit": unit.pk, "passphrase": passphrase, "otp_token": current_code(device)})


def open_status(client, receipt):
    """/tips/status/ opened with ``receipt``, challenge solved, as the tipster does."""
    page = client.get("/tips/status/").content.decode()
    return client.post("/tips/status/", {"receipt": receipt, **solved(page)})


def challenge_in(html: str) -> str:
    found = re.search(r'data-challenge="([0-9a-f]+)"', html)
    assert found, "no proof-of-work challenge in the page"
    return found.group(1)


def solved(html: str, bits=None) -> dict:
    token = challenge_in(html)
    bits = bits or int(re.search(r'data-bits="(\d+)"', html).group(1))
    return {"challenge": token, "pow_nonce": antispam.solve(token, bits)}


def tip_data(**overrides) -> dict:
    data = {
        "category": "dealing",
        "area": "",
        "place": "某小区3栋",
        "when": "每晚十点后",
        "description": "有人在楼下交易 " + CANARY,
        "contact": "",
        "website": "",
        "captcha": "",
    }
    data.update(overrides)
    return data


def send_tip(client, files=(), url="/tips/", **overrides):
    page = client.get(url, **IDENTIFYING)
    data = {**tip_data(**overrides), **solved(page.content.decode())}
    if files:
        data["attachments"] = list(files)
    return client.post(url, data, **IDENTIFYING)


def receipt_in(html: str) -> str:
    found = re.search(r'class="tips-receipt"[^>]*><strong>([\d-]+)</strong>', html)
    assert found, "no receipt in the page"
    return found.group(1)


def jpeg_with_metadata(name="photo.jpg") -> io.BytesIO:
    """A JPEG with GPS, camera make and model, XMP and an ICC profile."""
    from PIL import ImageCms

    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCam"  # Make
    exif[0x0110] = "Model " + CANARY_AGENT  # Model
    exif[0x0112] = 6  # Orientation: rotate 90°
    exif[0x8825] = {1: "N", 2: (22.0, 59.0, 1.0), 3: "E", 4: (113.0, 45.0, 1.0)}  # GPSInfo
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>CANARYXMP</rdf:Description></rdf:RDF></x:xmpmeta>'
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, icc_profile=icc, xmp=xmp)
    out.seek(0)
    out.name = name
    return out


def pdf_with_metadata(name="report.pdf") -> io.BytesIO:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Author " + CANARY_AGENT, "/Producer": "CanaryProducer", "/Creator": "CanaryCreator"})
    out = io.BytesIO()
    writer.write(out)
    out.seek(0)
    out.name = name
    return out
