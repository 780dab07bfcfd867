"""iCalendar (RFC 5545) files with the icalendar library: the feed and the
"add to my calendar" files of one campaign or event.

All-day items (key dates, campaign windows) are DATE values with an
exclusive end; timed events are written in UTC, so no VTIMEZONE is needed
and every calendar app shows them at the right local time.

The library takes a few hundred microseconds per event, and the feed of a
June holds hundreds of them: each VEVENT's text is kept per worker process,
keyed on everything it says, so a feed rendered again (another year asked
for, the first request after a publish) writes only what changed. Its
DTSTAMP is then the moment that text was first written, which is what
RFC 5545 asks of a feed without METHOD ("last revised").
"""

from datetime import UTC, timedelta

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

PRODID = "-//Nancheng Anti-Drug Office//Campaign calendar//ZH"


_MEMO: dict = {}
MEMO_MAX_ENTRIES = 20_000
_END = b"END:VCALENDAR\r\n"


def calendar_bytes(request, items, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # X-WR-CALNAME is an unknown property to the library, so its text is not
    # escaped: a title typed with a line break would raise. A name is one line.
    calendar.add("x-wr-calname", " ".join(name.split()))
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    host = request.get_host().split(":")[0] or "localhost"
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    if len(_MEMO) > MEMO_MAX_ENTRIES:
        _MEMO.clear()
    events = []
    for item in items:
        url = request.build_absolute_uri(item.url) if item.url else ""
        key = (host, url, item.uid, item.kind, item.title, item.start, item.end, item.starts_at, item.ends_at,
               item.location, item.description)
        text = _MEMO.get(key)
        if text is None:
            text = _MEMO[key] = _component(item, host, url, stamp).to_ical()
        events.append(text)
    head = calendar.to_ical()
    # The library ends the calendar with END:VCALENDAR; the events go before it.
    return head.removesuffix(_END) + b"".join(events) + _END


def _component(item, host, url, stamp) -> CalendarEvent:
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
    if url:
        event.add("url", url)
    event.add("categories", [item.kind.replace("_", "-")])
    return event
