"""The calendar: /calendar/ (month and list views) and the iCalendar files.

Every parameter is read leniently: a year, month or view that is not one
gives the default (this month), never an error page; an unknown campaign or
event is a 404. The parameters are registered with the page cache
(campaigns/apps.py: query_params).
"""

import calendar as stdlib_calendar
from datetime import date, timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from campaigns import agenda, ics, rendered
from campaigns.dates import local_midnight, local_today, next_local_midnight
from core.visibility import public

MIN_YEAR, MAX_YEAR = 1900, 2100


def _int_param(request, name, low, high, default):
    value = request.GET.get(name, "")
    if value.isascii() and value.isdigit() and low <= int(value) <= high:
        return int(value)
    return default


def calendar_view(request):
    today = local_today()
    year = _int_param(request, "year", MIN_YEAR, MAX_YEAR, today.year)
    view = "list" if request.GET.get("view", "") == "list" else "month"
    month = _int_param(request, "month", 1, 12, today.month if year == today.year else 6)
    # Today is marked, and "this month" moves on: the page changes at midnight.
    if view == "list":
        parts, build = (view, year), lambda: _list_context(year)
    else:
        parts, build = (view, year, month, today), lambda: _month_context(year, month, today)
    body = rendered.cached_text(
        request, "calendar", parts, next_local_midnight(),
        lambda: render_to_string("campaigns/calendar_body.html", build(), request),
    )
    return render(request, "campaigns/calendar.html", {"calendar_body": mark_safe(body)})  # noqa: S308 - our template's output


def _by_day(items, first, last) -> dict:
    """Each day of the grid and what happens on it (an event over two days is on both)."""
    days: dict = {}
    for item in items:
        day, end = max(item.start, first), min(item.end, last)
        while day <= end:
            days.setdefault(day, []).append(item)
            day += timedelta(days=1)
    return days


def _month_context(year, month, today):
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    month_start = date(year, month, 1)
    month_end = date(year, month, stdlib_calendar.monthrange(year, month)[1])
    items = agenda.items_between(first, last)
    # Items longer than a day (the publicity month, campaign windows) are listed
    # above the grid; a cell shows what happens on that day only.
    spanning = [i for i in items if i.multi_day and i.kind != "event"]
    daily = [i for i in items if not (i.multi_day and i.kind != "event")]
    by_day = _by_day(daily, first, last)
    grid = [
        [
            {"date": day, "in_month": day.month == month, "today": day == today, "items": by_day.get(day, ())}
            for day in week
        ]
        for week in weeks
    ]
    previous = month_start - timedelta(days=1)
    following = month_end + timedelta(days=1)
    month_items = [i for i in daily if i.end >= month_start and i.start <= month_end]
    spanning = [i for i in spanning if i.start <= month_end and i.end >= month_start]
    return {
        "view": "month",
        "year": year,
        "month": month,
        "month_start": month_start,
        "grid": grid,
        "weekdays": [_weekday_name(n) for n in range(7)],
        "spanning": spanning,
        "month_items": month_items,
        # An empty month points on to the next key date, so a visitor is not left at a dead end.
        "coming": None if month_items or spanning else _next_key_date(following),
        "previous": previous if previous.year >= MIN_YEAR else None,
        "next": following if following.year <= MAX_YEAR else None,
    }


def _next_key_date(day):
    from campaigns.models import KeyDate

    found = KeyDate.occurrences(day, day + timedelta(days=366))
    return found[0] if found else None


def _weekday_name(number):
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")][number]


def _list_context(year):
    items = agenda.items_between(date(year, 1, 1), date(year, 12, 31))
    months: dict[int, list] = {}
    for item in items:
        shown = max(item.start, date(year, 1, 1))
        months.setdefault(shown.month, []).append(item)
    return {
        "view": "list",
        "year": year,
        "months": [(date(year, number, 1), months[number]) for number in sorted(months)],
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
    }


# ---------------------------------------------------------------- iCalendar


def _ics_response(body: bytes, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_feed(request):
    """Key dates of this year and next, campaigns and public events of both."""
    today = local_today()
    year = _int_param(request, "year", MIN_YEAR, MAX_YEAR - 1, today.year)
    # "This year and next" move on at New Year.
    body = rendered.cached_text(
        request, "calendar.ics", (year,), local_midnight(date(today.year + 1, 1, 1)),
        lambda: ics.calendar_bytes(
            request, agenda.items_between(date(year, 1, 1), date(year + 1, 12, 31)),
            _("Anti-drug key dates and events"),
        ),
    )
    return _ics_response(body)


def campaign_ics(request, slug):
    from campaigns.models import CampaignPage

    campaign = (
        public(CampaignPage.objects.live())
        .filter(slug=slug, locale__language_code=translation.get_language())
        .first()
    )
    if campaign is None:
        raise Http404(_("No such campaign."))
    return _ics_response(ics.calendar_bytes(request, [agenda.campaign_item(campaign)], campaign.title),
                         f"{slug}.ics")


def event_ics(request, pk):
    from campaigns.models import Event

    event = Event.objects.filter(pk=pk, is_public=True).first()
    if event is None:
        raise Http404(_("No such event."))
    return _ics_response(ics.calendar_bytes(request, [agenda.event_item(event)], event.display_title),
                         f"event-{pk}.ics")
