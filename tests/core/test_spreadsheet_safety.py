"""No export of the site hands a spreadsheet a formula: every CSV and XLSX
writer is fed the OWASP "CSV injection" starts (= + - @ tab CR) through what
people type, and the files are read back as a spreadsheet would read them."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import spreadsheet

pytestmark = pytest.mark.django_db

# What a nickname, an answer, a question or a name may start with; each is at most 20 characters.
TYPED = ['=HYPERLINK("x","y")', "+1+2", "-3+4", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for cell in row]


def assert_csv_escaped(content: bytes, typed=TYPED):
    cells = csv_cells(content)
    for text in typed:
        assert "'" + text in cells, (text, cells)
        assert text not in cells
    assert not any(cell.startswith(spreadsheet.FORMULA_STARTS) and not is_number(cell) for cell in cells), cells


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def xlsx_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_xlsx_text(content: bytes, typed=TYPED):
    cells = xlsx_cells(content)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    # XLSX keeps a carriage return as "_x000D_", which Excel turns back into one.
    by_value = {cell.value.replace("_x000D_", "\r") if isinstance(cell.value, str) else cell.value: cell
                for cell in cells}
    for text in typed:
        # The text itself, unescaped, in a text cell that Excel keeps text when edited.
        assert by_value[text].data_type == "s" and by_value[text].quotePrefix, text


def test_the_helper_escapes_text_only():
    assert [spreadsheet.csv_cell(text) for text in TYPED] == ["'" + text for text in TYPED]
    assert spreadsheet.csv_cell(-5) == -5 and spreadsheet.csv_cell(None) == "" and spreadsheet.csv_cell("禁毒") == "禁毒"
    assert [spreadsheet.unescape(spreadsheet.csv_cell(text)) for text in TYPED] == TYPED
    assert spreadsheet.unescape("'twas") == "'twas"  # an apostrophe of its own stays
    out = io.BytesIO()
    book = spreadsheet.Workbook(out)
    sheet = book.add_worksheet("s")
    book.write_row(sheet, 0, [*TYPED, -5, 2.5, "-5"])
    book.close()
    cells = xlsx_cells(out.getvalue())
    assert [cell.value for cell in cells] == [*TYPED[:5], "_x000D_=1+1", -5, 2.5, "-5"]
    assert [cell.data_type for cell in cells] == ["s"] * 6 + ["n", "n", "s"]  # a real negative number stays one


def test_a_quiz_runs_exports(client):
    from quizzes.models import Answer
    from quizzes.services import start_run_attempt
    from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school, make_teacher

    bank = make_bank()
    school = make_school()
    run = make_run(make_quiz(bank), make_class(school), naming="nickname")
    for index, text in enumerate(TYPED):
        attempt, _created = start_run_attempt(run, text)
        Answer.objects.create(attempt=attempt, question=bank[3], seq=index, text=TYPED[-1 - index])
    client.force_login(make_teacher("teacher-x", school))
    content = client.get(f"/admin/quizzes/runs/{run.pk}/export.csv").content
    assert_csv_escaped(content)
    content = client.get(f"/admin/quizzes/runs/{run.pk}/export.xlsx").content
    assert_xlsx_text(content)


def test_the_question_bank_exports_and_reads_its_own_file_back(admin_client):
    from quizzes.bank_io import QuestionImporter
    from quizzes.models import Question
    from tests.quizzes.builders import make_question

    make_question(TYPED[0], choices=((TYPED[1], True), (TYPED[2], False)), explanation=TYPED[3], source=TYPED[4])
    make_question(TYPED[5], kind="fill_in", accepted="-1")
    content = QuestionImporter().export_csv()
    assert_csv_escaped(content, [TYPED[0], TYPED[3], TYPED[4], TYPED[5]])
    assert "'-1" in csv_cells(content)  # an accepted answer is text, even when it reads as a number
    assert_xlsx_text(QuestionImporter().export_xlsx(), [TYPED[0], TYPED[3], TYPED[5]])
    # The exported file, imported again, gives back the same questions: the apostrophes go.
    Question.objects.all().delete()
    result = QuestionImporter().import_file(SimpleUploadedFile("bank.csv", content))
    assert result.ok, result.errors
    assert Question.objects.get(kind="single").stem == TYPED[0]
    assert Question.objects.get(kind="fill_in").accepted_list() == ["-1"]


def test_the_registry_exports():
    from core.models import School
    from core.registry_io import SchoolImporter

    for index, text in enumerate(TYPED):
        School.objects.create(code=f"s{index}", name=f"学校{index}", address=text, kind="primary")
    assert_csv_escaped(SchoolImporter().export_csv())
    assert_xlsx_text(SchoolImporter().export_xlsx())


def test_the_committee_report():
    from campaigns import reports
    from campaigns.models import OutreachReport
    from tests.campaigns.test_calendar import add_event
    from tests.campaigns.utils import add_campaign, add_campaign_index
    from tests.utils import make_site

    campaign = add_campaign(add_campaign_index(make_site()))
    for text in TYPED:
        event = add_event(campaign, day=date(2026, 6, 3), organiser=text)
        OutreachReport.objects.create(event=event, people_reached=10, materials_handed_out=1)
    tables, coverage = reports.tables(2026), reports.school_coverage(2026)
    assert_csv_escaped(reports.csv_bytes(tables, coverage))
    assert_xlsx_text(reports.xlsx_bytes(tables, coverage))


def test_the_tips_register_for_finance():
    from tips import rewards
    from tips.models import PoliceUnit, Reward

    unit = PoliceUnit.objects.create(name=TYPED[0], code="unit-x", public_key=b"k" * 32)
    for text in TYPED:
        Reward.objects.create(tip_reference=text[:12], unit=unit, amount=500, proposed_by="police")
    typed = [text[:12] for text in TYPED]
    assert_csv_escaped(rewards.register_csv(), typed)
    assert_xlsx_text(rewards.register_xlsx(), typed)
    assert 500 in [cell.value for cell in xlsx_cells(rewards.register_xlsx())]  # the amount stays a number
