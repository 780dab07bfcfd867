"""Roll-ups per campaign and per community, and a school's classes with a
participation chart, against hand-computed figures."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, Page

from core.models import Community
from quizzes.models import Attempt
from quizzes.services import start_run_attempt
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school, make_teacher

pytestmark = pytest.mark.django_db


def finished_attempts(run, scores):
    for number, score in enumerate(scores, start=1):
        attempt, _created = start_run_attempt(run, str(number))
        Attempt.objects.filter(pk=attempt.pk).update(finished_at=timezone.now(), score=score, points=score / 25,
                                                     max_points=4)


def make_campaign(title="2026年6·26禁毒宣传月"):
    from campaigns.models import CampaignPage

    root = Page.get_first_root_node()
    page = CampaignPage(title=title, slug="june-2026", year=2026, window_start=date(2026, 6, 1),
                        window_end=date(2026, 6, 30), locale=Locale.get_default())
    root.add_child(instance=page)
    return page


@pytest.fixture
def subdistrict():
    """Community 甲社区 holds schools A (classes of 10 and 20) and B (a class of 30);
    school C (a class of 40) has no community yet. One quiz, run in every class;
    the June campaign counts A's first class and B's class only."""
    quiz = make_quiz(make_bank())
    community = Community.objects.create(code="t-c1", name="甲社区")
    a, b, c = make_school("t-a", "甲中学"), make_school("t-b", "乙中学"), make_school("t-c", "丙中学")
    a.community = b.community = community
    a.save()
    b.save()
    a1, a2 = make_class(a, grade=7, name="1班", enrolled=10), make_class(a, grade=8, name="2班", enrolled=20)
    b1, c1 = make_class(b, name="1班", enrolled=30), make_class(c, name="1班", enrolled=40)
    campaign = make_campaign()
    finished_attempts(make_run(quiz, a1, campaign=campaign), [100, 90, 60, 40, 20])  # 5 of 10
    finished_attempts(make_run(quiz, a2), [80, 70])  # 2 of 20
    finished_attempts(make_run(quiz, b1, campaign=campaign), [100, 50, 30])  # 3 of 30
    finished_attempts(make_run(quiz, c1), [90])  # 1 of 40
    office = User.objects.create_user("office", password="pw-for-tests-only")
    office.groups.add(Group.objects.get(name="Approvers"))
    client = Client()
    client.force_login(office)
    return {"office": client, "campaign": campaign, "a": a, "c": c, "community": community}


def rollup_row(page, label):
    return page.split(label, 1)[1].split("</tr>")[0]


def cells(row):
    return [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]


def test_per_community_figures_are_exact(subdistrict):
    from quizzes.rollups import subdistrict as figures

    rows = {row["entry"] and row["entry"].code: row for row in figures()["communities"]}
    community = rows["t-c1"]
    # A and B: enrolled 10 + 20 + 30 = 60, participants 5 + 2 + 3 = 10.
    assert (community["enrolled"], community["finished"]) == (60, 10)
    assert community["participation"] == 10 / 60
    assert community["average"] == (100 + 90 + 60 + 40 + 20 + 80 + 70 + 100 + 50 + 30) / 10  # 64
    assert community["pass_rate"] == 6 / 10 and community["excellent_rate"] == 3 / 10
    assert community["full_mark_rate"] == 2 / 10
    unplaced = rows[None]
    assert (unplaced["enrolled"], unplaced["finished"], unplaced["average"]) == (40, 1, 90)

    page = subdistrict["office"].get("/admin/quizzes/rollup/").content.decode()
    communities = page.split("qa-rollup--communities")[1]
    assert cells(rollup_row(communities, "甲社区")) == ["60", "10", "17%", "64.0", "60%", "30%", "20%"]


def test_per_campaign_figures_count_only_the_campaigns_runs(subdistrict):
    campaign = subdistrict["campaign"]
    page = subdistrict["office"].get(f"/admin/quizzes/rollup/?campaign={campaign.pk}").content.decode()
    assert "2026年6·26禁毒宣传月" in page
    # 甲中学 in the campaign: 5 participants of 30 enrolled, average 62, 3 of 5 passed.
    assert cells(rollup_row(page, "甲中学")) == ["30", "5", "17%", "62.0", "60%", "40%", "20%"]
    # The subdistrict: 8 participants of 100 enrolled; scores 100 90 60 40 20 100 50 30: average 61.25.
    total = page.split("<tfoot>")[1].split("</tfoot>")[0]
    assert cells(total) == ["100", "8", "8%", "61.3", "50%", "38%", "25%"]  # 61.25 shown to one place, rounded half up
    csv_text = subdistrict["office"].get(f"/admin/quizzes/rollup/?campaign={campaign.pk}&format=csv").content
    last = csv_text.decode("utf-8-sig").splitlines()[-1].split(",")
    assert last[1:4] == ["100", "8", "0.08"] and float(last[4]) == 61.25


def test_a_schools_classes_with_a_participation_chart(subdistrict):
    page = subdistrict["office"].get(f"/admin/quizzes/rollup/school/{subdistrict['a'].pk}/").content.decode()
    table = page.split('class="listing qa-rollup"')[1]
    assert cells(rollup_row(table, "7年级1班")) == ["10", "5", "50%", "62.0", "60%", "40%", "20%"]
    assert cells(rollup_row(table, "8年级2班")) == ["20", "2", "10%", "75.0", "100%", "0%", "0%"]
    chart = page.split('<svg viewBox')[1].split("</svg>")[0]
    assert "7·1班: 50%" in chart and "8·2班: 10%" in chart
    # The bars are drawn to scale: 50% is five times as long as 10%.
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', chart)]
    assert widths[0] == pytest.approx(5 * widths[1])


def test_a_teacher_reads_their_own_schools_classes_only(subdistrict):
    teacher = Client()
    teacher.force_login(make_teacher("teacher-a", subdistrict["a"]))
    assert teacher.get(f"/admin/quizzes/rollup/school/{subdistrict['a'].pk}/").status_code == 200
    assert teacher.get(f"/admin/quizzes/rollup/school/{subdistrict['c'].pk}/").status_code == 403


def test_a_class_with_more_students_than_enrolled_shows_them_apart(subdistrict):
    """丙中学's class of 40 did a second quiz: its one student again, and 41 more
    numbers (the class size in the registry is out of date)."""
    from quizzes.models import ClassGroup, Question

    second = make_quiz(list(Question.objects.all()), title="第二次测验")
    finished_attempts(make_run(second, ClassGroup.objects.get(school=subdistrict["c"])), [70] * 42)
    page = subdistrict["office"].get(f"/admin/quizzes/rollup/school/{subdistrict['c'].pk}/").content.decode()
    table = page.split('class="listing qa-rollup"')[1]
    # 42 different students finished a quiz (number 1 twice counts once): 40 seats, 2 to check.
    assert cells(rollup_row(table, "7年级1班"))[:3] == ["40", '40 <span class="qa-flag">另有 2 人，请核对</span>', "100%"]
    page = subdistrict["office"].get("/admin/quizzes/rollup/").content.decode()
    assert "105%" not in page and cells(rollup_row(page, "丙中学"))[2] == "100%"
    # One quiz at a time: the second quiz alone has 42 for 40 seats.
    csv_text = subdistrict["office"].get(f"/admin/quizzes/rollup/?quiz={second.pk}&format=csv").content
    school_row = next(line for line in csv_text.decode("utf-8-sig").splitlines() if line.startswith("丙中学")).split(",")
    assert school_row[:4] == ["丙中学", "40", "40", "1.0"] and school_row[-1] == "2"
