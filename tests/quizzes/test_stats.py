"""Class statistics against values worked out by hand on a four-student fixture.

    student  q1 q2 q3  total
    A         1  1  1    3
    B         1  1  0    2
    C         1  0  0    1
    D         0  0  0    0

q1: facility .75; rest scores 2,1,0,0; r = .75 / √(.75 × 2.75) = .522233
q2: facility .50; rest scores 2,1,1,0; r = 1 / √(1 × 2)      = .707107
q3: facility .25; rest scores 2,2,1,0; r = .75 / √(.75 × 2.75) = .522233
"""

import pytest

from quizzes.stats import distribution, flags, item_analysis, option_frequencies, summary

MATRIX = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


def test_facility_and_corrected_point_biserial():
    items = item_analysis(MATRIX)
    assert [i["facility"] for i in items] == [0.75, 0.5, 0.25]
    assert [i["discrimination"] for i in items] == pytest.approx([0.522233, 0.707107, 0.522233], abs=1e-6)


def test_an_item_everyone_got_right_has_no_discrimination_and_is_flagged():
    matrix = [[1, x] for x in (1, 0, 1, 0, 1, 1)]
    item = item_analysis(matrix)[0]
    assert item["facility"] == 1.0 and item["discrimination"] is None
    assert item["flags"] == ["too_easy", "non_discriminating"]


def test_flags_need_enough_attempts():
    assert flags(4, 0.1, -0.5) == []
    assert flags(5, 0.1, 0.5) == ["too_hard"]
    assert flags(30, 0.6, 0.1) == ["non_discriminating"]
    assert flags(30, 0.6, 0.4) == []


def test_questions_not_drawn_for_everyone_count_only_where_drawn():
    items = item_analysis([[1, None], [0, 1], [1, 0]])
    assert items[1]["n"] == 2 and items[1]["facility"] == 0.5


def test_summary_rates():
    figures = summary([100, 200 / 3, 100 / 3, 0], pass_mark=60, excellent_mark=90, joined=5, enrolled=40)
    assert figures["average"] == pytest.approx(50)
    assert figures["pass_rate"] == 0.5
    assert figures["excellent_rate"] == 0.25
    assert figures["full_mark_rate"] == 0.25
    assert figures["participation"] == 5 / 40
    assert summary([])["average"] is None


def test_participation_never_passes_a_hundred_percent():
    # 47 joined a class of 45: 45 seats counted, 2 shown apart for the teacher to check.
    figures = summary([80] * 47, joined=47, enrolled=45)
    assert (figures["participation"], figures["counted"], figures["extra"]) == (1, 45, 2)
    # 45 joined, but numbers 46 and 47 have no seat: 43 of 45 took part, 2 to check.
    figures = summary([80] * 45, joined=45, enrolled=45, extra=2)
    assert (figures["participation"], figures["counted"], figures["extra"]) == (43 / 45, 43, 2)
    assert summary([80] * 3, joined=3, enrolled=45)["extra"] == 0


def test_a_full_class_does_not_make_up_for_another_in_a_rollup():
    from quizzes.stats import rollup

    schools, total = rollup({"甲": [(10, [80] * 12, 12), (20, [80] * 2, 2)]})
    # 10 of the first class (2 extra) and 2 of the second: 12 of 30, not 14.
    assert (schools["甲"]["counted"], schools["甲"]["extra"], schools["甲"]["participation"]) == (12, 2, 12 / 30)
    assert total["participation"] == 12 / 30 and total["finished"] == 14


def test_distribution_puts_a_hundred_in_the_top_band():
    bands = dict(distribution([0, 9.9, 10, 55, 90, 100, 100]))
    assert bands["0–9"] == 2 and bands["10–19"] == 1 and bands["50–59"] == 1 and bands["90–100"] == 3
    assert sum(bands.values()) == 7


def test_option_frequencies():
    assert option_frequencies([[1], [2], [1, 3], []], [1, 2, 3, 4]) == {1: 2, 2: 1, 3: 1, 4: 0}


def test_rollups_per_school_and_for_the_subdistrict_are_exact():
    from quizzes.stats import rollup

    schools, total = rollup({
        "甲": [(10, [100, 90, 60, 30], 4)],  # 4 of 10 took part
        "乙": [(5, [100, 50], 2)],
        "丙": [(20, [], 0)],  # no one yet
    })
    assert schools["甲"]["participation"] == 0.4
    assert schools["甲"]["pass_rate"] == 0.75
    assert schools["甲"]["excellent_rate"] == 0.5
    assert schools["甲"]["full_mark_rate"] == 0.25
    assert schools["甲"]["average"] == 70
    assert schools["乙"]["participation"] == 0.4 and schools["乙"]["pass_rate"] == 0.5
    assert schools["丙"]["participation"] == 0 and schools["丙"]["average"] is None
    assert total["participation"] == 6 / 35
    assert total["pass_rate"] == 4 / 6 and total["excellent_rate"] == 3 / 6 and total["full_mark_rate"] == 2 / 6
    assert total["average"] == 430 / 6
