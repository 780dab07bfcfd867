"""Campaign trees for tests."""

from datetime import date

from campaigns.models import CampaignIndexPage, CampaignPage, KeyDate
from tests.utils import add_page, translate


def add_campaign_index(home, **fields):
    return add_page(home, CampaignIndexPage, fields.pop("title", "禁毒宣传"), slug="campaigns", **fields)


def add_campaign(index, year=2026, publish=True, **fields):
    fields.setdefault("title", f"{year}年国际禁毒日宣传")
    fields.setdefault("slug", f"{year}-idad")
    fields.setdefault("key_date", KeyDate.objects.get(code="idad"))
    fields.setdefault("theme", "珍爱生命 远离毒品")
    fields.setdefault("window_start", date(year, 6, 1))
    fields.setdefault("window_end", date(year, 6, 30))
    return add_page(index, CampaignPage, publish=publish, year=year, **fields)


def add_translated_campaign(home, en_title="World Drug Day 2026", **fields):
    """The 2026 campaign under a campaigns index, both translated into English."""
    index = add_campaign_index(home)
    campaign = add_campaign(index, **fields)
    translate(home, "en")
    translate(index, "en", title="Campaigns")
    translate(campaign, "en", title=en_title, **({"banner_text": "Invest in prevention"} if "banner_text" in fields else {}))
    return campaign
