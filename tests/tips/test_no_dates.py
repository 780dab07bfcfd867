"""Nothing stored dates or places a tipster more precisely than the day: no
queue row per tip, no timed audit entry for what the tipster did, no file
name or file time, no metadata inside a PDF (its embedded photo's EXIF, its
annotations' authors and dates, objects no page uses)."""

import datetime
import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import OrmQ, Task
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from tests.tips.helpers import CANARY_AGENT, jpeg_with_metadata, receipt_in, send_tip, setup_office
from tests.tips.test_crypto import database_dump
from tests.tips.test_rewards import approved_reward, claim, claim_code_in, status_page
from tests.tips.test_rewards import office as reward_office  # noqa: F401 - a fixture
from tests.tips.test_submit import read_tip
from tips import rewards, services, tasks
from tips.choices import Author
from tips.models import AuditEntry, Challenge, Tip

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# A phone's photo taken, and sent, at 23:15:02 on 7 December.
SENT_AT = datetime.datetime(2026, 12, 7, 23, 15, 2, tzinfo=SHANGHAI)
PHONE_NAME = "IMG_20261207_231502.jpg"
TIMES_OF_DAY = ("23:15", "15:15", "231502", "151502")  # local and UTC


@pytest.fixture
def office():
    return setup_office()


def named(data: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def midnight(day) -> float:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)).timestamp()


