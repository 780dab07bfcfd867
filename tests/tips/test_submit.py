"""Sending a tip: the form, the receipt, attachments and every kind of bad input."""

import io
import re

import pytest
from PIL import Image

from tests.tips.helpers import (
    CANARY,
    CANARY_AGENT,
    IDENTIFYING,
    PASSPHRASE,
    challenge_in,
    jpeg_with_metadata,
    pdf_with_metadata,
    receipt_in,
    send_tip,
    setup_office,
    solved,
    tip_data,
)
from tips import antispam
from tips.keys import unit_key_from_member
from tips.models import Attachment, Challenge, Tip

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return setup_office()


def read_tip(office, unit="unit", member="officer"):
    tip = Tip.objects.get()
    key = tip.key_for_unit(office[unit], unit_key_from_member(office[unit], office[member], PASSPHRASE))
    return tip, key


def test_the_form_tells_what_is_kept_before_sending(client, office):
    html = client.get("/tips/").content.decode()
    assert "不记录IP地址" in html
    for category in ("贩卖毒品", "吸毒场所", "制造毒品", "网络或寄递贩毒", "易制毒化学品", "毒驾"):
        assert category in html
    assert "新基社区" in html and "第一网格" in html  # areas from the registry
    assert "身份证" in html  # how a reward is claimed
    assert 'name="website"' in html  # the honeypot


def test_a_tip_is_stored_encrypted_routed_and_rounded_to_the_day(client, office):
    response = send_tip(client, area=f"g{office['grid'].pk}")
    assert response.status_code == 200
    receipt = receipt_in(response.content.decode())
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}-\d", receipt)
    tip, key = read_tip(office)
    assert tip.unit == office["unit"]
    assert tip.community == office["community"] and tip.grid_unit == office["grid"]
    assert tip.read_body(key)["description"].endswith(CANARY)
    assert tip.received_on is not None and not hasattr(tip.received_on, "hour")
    # The receipt is in the page, never in a URL or a header.
    assert receipt.replace("-", "") not in str(response.headers)


def test_routing_rules_send_a_category_to_its_unit(client, office):
    send_tip(client, category="manufacturing")
    tip, _ = read_tip(office, "drugs_unit", "drugs_officer")
    assert tip.unit == office["drugs_unit"]
    assert not tip.grants.filter(unit=office["unit"]).exists()


def test_the_receipt_must_be_typed_again_to_confirm(client, office):
    html = send_tip(client).content.decode()
    receipt = receipt_in(html)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    wrong = client.post("/tips/receipt/", {"token": token, "receipt": "1234-5678-9012-3456-7"})
    assert wrong.status_code == 400
    assert receipt in wrong.content.decode()  # shown again to copy
    typo = receipt[:-1] + str((int(receipt[-1]) + 1) % 10)
    assert "输入错误" in client.post("/tips/receipt/", {"token": token, "receipt": typo}).content.decode()
    done = client.post("/tips/receipt/", {"token": token, "receipt": receipt.replace("-", " ")})
    assert done.status_code == 200
    assert receipt not in done.content.decode()
    assert Tip.objects.get().receipt_confirmed
    # Confirmed once: the page cannot be replayed to show the receipt again.
    again = client.post("/tips/receipt/", {"token": token, "receipt": "0000"})
    assert again.status_code == 400 and receipt not in again.content.decode()


def test_a_photo_loses_gps_camera_xmp_and_icc(client, office):
    assert send_tip(client, files=[jpeg_with_metadata()]).status_code == 200
    tip, key = read_tip(office)
    attachment = tip.attachments.get()
    data = attachment.read(key)
    assert attachment.content_type == "image/jpeg"
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert "icc_profile" not in image.info and "xmp" not in image.info and "exif" not in image.info
    assert b"CanaryCam" not in data and b"CANARYXMP" not in data and CANARY_AGENT.encode() not in data
    assert image.size == (48, 64)  # turned upright by its EXIF orientation first


def test_a_pdf_loses_author_producer_and_xmp(client, office):
    assert send_tip(client, files=[pdf_with_metadata()]).status_code == 200
    tip, key = read_tip(office)
    data = tip.attachments.get().read(key)
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert not reader.metadata or not any(reader.metadata.get(k) for k in ("/Author", "/Producer", "/Creator"))
    assert reader.xmp_metadata is None
    assert b"Canary" not in data and CANARY_AGENT.encode() not in data
    assert len(reader.pages) == 1


