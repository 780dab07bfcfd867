"""What the calendar shows: key dates, campaigns and public events between two
days, as one list of items, in a fixed small number of queries whatever the
number of events (one per kind)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import translation

from campaigns.dates import LOCAL
from core.visibility import public


@dataclass
class Item:
    kind: str  # "key_date", "campaign" or "event"
    uid: str
    title: str
    start: date
    end: date  # last day, included
    url: str = ""
    starts_at: datetime | None = None  # timed items (events); None: all day
    ends_at: datetime | None = None
    location: str = ""
    description: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def multi_day(self) -> bool:
        return self.end > self.start

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def key_date_items(first: date, last: date) -> list[Item]:
    from campaigns.models import KeyDate

    return [
        Item(
            kind="key_date",
            uid=f"keydate-{o.key_date.code}-{o.start:%Y%m%d}",
            title=o.title,
            start=o.start,
            end=o.end,
            description=o.key_date.display_name,
            extra={"day_label": o.key_date.day_label},
        )
        for o in KeyDate.occurrences(first, last)
    ]


def campaign_pages(first: date, last: date, language: str | None = None):
    from campaigns.models import CampaignPage

    language = language or translation.get_language()
    return (
        public(CampaignPage.objects.live())
        .filter(locale__language_code=language, window_start__lte=last, window_end__gte=first)
        .order_by("window_start", "pk")
    )


def campaign_item(campaign) -> Item:
    return Item(
        kind="campaign",
        uid=f"campaign-{campaign.translation_key}",
        title=campaign.title,
        start=campaign.window_start,
        end=campaign.window_end,
        url=campaign.url or "",
        description=campaign.theme,
    )


def event_item(event) -> Item:
    starts_at, ends_at = event.start.astimezone(LOCAL), event.end.astimezone(LOCAL)
    return Item(
        kind="event",
        uid=f"event-{event.pk}",
        title=event.display_title,
        start=starts_at.date(),
        end=ends_at.date(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=event.location,
        description=event.audience_text,
        extra={"venue_type": event.get_venue_type_display(), "pk": event.pk},
    )


def public_events(first: date, last: date):
    from campaigns.models import Event

    since = datetime.combine(first, datetime.min.time(), tzinfo=LOCAL)
    until = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=LOCAL)
    return Event.objects.filter(is_public=True, start__lt=until, end__gte=since).order_by("start", "pk")


def items_between(first: date, last: date, language: str | None = None) -> list[Item]:
    """Everything on the calendar with a day between ``first`` and ``last``, in date order."""
    items = key_date_items(first, last)
    items += [campaign_item(c) for c in campaign_pages(first, last, language)]
    items += [event_item(e) for e in public_events(first, last)]
    order = {"key_date": 0, "campaign": 1, "event": 2}
    return sorted(items, key=lambda i: (i.start, order[i.kind], i.starts_at or datetime.min.replace(tzinfo=LOCAL)))
