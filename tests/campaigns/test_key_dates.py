"""Key dates as yearly rules: occurrences and their numbers, computed for any year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns.models import KeyDate

pytestmark = pytest.mark.django_db


def key(code):
    return KeyDate.objects.get(code=code)


@pytest.mark.parametrize(
    "year, zh, en",
    [
        (1988, "第1个国际禁毒日", "the 1st International Day against Drug Abuse and Illicit Trafficking"),
        (2025, "第38个国际禁毒日", "the 38th International Day against Drug Abuse and Illicit Trafficking"),
        (2026, "第39个国际禁毒日", "the 39th International Day against Drug Abuse and Illicit Trafficking"),
        (2027, "第40个国际禁毒日", "the 40th International Day against Drug Abuse and Illicit Trafficking"),
        (2029, "第42个国际禁毒日", "the 42nd International Day against Drug Abuse and Illicit Trafficking"),
        (2030, "第43个国际禁毒日", "the 43rd International Day against Drug Abuse and Illicit Trafficking"),
    ],
)
def test_the_international_day_is_numbered_from_1988(year, zh, en):
    idad = key("idad")
    assert idad.title_for_language(year, "zh-hans") == zh
    assert idad.title_for_language(year, "en") == en


def test_anniversaries_count_from_the_first_year():
    assert key("humen").title_for_language(2026, "zh-hans") == "虎门销烟187周年"
    assert key("humen").title_for_language(2039, "en") == "the 200th anniversary of the Humen opium destruction"
    assert key("anti-drug-law").title_for_language(2026, "zh-hans") == "禁毒法施行18周年"
    assert key("anti-drug-law").title_for_language(2028, "en") == (
        "the 20th anniversary of the Anti-Drug Law coming into force"
    )
    # The first year itself is no anniversary, and the month is never numbered.
    assert key("anti-drug-law").title_for_language(2008, "zh-hans") == "禁毒法施行"
    assert key("publicity-month").title_for_language(2026, "zh-hans") == "全民禁毒宣传月"


def test_traditional_chinese_titles_are_converted():
    with translation.override("zh-hant"):
        assert key("idad").title_in(2026) == "第39個國際禁毒日"


def test_occurrences_of_june_in_date_order():
    found = KeyDate.occurrences(date(2026, 5, 1), date(2026, 7, 31))
    assert [(o.key_date.code, o.start, o.end) for o in found] == [
        ("publicity-month", date(2026, 6, 1), date(2026, 6, 30)),
        ("anti-drug-law", date(2026, 6, 1), date(2026, 6, 1)),
        ("humen", date(2026, 6, 3), date(2026, 6, 3)),
        ("idad", date(2026, 6, 26), date(2026, 6, 26)),
    ]
    # Every year, not just this one; none before a date was first held.
    assert [o.start.year for o in key("idad").occurrences_between(date(1986, 1, 1), date(1990, 12, 31))] == [
        1988, 1989, 1990,
    ]


def test_a_month_long_occurrence_covers_days_after_its_start():
    month = key("publicity-month")
    assert [o.start for o in month.occurrences_between(date(2026, 6, 15), date(2026, 6, 20))] == [date(2026, 6, 1)]
    assert month.next_occurrence(date(2026, 6, 30)).start == date(2026, 6, 1)
    assert month.next_occurrence(date(2026, 7, 1)).start == date(2027, 6, 1)


def test_next_occurrence_is_today_on_the_day_and_next_year_after_it():
    idad = key("idad")
    assert idad.next_occurrence(date(2026, 6, 25)).start == date(2026, 6, 26)
    assert idad.next_occurrence(date(2026, 6, 26)).start == date(2026, 6, 26)
    assert idad.next_occurrence(date(2026, 6, 27)).start == date(2027, 6, 26)
    occurrence = idad.next_occurrence(date(2026, 6, 26))
    assert occurrence.starts_at.isoformat() == "2026-06-26T00:00:00+08:00"
    assert occurrence.ends_at.isoformat() == "2026-06-27T00:00:00+08:00"


def test_an_editor_adds_a_one_off_date():
    once = KeyDate.objects.create(code="expo-2026", name="禁毒展览", first_date=date(2026, 9, 10), yearly=False)
    assert [o.start for o in once.occurrences_between(date(2020, 1, 1), date(2030, 1, 1))] == [date(2026, 9, 10)]
    assert once.next_occurrence(date(2026, 9, 11)) is None
    assert once.occurrence_in(2027) is None
    once.counting = "ordinal"
    with pytest.raises(ValidationError) as error:
        once.full_clean()
    assert "counting" in error.value.message_dict


def test_key_date_admin_lists_the_next_occurrence(admin_client):
    with translation.override("zh-hans"):
        response = admin_client.get("/admin/snippets/campaigns/keydate/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "国际禁毒日" in response.content.decode()
