"""The privacy notice (个人信息保护法 Art. 17): who handles what, for how long,
on what basis, and how to ask; in every language, found from the footer, the
tips form and the quiz join page, and never out of step with the settings
that the retention code enforces."""

import re
from datetime import date, timedelta

import pytest
from django.test import override_settings

from core.models import SiteSettings
from quizzes.retention import kept_after
from tests.utils import make_site
from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db

TITLES = {"/privacy/": "隐私声明", "/en/privacy/": "Privacy notice", "/zh-hant/privacy/": "隱私聲明"}


@pytest.fixture
def site_settings(settings):
    settings.PAGE_CACHE_ENABLED = False
    make_site()
    values = SiteSettings.objects.get()
    values.organisation_name = "东城街道禁毒办"
    values.organisation_name_en = "Dongcheng Subdistrict Drug Control Office"
    values.address = "东莞市东城街道某路1号"
    values.privacy_contact = "0769-12345678"
    values.save()
    return values


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, spaces folded."""
    assert response.status_code == 200
    body = response.content.decode()
    main = body[body.index("<main"):body.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_notice_reads_in_every_language_and_names_the_office(client, site_settings):
    offices = {"/privacy/": "东城街道禁毒办", "/en/privacy/": "Dongcheng Subdistrict Drug Control Office",
               "/zh-hant/privacy/": "東城街道禁毒辦"}
    for path, title in TITLES.items():
        response = client.get(path)
        html = response.content.decode()
        assert f"<h1>{title}</h1>" in html, path
        text = text_of(response)
        assert offices[path] in text, path
        assert "0769-12345678" in text, path
    en = text_of(client.get("/en/privacy/"))
    # Each job says what it keeps, and the law is cited.
    for words in ("Reading the site", "School quizzes", "Anonymous tips", "Legal basis",
                  "Anti-Drug Law, Art. 13", "Personal Information Protection Law, Art. 17",
                  "Minors Protection Law, Art. 72"):
        assert words in en
    zh = text_of(client.get("/privacy/"))
    assert "《禁毒法》第十三条" in zh and "《个人信息保护法》第十七条" in zh and "《未成年人保护法》第七十二条" in zh
    # Traditional reads as Traditional.
    hant = text_of(client.get("/zh-hant/privacy/"))
    assert "個人信息保護法" in hant and "个人" not in hant
    # OpenCC reads "天后" as the goddess and leaves 后 Simplified.
    assert "天后" not in hant and "天之後" in hant


def test_without_a_contact_the_notice_sends_people_to_the_office_address(client, site_settings):
    site_settings.privacy_contact = ""
    site_settings.save()
    response = client.get("/en/privacy/")
    assert "Write to or visit the office: 东莞市东城街道某路1号 ." in text_of(response)
    # The Chinese address is marked as Chinese, for a screen reader's voice (issue 18).
    assert 'Write to or visit the office: <span lang="zh-Hans">东莞市东城街道某路1号</span>.' in response.content.decode()


def test_the_default_periods_are_the_ones_the_code_enforces(client, site_settings):
    en = text_of(client.get("/en/privacy/"))
    assert "(July 15) plus 90 days, that is until October 13" in en
    assert "A closed tip is destroyed 90 days after it was closed" in en
    assert "Your receipt stops opening the tip 30 days after it was closed" in en
    assert "within 2 months of the day the status page first shows it" in en
    assert "30 years after the end of the year of the claim" in en
    zh = text_of(client.get("/privacy/"))
    assert "学年结束（7月15日）后90天，即10月13日" in zh
    assert "线索办结90天之后销毁" in zh and "首次显示之日起2个月内领取" in zh and "年度终了后30年" in zh
    # The last day the notice names is the last day the retention code keeps
    # an attempt of that school year.
    assert kept_after(date(2026, 3, 1)) - timedelta(days=1) == date(2026, 10, 13)


@override_settings(
    QUIZ_RETENTION={"school_year_ends": (6, 30), "days": 45},
    TIPS_RETENTION_DAYS=120,
    TIPS_TIPSTER_ACCESS_DAYS=14,
    TIPS_REWARD_CLAIM_MONTHS=3,
    TIPS_REWARD_IDENTITY_YEARS=10,
)
def test_changing_a_retention_setting_changes_the_notice(client, site_settings):
    en = text_of(client.get("/en/privacy/"))
    assert "(June 30) plus 45 days, that is until August 14" in en
    assert "A closed tip is destroyed 120 days after it was closed" in en
    assert "Your receipt stops opening the tip 14 days after it was closed" in en
    assert "within 3 months of the day" in en
    assert "10 years after the end of the year of the claim" in en
    for stale in ("July 15", "90 days", "2 months", "30 years"):
        assert stale not in en
    zh = text_of(client.get("/privacy/"))
    assert "学年结束（6月30日）后45天，即8月14日" in zh and "线索办结120天之后销毁" in zh
    assert kept_after(date(2026, 3, 1)) - timedelta(days=1) == date(2026, 8, 14)
    hant = text_of(client.get("/zh-hant/privacy/"))
    assert "6月30日" in hant and "120天" in hant and "10年" in hant


def test_one_day_and_one_month_read_in_the_singular(client, site_settings, settings):
    settings.TIPS_TIPSTER_ACCESS_DAYS = 1
    settings.TIPS_REWARD_CLAIM_MONTHS = 1
    en = text_of(client.get("/en/privacy/"))
    assert "stops opening the tip 1 day after" in en and "within 1 month of" in en


def test_through_the_page_cache_a_new_setting_shows_at_once(site_settings, wsgi_app, settings):
    # Settings change with a restart, which moves no cache generation: the
    # notice is never cached, so no visitor reads the old period.
    _status, headers, body = wsgi_get(wsgi_app, "/en/privacy/")
    assert "destroyed 90 days after" in body
    settings.TIPS_RETENTION_DAYS = 60
    _status, headers, body = wsgi_get(wsgi_app, "/en/privacy/")
    assert "destroyed 60 days after" in body


def test_footer_tips_form_and_quiz_join_page_link_to_the_notice(client, site_settings):
    for home, notice in (("/", "/privacy/"), ("/en/", "/en/privacy/"), ("/zh-hant/", "/zh-hant/privacy/")):
        footer = client.get(home).content.decode().split('<footer class="site-footer">')[1]
        assert f'<a href="{notice}">{TITLES[notice]}</a>' in footer, home
    tips = client.get("/en/tips/").content.decode()
    assert 'href="/en/privacy/">What is kept, for how long and who can read it: privacy notice</a>' in tips
    join = client.get("/quiz/").content.decode()
    assert 'href="/privacy/#privacy-quizzes">答题记录保存哪些内容、保存多久：隐私声明</a>' in join
    # The quiz part the join page points at is there to land on.
    assert 'id="privacy-quizzes"' in client.get("/privacy/").content.decode()


def test_a_post_to_the_notice_is_refused_plainly(client, site_settings):
    assert client.post("/en/privacy/").status_code == 405
