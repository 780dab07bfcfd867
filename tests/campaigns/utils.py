"""Campaign trees for tests."""

from datetime import date

from campaigns.models import CampaignIndexPage, CampaignPage, KeyDate
from tests.utils import add_page


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
