"""/tips/status/: the tipster reads police messages, answers and adds files with the receipt alone."""

import re
import time
from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from tests.tips.helpers import (
    CANARY,
    PASSPHRASE,
    jpeg_with_metadata,
    open_status,
    receipt_in,
    send_tip,
    setup_office,
)
from tips import crypto, services
from tips.choices import Author, Status
from tips.keys import unit_key_from_member
from tips.models import Message, Tip

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return setup_office()


def police_reply(office, tip, text):
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    services.add_message(tip, tip.key_for_unit(office["unit"], unit_key), Author.POLICE, text)


def token_in(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_the_tipster_reads_a_police_question_and_answers_it_with_a_photo(client, office):
    receipt = receipt_in(send_tip(client).content.decode())
    tip = Tip.objects.get()
    police_reply(office, tip, "请问车牌号是多少？")
    Tip.objects.filter(pk=tip.pk).update(status=Status.CASE_OPENED)
    page = open_status(client, receipt.replace("-", ""))
    html = page.content.decode()
    assert page.status_code == 200
    assert "请问车牌号是多少？" in html
    assert "已采取行动" in html  # coarse: not the police's own wording
    assert "已立案" not in html
    assert receipt not in html and receipt.replace("-", "") not in html
    answer = client.post(
        "/tips/status/", {"token": token_in(html), "text": "粤S12345 " + CANARY, "attachments": [jpeg_with_metadata()]}
    )
    assert answer.status_code == 200
    assert "粤S12345" in answer.content.decode()
    assert "谢谢您，警方现在可以看到了" in answer.content.decode()
    message = Message.objects.get(author=Author.TIPSTER)
    assert message.attachments.count() == 1
    # The police can read the answer with the unit's key.
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    assert CANARY in crypto.decrypt_text(tip.key_for_unit(office["unit"], unit_key), message.body)


def test_a_wrong_receipt_answers_like_one_that_never_existed(client, office):
    receipt = crypto.normalise_receipt(receipt_in(send_tip(client).content.decode()))
    other = crypto.new_receipt()
    wrong = open_status(client, other)
    # A receipt that differs from a real one by its payload, with a valid check digit.
    near = receipt[:15] + str((int(receipt[15]) + 1) % 10)
    near += crypto.luhn_check_digit(near)
    close = open_status(client, near)
    for response in (wrong, close):
        assert response.status_code == 400
        assert "没有找到与此回执号对应的线索" in response.content.decode()
    strip = lambda html: re.sub(r'(value|data-challenge|src)="[^"]*"', "", html)  # noqa: E731
    assert strip(wrong.content.decode()) == strip(close.content.decode())


def test_a_typing_mistake_is_caught_by_the_check_digit(client, office, django_assert_max_num_queries):
    receipt = crypto.normalise_receipt(receipt_in(send_tip(client).content.decode()))
    typo = receipt[:3] + str((int(receipt[3]) + 5) % 10) + receipt[4:]
    response = open_status(client, typo)
    assert response.status_code == 400
    assert "回执号有输入错误，请逐位核对" in response.content.decode()


def test_repeated_failures_make_every_login_slower(client, office, time_machine):
    # Failures are counted per 10-minute window (tips/views.py): the clock
    # starts just inside one, so the 20 failures all land in it.
    time_machine.move_to(datetime.fromtimestamp(time.time() // 600 * 600 + 60, UTC))
    cache.clear()
    page = client.get("/tips/status/").content.decode()
    first_bits = int(re.search(r'data-bits="(\d+)"', page).group(1))
    for _ in range(20):
        open_status(client, crypto.new_receipt())
    page = client.get("/tips/status/").content.decode()
    assert int(re.search(r'data-bits="(\d+)"', page).group(1)) == first_bits + 2


def test_the_status_page_needs_its_proof_of_work_and_expires(client, office, time_machine):
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    receipt = receipt_in(send_tip(client).content.decode())
    no_proof = client.post("/tips/status/", {"receipt": receipt, "challenge": "x", "pow_nonce": "1"})
    assert no_proof.status_code == 400 and "已过期" in no_proof.content.decode()
    html = open_status(client, receipt).content.decode()
    time_machine.shift(31 * 60)
    late = client.post("/tips/status/", {"token": token_in(html), "text": "还有一件事"})
    assert late.status_code == 400
    assert "为保护您的安全，页面已失效" in late.content.decode()
    assert not Message.objects.exists()


def test_one_receipt_never_opens_another_tip(client, office):
    first = receipt_in(send_tip(client, description="第一条 " + CANARY).content.decode())
    send_tip(client, description="第二条线索")
    html = open_status(client, first).content.decode()
    first_tip = Tip.objects.order_by("pk").first()
    police_reply(office, Tip.objects.order_by("pk").last(), "只给第二条的消息")
    html = open_status(client, first).content.decode()
    assert "只给第二条的消息" not in html
    assert first_tip.messages.count() == 0


def test_an_empty_answer_is_refused_and_nothing_is_stored(client, office):
    receipt = receipt_in(send_tip(client).content.decode())
    html = open_status(client, receipt).content.decode()
    response = client.post("/tips/status/", {"token": token_in(html), "text": "  "})
    assert response.status_code == 400
    assert "请填写内容或添加文件" in response.content.decode()
    assert not Message.objects.exists()
