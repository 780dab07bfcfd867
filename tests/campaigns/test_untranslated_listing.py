"""An upcoming campaign planned in Chinese first is listed on the English and
Traditional campaign index, marked "Chinese only", until its translation is
published; the page cache never keeps the old listing (issue 18)."""

import re
from datetime import datetime

import pytest
import time_machine

from campaigns.dates import LOCAL
from tests.campaigns.utils import add_campaign, add_campaign_index
from tests.utils import make_site, translate
from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db

BEFORE_JUNE = datetime(2027, 3, 10, 10, tzinfo=LOCAL)


@pytest.fixture
def index():
    index = add_campaign_index(make_site())
    translate(index, "en", title="Campaigns")
    translate(index, "zh-hant", title="禁毒宣傳")
    return index


def cards(html):
    """Each campaign card as (title's lang or "", link, title, badge or "")."""
    found = []
    for card in re.findall(r'<article class="card[^"]*">(.*?)</article>', html, re.S):
        title = re.search(r'<h3 class="card__title"(?: lang="([^"]+)")?><a href="([^"]+)">([^<]+)</a>', card)
        badge = re.search(r'<span class="badge badge--chinese-only">([^<]+)</span>', card)
        found.append((title.group(1) or "", title.group(2), title.group(3), badge.group(1) if badge else ""))
    return found


def test_an_untranslated_campaign_is_listed_in_chinese_with_the_mark(client, index):
    add_campaign(index, 2027, title="2027年国际禁毒日宣传", slug="2027-idad")
    with time_machine.travel(BEFORE_JUNE, tick=False):
        english = client.get("/en/campaigns/").content.decode()
        traditional = client.get("/zh-hant/campaigns/").content.decode()
        chinese = client.get("/campaigns/").content.decode()
    assert "Coming up" in english
    assert cards(english) == [("zh-Hans", "/campaigns/2027-idad/?fallback=en", "2027年国际禁毒日宣传", "Chinese only")]
    assert '<p class="card__summary" lang="zh-Hans">珍爱生命 远离毒品</p>' in english
    assert cards(traditional) == [
        ("zh-Hans", "/campaigns/2027-idad/?fallback=zh-hant", "2027年国际禁毒日宣传", "僅中文")
    ]
    # The Chinese index is the page's own language: nothing to mark.
    assert cards(chinese) == [("", "/campaigns/2027-idad/", "2027年国际禁毒日宣传", "")]


def test_the_link_opens_the_chinese_page_with_the_english_menu(client, index):
    add_campaign(index, 2027, title="2027年国际禁毒日宣传", slug="2027-idad")
    with time_machine.travel(BEFORE_JUNE, tick=False):
        link = cards(client.get("/en/campaigns/").content.decode())[0][1]
        response = client.get(link)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html and "2027年国际禁毒日宣传" in html


def test_once_translated_and_published_it_is_listed_once_in_english(client, index):
    campaign = add_campaign(index, 2027, title="2027年国际禁毒日宣传", slug="2027-idad")
    draft = translate(campaign, "en", publish=False, title="World Drug Day 2027", theme="Prevention")
    with time_machine.travel(BEFORE_JUNE, tick=False):
        # A draft translation is not for visitors: the Chinese page stays listed.
        assert cards(client.get("/en/campaigns/").content.decode())[0][3] == "Chinese only"
        draft.save_revision().publish()
        english = client.get("/en/campaigns/").content.decode()
    assert cards(english) == [("", "/en/campaigns/2027-idad/", "World Drug Day 2027", "")]
    assert "Chinese only" not in english and "2027年国际禁毒日宣传" not in english


