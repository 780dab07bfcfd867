"""Planning ahead of each key date: draft campaigns made at a lead time, and
reminders while a campaign is not yet approved and scheduled.

The functions are run daily by django-q (campaigns/tasks.py, campaigns/schedules.py);
each is idempotent: run twice, it creates and sends nothing twice, and when
there is nothing to do it does nothing.

- A key date "has campaigns" once any campaign points at it; from then on,
  ``CAMPAIGN_LEAD_DAYS`` (setting, default 45) before its next occurrence a
  draft for that year is made by copying the latest earlier campaign with
  its dates moved on, and submitted into the editors' workflow.
- ``late_campaigns`` lists key dates within 30 days whose campaign is missing,
  or not yet live or scheduled with an approved revision: the dashboard panel
  shows it, and editors and approvers get an email at 30, 14, 7 and 1 days.
"""

import logging
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from campaigns.dates import local_today

logger = logging.getLogger(__name__)

REMINDER_DAYS = (30, 14, 7, 1)
REMINDER_GROUPS = ("Editors", "Approvers")


def lead_days() -> int:
    return int(getattr(settings, "CAMPAIGN_LEAD_DAYS", 45))


def _campaigned_key_dates():
    from campaigns.models import KeyDate

    return KeyDate.objects.filter(yearly=True, campaigns__isnull=False).distinct()


def _upcoming(today: date, within: int):
    for key_date in _campaigned_key_dates():
        occurrence = key_date.next_occurrence(today)
        if occurrence is not None and today <= occurrence.start and (occurrence.start - today).days <= within:
            yield key_date, occurrence


# ---------------------------------------------------------------- drafts


def create_drafts(today: date | None = None) -> list:
    """Draft campaigns for key dates within the lead time that have none yet."""
    from campaigns.models import CampaignPage

    today = today or local_today()
    default_locale = Locale.get_default()
    made = []
    for key_date, occurrence in _upcoming(today, lead_days()):
        year = occurrence.start.year
        if CampaignPage.objects.filter(key_date=key_date, year=year).exists():
            continue
        source = (
            CampaignPage.objects.filter(key_date=key_date, year__lt=year, locale=default_locale)
            .order_by("-year", "-window_start")
            .first()
        )
        if source is None:
            continue
        with transaction.atomic():
            made.append(_copy_for_year(source, key_date, year))
    return made


def _copy_for_year(source, key_date, year):
    shift = relativedelta(years=year - source.year)
    old_year, new_year = str(source.year), str(year)
    title = source.title
    # Every key date's number moves on, not only the campaign's own: the 6·26
    # campaign's title also names the publicity month ("第16个全民禁毒宣传月").
    # Longer titles first, so "第16个全民禁毒宣传月" is not half-replaced by a shorter one.
    with translation.override(source.locale.language_code):
        renamed = {other.title_in(source.year): other.title_in(year) for other in type(key_date).objects.all()}
        renamed[key_date.title_in(source.year)] = key_date.title_in(year)
    for old_title in sorted(renamed, key=len, reverse=True):
        if old_title != renamed[old_title]:
            title = title.replace(old_title, renamed[old_title])
    title = title.replace(old_year, new_year)
    parent = source.get_parent()
    slug = source.slug.replace(old_year, new_year) if old_year in source.slug else f"{source.slug}-{year}"
    base, n = slug, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    page = source.copy(
        to=parent,
        update_attrs={
            "title": title, "draft_title": title, "slug": slug, "year": year,
            "window_start": source.window_start + shift, "window_end": source.window_end + shift,
            "banner_text": source.banner_text.replace(old_year, new_year),
            "go_live_at": None, "expire_at": None, "live": False,
        },
        copy_revisions=False,
        keep_live=False,
        log_action="wagtail.copy",
    ).specific
    page.save_revision(log_action=False)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, None)
    return page


# ---------------------------------------------------------------- late campaigns


@dataclass
class Late:
    key_date: object
    occurrence: object
    days_left: int
    campaign: object  # the campaign page, or None when none exists

    @property
    def reason(self) -> str:
        if self.campaign is None:
            return _("no campaign yet")
        return _("not yet approved and scheduled")


def _ready(campaign) -> bool:
    """Live, or scheduled with an approved revision waiting to go live."""
    from wagtail.models import Revision

    if campaign.live:
        return True
    return Revision.page_revisions.filter(object_id=str(campaign.pk), approved_go_live_at__isnull=False).exists()


def late_campaigns(today: date | None = None) -> list[Late]:
    from campaigns.models import CampaignPage

    today = today or local_today()
    default_locale = Locale.get_default()
    found = []
    for key_date, occurrence in _upcoming(today, max(REMINDER_DAYS)):
        campaigns = list(
            CampaignPage.objects.filter(key_date=key_date, year=occurrence.start.year, locale=default_locale)
        )
        if any(_ready(c) for c in campaigns):
            continue
        found.append(Late(key_date, occurrence, (occurrence.start - today).days, campaigns[0] if campaigns else None))
    return sorted(found, key=lambda late: late.days_left)


def send_reminders(today: date | None = None) -> int:
    """Email editors and approvers about each late campaign once per threshold
    (30, 14, 7, 1 days). A failed email is not recorded, so the next run tries
    it again; it never stops the others."""
    from campaigns.models import ReminderSent

    today = today or local_today()
    sent = 0
    recipients = list(
        get_user_model().objects.filter(is_active=True, groups__name__in=REMINDER_GROUPS)
        .exclude(email="").distinct().order_by("pk")
    )
    for late in late_campaigns(today):
        threshold = min(days for days in REMINDER_DAYS if late.days_left <= days)
        year = late.occurrence.start.year
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Late for %(date)s: %(title)s") % {
                "date": late.key_date.day_label, "title": late.occurrence.title,
            }
            body = _(
                "%(title)s is in %(days)s days (%(day)s) and its campaign is %(reason)s.\n"
                "Please prepare it, have it approved and schedule it in the admin."
            ) % {"title": late.occurrence.title, "days": late.days_left, "day": late.occurrence.start.isoformat(),
                 "reason": late.reason}
        for user in recipients:
            if ReminderSent.objects.filter(
                key_date=late.key_date, year=year, days_before=threshold, email=user.email
            ).exists():
                continue
            try:
                send_mail(subject, body, None, [user.email])
            except Exception:  # noqa: BLE001 - one failed address must not stop the others
                logger.exception("campaign reminder to %s failed; retried on the next run", user.email)
                continue
            ReminderSent.objects.create(key_date=late.key_date, year=year, days_before=threshold, email=user.email)
            sent += 1
    return sent
