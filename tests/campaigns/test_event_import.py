"""Last year's event list imported from a spreadsheet, moved to this year; a bad row saves nothing."""

import io
import re
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from campaigns.dates import LOCAL
from campaigns.models import Event
from core.models import School
from tests.campaigns.utils import add_campaign, add_campaign_index
from tests.utils import make_site

pytestmark = pytest.mark.django_db
URL = "/admin/campaigns/events/import/"
HEADER = ["title", "start", "end", "venue_type", "venue_name", "organiser", "public", "school"]


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("events-2025.xlsx", out.getvalue())


@pytest.fixture
def campaign():
    School.objects.create(name="南城中学", code="NC-M1", kind="junior_middle")
    return add_campaign(add_campaign_index(make_site()))


def test_the_import_page_opens_with_the_dry_run_ticked(admin_client, campaign):
    page = admin_client.get(URL).content.decode()
    assert re.search(r'<input[^>]*name="dry_run"[^>]*checked', page)
    assert 'name="to_year"' in page


def test_last_years_list_is_imported_with_this_years_dates(admin_client, campaign):
    upload = xlsx([
        ["禁毒讲座", datetime(2025, 6, 5, 9, 0), datetime(2025, 6, 5, 11, 0), "学校", "南城中学", "禁毒办", "1", "NC-M1"],
        ["广场宣传", "2025-06-26 09:00", "2025-06-26 12:00", "进场所", "市民广场", "禁毒办", "是", ""],
    ])
    response = admin_client.post(URL, {"file": upload, "campaign": str(campaign.pk), "to_year": "2026"})
    assert response.status_code == 302
    events = list(Event.objects.order_by("start"))
    assert [e.title for e in events] == ["禁毒讲座", "广场宣传"]
    assert events[0].start == datetime(2026, 6, 5, 9, 0, tzinfo=LOCAL)
    assert events[0].school.code == "NC-M1" and events[0].campaign == campaign
    assert events[1].venue_type == "public_venue"


def test_a_bad_row_is_reported_by_number_and_nothing_is_saved(admin_client, campaign):
    upload = xlsx([
        ["禁毒讲座", "2025-06-05 09:00", "2025-06-05 11:00", "学校", "南城中学", "禁毒办", "1", "NC-M1"],
        ["倒着的活动", "2025-06-26 12:00", "2025-06-26 09:00", "场所", "市民广场", "禁毒办", "1", ""],
        ["未知类型", "2025-06-27 09:00", "2025-06-27 10:00", "网吧", "某网吧", "禁毒办", "1", ""],
    ])
    response = admin_client.post(URL, {"file": upload, "campaign": "", "to_year": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行" in body and "活动的结束时间早于开始时间" in body
    assert "第 4 行" in body and "网吧" in body
    assert not Event.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(admin_client, campaign):
    response = admin_client.post(URL, {"file": SimpleUploadedFile("list.pdf", b"%PDF-1.4")})
    assert response.status_code == 200
    assert "只能导入 CSV 或 XLSX 文件" in response.content.decode()
    assert not Event.objects.exists()


def test_a_dry_run_counts_the_events_and_saves_nothing(admin_client, campaign):
    upload = xlsx([["禁毒讲座", "2025-06-05 09:00", "2025-06-05 11:00", "学校", "南城中学", "禁毒办", "1", "NC-M1"]])
    response = admin_client.post(URL, {"file": upload, "campaign": "", "to_year": "", "dry_run": "on"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "试运行" in body and "1 个将新建" in body
    assert not Event.objects.exists()


def test_the_english_venue_columns_are_imported_for_the_english_pages(admin_client, campaign):
    header = ["title", "start", "end", "venue_type", "venue_name", "venue_name_en", "venue_address",
              "venue_address_en", "organiser"]
    upload = xlsx([["广场宣传", "2025-06-26 09:00", "2025-06-26 12:00", "场所", "市民广场", "Citizens' Square",
                    "南城街道鸿福路", "Hongfu Road, Nancheng", "禁毒办"]], header=header)
    response = admin_client.post(URL, {"file": upload, "campaign": str(campaign.pk), "to_year": ""})
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.venue_name_en, event.venue_address_en) == ("Citizens' Square", "Hongfu Road, Nancheng")
