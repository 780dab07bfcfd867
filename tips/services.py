"""Storing tips, messages and files: what the views and the console share."""

import base64
import json
import os
import time
from datetime import datetime
from datetime import time as day_time
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Left, Length
from django.utils import timezone
from nacl.exceptions import CryptoError

from . import crypto
from .choices import Author
from .models import Attachment, Message, Tip, route
from .uploads import NEUTRAL_NAME

STATUS_TOKEN_SECONDS = 30 * 60


class NoUnit(RuntimeError):
    """No routing rule and no default unit: the office has not set tips up."""


def neutral_name(tip, clean_file) -> str:
    """附件1.jpg, 附件2.pdf...: numbered per tip, whatever the file was called."""
    suffix = "." + clean_file.name.rsplit(".", 1)[-1] if "." in clean_file.name else ""
    return f"{NEUTRAL_NAME}{tip.attachments.count() + 1}{suffix}"


def date_file(storage, name: str, day):
    """Give a stored file, and its folder, the times of the day's midnight:
    the times of writing would tell when the tip or the message was sent.
    (The inode change time cannot be set by a process; see README.)"""
    try:
        path = Path(storage.path(name))
    except NotImplementedError:  # a storage with no local files
        return
    midnight = timezone.make_aware(datetime.combine(day, day_time.min)).timestamp()
    for each in (path, path.parent):
        os.utime(each, (midnight, midnight))


def store_attachment(tip, tip_key: bytes, clean_file, message=None) -> Attachment:
    encrypted = b"".join(crypto.encrypt_chunks(tip_key, clean_file.data))
    attachment = Attachment(
        tip=tip,
        message=message,
        name=crypto.encrypt_text(tip_key, neutral_name(tip, clean_file)),
        content_type=clean_file.content_type,
        size=len(clean_file.data),
    )
    # The storage name is random (models.attachment_path); "x" is never used.
    attachment.file.save("x", ContentFile(encrypted), save=False)
    date_file(attachment.file.storage, attachment.file.name, attachment.added_on)
    attachment.save()
    return attachment


def submit_tip(*, category, community, grid_unit, content: dict, files) -> tuple[Tip, str]:
    """Store the tip and its files. The unit is told by the sweep of the next
    minute (tips.tasks.sweep), never by a task of this tip's own."""
    unit = route(category, community.pk if community else None)
    if unit is None:
        raise NoUnit("no police unit receives tips")
    receipt = crypto.new_receipt()
    with transaction.atomic():
        tip, tip_key = Tip.create(
            receipt=receipt, category=category, community=community, grid_unit=grid_unit, unit=unit,
            content=content,
        )
        for clean_file in files:
            store_attachment(tip, tip_key, clean_file)
    return tip, receipt


def add_message(tip, tip_key: bytes, author: str, text: str, files=()) -> Message:
    with transaction.atomic():
        message = Message.objects.create(tip=tip, author=author, body=crypto.encrypt_text(tip_key, text))
        for clean_file in files:
            store_attachment(tip, tip_key, clean_file, message=message)
    return message


def read_messages(tip, tip_key: bytes) -> list[dict]:
    """What the tipster sees: the exchange with the police, never their notes."""
    messages = []
    for message in tip.messages.exclude(author=Author.NOTE).prefetch_related("attachments"):
        messages.append(
            {
                "from_police": message.author == Author.POLICE,
                "author": message.get_author_display(),
                "sent_on": message.sent_on,
                "text": crypto.decrypt_text(tip_key, message.body),
                "files": [a.read_name(tip_key) for a in message.attachments.all()],
            }
        )
    return messages


def find_tip(receipt: str) -> tuple[Tip | None, bytes | None]:
    """The tip and its key for a well-formed receipt; (None, None) otherwise.

    A wrong receipt and one that never existed take the same path: one
    Argon2id run per set of Argon2id parameters in use (one, or two for a
    while after TIPS_ARGON2_* were raised) and one indexed lookup. The same
    run gives the tipster's key of a tip made since it comes from it
    (tips/crypto.py); each stored form of the hash is tried.
    """
    from .retention import tipster_access_expired

    secrets_by_hash = {}
    for params in receipt_hash_params():
        params, secret = crypto.receipt_secret(receipt, params)
        for stored_form in crypto.receipt_hash_forms(params, secret):
            secrets_by_hash[stored_form] = secret
    tip = Tip.objects.filter(receipt_hash__in=list(secrets_by_hash)).first()
    if tip is None or tipster_access_expired(tip):
        return None, None
    try:
        return tip, tip.key_for_tipster(receipt, secrets_by_hash[tip.receipt_hash])
    except CryptoError:
        return None, None


def receipt_hash_params() -> list[str]:
    """The parameter parts (crypto.hash_params) of the stored receipt hashes,
    or the settings' own when none is stored, so a lookup hashes once per set."""
    stored = (
        Tip.objects.annotate(params=Left("receipt_hash", Length("receipt_hash") - crypto.HASH_CHARS))
        .order_by()
        .values_list("params", flat=True)
        .distinct()
    )
    return sorted(set(stored)) or [crypto.current_hash_params()]


# ---------------------------------------------------------------- tokens held by the page
def make_token(purpose: bytes, payload: dict, seconds: int = STATUS_TOKEN_SECONDS) -> str:
    payload = {**payload, "exp": int(time.time()) + seconds}
    sealed = crypto.server_box(purpose).encrypt(json.dumps(payload).encode())
    return base64.urlsafe_b64encode(bytes(sealed)).decode()


def read_token(purpose: bytes, token: str) -> dict | None:
    try:
        data = crypto.server_box(purpose).decrypt(base64.urlsafe_b64decode((token or "").encode()))
        payload = json.loads(data)
    except (CryptoError, ValueError, TypeError):
        return None
    if payload.get("exp", 0) < time.time():
        return None
    return payload


def status_token(tip, tip_key: bytes) -> str:
    return make_token(crypto.STATUS_TOKEN, {"tip": tip.pk, "key": base64.b64encode(tip_key).decode()})


def tip_from_status_token(token: str):
    payload = read_token(crypto.STATUS_TOKEN, token)
    if payload is None:
        return None, None
    tip = Tip.objects.filter(pk=payload.get("tip")).first()
    if tip is None:
        return None, None
    return tip, base64.b64decode(payload["key"])
