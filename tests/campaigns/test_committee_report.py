"""The committee's figures in the admin match hand-computed totals, in the page
and in the CSV and XLSX exports."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from openpyxl import load_workbook

from campaigns.choices import VenueType
from campaigns.models import OutreachReport
from core.models import School
from tests.campaigns.test_calendar import add_event
from tests.campaigns.utils import add_campaign, add_campaign_index
from tests.utils import make_site

pytestmark = pytest.mark.django_db
URL = "/admin/campaigns/report/"


@pytest.fixture
def figures():
    campaign = add_campaign(add_campaign_index(make_site()))
    schools = [School.objects.create(name=f"学校{n}", code=f"S{n}", kind="primary") for n in range(4)]
    rows = [
        # day, venue type, organiser, school, people, materials
        (date(2026, 5, 28), VenueType.SCHOOL, "禁毒办", schools[0], 300, 400),
        (date(2026, 6, 3), VenueType.SCHOOL, "禁毒办", schools[0], 200, 100),
        (date(2026, 6, 10), VenueType.SCHOOL, "石竹社区", schools[1], 150, 50),
        (date(2026, 6, 26), VenueType.PUBLIC_VENUE, "禁毒办", None, 1000, 2000),
    ]
    for day, venue_type, organiser, school, people, materials in rows:
        event = add_event(campaign, day=day, venue_type=venue_type, organiser=organiser, school=school)
        OutreachReport.objects.create(event=event, people_reached=people, materials_handed_out=materials,
                                      boards_shown=1, consultations=2, wechat_posts=1)
    # Planned, no report yet: not counted as held.
    add_event(campaign, day=date(2026, 6, 28), venue_type=VenueType.VILLAGE)
    return campaign


def test_the_report_page_shows_hand_computed_totals(admin_client, figures):
    body = admin_client.get(URL + "?year=2026").content.decode()
    assert "1650" in body  # people reached, all events
    assert "2 / 4 (50%)" in body  # two of four registered schools reached
    assert "<svg" in body and "<script" not in body.split("</header>")[-1].split("<footer")[0]


def test_csv_and_xlsx_exports_hold_the_same_figures(admin_client, figures):
    response = admin_client.get(URL + "?year=2026&export=csv")
    assert response["Content-Disposition"] == 'attachment; filename="outreach-2026.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    venue = rows.index(["按“六进”类型"]) if ["按“六进”类型"] in rows else None
    assert venue is not None, rows
    schools_row = next(r for r in rows[venue:] if r and r[0] == "进学校")
    assert schools_row[1:3] == ["3", "650"]
    month_rows = {r[0]: r for r in rows if r and r[0].startswith("2026-")}
    assert month_rows["2026-05"][2] == "300" and month_rows["2026-06"][2] == "1350"
    totals = [r for r in rows if r and r[0] == "合计"]
    assert all(r[1:3] == ["4", "1650"] for r in totals)
    assert rows[-1] == ["2", "4", "50"]

    response = admin_client.get(URL + "?year=2026&export=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["按月"]
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True)}
    assert values["2026-06"][:2] == (3, 1350)
    assert values["合计"][:2] == (4, 1650)


def test_bad_year_gives_the_latest_and_only_staff_with_permission_see_it(client, admin_client, figures):
    assert admin_client.get(URL + "?year=abc&campaign=nonsense").status_code == 200
    editor = User.objects.create_user("e1", password="x", is_staff=False)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(URL).status_code in (302, 403)
