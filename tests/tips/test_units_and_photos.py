"""What an officer and a tipster with a phone meet first: the console's
unlock form names the officer's own unit already, and a full-size photo
from a 48-megapixel phone is taken whole, while a larger one is refused with
a message saying why (before anything is decoded)."""

import io
import re

import pytest
from PIL import Image

from tests.tips.helpers import PASSPHRASE, authenticator, send_tip, setup_office, unlock
from tips.keys import add_member, unit_key_from_member
from tips.models import Tip

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return setup_office()


def unit_options(html: str) -> dict[int, bool]:
    """The unlock form's units: pk → selected."""
    select = re.search(r'<select name="unit"[^>]*>(.*?)</select>', html, re.S)
    assert select, "no unit choice in the unlock form"
    return {
        int(pk): bool(selected)
        for pk, selected in re.findall(r'<option value="(\d+)"([^>]*\bselected\b)?[^>]*>', select.group(1))
    }


def test_an_officer_of_one_unit_finds_that_unit_chosen(client, office):
    authenticator(office["officer"])
    client.force_login(office["officer"])
    html = client.get("/admin/tips/").content.decode()
    assert unit_options(html) == {office["unit"].pk: True}


def test_an_officer_of_two_units_chooses_then_finds_the_other_chosen(client, office):
    drugs_key = unit_key_from_member(office["drugs_unit"], office["drugs_officer"], PASSPHRASE)
    add_member(office["drugs_unit"], office["officer"], PASSPHRASE, drugs_key)
    authenticator(office["officer"])
    client.force_login(office["officer"])
    html = client.get("/admin/tips/").content.decode()
    assert unit_options(html) == {office["unit"].pk: False, office["drugs_unit"].pk: False}
    assert unlock(client, office["officer"], office["unit"]).status_code == 302
    html = client.get("/admin/tips/").content.decode()
    assert unit_options(html) == {office["drugs_unit"].pk: True}


def phone_photo(width, height) -> io.BytesIO:
    """A full-size phone photo (a smooth picture: small file, full decode)."""
    out = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(out, "JPEG", quality=85)
    out.seek(0)
    out.name = "IMG_20261207_231502.jpg"
    return out


def test_a_48_megapixel_phone_photo_is_taken_at_full_size(client, office):
    response = send_tip(client, files=[phone_photo(8000, 6000)])
    assert response.status_code == 200, response.content.decode()[:2000]
    tip = Tip.objects.get()
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    attachment = tip.attachments.get()
    photo = Image.open(io.BytesIO(attachment.read(tip.key_for_unit(office["unit"], unit_key))))
    assert photo.format == "JPEG" and photo.size == (8000, 6000)  # the police see every pixel sent


def test_a_larger_photo_is_refused_with_a_message_in_chinese(client, office):
    # 8064 × 6048, the "48 MP" of some phones, is 48.8 million pixels.
    response = send_tip(client, files=[phone_photo(8064, 6048)])
    html = response.content.decode()
    assert response.status_code == 400
    assert "像素" in html
    assert "某小区3栋" in html  # what was typed is kept
    assert not Tip.objects.exists()
