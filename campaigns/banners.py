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

from django.conf import settings
from django.template.loader import render_to_string
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
        memo[key] = _render(language, today, on_home)
    return memo[key]


def _home_path(language: str) -> str:
    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"


def current_campaign(language: str, today):
    """The live campaign whose window covers ``today``, in ``language``: the one
    whose key date comes soonest (then the shortest window)."""
    from campaigns.models import CampaignPage

    campaigns = list(
        public(CampaignPage.objects.live())
        .filter(locale__language_code=language, window_start__lte=today, window_end__gte=today)
        .select_related("key_date")
    )

    def rank(campaign):
        days = campaign.days_to_key_date(today)
        return (days is None, days or 0, (campaign.window_end - campaign.window_start).days)

    return min(campaigns, key=rank, default=None)


def next_countdown(today):
    """(days, occurrence) of the nearest key date inside its countdown, or None."""
    from campaigns.models import KeyDate

    best = None
    for key_date in KeyDate.objects.filter(countdown_days__gt=0):
        occurrence = key_date.next_occurrence(today)
        if occurrence is None or occurrence.start < today:
            continue
        days = (occurrence.start - today).days
        if days <= key_date.countdown_days and (best is None or days < best[0]):
            best = (days, occurrence)
    return best


def _render(language: str, today, on_home: bool) -> str:
    campaign = current_campaign(language, today)
    if campaign is not None:
        return render_to_string("campaigns/banner.html", {
            "campaign": campaign,
            "url": campaign.url,
            "text": campaign.banner_text or campaign.theme or campaign.title,
            "countdown": campaign.countdown(today),
        })
    if not on_home:
        return ""
    found = next_countdown(today)
    if found is None:
        return ""
    days, occurrence = found
    return render_to_string("campaigns/banner.html", {
        "countdown": countdown_sentence(days, occurrence.title),
        "occurrence": occurrence,
    })
