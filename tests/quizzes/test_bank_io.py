"""The question bank to and from a spreadsheet, with a per-row error report."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from quizzes.models import Question
from tests.quizzes.builders import make_bank

pytestmark = pytest.mark.django_db

HEADER = "kind,grade_band,difficulty,tags,stem,choices,accepted_answers,explanation,source,active\n"
GOOD = (
    "单选题,初中,2,法律,禁毒法何时施行？,*2008年6月1日|2007年12月29日,,第二条…,《禁毒法》,1\n"
    "multiple,senior,3,\"法律,刑法\",哪些是毒品？,*海洛因|*冰毒|茶,,,《禁毒法》第二条,1\n"
    "填空,小学,1,历史,国际禁毒日是6月__日,,26|二十六,,联合国大会第42/112号决议,1\n"
)


@pytest.fixture
def editor():
    user = User.objects.create_user("editor-q", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def upload(client, text, name="bank.csv", dry_run=False):
    data = {"file": SimpleUploadedFile(name, text.encode("utf-8-sig"))}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/admin/quizzes/bank/import/", data)


def test_the_import_page_opens_with_the_dry_run_ticked(editor):
    page = editor.get("/admin/quizzes/bank/import/").content.decode()
    assert re.search(r'<input[^>]*name="dry_run"[^>]*checked', page)
    assert 'name="file"' in page


def test_a_good_file_adds_questions_and_a_dry_run_adds_nothing(editor):
    assert upload(editor, HEADER + GOOD, dry_run=True).status_code == 200
    assert Question.objects.count() == 0
    response = upload(editor, HEADER + GOOD)
    assert response.status_code == 200
    assert Question.objects.count() == 3
    multiple = Question.objects.get(stem="哪些是毒品？")
    assert multiple.kind == "multiple" and sorted(multiple.tags.names()) == ["刑法", "法律"]
    assert [c.is_correct for c in multiple.choices.all()] == [True, True, False]
    assert Question.objects.get(stem="国际禁毒日是6月__日").accepted_list() == ["26", "二十六"]


def test_bad_rows_are_reported_and_nothing_is_saved(editor):
    bad = (
        "单选题,初中,9,法律,题一,*甲|*乙,,,《禁毒法》,1\n"  # difficulty 9, two right choices
        "猜谜,大学,2,,题二,*甲|乙,,,,1\n"  # unknown kind and band, no source
        "填空,小学,1,,题三,,,,《禁毒法》,1\n"  # no accepted answer
    )
    response = upload(editor, HEADER + GOOD + bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert Question.objects.count() == 0
    for row, column in ((5, "difficulty"), (5, "choices"), (6, "kind"), (6, "grade_band"), (6, "source"),
                        (7, "accepted_answers")):
        assert f"<td>{row}</td><td>{column}</td>" in page, (row, column)


def test_export_then_import_changes_nothing(editor):
    make_bank()
    xlsx = editor.get("/admin/quizzes/bank/export.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "kind" and len(rows) == 5
    csv_bytes = editor.get("/admin/quizzes/bank/export.csv").content
    response = editor.post("/admin/quizzes/bank/import/",
                           {"file": SimpleUploadedFile("bank.csv", csv_bytes)})
    assert response.status_code == 200 and Question.objects.count() == 4


def test_a_teacher_cannot_import():
    from tests.quizzes.builders import make_school, make_teacher

    client = Client()
    client.force_login(make_teacher("t-imp", make_school()))
    assert client.get("/admin/quizzes/bank/import/").status_code in (302, 403)
    assert client.get("/admin/quizzes/bank/export.csv").status_code in (302, 403)


def test_a_grade_band_in_the_kind_column_is_reported(editor):
    # "小学" is a grade band; it once slipped through as a question type and saved a question of kind "primary".
    response = upload(editor, HEADER + "小学,初中,2,,题一,*甲|乙,,,《禁毒法》,1\n")
    assert response.status_code == 400
    assert "<td>2</td><td>kind</td>" in response.content.decode()
    assert Question.objects.count() == 0