# ---------------------------------------------------------------- times of a tip
def test_a_tip_sent_late_at_night_leaves_only_its_day(client, office, time_machine, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    time_machine.move_to(SENT_AT, tick=False)
    response = send_tip(client, files=[jpeg_with_metadata(name=PHONE_NAME)])
    assert response.status_code == 200
    tip, key = read_tip(office)
    time_machine.move_to(SENT_AT + datetime.timedelta(minutes=20), tick=False)
    services.add_message(tip, key, Author.TIPSTER, "补充", files=[services_file("报告_20261207.pdf")])

    # Neutral names, numbered per tip; the officers read 附件1.jpg, 附件2.pdf.
    assert [a.read_name(key) for a in tip.attachments.all()] == ["附件1.jpg", "附件2.pdf"]
    # The encrypted files, and their folder, carry the day's midnight, not the time.
    for attachment in tip.attachments.all():
        path = Path(attachment.file.path)
        for each in (path, path.parent):
            assert each.stat().st_mtime == midnight(SENT_AT.date())
            assert each.stat().st_atime == midnight(SENT_AT.date())
    # No queue row for the tip (none would be needed: the sweep announces it),
    # no spent challenge keeping when the form was opened, no timed row at all.
    assert not Task.objects.exists() and not OrmQ.objects.exists()
    assert not Challenge.objects.exists()
    dump = database_dump().decode("utf-8", "replace")
    for time_of_day in TIMES_OF_DAY:
        assert time_of_day not in dump, dump[max(0, dump.find(time_of_day) - 300):dump.find(time_of_day) + 100]
    assert "IMG_" not in dump and "20261207" not in dump and "2026-12-07" in dump  # the day, only


def services_file(name):
    from tips.uploads import clean_upload

    return clean_upload(named(pdf_with_photo(), name))


def test_the_sweep_announces_every_waiting_tip_and_leaves_no_task_row(client, office, time_machine):
    office["officer"].email = "officer@police.example"
    office["officer"].save()
    from django.core import mail

    send_tip(client)
    send_tip(client)
    assert not Tip.objects.filter(announced=True).exists()  # no task of its own
    assert tasks.sweep() is None  # says nothing, whatever it did
    assert Tip.objects.filter(announced=False).count() == 0 and len(mail.outbox) == 1
    assert tasks.sweep() is None and len(mail.outbox) == 1


def test_a_failing_mail_server_leaves_no_failed_task_and_the_next_sweep_sends(client, office, monkeypatch):
    office["officer"].email = "officer@police.example"
    office["officer"].save()
    send_tip(client)

    def failing(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(tasks, "send_mass_mail", failing)
    assert tasks.sweep() is None  # logged, not raised: a failed task's row would date the tip
    assert not Tip.objects.get().announced
    monkeypatch.undo()
    tasks.sweep()
    assert Tip.objects.get().announced


def test_the_sweep_runs_every_minute_and_keeps_no_task_rows():
    from django_q.models import Schedule

    from tips.schedules import SWEEP_NAME

    call_command("setup_schedules")
    sweep = Schedule.objects.get(name=SWEEP_NAME)
    assert (sweep.func, sweep.schedule_type, sweep.minutes) == ("tips.tasks.sweep", Schedule.MINUTES, 1)
    assert "'save': False" in sweep.kwargs


# ---------------------------------------------------------------- the audit log
def test_the_tipster_seeing_the_claim_code_is_logged_by_its_day_only(client, reward_office, time_machine):  # noqa: F811
    office = reward_office
    reward = approved_reward(client, office)
    time_machine.move_to(SENT_AT, tick=False)
    code = claim_code_in(status_page(client, office["receipt"]))
    assert code
    # Nothing written while the tipster looks: its place in the chain, among
    # entries timed to the second, would date it.
    assert not AuditEntry.objects.filter(actor="tipster").exists()
    time_machine.move_to(SENT_AT + datetime.timedelta(hours=5), tick=False)  # 04:15 the next day
    rewards.audit_claim_codes_shown()
    rewards.audit_claim_codes_shown()
    entry = AuditEntry.objects.get(actor="tipster")
    assert entry.action == "reward claim code shown" and entry.detail == f"reward {reward.pk}"
    assert timezone.localtime(entry.created_at) == datetime.datetime(2026, 12, 7, tzinfo=SHANGHAI)
    # Officers' actions keep their second.
    officer_times = [timezone.localtime(e.created_at) for e in AuditEntry.objects.exclude(actor="tipster")]
    assert officer_times and any(t.time() != datetime.time.min for t in officer_times)
    call_command("verify_tips_audit")


def test_a_claim_the_same_day_writes_the_tipster_entry_first(client, reward_office, time_machine):  # noqa: F811
    office = reward_office
    reward = approved_reward(client, office)
    time_machine.move_to(SENT_AT - datetime.timedelta(hours=10), tick=True)
    code = claim_code_in(status_page(client, office["receipt"]))
    from tests.tips.test_rewards import unlock_rewards

    unlock_rewards(client, office["reward_officer"])
    assert claim(client, reward, code).status_code == 302
    actions = list(AuditEntry.objects.filter(detail__startswith=f"reward {reward.pk}").values_list("action", "actor"))
    shown = actions.index(("reward claim code shown", "tipster"))
    assert shown < actions.index(("reward claimed", "cashier"))
    entry = AuditEntry.objects.get(actor="tipster")
    assert timezone.localtime(entry.created_at).time() == datetime.time.min
    rewards.audit_claim_codes_shown()
    assert AuditEntry.objects.filter(actor="tipster").count() == 1
    call_command("verify_tips_audit")


# ---------------------------------------------------------------- inside the files
def pdf_with_photo() -> bytes:
    """What a scan-to-PDF app makes: the phone's JPEG embedded byte for byte."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.image(jpeg_with_metadata(), x=10, y=10, w=60)
    data = bytes(pdf.output())
    assert b"CanaryCam" in data and b"CANARYXMP" in data  # the EXIF and XMP are in
    return data


def annotated_pdf() -> bytes:
    """A PDF with a drawn note (author, dates, reply text), XMP on its image,
    a thumbnail, and an object no page uses."""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_with_photo())))
    page = writer.pages[0]
    appearance = DecodedStreamObject()
    appearance.set_data(b"0.9 0.1 0.1 rg 0 0 40 20 re f")
    appearance.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(40), NumberObject(20)]),
    })
    note = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Square"),
        NameObject("/Rect"): ArrayObject([FloatObject(100), FloatObject(500), FloatObject(180), FloatObject(540)]),
        NameObject("/T"): TextStringObject("Author " + CANARY_AGENT),
        NameObject("/M"): TextStringObject("D:20261207231502+08'00'"),
        NameObject("/CreationDate"): TextStringObject("D:20261207231502+08'00'"),
        NameObject("/Contents"): TextStringObject("CANARYNOTE"),
        NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)}),
    })
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(note)])
    xmp = DecodedStreamObject()
    xmp.set_data(b"<x:xmpmeta>CANARYIMAGEXMP 2026-12-07T23:15:02</x:xmpmeta>")
    for image in page["/Resources"]["/XObject"].values():
        image.get_object()[NameObject("/Metadata")] = writer._add_object(xmp)
    thumb = DecodedStreamObject()
    thumb.set_data(b"CANARYTHUMB")
    page[NameObject("/Thumb")] = writer._add_object(thumb)
    orphan = DecodedStreamObject()
    orphan.set_data(b"CANARYORPHAN an earlier version of the page")
    writer._add_object(orphan)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    for canary in (b"CANARYNOTE", b"CANARYIMAGEXMP", b"CANARYTHUMB", b"CANARYORPHAN", b"20261207231502"):
        assert canary in data, canary
    return data


def pdf_with_inline_photo() -> bytes:
    """The photo written into the page's own content stream (an inline image)."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    content = DecodedStreamObject()
    content.set_data(b"q 64 0 0 48 10 10 cm BI /W 64 /H 48 /CS /RGB /BPC 8 /F /DCT ID "
                     + jpeg_with_metadata().getvalue() + b"\nEI Q")
    page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    assert b"CanaryCam" in out.getvalue()
    return out.getvalue()


def inflated(data: bytes) -> bytes:
    """The PDF with every compressed stream inflated, to search it whole."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


LEAKS = (b"CanaryCam", b"CANARYXMP", CANARY_AGENT.encode(), b"CANARYNOTE", b"CANARYIMAGEXMP", b"CANARYTHUMB",
         b"CANARYORPHAN", b"20261207", b"Exif", b"GPS", b"http://ns.adobe.com", b"ICC_PROFILE", b"/Annots")


@pytest.mark.parametrize(
    "make", [pdf_with_photo, annotated_pdf, pdf_with_inline_photo], ids=["scanned-photo", "annotated", "inline-photo"]
)
def test_a_pdf_is_rebuilt_without_any_metadata_inside(client, office, make):
    assert send_tip(client, files=[named(make(), "scan.pdf")]).status_code == 200
    tip, key = read_tip(office)
    attachment = tip.attachments.get()
    stored = attachment.read(key)
    whole = inflated(stored)
    for leak in LEAKS:
        assert leak not in whole, leak
    reader = PdfReader(io.BytesIO(stored))
    assert len(reader.pages) == 1 and reader.metadata is None and reader.xmp_metadata is None
    assert attachment.read_name(key) == "附件1.pdf"
    # The photo is still there to see, as pixels of the same size.
    (image,) = reader.pages[0].images
    assert image.image.size == (64, 48)
    red, green, blue = image.image.convert("RGB").getpixel((32, 24))
    assert red > 150 and green < 80 and blue < 80


def test_an_annotation_is_painted_on_the_page_not_kept(client, office):
    assert send_tip(client, files=[named(annotated_pdf(), "marked.pdf")]).status_code == 200
    tip, key = read_tip(office)
    page = PdfReader(io.BytesIO(tip.attachments.get().read(key))).pages[0]
    assert "/Annots" not in page
    forms = {name: xobject.get_object() for name, xobject in page["/Resources"]["/XObject"].items()
             if xobject.get_object()["/Subtype"] == "/Form"}
    assert len(forms) == 1
    (name, form), = forms.items()
    assert b"0 0 40 20 re" in form.get_data()  # what the note showed...
    painted = page.get_contents().get_data()
    assert f"2.0000 0 0 2.0000 100.0000 500.0000 cm {name} Do".replace(" 0 0 ", " 0.0000 0.0000 ").encode() in painted


def test_a_phone_mpo_photo_is_kept_as_a_plain_jpeg(client, office):
    first = Image.open(jpeg_with_metadata())
    exif = first.getexif()
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[first.copy()], exif=exif)
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    response = send_tip(client, files=[named(out.getvalue(), "IMG_20261207_231502.MPO")])
    assert response.status_code == 200, response.content.decode()[:2000]
    tip, key = read_tip(office)
    attachment = tip.attachments.get()
    data = attachment.read(key)
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and attachment.content_type == "image/jpeg"
    assert not image.getexif() and b"CanaryCam" not in data and b"MPF" not in data and b"GPS" not in data
    assert attachment.read_name(key) == "附件1.jpg"


def test_a_pdf_with_an_image_that_cannot_be_checked_is_refused_with_a_message(client, office):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    image = DecodedStreamObject()
    image.set_data(b"\x00" * 16)
    image.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(4), NameObject("/Height"): NumberObject(4),
        NameObject("/ColorSpace"): NameObject("/DeviceGray"), NameObject("/BitsPerComponent"): NumberObject(8),
        NameObject("/Filter"): NameObject("/JBIG2Decode"),
    })
    writer.pages[0][NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})
    })
    out = io.BytesIO()
    writer.write(out)
    response = send_tip(client, files=[named(out.getvalue(), "scan.pdf")])
    assert response.status_code == 400
    assert "隐藏信息" in response.content.decode()
    assert not Tip.objects.exists()



def cache_files() -> dict:
    """Every file of the site's file caches, with its modification time."""
    from django.conf import settings

    found = {}
    for cache in settings.CACHES.values():
        if "FileCache" in cache["BACKEND"] or "filebased" in cache["BACKEND"]:
            for file in Path(cache["LOCATION"]).rglob("*"):
                if file.is_file():
                    found[str(file)] = file.stat().st_mtime_ns
    return found


def test_sending_a_tip_and_opening_its_status_write_no_cache_entry(client, office):
    # Whatever any visit to these pages caches is cached now, by an earlier visitor.
    page = client.get("/tips/").content.decode()
    assert "去除其中隐藏的信息（位置、相机型号、作者、日期等）和文件名" in page  # what the form promises
    client.get("/tips/status/")
    before = cache_files()
    receipt = receipt_in(send_tip(client).content.decode())
    assert "tips-facts" in status_page(client, receipt)
    assert cache_files() == before


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs Debian's poppler-utils to render")
@pytest.mark.parametrize("make", [pdf_with_photo, annotated_pdf], ids=["scanned-photo", "annotated"])
def test_a_rebuilt_pdf_looks_the_same(make, tmp_path):
    from PIL import ImageChops

    from tips.pdfclean import rebuild

    source = make()
    pictures = []
    for name, data in (("source", source), ("rebuilt", rebuild(source))):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", name + ".pdf", name], cwd=tmp_path, check=True)
        pictures.append(Image.open(tmp_path / f"{name}.png").convert("RGB"))
    difference = ImageChops.difference(*pictures)
    assert max(high for _low, high in difference.getextrema()) <= 24  # a re-encoded JPEG may shift a little
    if make is annotated_pdf:  # the note's red square is painted where it was
        x, y = round(140 / 72 * 40), pictures[1].height - round(520 / 72 * 40)
        red, green, blue = pictures[1].getpixel((x, y))
        assert red > 200 and green < 60 and blue < 60
