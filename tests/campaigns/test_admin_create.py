"""Staff build the campaigns tree through Wagtail's real create form: an
approver publishes it straight away, an Editor's page waits in the workflow."""

from django.contrib.auth.models import Group, User
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from campaigns.models import CampaignIndexPage, CampaignPage
from tests.campaigns.test_campaign_pages import campaign_form
from tests.campaigns.utils import add_campaign_index
from tests.utils import make_site


def index_form(slug="campaigns"):
    return nested_form_data({
        "title": "禁毒宣传活动", "slug": slug, "seo_title": "", "search_description": "",
        "summary": "每年六月的宣传活动。", "listing_image": "", "intro": rich_text("<p>活动安排和宣传材料。</p>"),
    })


class CampaignAdminCreateTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.superuser = User.objects.create_superuser("boss", password="pw-for-tests-only")
        cls.editor = User.objects.create_user("editor", password="pw-for-tests-only")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def test_superuser_publishes_a_campaign_index_and_a_campaign(self):
        self.client.force_login(self.superuser)
        self.assertCanCreate(self.home, CampaignIndexPage, index_form(), publish=True)
        index = CampaignIndexPage.objects.get(slug="campaigns")
        self.assertCanCreate(index, CampaignPage, campaign_form(), publish=True)
        campaign = CampaignPage.objects.get(slug="2026-idad")
        self.assertTrue(campaign.live)
        self.client.logout()
        self.assertContains(self.client.get(campaign.url), "珍爱生命")
        self.assertContains(self.client.get(index.url), campaign.title)

    def test_an_editors_campaign_waits_for_approval(self):
        index = add_campaign_index(self.home)
        self.client.force_login(self.editor)
        self.assertCanCreate(index, CampaignPage, {**campaign_form(), "action-submit": "action-submit"}, publish=True)
        campaign = CampaignPage.objects.get(slug="2026-idad")
        self.assertFalse(campaign.live)
        self.assertEqual(campaign.current_workflow_state.status, "in_progress")
        self.client.logout()
        self.assertEqual(self.client.get("/campaigns/2026-idad/").status_code, 404)
