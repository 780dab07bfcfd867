"""Events and outreach reports in the admin: bad input gets a clear message and
nothing is saved; report photos lose their GPS position before storage."""

import io
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from campaigns.dates import LOCAL
from campaigns.models import Event, OutreachReport, ReportPhoto
from core.models import School
from tests.campaigns.test_calendar import add_event

pytestmark = pytest.mark.django_db

EVENT_ADD = "/admin/snippets/campaigns/event/add/"
REPORT_ADD = "/admin/snippets/campaigns/outreachreport/add/"


def event_form(**overrides):
    data = {
        "campaign": "", "title": "禁毒知识讲座", "title_en": "", "start": "2026-06-20 09:30", "end": "2026-06-20 11:30",
        "venue_type": "community", "venue_name": "石竹社区党群服务中心", "venue_address": "", "school": "",
        "community": "", "organiser": "石竹社区工作站", "expected_audience": "120", "is_public": "on",
    }
    data.update(overrides)
    return data


def test_an_event_that_ends_before_it_starts_is_refused(admin_client):
    response = admin_client.post(EVENT_ADD, event_form(end="2026-06-20 08:00"))
    assert response.status_code == 200
    assert "活动的结束时间早于开始时间" in response.content.decode()
    assert not Event.objects.exists()
    assert admin_client.post(EVENT_ADD, event_form()).status_code == 302
    event = Event.objects.get()
    assert event.start == datetime(2026, 6, 20, 9, 30, tzinfo=LOCAL)


def test_a_school_event_names_its_school(admin_client):
    response = admin_client.post(EVENT_ADD, event_form(venue_type="school"))
    assert "请选择这次活动所进的学校" in response.content.decode()
    school = School.objects.create(name="南城中学", code="NC-M1", kind="junior_middle")
    assert admin_client.post(EVENT_ADD, event_form(venue_type="school", school=str(school.pk))).status_code == 302


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (23.0, 1.0, 30.0)
    gps[3] = "E"
    gps[4] = (113.0, 45.0, 10.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def report_form(event, photos=(), **counts):
    data = {
        "event": str(event.pk), "people_reached": "300", "materials_handed_out": "450", "boards_shown": "6",
        "consultations": "35", "wechat_posts": "2", "notes": "",
        "photos": inline_formset([{"image": "", "caption": caption} for caption in photos]),
    }
    data.update(counts)
    return nested_form_data(data)


def test_negative_counts_are_refused(admin_client):
    event = add_event()
    response = admin_client.post(REPORT_ADD, report_form(event, people_reached="-5"))
    assert response.status_code == 200
    assert "数量不能为负数" in response.content.decode()
    assert not OutreachReport.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_saved(admin_client):
    event = add_event()
    data = report_form(event, photos=["讲座现场"])
    data["photos-0-image"] = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = admin_client.post(REPORT_ADD, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "请上传一张有效的图片" in body
    assert not OutreachReport.objects.exists() and not ReportPhoto.objects.exists()


def test_photos_are_stored_without_their_gps_position(admin_client):
    event = add_event()
    original = jpeg_with_gps()
    assert 0x8825 in Image.open(io.BytesIO(original)).getexif()
    data = report_form(event, photos=["讲座现场"])
    data["photos-0-image"] = SimpleUploadedFile("photo.jpg", original, content_type="image/jpeg")
    response = admin_client.post(REPORT_ADD, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    report = OutreachReport.objects.get()
    assert report.people_reached == 300
    photo = report.photos.get()
    with photo.image.open("rb") as stored:
        exif = Image.open(stored).getexif()
    assert 0x8825 not in exif
    assert exif.get(0x010F) == "TestCam"
