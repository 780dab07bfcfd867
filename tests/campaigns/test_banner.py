"""The campaign banner and the countdown switch at local midnight, through the
page cache as gunicorn serves the site (tests/conftest.py ``wsgi_app``)."""

from datetime import date, datetime

import pytest
import time_machine

from campaigns.dates import LOCAL
from tests.campaigns.utils import add_campaign, add_campaign_index, add_translated_campaign
from tests.utils import make_site
from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=LOCAL), tick=False)


@pytest.fixture
def site():
    return add_translated_campaign(make_site(), banner_text="防范青少年药物滥用")


def test_the_countdown_turns_into_the_day_at_local_midnight(wsgi_app, site):
    with at(2026, 6, 25, 23, 59, 59):
        status, headers, body = wsgi_get(wsgi_app, "/")
        assert status.startswith("200")
        assert "防范青少年药物滥用" in body and "距第39个国际禁毒日还有 1 天" in body
        # Cached for the one second left of the day, no longer.
        assert "s-maxage=1" in headers["Cache-Control"]
        assert wsgi_get(wsgi_app, "/")[1]["X-Page-Cache"] == "hit"
    with at(2026, 6, 26, 0, 0, 0):
        status, headers, body = wsgi_get(wsgi_app, "/")
        assert headers["X-Page-Cache"] == "miss"
        assert "今天是第39个国际禁毒日" in body and "还有 1 天" not in body


def test_every_page_shows_the_campaign_in_its_language(wsgi_app, site):
    with at(2026, 6, 25, 23, 59, 59):
        assert "距第39个国际禁毒日还有 1 天" in wsgi_get(wsgi_app, "/campaigns/")[2]
        body = wsgi_get(wsgi_app, "/en/campaigns/")[2]
        assert "Invest in prevention" in body
        assert "1 day until the 39th International Day against Drug Abuse and Illicit Trafficking" in body
    with at(2026, 6, 26, 0, 0, 0):
        body = wsgi_get(wsgi_app, "/en/campaigns/")[2]
        assert "Today is the 39th International Day against Drug Abuse and Illicit Trafficking" in body


def test_after_the_window_the_campaign_banner_goes_and_home_counts_to_next_year(wsgi_app, site):
    with at(2026, 6, 30, 23, 59, 59):
        assert "防范青少年药物滥用" in wsgi_get(wsgi_app, "/campaigns/")[2]
        assert "防范青少年药物滥用" in wsgi_get(wsgi_app, "/")[2]
    with at(2026, 7, 1, 0, 0, 0):
        status, headers, body = wsgi_get(wsgi_app, "/campaigns/")
        assert headers["X-Page-Cache"] == "miss"
        assert 'class="campaign-banner' not in body
        body = wsgi_get(wsgi_app, "/")[2]
        assert "防范青少年药物滥用" not in body
        days = (date(2027, 6, 26) - date(2026, 7, 1)).days
        assert f"距第40个国际禁毒日还有 {days} 天" in body


def test_the_banner_follows_the_dates_even_if_the_schedule_never_ran(wsgi_app, site):
    """The page is live (published early); the window alone decides."""
    with at(2026, 5, 31, 23, 59, 59):
        assert "防范青少年药物滥用" not in wsgi_get(wsgi_app, "/campaigns/")[2]
    with at(2026, 6, 1, 0, 0, 0):
        assert "防范青少年药物滥用" in wsgi_get(wsgi_app, "/campaigns/")[2]


def test_a_draft_campaign_shows_no_banner(client):
    home = make_site()
    add_campaign(add_campaign_index(home), publish=False, banner_text="草稿横幅")
    with at(2026, 6, 10, 12, 0, 0):
        body = client.get("/").content.decode()
    assert "草稿横幅" not in body
    assert "距第39个国际禁毒日还有 16 天" in body


def countdown_link(body):
    import re

    found = re.search(r'class="campaign-banner__countdown"><a href="([^"]+)">', body)
    return found and found.group(1)


def test_the_countdown_leads_to_the_campaign_planned_for_that_day(wsgi_app, site):
    with at(2026, 5, 10, 12, 0, 0):  # before the window, 6·1 not yet counted down: home counts to 6·26
        assert countdown_link(wsgi_get(wsgi_app, "/")[2]) == "/campaigns/2026-idad/"
        assert countdown_link(wsgi_get(wsgi_app, "/en/")[2]) == "/en/campaigns/2026-idad/"
    with at(2026, 7, 1, 12, 0, 0):  # next year's day has no campaign yet: the calendar
        assert countdown_link(wsgi_get(wsgi_app, "/")[2]) == "/calendar/"
