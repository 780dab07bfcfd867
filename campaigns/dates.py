"""Local dates for campaigns: a day starts at 00:00 in Asia/Shanghai, whatever
the server's clock or settings say (issue 7)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

LOCAL = ZoneInfo("Asia/Shanghai")


def local_now() -> datetime:
    return timezone.now().astimezone(LOCAL)


def local_today() -> date:
    return local_now().date()


def local_midnight(day: date) -> datetime:
    """The moment ``day`` starts, local time."""
    return datetime.combine(day, time(0), tzinfo=LOCAL)


def next_local_midnight() -> datetime:
    return local_midnight(local_today() + timedelta(days=1))


def english_ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