def assert_refused_and_kept(response, message_part):
    html = response.content.decode()
    assert response.status_code == 400
    assert message_part in html, html[:3000]
    assert "某小区3栋" in html and CANARY in html  # what was typed is still in the form
    assert not Tip.objects.exists() and not Attachment.objects.exists()


def named(data: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": ""}, "必需字段"),
        ({"description": "长" * 5001 + CANARY}, "5000"),
        ({"category": "nonsense"}, "选择一个有效的选项"),
        ({"website": "http://spam.example"}, "留空"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(client, office, overrides, message):
    response = send_tip(client, **overrides)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html, html[:2000]
    assert "某小区3栋" in html
    assert not Tip.objects.exists()


def test_a_file_that_is_not_a_photo_or_pdf_is_refused(client, office):
    response = send_tip(client, files=[named(b"MZ\x90\x00 this is a program", "photo.jpg")])
    assert_refused_and_kept(response, "只能发送照片")


def test_a_file_that_lies_about_its_type_is_refused(client, office):
    response = send_tip(client, files=[named(pdf_with_metadata().read(), "photo.jpg")])
    assert_refused_and_kept(response, "与文件名所示的类型不符")


def test_too_large_too_many_and_bomb_files_are_refused(client, office, settings):
    settings.TIPS_MAX_FILE_BYTES = 20_000
    big = named(b"\xff\xd8\xff" + b"0" * 30_000, "big.jpg")
    assert_refused_and_kept(send_tip(client, files=[big]), "大于")
    settings.TIPS_MAX_FILE_BYTES = 10_000_000
    settings.TIPS_MAX_FILES = 2
    many = [jpeg_with_metadata(f"p{i}.jpg") for i in range(3)]
    assert_refused_and_kept(send_tip(client, files=many), "最多")
    settings.TIPS_MAX_IMAGE_PIXELS = 1000
    assert_refused_and_kept(send_tip(client, files=[jpeg_with_metadata()]), "像素")


def test_uploads_are_never_written_to_a_temporary_file(client, office, settings, monkeypatch):
    from django.core.files import uploadedfile

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django would spill anything larger to disk

    def refuse(*args, **kwargs):
        raise AssertionError("an upload went to a temporary file")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", refuse)
    assert send_tip(client, files=[jpeg_with_metadata()]).status_code == 200


def test_a_challenge_is_single_use_and_expires(client, office, time_machine):
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=True)
    page = client.get("/tips/").content.decode()
    proof = solved(page)
    assert client.post("/tips/", {**tip_data(), **proof}).status_code == 200
    replay = client.post("/tips/", {**tip_data(), **proof})
    assert replay.status_code == 400 and "已过期" in replay.content.decode()
    assert Tip.objects.count() == 1
    page = client.get("/tips/").content.decode()
    proof = solved(page)
    time_machine.shift(3 * 3600)
    late = client.post("/tips/", {**tip_data(), **proof})
    assert late.status_code == 400 and "已过期" in late.content.decode()
    no_proof = client.post("/tips/", {**tip_data(), "challenge": challenge_in(page), "pow_nonce": "1"})
    assert no_proof.status_code == 400
    assert Tip.objects.count() == 1


def test_without_javascript_the_picture_captcha_works_and_is_limited(client, office, time_machine):
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    page = client.get("/tips/").content.decode()
    token = challenge_in(page)
    image = client.get(f"/tips/captcha/{token}.png")
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    answer = antispam._captcha_answer(token)
    wrong = client.post("/tips/", {**tip_data(), "challenge": token, "captcha": "00000" if answer != "00000" else "11111"})
    assert wrong.status_code == 400 and "图片中的字符" in wrong.content.decode()
    time_machine.shift(antispam.noscript_wait_seconds())
    assert client.post("/tips/", {**tip_data(), "challenge": token, "captcha": answer}).status_code == 200
    # Five wrong answers spend a challenge.
    token = challenge_in(client.get("/tips/").content.decode())
    Challenge.objects.filter(token=token).update(attempts=5)
    answer = antispam._captcha_answer(token)
    assert client.post("/tips/", {**tip_data(), "challenge": token, "captcha": answer}).status_code == 400


def test_english_visitors_get_english_messages(client, office):
    page = client.get("/en/tips/", **IDENTIFYING).content.decode()
    response = client.post("/en/tips/", {**tip_data(description=""), **solved(page)})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
