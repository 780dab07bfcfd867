"""iCalendar (RFC 5545) files with the icalendar library: the feed and the
"add to my calendar" files of one campaign or event.

All-day items (key dates, campaign windows) are DATE values with an
exclusive end; timed events are written in UTC, so no VTIMEZONE is needed
and every calendar app shows them at the right local time.
"""

from datetime import UTC, timedelta

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

PRODID = "-//Nancheng Anti-Drug Office//Campaign calendar//ZH"


def calendar_bytes(request, items, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    host = request.get_host().split(":")[0] or "localhost"
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for item in items:
        calendar.add_component(_component(request, item, host, stamp))
    return calendar.to_ical()


def _component(request, item, host, stamp) -> CalendarEvent:
    event = CalendarEvent()
    event.add("uid", f"{item.uid}@{host}")
    event.add("dtstamp", stamp)
    event.add("summary", item.title)
    if item.starts_at is not None:
        event.add("dtstart", item.starts_at.astimezone(UTC))
        event.add("dtend", item.ends_at.astimezone(UTC))
    else:
        event.add("dtstart", item.start)
        event.add("dtend", item.end + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", request.build_absolute_uri(item.url))
    event.add("categories", [item.kind.replace("_", "-")])
    return event
