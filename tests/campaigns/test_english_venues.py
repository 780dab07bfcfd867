"""An English reader reads an event's venue and a quiz's description in
English when staff gave one, and sees the Chinese marked as Chinese when they
did not (issue 18, "Every language whole")."""

import re
from datetime import date

import pytest
from icalendar import Calendar

from tests.campaigns.test_calendar import add_event, at
from tests.campaigns.utils import add_translated_campaign
from tests.quizzes.builders import make_bank, make_quiz
from tests.utils import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return add_translated_campaign(make_site())


def where(html, css_class):
    return [re.sub(r"\s+", " ", p).strip() for p in re.findall(rf'<p class="{css_class}">(.*?)</p>', html, re.S)]


def test_the_english_venue_shows_on_the_english_pages_and_in_the_calendar_file(client, campaign):
    event = add_event(campaign, title="进社区宣传", title_en="Community stand", venue_name_en="Shizhu Community Centre",
                      venue_address_en="1 Shizhu Road, Nancheng")
    with at(2026, 6, 10, 12, 0, 0):
        page = client.get("/en/campaigns/2026-idad/").content.decode()
        calendar = client.get("/en/calendar/").content.decode()
        feed = Calendar.from_ical(client.get(f"/en/calendar/events/{event.pk}.ics").content)
        chinese = client.get("/campaigns/2026-idad/").content.decode()
    assert where(page, "event-list__where") == ["Shizhu Community Centre · 1 Shizhu Road, Nancheng"]
    assert where(calendar, "calendar-item__where") == ["Shizhu Community Centre · 1 Shizhu Road, Nancheng"]
    [entry] = feed.walk("VEVENT")
    assert str(entry["location"]) == "Shizhu Community Centre · 1 Shizhu Road, Nancheng"
    assert where(chinese, "event-list__where") == ["石竹社区党群服务中心 · 南城街道石竹路1号"]


def test_a_venue_without_english_is_shown_in_chinese_marked_as_chinese(client, campaign):
    add_event(campaign, title="进社区宣传", venue_name_en="Shizhu Community Centre")
    with at(2026, 6, 10, 12, 0, 0):
        page = client.get("/en/campaigns/2026-idad/").content.decode()
        calendar = client.get("/en/calendar/").content.decode()
        traditional = client.get("/zh-hant/calendar/").content.decode()
    marked = 'Shizhu Community Centre · <span lang="zh-Hans">南城街道石竹路1号</span>'
    assert where(page, "event-list__where") == [marked]
    assert where(calendar, "calendar-item__where") == [marked]
    # The title with no English either: Chinese, marked.
    assert '<span lang="zh-Hans">进社区宣传</span>' in calendar
    # Traditional readers read the Chinese venue in Traditional characters.
    assert where(traditional, "calendar-item__where") == ["石竹社區黨群服務中心 · 南城街道石竹路1號"]


def test_the_practice_quiz_describes_itself_in_english_or_says_it_is_chinese_only(client):
    make_site()
    quiz = make_quiz(make_bank(), is_practice=True, title_en="Practice", description="随时练习，交卷后即可看到答案。",
                     description_en="Practise any time; the answers show once you hand in.")
    bare = make_quiz(make_bank(), is_practice=True, title="练习二", title_en="Practice 2",
                     description="随时练习。")
    english = client.get(f"/en/quiz/practice/{quiz.pk}/").content.decode()
    fallback = client.get(f"/en/quiz/practice/{bare.pk}/").content.decode()
    chinese = client.get(f"/quiz/practice/{quiz.pk}/").content.decode()
    assert "<p>Practise any time; the answers show once you hand in.</p>" in english
    assert "随时练习" not in english and "Chinese only" not in english
    assert ('<p><span lang="zh-Hans">随时练习。</span> <span class="badge badge--chinese-only">Chinese only</span></p>'
            in fallback)
    assert "<p>随时练习，交卷后即可看到答案。</p>" in chinese


def test_the_demo_events_and_practice_quiz_have_their_english(demo):
    from campaigns.models import Event
    from quizzes.models import Quiz

    assert not Event.objects.filter(venue_name_en="").exists()
    assert not Quiz.objects.filter(description_en="").exclude(description="").exists()
    assert date(2026, 6, 26) in {e.start.date() for e in Event.objects.filter(venue_name_en="Nancheng Citizens' Square")}
