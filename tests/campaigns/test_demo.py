"""The demo site has campaigns in zh-hans and en, 2027 drafts in the workflow,
twelve events across the six "六进" venue types with reports; a second run changes nothing."""

import io
from datetime import datetime

import pytest
import time_machine
from wagtail.models import Page, WorkflowState

from campaigns import demo as campaigns_demo
from campaigns.choices import VenueType
from campaigns.dates import LOCAL
from campaigns.models import CampaignPage, Event, OutreachReport, ReportPhoto


@pytest.mark.django_db
class TestCampaignDemo:
    def test_campaigns_of_2025_and_2026_are_live_in_both_languages(self, demo, client):
        for language in ("zh-hans", "en"):
            live = CampaignPage.objects.live().filter(locale__language_code=language)
            assert set(live.values_list("year", flat=True)) == {2025, 2026}
        national = client.get("/campaigns/2025-idad/").content.decode()
        theme = national[national.index('class="campaign-hero__theme"'):].split("</p>", 1)[0]
        # The 2025 national theme, set by 国家禁毒办; the UN's 2025 theme beside it.
        assert "防范青少年药物滥用" in theme and "国家禁毒办" in theme and "国家禁毒委员会" not in theme
        assert "第15个全民禁毒宣传月" in national
        assert "Break the cycle. #StopOrganizedCrime" in national
        english = client.get("/en/campaigns/2025-idad/").content.decode()
        assert "Break the cycle. #StopOrganizedCrime" in english
        # 2024's UN theme is not passed off as 2025's.
        assert "invest in prevention" not in english and "invest in prevention" not in national
        assert "Preventing drug abuse among young people" in english
        assert "The 15th Anti-Drug Publicity Month" in english
        assert "2025 campaign poster" in english and "2025年宣传海报" not in english
        assert "The 38th International Day against Drug Abuse and Illicit Trafficking" in english
        body = client.get("/campaigns/2026-idad/").content.decode()
        assert "第39个国际禁毒日" in body and "2026年宣传海报" in body
        # A theme that is not an official one says whose it is.
        theme = body[body.index('class="campaign-hero__theme"'):].split("</p>", 1)[0]
        assert "无毒青春 健康成长" in theme and "南城街道禁毒办拟定" in theme and "示例" not in theme

    def test_the_menu_leads_to_the_campaigns_in_every_language(self, demo, client):
        for prefix in ("/", "/en/", "/zh-hant/"):
            body = client.get(prefix).content.decode()
            menu = body[body.index('class="main-nav"'):].split("</nav>", 1)[0]
            assert f'href="{prefix}campaigns/"' in menu, prefix

    def test_2027_campaigns_wait_in_the_workflow(self, demo):
        drafts = CampaignPage.objects.filter(year=2027, locale__language_code="zh-hans")
        assert drafts.count() == 2 and not drafts.filter(live=True).exists()
        # A theme not yet announced says so, and nobody is named as setting it.
        assert {(d.theme, d.theme_source) for d in drafts} == {("主题尚未公布", "")}
        assert {d.title for d in drafts} == {"2027年第17个全民禁毒宣传月暨6·26国际禁毒日", "2027年《禁毒法》施行19周年宣传"}
        in_review = WorkflowState.objects.filter(status="in_progress", base_content_type__model="page")
        assert {int(state.object_id) for state in in_review} >= set(drafts.values_list("pk", flat=True))

    def test_twelve_events_over_six_venue_types_with_reports_and_photos(self, demo):
        assert Event.objects.count() == 12
        assert set(Event.objects.values_list("venue_type", flat=True)) == set(VenueType.values)
        assert OutreachReport.objects.count() == 12 and ReportPhoto.objects.count() == 12
        assert Event.objects.filter(venue_type=VenueType.SCHOOL, school__isnull=False).count() == 2

    def test_the_calendar_and_banner_show_demo_content(self, demo, client):
        with time_machine.travel(datetime(2026, 6, 25, 12, tzinfo=LOCAL), tick=False):
            home = client.get("/").content.decode()
            calendar = client.get("/calendar/?year=2026&month=6").content.decode()
        assert "距第39个国际禁毒日还有 1 天" in home
        assert "第39个国际禁毒日主题活动" in calendar and "禁毒家访" not in calendar

    def test_the_2027_calendar_numbers_the_month_and_marks_the_law(self, demo, client):
        june = client.get("/calendar/?year=2027&month=6").content.decode()
        assert "第17个全民禁毒宣传月" in june and "《禁毒法》施行19周年" in june
        english = client.get("/en/calendar/?year=2027&month=6").content.decode()
        assert "17th National Anti-Drug Publicity Month" in english

    def test_running_it_again_changes_nothing(self, demo):
        before = (Page.objects.count(), Event.objects.count(), OutreachReport.objects.count())
        out = io.StringIO()
        campaigns_demo.load(out)
        assert "already loaded" in out.getvalue()
        assert (Page.objects.count(), Event.objects.count(), OutreachReport.objects.count()) == before
