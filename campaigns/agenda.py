"""What the calendar shows: key dates, campaigns and public events between two
days, as one list of items, in a fixed small number of queries whatever the
number of events (one per kind).

A month of 6·26 holds a few hundred events, so an event costs as little as
possible: its row is read as a tuple (no model instance), its venue type's
label comes from a table made once per call (not get_FIELD_display), and the
texts the calendar prints (its time, its kind) are made here once, so the
templates only print them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from campaigns.choices import VenueType
from campaigns.dates import LOCAL
from core.models.registry import localised_name
from core.visibility import default_locale, public


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
    kind_label: str = ""  # "Key date", "Campaign" or the event's venue type
    ics_url: str = ""  # an event's own "add to my calendar" file
    extra: dict = field(default_factory=dict)

    @property
    def multi_day(self) -> bool:
        return self.end > self.start

    @property
    def when(self) -> str:
        """"6/20 09:30–11:30", "6/1–6/30" or "6/26": the calendar's time column."""
        if self.starts_at is not None:
            return f"{self.starts_at.month}/{self.starts_at.day} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        if self.multi_day:
            return f"{self.start.month}/{self.start.day}–{self.end.month}/{self.end.day}"
        return f"{self.start.month}/{self.start.day}"

    @property
    def iso(self) -> str:
        """When it starts, for <time datetime>."""
        return (self.starts_at or self.start).isoformat()

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def key_date_items(first: date, last: date) -> list[Item]:
    from campaigns.models import KeyDate

    label = _("Key date")
    return [
        Item(
            kind="key_date",
            uid=f"keydate-{o.key_date.code}-{o.start:%Y%m%d}",
            # "the 39th International Day..." reads as a sentence's middle; as a title it starts with a capital.
            title=capfirst(o.title),
            start=o.start,
            end=o.end,
            description=o.key_date.display_name,
            kind_label=label,
            extra={"day_label": o.key_date.day_label},
        )
        for o in KeyDate.occurrences(first, last)
    ]


def campaign_pages(first: date, last: date, language: str | None = None):
    """The live public campaigns of ``language`` between the two days, and the
    Chinese ones nobody has translated into it yet: a reader of English or
    Traditional Chinese still learns that a campaign is on, in Chinese and
    marked so, as the campaigns listing shows it (core.visibility.children_with_fallback)."""
    from campaigns.models import CampaignPage

    language = language or translation.get_language()
    live = public(CampaignPage.objects.live()).filter(window_start__lte=last, window_end__gte=first)
    pages = live.filter(locale__language_code=language)
    default = default_locale()
    if language != default.language_code:
        # Only a live translation counts: a draft leaves the Chinese page listed.
        translated = CampaignPage.objects.live().filter(locale__language_code=language).values("translation_key")
        pages = pages | live.filter(locale=default).exclude(translation_key__in=translated)
    return pages.order_by("window_start", "pk")


def campaign_item(campaign) -> Item:
    """The campaign on the calendar. One in another language than the
    reader's is the untranslated Chinese page: it links with ``?fallback=``
    (core.middleware.TranslationFallbackMiddleware keeps the reader's menu)
    and says "Chinese only" (templates/campaigns/includes/calendar_list.html)."""
    url = campaign.url or ""
    language = translation.get_language() or ""
    chinese_only = campaign.locale_id == default_locale().pk and language != default_locale().language_code
    if chinese_only and url:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode({'fallback': language})}"
    return Item(
        kind="campaign",
        uid=f"campaign-{campaign.translation_key}",
        title=campaign.title,
        start=campaign.window_start,
        end=campaign.window_end,
        url=url,
        description=campaign.theme,
        kind_label=_("Campaign"),
        extra={"chinese_only": chinese_only},
    )


# The Event fields an item needs, in the order _event_item_from_row reads them.
EVENT_ROW = ("pk", "title", "title_en", "start", "end", "venue_name", "venue_name_en", "venue_address",
             "venue_address_en", "venue_type", "expected_audience")


def _event_item_from_row(row, venue_labels: dict, ics_prefix: str) -> Item:
    pk, title, title_en, start, end, venue_name, venue_name_en, venue_address, venue_address_en, venue_type, expected = row
    starts_at, ends_at = start.astimezone(LOCAL), end.astimezone(LOCAL)
    return Item(
        kind="event",
        uid=f"event-{pk}",
        # English, or the title converted to Traditional Chinese (memoised), as on the campaign page.
        title=localised_name(title, title_en),
        start=starts_at.date(),
        end=ends_at.date(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=" · ".join(
            part for part in (localised_name(venue_name, venue_name_en), localised_name(venue_address, venue_address_en))
            if part
        ),
        description=_("Expected audience: %(count)s") % {"count": expected} if expected else "",
        kind_label=venue_labels.get(venue_type, venue_type),
        ics_url=f"{ics_prefix}{pk}.ics",
        extra={"pk": pk},
    )


def _venue_labels() -> dict:
    return {value: str(label) for value, label in VenueType.choices}


def _event_ics_prefix() -> str:
    """"/en/calendar/events/": reversed once, not once per event."""
    return reverse("campaigns:event_ics", args=[0]).removesuffix("0.ics")


def event_item(event) -> Item:
    """The item of one event (its "add to my calendar" file)."""
    row = tuple(getattr(event, name) for name in EVENT_ROW)
    return _event_item_from_row(row, _venue_labels(), _event_ics_prefix())


def event_items(events) -> list[Item]:
    venue_labels, prefix = _venue_labels(), _event_ics_prefix()
    return [_event_item_from_row(row, venue_labels, prefix) for row in events.values_list(*EVENT_ROW)]


def public_events(first: date, last: date):
    from campaigns.models import Event

    since = datetime.combine(first, datetime.min.time(), tzinfo=LOCAL)
    until = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=LOCAL)
    return Event.objects.filter(is_public=True, start__lt=until, end__gte=since).order_by("start", "pk")


def items_between(first: date, last: date, language: str | None = None) -> list[Item]:
    """Everything on the calendar with a day between ``first`` and ``last``, in date order."""
    items = key_date_items(first, last)
    items += [campaign_item(c) for c in campaign_pages(first, last, language)]
    items += event_items(public_events(first, last))
    order = {"key_date": 0, "campaign": 1, "event": 2}
    return sorted(items, key=lambda i: (i.start, order[i.kind], i.starts_at or datetime.min.replace(tzinfo=LOCAL)))
