"""The police console: unlock, inbox, read, download, status, messages,
reassignment; nobody outside the unit sees a tip; the audit log is append-only."""

import base64
import html
import io
import re
import urllib.parse
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from tests.tips.helpers import (
    CANARY,
    PASSPHRASE,
    authenticator,
    current_code,
    receipt_in,
    send_tip,
    setup_office_with_tip,
    solved,
    unlock,
)
from tips.console import UNLOCK_COOKIE
from tips.keys import unit_key_from_member
from tips.models import AuditEntry, Tip

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    return setup_office_with_tip(client)


def test_an_officer_unlocks_reads_downloads_and_answers(client, office):
    tip = office["tip"]
    authenticator(office["officer"])
    client.force_login(office["officer"])
    locked = client.get("/admin/tips/")
    assert locked.status_code == 200 and "passphrase" in locked.content.decode()
    assert tip.reference not in locked.content.decode()  # nothing listed before unlocking
    wrong = unlock(client, office["officer"], office["unit"], "not my passphrase")
    assert wrong.status_code == 200 and "口令或验证码不正确" in wrong.content.decode()
    response = unlock(client, office["officer"], office["unit"])
    assert response.status_code == 302, response.content.decode()
    cookie = response.cookies[UNLOCK_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/admin/tips/"
    inbox = client.get("/admin/tips/").content.decode()
    assert tip.reference in inbox and "贩卖毒品" in inbox
    page = client.get(f"/admin/tips/{tip.reference}/").content.decode()
    assert CANARY in page and "某小区3栋" in page
    attachment = tip.attachments.get()
    download = client.get(f"/admin/tips/{tip.reference}/files/{attachment.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert "attachment" in download["Content-Disposition"]
    assert not Image.open(io.BytesIO(download.content)).getexif()
    assert client.post(f"/admin/tips/{tip.reference}/", {"action": "status", "status": "checking"}).status_code == 302
    client.post(f"/admin/tips/{tip.reference}/", {"action": "message", "text": "请补充时间"})
    tip.refresh_from_db()
    assert tip.status == "checking"
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    for action in ("unlock failed", "unlock", "view", "download", "status", "message"):
        assert action in actions
    # The tipster reads the question with the receipt.
    assert tip.messages.count() == 1


def test_the_session_holds_no_unit_key_in_clear(client, office):
    unlock(client, office["officer"], office["unit"])
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    # The session as its store (database, or the cache when REDIS_URL is set) gives it back.
    session = dict(client.session.items())
    assert session
    stored = repr(session)
    for form in (base64.b64encode(unit_key).decode(), unit_key.hex(), repr(unit_key)):
        assert form not in stored
    # The cookie alone is not the key either.
    assert client.cookies[UNLOCK_COOKIE].value != base64.b64encode(unit_key).decode()
    # Without the cookie the session opens nothing.
    del client.cookies[UNLOCK_COOKIE]
    assert client.get(f"/admin/tips/{office['tip'].reference}/").status_code == 302


def test_another_unit_superusers_and_editors_see_no_tip(client, office):
    tip = office["tip"]
    unlock(client, office["drugs_officer"], office["drugs_unit"])
    assert client.get(f"/admin/tips/{tip.reference}/").status_code == 404
    assert tip.reference not in client.get("/admin/tips/").content.decode()
    attachment = tip.attachments.get()
    assert client.get(f"/admin/tips/{tip.reference}/files/{attachment.pk}/").status_code == 404
    assert client.post(f"/admin/tips/{tip.reference}/", {"action": "status", "status": "closed"}).status_code == 404
    users = get_user_model().objects
    admin = users.create_superuser("boss", password="x")
    editor = users.create_user("editor", password="x")
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (admin, editor):
        client.force_login(user)
        inbox = client.get("/admin/tips/")
        assert inbox.status_code == 302 and inbox["Location"] == "/admin/"  # Wagtail's answer to a 403
        assert client.get(f"/admin/tips/{tip.reference}/").status_code == 404
        assert client.get(f"/admin/tips/{tip.reference}/files/{attachment.pk}/").status_code == 404
        dashboard = client.get("/admin/").content.decode()
        assert "/admin/tips/" not in dashboard
    # The Django admin has no tips models registered either.
    client.force_login(admin)
    assert client.get("/django-admin/tips/tip/").status_code == 404


def test_reassignment_moves_the_tip_and_its_key(client, office):
    tip = office["tip"]
    unlock(client, office["officer"], office["unit"])
    client.post(f"/admin/tips/{tip.reference}/", {"action": "reassign", "unit": office["drugs_unit"].pk})
    tip.refresh_from_db()
    assert tip.unit == office["drugs_unit"]
    assert list(tip.grants.values_list("unit__code", flat=True)) == ["jdb-brigade"]
    assert client.get(f"/admin/tips/{tip.reference}/").status_code == 404
    unlock(client, office["drugs_officer"], office["drugs_unit"])
    assert CANARY in client.get(f"/admin/tips/{tip.reference}/").content.decode()
    assert AuditEntry.objects.filter(action="reassign", detail="nancheng → jdb-brigade").exists()


def test_a_police_reply_reaches_the_tipster(client, office):
    receipt = receipt_in(send_tip(client, description="第二条").content.decode())
    tip = Tip.objects.order_by("pk").last()
    unlock(client, office["officer"], office["unit"])
    client.post(f"/admin/tips/{tip.reference}/", {"action": "message", "text": "感谢，已在核查"})
    client.logout()
    page = client.get("/tips/status/").content.decode()
    html = client.post("/tips/status/", {"receipt": receipt, **solved(page)}).content.decode()
    assert "感谢，已在核查" in html


def test_the_audit_log_is_append_only_and_verified(client, office):
    unlock(client, office["officer"], office["unit"])
    client.get(f"/admin/tips/{office['tip'].reference}/")
    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.detail = "changed"
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(actor="x")
    call_command("verify_tips_audit")
    # Raw SQL cannot rewrite an entry either: the database refuses.
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE tips_auditentry SET actor = 'someone else' WHERE id = %s", [entry.pk])
    # A forged entry slipped in is found by the chain check.
    last = AuditEntry.objects.order_by("-pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tips_auditentry (created_at, actor, unit, tip_reference, action, detail, previous_hash,"
            " entry_hash) VALUES (%s, 'forger', '', '', 'view', '', %s, %s)",
            [last.created_at, last.entry_hash, "f" * 64],
        )
    with pytest.raises(CommandError, match="contents changed"):
        call_command("verify_tips_audit")
    assert not re.search(CANARY, " ".join(str(e) + e.detail for e in AuditEntry.objects.all()))


def test_unlocking_needs_a_code_from_the_authenticator_set_up_on_first_use(client, office, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp would make the next try wait after a wrong code
    officer = office["officer"]
    client.force_login(officer)
    first = client.get("/admin/tips/").content.decode()
    assert "/admin/tips/authenticator/" in first and 'name="passphrase"' not in first
    enrol = client.get("/admin/tips/authenticator/").content.decode()
    # A drawable SVG: an <img> shows it only if the SVG names its namespace.
    qr = re.search(r'<img src="(data:image/svg\+xml[^"]*)"', enrol).group(1)
    svg = urllib.parse.unquote(html.unescape(qr).split(",", 1)[1])
    assert ElementTree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert client.post("/admin/tips/authenticator/", {"otp_token": "000000"}).status_code == 200
    assert client.post("/admin/tips/authenticator/", {"otp_token": current_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # Passphrase right, code wrong: still locked.
    page = client.post(
        "/admin/tips/", {"unit": office["unit"].pk, "passphrase": PASSPHRASE, "otp_token": "123456"}
    )
    assert page.status_code == 200 and UNLOCK_COOKIE not in page.cookies
    assert client.get(f"/admin/tips/{office['tip'].reference}/").status_code == 302
    assert AuditEntry.objects.filter(action="unlock failed", detail="second factor").exists()


def test_notes_stay_with_the_police_and_duplicates_are_linked(client, office):
    tip = office["tip"]
    receipt = receipt_in(send_tip(client, description="同一件事").content.decode())
    second = Tip.objects.order_by("pk").last()
    unlock(client, office["officer"], office["unit"])
    client.post(f"/admin/tips/{second.reference}/", {"action": "note", "note": "内部备注 " + CANARY})
    page = client.post(f"/admin/tips/{second.reference}/", {"action": "duplicate", "reference": "NOPE1234"})
    assert page.status_code == 200 and "没有" in page.content.decode()
    client.post(f"/admin/tips/{second.reference}/", {"action": "duplicate", "reference": tip.reference.lower()})
    second.refresh_from_db()
    assert second.duplicate_of == tip
    assert second.reference in client.get(f"/admin/tips/{tip.reference}/").content.decode()
    assert "内部备注" in client.get(f"/admin/tips/{second.reference}/").content.decode()
    assert AuditEntry.objects.filter(action="duplicate", detail=f"same as {tip.reference}").exists()
    client.logout()
    status_page = client.get("/tips/status/").content.decode()
    html = client.post("/tips/status/", {"receipt": receipt, **solved(status_page)}).content.decode()
    assert "内部备注" not in html and "暂无消息" in html
