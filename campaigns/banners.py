"""The banner above the content: the active campaign, or a countdown to the next key date.

Chosen when the request comes in, from the dates alone (not from
``publish_scheduled`` or any other task), so it switches at local midnight
even when the task worker is down. Every page it renders on is declared to
change at the next local midnight (core.caching.changes_at): a cached page
never shows yesterday's count. Registered as ``Feature.banners`` (campaigns/apps.py).

- During a live campaign's window (in the visitor's language): the campaign's
  banner, on every page, with the countdown to its key date.
- Otherwise, on the home page only: a countdown to the nearest key date that
  counts down (``KeyDate.countdown_days``), e.g. 6·26 all year round.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from campaigns.dates import local_today, next_local_midnight
from campaigns.wording import countdown_sentence
from core import caching
from core.visibility import public


def active_campaign(request) -> str:
    if request is None or getattr(request, "is_preview", False):
        return ""
    today = local_today()
    caching.changes_at(request, next_local_midnight())
    language = translation.get_language() or settings.LANGUAGE_CODE
    on_home = request.path_info == _home_path(language)
    # Kept per process until the next publish or key-date change (the cache
    # generation) and for this day only: no query on an ordinary request.
    memo = caching.process_memo("campaign-banner", request)
    key = (language, today, on_home)
    if key not in memo:
        memo[key] = _render(caching.snapshot("campaign-banners", request), language, today, on_home)
    return memo[key]


def _home_path(language: str) -> str:
    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"


def banner_schedule() -> dict:
    """What the banner chooses from, built when a change is committed
    (Feature.snapshots, core.caching.snapshot): the live public campaigns,
    each with its URL, and the key dates that count down. It does not depend
    on the day: the banner picks from it at request time, so it switches at
    midnight without a rebuild. Campaigns leave it when their expiry
    unpublishes them."""
    from campaigns.models import CampaignPage, KeyDate

    campaigns = list(
        public(CampaignPage.objects.live())
        .select_related("key_date", "locale")
        .defer_streamfields()
    )
    for campaign in campaigns:
        campaign.banner_url = campaign.get_url()
    return {"campaigns": campaigns, "key_dates": list(KeyDate.objects.filter(countdown_days__gt=0))}


def in_reader_language(campaigns, language: str) -> list:
    """The campaigns of ``language``, and the Chinese ones not yet translated
    into it (marked ``chinese_only``): a reader of English or Traditional
    Chinese learns that a campaign is on, as the campaigns listing and the
    calendar tell them (core.visibility.children_with_fallback, campaigns/agenda.py)."""
    own = [c for c in campaigns if c.locale.language_code == language]
    if language == settings.LANGUAGE_CODE:
        return own
    translated = {c.translation_key for c in own}
    return own + [
        c for c in campaigns
        if c.locale.language_code == settings.LANGUAGE_CODE and c.translation_key not in translated
    ]


def current_campaign(campaigns, language: str, today):
    """The live campaign whose window covers ``today``, in ``language`` (or in
    Chinese when it has no translation): the one whose key date comes soonest
    (then the shortest window), a translated one before a Chinese one."""

    def rank(campaign):
        days = campaign.days_to_key_date(today)
        return (days is None, days or 0, (campaign.window_end - campaign.window_start).days,
                campaign.locale.language_code != language)

    covering = [c for c in in_reader_language(campaigns, language) if c.is_on(today)]
    return min(covering, key=rank, default=None)


def reader_url(campaign, language: str) -> str:
    """Where the banner leads: the campaign's page, and for an untranslated
    one the Chinese page with ``?fallback=`` so the reader keeps their menu
    (core.middleware.TranslationFallbackMiddleware)."""
    url = campaign.banner_url or ""
    if url and campaign.locale.language_code != language:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode({'fallback': language})}"
    return url


def next_countdown(key_dates, today):
    """(days, occurrence) of the nearest key date inside its countdown, or None."""
    best = None
    for key_date in key_dates:
        occurrence = key_date.next_occurrence(today)
        if occurrence is None or occurrence.start < today:
            continue
        days = (occurrence.start - today).days
        if days <= key_date.countdown_days and (best is None or days < best[0]):
            best = (days, occurrence)
    return best


def _render(schedule: dict, language: str, today, on_home: bool) -> str:
    campaign = current_campaign(schedule["campaigns"], language, today)
    if campaign is not None:
        return render_to_string("campaigns/banner.html", {
            "campaign": campaign,
            "chinese_only": campaign.locale.language_code != language,
            "url": reader_url(campaign, language),
            "text": campaign.banner_text or campaign.theme or campaign.title,
            "countdown": campaign.countdown(today),
        })
    if not on_home:
        return ""
    found = next_countdown(schedule["key_dates"], today)
    if found is None:
        return ""
    days, occurrence = found
    return render_to_string("campaigns/banner.html", {
        "countdown": countdown_sentence(days, occurrence.title),
        "occurrence": occurrence,
        "url": campaign_for(schedule["campaigns"], occurrence, language) or reverse("campaigns:calendar"),
    })


def campaign_for(campaigns, occurrence, language: str) -> str:
    """The URL of the live campaign planned for this occurrence of a key date
    (its window ends on or after the day), if any: where the countdown leads."""
    planned = [
        c for c in in_reader_language(campaigns, language)
        if c.key_date_id == occurrence.key_date.pk and c.window_end >= occurrence.start
    ]
    if not planned:
        return ""
    return reader_url(min(planned, key=lambda c: (c.window_start, c.locale.language_code != language)), language)
