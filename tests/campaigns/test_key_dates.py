"""Key dates as yearly rules: occurrences and their numbers, computed for any year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns.models import KeyDate

pytestmark = pytest.mark.django_db


def key(code):
    return KeyDate.objects.get(code=code)


DAY = "International Day against Drug Abuse and Illicit Trafficking"
MONTH = "National Anti-Drug Publicity Month"


@pytest.mark.parametrize(
    "code, year, zh, en",
    [
        # The International Day from 1988; the publicity month from 2011
        # (2024 was the 14th, 2025 the 15th: 国家禁毒办).
        ("idad", 1988, "第1个国际禁毒日", f"the 1st {DAY}"),
        ("idad", 2025, "第38个国际禁毒日", f"the 38th {DAY}"),
        ("idad", 2026, "第39个国际禁毒日", f"the 39th {DAY}"),
        ("idad", 2027, "第40个国际禁毒日", f"the 40th {DAY}"),
        ("idad", 2029, "第42个国际禁毒日", f"the 42nd {DAY}"),
        ("idad", 2030, "第43个国际禁毒日", f"the 43rd {DAY}"),
        ("publicity-month", 2011, "第1个全民禁毒宣传月", f"the 1st {MONTH}"),
        ("publicity-month", 2024, "第14个全民禁毒宣传月", f"the 14th {MONTH}"),
        ("publicity-month", 2025, "第15个全民禁毒宣传月", f"the 15th {MONTH}"),
        ("publicity-month", 2027, "第17个全民禁毒宣传月", f"the 17th {MONTH}"),
    ],
)
def test_the_day_and_the_month_are_numbered_from_their_first_year(code, year, zh, en):
    key_date = key(code)
    assert key_date.title_for_language(year, "zh-hans") == zh
    assert key_date.title_for_language(year, "en") == en
    assert key_date.occurrence_in(key_date.first_date.year - 1) is None


def test_anniversaries_count_from_the_first_year():
    assert key("humen").title_for_language(2026, "zh-hans") == "虎门销烟187周年"
    assert key("humen").title_for_language(2039, "en") == "the 200th anniversary of the Humen opium destruction"
    assert key("anti-drug-law").title_for_language(2026, "zh-hans") == "《禁毒法》施行18周年"
    assert key("anti-drug-law").title_for_language(2027, "zh-hans") == "《禁毒法》施行19周年"
    assert key("anti-drug-law").title_for_language(2028, "en") == (
        "the 20th anniversary of the Anti-Drug Law coming into force"
    )
    # The first year itself is no anniversary.
    assert key("anti-drug-law").title_for_language(2008, "zh-hans") == "《禁毒法》施行"


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


def test_a_database_seeded_before_the_correction_is_corrected_but_an_edited_row_is_kept():
    import importlib

    from django.apps import apps

    fix = importlib.import_module("campaigns.migrations.0006_numbered_publicity_month")
    KeyDate.objects.filter(code="anti-drug-law").update(name="禁毒法施行")
    KeyDate.objects.filter(code="publicity-month").update(first_date=date(2008, 6, 1), counting="none")
    fix.correct(apps, None)
    assert key("publicity-month").title_for_language(2027, "zh-hans") == "第17个全民禁毒宣传月"
    assert key("anti-drug-law").title_for_language(2027, "zh-hans") == "《禁毒法》施行19周年"
    # A month an editor has already set up differently is theirs.
    KeyDate.objects.filter(code="publicity-month").update(first_date=date(2012, 6, 1), counting="none")
    fix.correct(apps, None)
    assert key("publicity-month").title_for_language(2027, "zh-hans") == "全民禁毒宣传月"
