"""The calendar page and the iCalendar files: what they list, bad input, query counts."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from campaigns.choices import VenueType
from campaigns.dates import LOCAL
from campaigns.models import Event
from core.caching import bump_generation
from tests.campaigns.utils import add_campaign, add_campaign_index
from tests.utils import make_site, translate
from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=LOCAL), tick=False)


def add_event(campaign=None, day=date(2026, 6, 20), public=True, **fields):
    start = datetime(day.year, day.month, day.day, 9, 30, tzinfo=LOCAL)
    fields.setdefault("title", "禁毒知识讲座")
    fields.setdefault("venue_type", VenueType.COMMUNITY)
    fields.setdefault("organiser", "石竹社区工作站")
    return Event.objects.create(
        campaign=campaign, start=start, end=start + timedelta(hours=2), venue_name="石竹社区党群服务中心",
        venue_address="南城街道石竹路1号", is_public=public, **fields,
    )


@pytest.fixture
def campaign():
    index = add_campaign_index(make_site())
    return add_campaign(index, title="2026年6·26宣传月")


def test_the_month_view_shows_key_dates_campaigns_and_public_events(client, campaign):
    add_event(campaign, title="进社区宣传")
    add_event(campaign, title="内部培训", public=False)
    with at(2026, 6, 10, 12, 0, 0):
        body = client.get("/calendar/").content.decode()
    assert "2026年6月" in body
    assert "第39个国际禁毒日" in body and "虎门销烟187周年" in body and "全民禁毒宣传月" in body
    assert "2026年6·26宣传月" in body and "进社区宣传" in body
    assert "内部培训" not in body
    assert 'class="is-today' in body or "is-today" in body


def test_the_list_view_lists_the_year_and_english_says_it_in_english(client, campaign):
    translate(campaign.get_parent(), "en", title="Campaigns")
    translate(campaign, "en", title="World Drug Day 2026")
    add_event(campaign, title="进社区宣传", title_en="Community stand")
    with at(2026, 3, 1, 12, 0, 0):
        body = client.get("/en/calendar/?view=list&year=2026").content.decode()
    assert "World Drug Day 2026" in body and "Community stand" in body
    assert "The 39th International Day against Drug Abuse and Illicit Trafficking" in body
    assert body.index("The 18th anniversary") < body.index("The 39th International Day")


@pytest.mark.parametrize("query", ["year=abc", "month=13", "year=99999&month=0", "view=nonsense", "month=%E5%85%AD",
                                   "year=-1", "view=list&year=abc"])
def test_bad_parameters_give_the_default_view(client, campaign, query):
    with at(2026, 6, 10, 12, 0, 0):
        response = client.get("/calendar/?" + query)
        assert response.status_code == 200
        feed = client.get("/calendar.ics?" + query)
    assert feed.status_code == 200
    Calendar.from_ical(feed.content)


def test_unknown_campaigns_and_events_are_404(client, campaign):
    internal = add_event(campaign, public=False)
    assert client.get("/calendar/campaigns/no-such-campaign.ics").status_code == 404
    assert client.get("/calendar/events/999999.ics").status_code == 404
    assert client.get(f"/calendar/events/{internal.pk}.ics").status_code == 404


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_feed_holds_key_dates_of_this_year_and_next_campaigns_and_public_events(client, campaign):
    add_event(campaign, title="进社区宣传")
    add_event(campaign, title="内部培训", public=False)
    with at(2026, 6, 10, 12, 0, 0):
        feed = parse(client.get("/calendar.ics"))
    events = {str(e["summary"]): e for e in feed.walk("VEVENT")}
    assert "第39个国际禁毒日" in events and "第40个国际禁毒日" in events
    assert "第41个国际禁毒日" not in events
    assert events["第39个国际禁毒日"].decoded("dtstart") == date(2026, 6, 26)
    assert events["第39个国际禁毒日"].decoded("dtend") == date(2026, 6, 27)
    assert events["2026年6·26宣传月"].decoded("dtstart") == date(2026, 6, 1)
    assert events["2026年6·26宣传月"].decoded("dtend") == date(2026, 7, 1)
    talk = events["进社区宣传"]
    assert talk.decoded("dtstart") == datetime(2026, 6, 20, 9, 30, tzinfo=LOCAL)
    assert "石竹社区党群服务中心" in str(talk["location"])
    assert "内部培训" not in events
    # Every UID is unique, so a calendar app updates rather than duplicates.
    uids = [str(e["uid"]) for e in feed.walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_one_file_per_campaign_and_per_event(client, campaign):
    event = add_event(campaign, title="进社区宣传")
    response = client.get("/calendar/campaigns/2026-idad.ics")
    assert 'filename="2026-idad.ics"' in response["Content-Disposition"]
    assert [str(e["summary"]) for e in parse(response).walk("VEVENT")] == ["2026年6·26宣传月"]
    response = client.get(f"/calendar/events/{event.pk}.ics")
    assert [str(e["summary"]) for e in parse(response).walk("VEVENT")] == ["进社区宣传"]


def test_a_title_with_a_line_break_still_gives_its_own_file(client, campaign):
    event = add_event(campaign, title="进社区\n宣传")
    campaign.title = "2026年\r\n6·26宣传月"
    campaign.save_revision().publish()
    for url in (f"/calendar/events/{event.pk}.ics", "/calendar/campaigns/2026-idad.ics", "/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        summaries = [str(e["summary"]) for e in parse(response).walk("VEVENT")]
        assert any("宣传" in s for s in summaries), url
    assert "进社区\n宣传" in [str(e["summary"]) for e in parse(client.get(f"/calendar/events/{event.pk}.ics")).walk("VEVENT")]


def test_the_campaign_page_lists_its_public_events(client, campaign):
    add_event(campaign, title="进社区宣传")
    add_event(campaign, title="内部培训", public=False)
    body = client.get("/campaigns/2026-idad/").content.decode()
    assert "进社区宣传" in body and "内部培训" not in body
    assert "/calendar/campaigns/2026-idad.ics" in body


def count_queries(client, url, cold=False):
    client.get(url)  # per-process lookups
    if cold:
        bump_generation()  # as after a publish: nothing of the calendar is kept
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


URLS = ["/calendar/?year=2026&month=6", "/calendar/?view=list&year=2026", "/calendar.ics?year=2026"]


def test_the_calendar_costs_under_15_queries_however_many_events(client, settings, campaign):
    settings.PAGE_CACHE_ENABLED = False
    for n in range(3):
        add_event(campaign, day=date(2026, 6, 1 + n))
    with at(2026, 6, 10, 12, 0, 0):
        few = {url: count_queries(client, url, cold=True) for url in URLS}
    Event.objects.bulk_create([
        Event(campaign=campaign, title=f"活动{n}", start=datetime(2026, 6, 1 + n % 28, 9, tzinfo=LOCAL),
              end=datetime(2026, 6, 1 + n % 28, 11, tzinfo=LOCAL), venue_name="广场", venue_type="public_venue",
              organiser="禁毒办", is_public=True)
        for n in range(200)
    ])
    with at(2026, 6, 10, 12, 0, 0):
        many = {url: count_queries(client, url, cold=True) for url in URLS}
        body = client.get(URLS[0]).content.decode()
    assert all(count < 15 for count in many.values()), many
    assert many == few
    assert body.count("活动1") >= 11  # the 200 events are there (活动1, 活动10-19, ...)


def test_a_rendered_calendar_is_kept_until_something_changes(client, settings, campaign):
    settings.PAGE_CACHE_ENABLED = False
    event = add_event(campaign, title="进社区宣传")
    with at(2026, 6, 10, 12, 0, 0):
        cold = {url: count_queries(client, url, cold=True) for url in URLS}
        warm = {url: count_queries(client, url) for url in URLS}
        assert all(warm[url] < cold[url] for url in URLS), (warm, cold)
        # An editor renames the event: the month, the list and the feed say so at once.
        event.title = "进社区禁毒宣传"
        event.save()
        assert all("进社区禁毒宣传" in client.get(url).content.decode() for url in URLS)
        event.is_public = False
        event.save()
        assert all("进社区禁毒宣传" not in client.get(url).content.decode() for url in URLS)


def test_the_month_marks_today_afresh_at_local_midnight(client, settings, campaign):
    settings.PAGE_CACHE_ENABLED = False

    def today_cell():
        body = client.get("/calendar/").content.decode()
        cell = body[body.index("is-today"):]
        return cell[cell.index('calendar-grid__day">') + len('calendar-grid__day">'):].split("<", 1)[0]

    with at(2026, 6, 25, 23, 59, 59):
        assert today_cell() == "25"
        assert today_cell() == "25"  # kept
    with at(2026, 6, 26, 0, 0, 0):
        assert today_cell() == "26"
    with at(2026, 6, 30, 23, 59, 59):
        assert today_cell() == "30"
    with at(2026, 7, 1, 0, 0, 0):
        # "This month" moves on too.
        assert today_cell() == "1"
        assert "2026年7月" in client.get("/calendar/").content.decode()


def test_the_calendar_is_cached_until_local_midnight(wsgi_app, campaign):
    with at(2026, 6, 10, 23, 59, 50):
        status, headers, body = wsgi_get(wsgi_app, "/calendar/")
        assert "s-maxage=10" in headers["Cache-Control"]
        assert wsgi_get(wsgi_app, "/calendar/", query="month=6&utm=x")[1]["X-Page-Cache"] == "miss"
        assert wsgi_get(wsgi_app, "/calendar/", query="utm=x&month=6")[1]["X-Page-Cache"] == "hit"
    with at(2026, 6, 11, 0, 0, 0):
        assert wsgi_get(wsgi_app, "/calendar/")[1]["X-Page-Cache"] == "miss"


def test_traditional_chinese_shows_event_titles_in_traditional_characters(client, campaign):
    event = add_event(campaign, title="禁毒知识讲座")
    with at(2026, 6, 10, 12, 0, 0):
        body = client.get("/zh-hant/calendar/?year=2026&month=6").content.decode()
        feed = parse(client.get("/zh-hant/calendar.ics?year=2026"))
    assert "禁毒知識講座" in body and "禁毒知识讲座" not in body
    assert "禁毒知識講座" in [str(e["summary"]) for e in feed.walk("VEVENT")]
    one = client.get(f"/zh-hant/calendar/events/{event.pk}.ics").content.decode()
    assert "禁毒知識講座" in one and "禁毒知识讲座" not in one


def test_an_empty_month_points_to_the_next_key_date(client, campaign):
    with at(2026, 11, 29, 12, 0, 0):
        body = client.get("/calendar/").content.decode()
        english = client.get("/en/calendar/").content.decode()
    assert "本月日历上没有安排" in body
    assert "下一个日程：2027-06-01" in body and "?view=month&amp;year=2027&amp;month=6" in body
    assert "Next: The 17th National Anti-Drug Publicity Month, 2027-06-01" in english