def test_the_cached_index_follows_the_chinese_publish_and_the_translation(wsgi_app, index):
    def english_cards():
        status, headers, body = wsgi_get(wsgi_app, "/en/campaigns/")
        assert status.startswith("200")
        return headers["X-Page-Cache"], cards(body)

    with time_machine.travel(BEFORE_JUNE, tick=True):
        assert english_cards() == ("miss", [])
        assert english_cards() == ("hit", [])
        campaign = add_campaign(index, 2027, title="2027年国际禁毒日宣传", slug="2027-idad")
        chinese_only = [("zh-Hans", "/campaigns/2027-idad/?fallback=en", "2027年国际禁毒日宣传", "Chinese only")]
        assert english_cards() == ("miss", chinese_only)
        assert english_cards() == ("hit", chinese_only)
        translate(campaign, "en", title="World Drug Day 2027", theme="Prevention")
        translated = [("", "/en/campaigns/2027-idad/", "World Drug Day 2027", "")]
        assert english_cards() == ("miss", translated)
        assert english_cards() == ("hit", translated)


IN_JUNE = datetime(2027, 6, 10, 10, tzinfo=LOCAL)


@pytest.fixture
def planned(index):
    """The 2027 campaign, planned in Chinese and not yet translated."""
    return add_campaign(index, 2027, title="2027年国际禁毒日宣传", slug="2027-idad", banner_text="防范青少年药物滥用")


def read(client, moment, *paths):
    """Each page as a visitor reads it at ``moment``."""
    with time_machine.travel(moment, tick=False):
        return [client.get(path).content.decode() for path in paths]


def test_the_calendar_lists_an_untranslated_campaign_in_chinese_with_the_mark(client, planned):
    month, year, traditional, chinese = read(
        client, IN_JUNE, "/en/calendar/", "/en/calendar/?view=list&year=2027", "/zh-hant/calendar/?view=list&year=2027",
        "/calendar/?view=list&year=2027",
    )
    assert ('<a href="/campaigns/2027-idad/?fallback=en" lang="zh-Hans">2027年国际禁毒日宣传</a> '
            '<span class="badge badge--chinese-only">Chinese only</span>') in month
    assert ('<p class="calendar-item__title" lang="zh-Hans"><a href="/campaigns/2027-idad/?fallback=en">'
            '2027年国际禁毒日宣传</a></p><p><span class="badge badge--chinese-only">Chinese only</span></p>') in year
    assert '<a href="/campaigns/2027-idad/?fallback=zh-hant">2027年国际禁毒日宣传</a>' in traditional
    assert "僅中文" in traditional
    assert '<a href="/campaigns/2027-idad/">2027年国际禁毒日宣传</a>' in chinese and "badge--chinese-only" not in chinese


def test_once_translated_the_calendar_lists_the_translation_only(client, planned):
    translate(planned, "en", title="World Drug Day 2027", theme="Prevention")
    [year] = read(client, IN_JUNE, "/en/calendar/?view=list&year=2027")
    assert '<a href="/en/campaigns/2027-idad/">World Drug Day 2027</a>' in year
    assert "2027年国际禁毒日宣传" not in year and "Chinese only" not in year


def banner(html):
    found = re.search(r'<p class="campaign-banner__text">(.*?)</p>', html, re.S)
    return found and found.group(1)


def test_the_banner_shows_an_untranslated_campaign_in_chinese_with_the_mark(client, planned):
    english, traditional, chinese = read(client, IN_JUNE, "/en/campaigns/", "/zh-hant/", "/")
    assert banner(english) == ('<a href="/campaigns/2027-idad/?fallback=en" lang="zh-Hans">防范青少年药物滥用</a> '
                               '<span class="badge badge--chinese-only">Chinese only</span>')
    assert banner(traditional) == ('<a href="/campaigns/2027-idad/?fallback=zh-hant" lang="zh-Hans">防范青少年药物滥用</a> '
                                   '<span class="badge badge--chinese-only">僅中文</span>')
    assert banner(chinese) == '<a href="/campaigns/2027-idad/">防范青少年药物滥用</a>'


def test_before_the_window_the_english_countdown_leads_to_the_untranslated_campaign(client, planned):
    # 10 May: 6·1 is not yet counted down, the home page counts to 6·26.
    [english] = read(client, datetime(2027, 5, 10, 10, tzinfo=LOCAL), "/en/")
    assert re.search(r'class="campaign-banner__countdown"><a href="/campaigns/2027-idad/\?fallback=en">', english)
