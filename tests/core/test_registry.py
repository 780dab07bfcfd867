"""The subdistrict registry: names in each language, the admin screens staff
use, and spreadsheet import and export."""

import csv
import io
import json

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile

from core import importing, registry_io
from core.choices import SchoolKind
from core.demo.registry import COMMUNITIES, SCHOOLS, load_registry
from core.models import Community, GridUnit, School

COMMUNITY_HEADER = "code,name,name_en,name_zh_hant,sort_order,is_demo,grid_units"
SCHOOL_HEADER = "code,name,name_en,name_zh_hant,kind,community,address,enrolment,is_demo"


def import_url(resource):
    return reverse("core_registry_import", args=(resource,))


def export_url(resource, file_format):
    return reverse("core_registry_export", args=(resource, file_format))


def upload(name, content: bytes | str, encoding="utf-8"):
    if isinstance(content, str):
        content = content.encode(encoding)
    return SimpleUploadedFile(name, content)


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_user(username, group_name):
    user = User.objects.create_user(username, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def snapshot():
    """Everything an import could change, to compare before and after."""
    return (
        list(Community.objects.values_list(
            "code", "name", "name_en", "name_zh_hant", "sort_order", "is_demo").order_by("code")),
        list(GridUnit.objects.values_list("pk", "community__code", "code", "name", "name_en", "sort_order")
             .order_by("pk")),
        list(School.objects.values_list(
            "code", "name", "name_en", "kind", "community__code", "address", "enrolment", "is_demo")
             .order_by("code")),
    )


# ---------------------------------------------------------------- names per language


class TestDisplayNames:
    def test_community_name_follows_the_active_language(self):
        community = Community(name="袁屋边社区", name_en="Yuanwubian Community", code="yuanwubian")
        with translation.override("zh-hans"):
            assert community.display_name == "袁屋边社区"
        with translation.override("en"):
            assert community.display_name == "Yuanwubian Community"
        with translation.override("zh-hant"):
            # Converted with OpenCC when no Traditional name is given.
            assert community.display_name == "袁屋邊社區"

    def test_typed_names_win_and_missing_english_falls_back_to_chinese(self):
        school = School(name="南城职业技术学校", name_zh_hant="南城職業技術學校（官方）", code="v1")
        with translation.override("zh-hant"):
            assert school.display_name == "南城職業技術學校（官方）"
        with translation.override("en"):
            assert school.display_name == "南城职业技术学校"
        unit = GridUnit(name="第一网格", name_en="Grid 1", code="01")
        with translation.override("en"):
            assert unit.display_name == "Grid 1"
        with translation.override("zh-hant"):
            assert unit.display_name == "第一網格"

    def test_school_kind_labels_are_translated(self):
        with translation.override("zh-hans"):
            assert str(SchoolKind.PRIMARY.label) == "小学"
        with translation.override("zh-hant"):
            assert str(SchoolKind.VOCATIONAL.label) == "中職"
        with translation.override("en"):
            assert str(SchoolKind.KINDERGARTEN.label) == "Kindergarten"


# ---------------------------------------------------------------- admin screens


class RegistryAdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.approver = make_user("approver", "Approvers")
        cls.editor = make_user("editor", "Editors")
        cls.shenghe = Community.objects.create(code="shenghe", name="胜和社区", name_en="Shenghe Community")
        GridUnit.objects.create(community=cls.shenghe, code="01", name="第一网格", sort_order=0)
        cls.school = School.objects.create(
            code="p01", name="南城篁村小学", kind=SchoolKind.PRIMARY, community=cls.shenghe, enrolment=1800
        )


class TestAdminScreens(RegistryAdminTestCase):
    def test_approver_sees_listings_with_export_and_import_buttons(self):
        self.client.force_login(self.approver)
        response = self.client.get(reverse("wagtailsnippets_core_community:list"))
        self.assertContains(response, "胜和社区")
        self.assertContains(response, "导出 CSV")
        self.assertContains(response, "导出 XLSX")
        self.assertContains(response, import_url("communities"))
        response = self.client.get(reverse("wagtailsnippets_core_school:list"))
        self.assertContains(response, "南城篁村小学")
        self.assertContains(response, "小学")
        self.assertContains(response, import_url("schools"))
        # The sidebar menu is JSON with escaped non-ASCII text.
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, json.dumps("辖区名录")[1:-1])

    def test_school_listing_filters_by_kind(self):
        School.objects.create(code="k01", name="南城胜和幼儿园", kind=SchoolKind.KINDERGARTEN)
        self.client.force_login(self.approver)
        response = self.client.get(reverse("wagtailsnippets_core_school:list"), {"kind": "kindergarten"})
        self.assertContains(response, "南城胜和幼儿园")
        self.assertNotContains(response, "南城篁村小学")

    def test_approver_edits_a_community_and_its_grid_units_in_one_form(self):
        self.client.force_login(self.approver)
        url = reverse("wagtailsnippets_core_community:edit", args=(self.shenghe.pk,))
        response = self.client.get(url)
        self.assertContains(response, "第一网格")
        unit = self.shenghe.grid_units.get()
        data = nested_form_data({
            "name": "胜和社区", "name_en": "Shenghe Community", "name_zh_hant": "", "code": "shenghe",
            "sort_order": 5, "is_demo": "",
            "grid_units": inline_formset([
                {"id": unit.pk, "code": "01", "name": "第一网格（东）", "name_en": ""},
                {"code": "02", "name": "第二网格", "name_en": "Grid 2"},
            ], initial=1),
        })
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(self.shenghe.grid_units.values_list("code", "name")), [("01", "第一网格（东）"), ("02", "第二网格")]
        )
        self.assertEqual(self.shenghe.grid_units.get(code="01").pk, unit.pk)

    def test_approver_opens_the_school_editor(self):
        self.client.force_login(self.approver)
        response = self.client.get(reverse("wagtailsnippets_core_school:edit", args=(self.school.pk,)))
        self.assertContains(response, "南城篁村小学")

    def test_editor_can_read_and_export_but_not_import(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailsnippets_core_community:list"))
        self.assertContains(response, "胜和社区")
        self.assertNotContains(response, import_url("communities"))
        self.assertEqual(self.client.get(export_url("communities", "csv")).status_code, 200)
        for method in (self.client.get, self.client.post):
            response = method(import_url("communities"))
            self.assertIn(response.status_code, (302, 403))
        response = self.client.post(
            import_url("schools"), {"file": upload("s.csv", f"{SCHOOL_HEADER}\np01,改名,,,primary,,,,0\n")}
        )
        self.assertIn(response.status_code, (302, 403))
        self.assertEqual(School.objects.get(code="p01").name, "南城篁村小学")

    def test_anonymous_visitors_are_sent_to_the_login(self):
        response = self.client.get(export_url("schools", "csv"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])


# ---------------------------------------------------------------- import through the admin


class TestImport(RegistryAdminTestCase):
    def setUp(self):
        self.client.force_login(self.approver)

    def post(self, resource, file, dry_run=False):
        data = {"file": file}
        if dry_run:
            data["dry_run"] = "on"
        return self.client.post(import_url(resource), data, follow=True)

    def test_the_import_page_opens(self):
        response = self.client.get(import_url("communities"))
        self.assertContains(response, "grid_units")
        self.assertContains(response, 'enctype="multipart/form-data"')

    def test_utf8_csv_creates_and_updates_communities_with_grid_units(self):
        content = (
            f"{COMMUNITY_HEADER}\n"
            "shenghe,胜和社区,Shenghe Community,,0,0,01:第一网格;03:第三网格:Grid 3\n"
            "baima,白马社区,Baima Community,,10,1,01:第一网格;02:第二网格\n"
        )
        response = self.post("communities", upload("communities.csv", "\ufeff" + content))
        self.assertContains(response, "1 个新建，1 个更新，0 个未变")
        baima = Community.objects.get(code="baima")
        self.assertEqual((baima.name, baima.sort_order, baima.is_demo), ("白马社区", 10, True))
        self.assertEqual(list(baima.grid_units.values_list("code", flat=True)), ["01", "02"])
        shenghe_units = list(self.shenghe.grid_units.values_list("code", "name", "name_en"))
        self.assertEqual(shenghe_units, [("01", "第一网格", ""), ("03", "第三网格", "Grid 3")])

    def test_gbk_csv_from_excel_is_read(self):
        content = f"{SCHOOL_HEADER}\r\nj01,南城宏远中学,,,初中,shenghe,东莞市南城街道,\"1,600\",否\r\n"
        content = content.replace('"1,600"', "1600")
        response = self.post("schools", upload("学校.csv", content, encoding="gb18030"))
        self.assertContains(response, "1 个新建")
        school = School.objects.get(code="j01")
        self.assertEqual((school.name, school.kind, school.community, school.enrolment),
                         ("南城宏远中学", SchoolKind.JUNIOR_MIDDLE, self.shenghe, 1600))

    def test_xlsx_creates_and_updates_schools(self):
        content = xlsx_bytes([
            ["code", "name", "kind", "community", "enrolment"],
            ["p01", "南城篁村小学", "primary", "shenghe", 1850],
            ["k01", "南城胜和幼儿园", "Kindergarten", "胜和社区", None],
        ])
        response = self.post("schools", upload("schools.xlsx", content))
        self.assertContains(response, "1 个新建，1 个更新，0 个未变")
        self.assertEqual(School.objects.get(code="p01").enrolment, 1850)
        kindergarten = School.objects.get(code="k01")
        self.assertEqual((kindergarten.kind, kindergarten.community), (SchoolKind.KINDERGARTEN, self.shenghe))

    def test_dry_run_reports_counts_and_saves_nothing(self):
        before = snapshot()
        content = f"{COMMUNITY_HEADER}\nbaima,白马社区,,,10,0,01:第一网格\n"
        response = self.post("communities", upload("c.csv", content), dry_run=True)
        self.assertContains(response, "试运行")
        self.assertContains(response, "1 个将新建")
        self.assertEqual(snapshot(), before)

    def test_a_bad_row_saves_nothing_and_every_error_is_listed(self):
        before = snapshot()
        content = (
            f"{SCHOOL_HEADER}\n"
            "p01,南城篁村小学（改）,,,primary,shenghe,,2000,0\n"  # valid update, must not be kept
            "k01,南城胜和幼儿园,,,托儿所,shenghe,,,0\n"  # unknown kind
            "k02,,,,kindergarten,nowhere,,-5,maybe\n"  # several bad cells
            "p01,重复,,,primary,,,,0\n"  # the same code twice
            "k03,南城篁村小学（改）,,,primary,,,,0\n"  # a name row 2 already took
        )
        response = self.post("schools", upload("schools.csv", content))
        self.assertEqual(snapshot(), before)
        self.assertContains(response, "没有保存任何内容")
        errors = response.context["result"].errors
        cells = {(error.row, error.column) for error in errors}
        self.assertEqual(cells, {(3, "kind"), (4, "name"), (4, "community"), (4, "enrolment"), (4, "is_demo"),
                                 (5, "code"), (6, "name")})
        self.assertContains(response, "没有编码为“nowhere”的社区")
        self.assertContains(response, "<td>3</td>", html=False)

    def test_errors_are_in_the_users_language(self):
        UserProfile.objects.update_or_create(user=self.approver, defaults={"preferred_language": "en"})
        content = f"{SCHOOL_HEADER}\nk02,某学校,,,kindergarten,nowhere,,,0\n"
        response = self.post("schools", upload("schools.csv", content))
        self.assertContains(response, "No community has the code “nowhere”.")
        self.assertContains(response, "Nothing was saved.")

    def test_bad_grid_units_and_unknown_columns_are_reported(self):
        response = self.post("communities", upload("c.csv", f"{COMMUNITY_HEADER}\nbaima,白马社区,,,0,0,01;02:二\n"))
        self.assertEqual([(e.row, e.column) for e in response.context["result"].errors], [(2, "grid_units")])
        response = self.post("communities", upload("c.csv", "code,name,phone\nbaima,白马社区,123\n"))
        self.assertContains(response, "未知的列")
        self.assertFalse(Community.objects.filter(code="baima").exists())

    def test_wrong_type_oversize_and_overlong_files_are_refused(self):
        response = self.post("communities", upload("communities.txt", f"{COMMUNITY_HEADER}\n"))
        self.assertContains(response, "只能导入 CSV 或 XLSX 文件")
        big = f"{COMMUNITY_HEADER}\n" + "x" * (importing.MAX_UPLOAD_BYTES + 1)
        response = self.post("communities", upload("communities.csv", big))
        self.assertContains(response, "文件超过 2 MB")
        rows = "".join(f"c{i},社区{i},,,0,0,\n" for i in range(importing.MAX_ROWS + 1))
        response = self.post("communities", upload("communities.csv", f"{COMMUNITY_HEADER}\n{rows}"))
        self.assertContains(response, "超过 5,000 行")
        response = self.post("communities", upload("communities.xlsx", b"PK\x03\x04 not really a workbook"))
        self.assertContains(response, "无法作为 XLSX")
        self.assertEqual(Community.objects.count(), 1)

    def test_export_then_import_changes_nothing(self):
        load_registry()
        before = snapshot()
        for resource in ("communities", "schools"):
            for file_format in ("csv", "xlsx"):
                response = self.client.get(export_url(resource, file_format))
                self.assertEqual(response.status_code, 200)
                self.assertIn(f"{resource}-", response["Content-Disposition"])
                name = f"export.{file_format}"
                response = self.post(resource, upload(name, response.content))
                result_message = str(list(response.context["messages"])[0])
                total = Community.objects.count() if resource == "communities" else School.objects.count()
                self.assertIn(f"0 个新建，0 个更新，{total} 个未变", result_message)
        self.assertEqual(snapshot(), before)


# ---------------------------------------------------------------- export files and demo data


@pytest.mark.django_db
def test_csv_export_opens_in_excel_and_lists_grid_units():
    community = Community.objects.create(code="shenghe", name="胜和社区")
    GridUnit.objects.create(community=community, code="01", name="第一网格", name_en="Grid 1", sort_order=0)
    GridUnit.objects.create(community=community, code="02", name="第二网格", sort_order=1)
    content = registry_io.RESOURCES["communities"]().export_csv()
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0]["name"] == "胜和社区"
    assert rows[0]["grid_units"] == "01:第一网格:Grid 1;02:第二网格"


@pytest.mark.django_db
def test_xlsx_export_keeps_codes_as_text():
    School.objects.create(code="007", name="南城示例小学", kind=SchoolKind.PRIMARY, enrolment=900)
    content = registry_io.RESOURCES["schools"]().export_xlsx()
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("code", "name")
    assert rows[1][0] == "007"
    assert rows[1][7] == 900


@pytest.mark.django_db
def test_demo_registry_loads_once_whatever_the_number_of_runs():
    load_registry()
    first = snapshot()
    load_registry()
    assert snapshot() == first
    assert Community.objects.filter(is_demo=True).count() == len(COMMUNITIES) == 18
    assert School.objects.filter(is_demo=True).count() == len(SCHOOLS) == 12
    assert {school.kind for school in School.objects.all()} == set(SchoolKind.values)
    assert all(2 <= community.grid_units.count() <= 4 for community in Community.objects.all())
    with translation.override("en"):
        assert Community.objects.get(code="shenghe").display_name == "Shenghe Community"
