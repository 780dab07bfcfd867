"""Cheap to send once, expensive to abuse: a solved challenge is spent before
any file is decoded and cannot be replayed; the photos of one request are
bounded in pixels before decoding; a challenge passes only the form and
difficulty it was made for; the no-JavaScript path is bounded by time and
by an hourly budget, not by its captcha, which a script reads."""

import io
import re
import time
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from PIL import Image, ImageFile

from tests.tips.helpers import challenge_in, receipt_in, send_tip, setup_office, solved, tip_data
from tips import antispam
from tips.models import Challenge, Tip

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return setup_office()


@pytest.fixture
def decodes(monkeypatch):
    """The size of every image file decoded (the real decoder still runs;
    reading a header decodes nothing)."""
    seen = []
    real = ImageFile.ImageFile.load

    def counting(image):
        if image._im is None:
            seen.append(image.size)
        return real(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting)
    return seen


def png(name, size=(64, 48)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 30)).save(out, "PNG")
    out.seek(0)
    out.name = name
    return out


def test_a_solved_challenge_replayed_with_refused_attachments_decodes_nothing_more(
    client, office, settings, decodes
):
    settings.TIPS_MAX_IMAGE_PIXELS = 1000  # the 64×48 photo is "too large"
    proof = solved(client.get("/tips/").content.decode())
    first = client.post("/tips/", {**tip_data(), **proof, "attachments": [png("big.png")]})
    assert first.status_code == 400 and "像素" in first.content.decode()
    assert not Challenge.objects.filter(token=proof["challenge"]).exists()  # spent: deleted, not kept as used
    for _ in range(3):
        replay = client.post("/tips/", {**tip_data(), **proof, "attachments": [png("big.png")]})
        html = replay.content.decode()
        assert replay.status_code == 400 and "已过期" in html
        assert "某小区3栋" in html  # what was typed is kept
    assert decodes == []  # the per-image limit is read from the header; nothing was decoded
    settings.TIPS_MAX_IMAGE_PIXELS = 40_000_000
    again = client.post("/tips/", {**tip_data(), **proof, "attachments": [png("ok.png")]})
    assert again.status_code == 400 and decodes == []
    assert not Tip.objects.exists()
    # The page answered with a new challenge, which works once.
    fresh = solved(again.content.decode())
    assert client.post("/tips/", {**tip_data(), **fresh, "attachments": [png("ok.png")]}).status_code == 200
    assert decodes == [(64, 48)]


def test_the_photos_of_one_request_are_bounded_together_before_any_is_decoded(client, office, settings, decodes):
    settings.TIPS_MAX_REQUEST_PIXELS = 3 * 64 * 48
    refused = send_tip(client, files=[png(f"p{i}.png") for i in range(4)])
    assert refused.status_code == 400 and "像素" in refused.content.decode()
    assert decodes == [] and not Tip.objects.exists()
    assert send_tip(client, files=[png(f"p{i}.png") for i in range(3)]).status_code == 200
    assert len(decodes) == 3


def test_a_challenge_of_the_tip_form_does_not_open_the_status_page(client, office):
    receipt = receipt_in(send_tip(client).content.decode())
    proof = solved(client.get("/tips/").content.decode())
    crossed = client.post("/tips/status/", {"receipt": receipt, **proof})
    assert crossed.status_code == 400 and "已过期" in crossed.content.decode()
    proof = solved(client.get("/tips/status/").content.decode())
    assert client.post("/tips/", {**tip_data(), **proof}).status_code == 400
    assert Tip.objects.count() == 1


def test_a_challenge_fetched_before_the_difficulty_rose_no_longer_passes(client, office, time_machine):
    time_machine.move_to(datetime.fromtimestamp(time.time() // 600 * 600 + 60, UTC))
    receipt = receipt_in(send_tip(client).content.decode())
    page = client.get("/tips/status/").content.decode()
    token = challenge_in(page)
    # Wrong receipts from everyone raise the difficulty by a bit (tips/views.py).
    antispam.count_in_window("status-failures", 600, add=10)
    # Even a nonce that happens to meet the new difficulty: the challenge was made easier.
    nonce = antispam.solve(token, antispam.pow_bits() + 1)
    stale = client.post("/tips/status/", {"receipt": receipt, "challenge": token, "pow_nonce": nonce})
    assert stale.status_code == 400
    harder = stale.content.decode()
    assert int(re.search(r'data-bits="(\d+)"', harder).group(1)) == antispam.pow_bits() + 1
    assert client.post("/tips/status/", {"receipt": receipt, **solved(harder)}).status_code == 200


def read_captcha(client, page: str) -> tuple[str, str]:
    """What the 30-line script did: fetch the picture and read its five
    digits. Here it reads them perfectly (from the server's own derivation),
    which is the worst case: reading is no obstacle."""
    token = challenge_in(page)
    assert client.get(f"/tips/captcha/{token}.png").status_code == 200
    return token, antispam._captcha_answer(token)


def test_a_script_reading_the_captcha_is_held_to_the_hourly_budget(client, office, settings, time_machine):
    settings.TIPS_NOSCRIPT_PER_HOUR = 3
    hour = time.time() // 3600 * 3600
    time_machine.move_to(datetime.fromtimestamp(hour + 60, UTC), tick=False)
    sent = []
    for _ in range(5):
        token, answer = read_captcha(client, client.get("/tips/").content.decode())
        hasty = client.post("/tips/", {**tip_data(), "challenge": token, "captcha": answer})
        assert hasty.status_code == 400 and "秒" in hasty.content.decode()
        # The same challenge is offered again, the typed digits kept.
        assert challenge_in(hasty.content.decode()) == token
        time_machine.shift(settings.TIPS_NOSCRIPT_WAIT_SECONDS)
        sent.append(client.post("/tips/", {**tip_data(), "challenge": token, "captcha": answer}))
    assert [r.status_code for r in sent] == [200, 200, 200, 400, 400]
    assert "JavaScript" in sent[-1].content.decode() and "110" in sent[-1].content.decode()
    assert Tip.objects.count() == 3
    # A browser with JavaScript (the proof of work) is not held up by it.
    assert send_tip(client).status_code == 200
    # The next hour has a new budget.
    time_machine.move_to(datetime.fromtimestamp(hour + 3600 + 60, UTC), tick=False)
    token, answer = read_captcha(client, client.get("/tips/").content.decode())
    time_machine.shift(settings.TIPS_NOSCRIPT_WAIT_SECONDS)
    assert client.post("/tips/", {**tip_data(), "challenge": token, "captcha": answer}).status_code == 200
    assert timezone.now()  # the clock was moved, not stopped
