"""A new site is asked, on the admin dashboard, to fill in what the demo left
as marked placeholders (示例地址, 粤ICP备00000000号) or blank."""

import pytest
from django.contrib.auth.models import Group, User

from core.models import SiteSettings
from tests.utils import make_site

pytestmark = pytest.mark.django_db

PANEL = "完善网站设置"


@pytest.fixture
def settings_row():
    site = make_site().get_site()
    row, _created = SiteSettings.objects.update_or_create(site=site, defaults={
        "hotline": "0769-12345678", "address": "广东省东莞市南城街道办事处（示例地址）",
        "icp_number": "粤ICP备00000000号（示例）", "public_security_filing": "", "privacy_contact": "",
    })
    return row


def test_an_administrator_is_asked_to_replace_the_placeholders(client, settings_row):
    client.force_login(User.objects.create_superuser("boss", password="pw-for-tests-only"))
    page = client.get("/admin/").content.decode()
    assert PANEL in page
    for label in ("办公地址", "ICP 备案号", "公安备案号", "个人信息联系方式"):
        assert f"<li>{label}</li>" in page
    assert "<li>举报电话</li>" not in page  # filled in with a real number
    assert f"/admin/settings/core/sitesettings/{settings_row.site_id}/" in page


def test_the_panel_goes_once_everything_is_filled_in(client, settings_row):
    SiteSettings.objects.filter(pk=settings_row.pk).update(
        address="广东省东莞市南城街道宏图路 1 号", icp_number="粤ICP备12345678号",
        public_security_filing="粤公网安备 44190002000001号", privacy_contact="0769-22880000",
    )
    client.force_login(User.objects.create_superuser("boss", password="pw-for-tests-only"))
    assert PANEL not in client.get("/admin/").content.decode()


def test_an_editor_who_cannot_change_the_settings_is_not_asked(client, settings_row):
    editor = User.objects.create_user("editor", password="pw-for-tests-only")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200 and PANEL not in response.content.decode()
