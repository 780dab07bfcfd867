"""How long students' quiz data is kept (students are minors: their data is
sensitive personal information under 个人信息保护法 Art. 28 and 31).

QUIZ_RETENTION = {"school_year_ends": (7, 15), "days": 90}: an attempt is
kept through the end of the school year it was taken in, plus ``days``. The
Chinese school year runs from 1 September to early or mid July; 15 July is
its latest usual end, so an attempt made between 16 July of one year and
15 July of the next belongs to the school year ending on that 15 July, and
with the default is anonymised on 13 October (15 July + 90 days).

What "anonymised" means (``anonymise_expired_attempts``, daily):
- class runs: the answers are deleted, the class number or nickname becomes
  "#<attempt id>", the device token is replaced (the student's link stops
  working). Kept: the run (school, class, quiz, dates) and the attempt's
  score and times, so the office's rates per school and community
  (quizzes/rollups.py) and a class's figures stay as anonymous counts, and
  printed certificates still verify (the check never showed who);
- public practice attempts (no class, no count anyone needs): deleted;
- the record of attempts deleted on request: deleted with the same period.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from quizzes.models import Answer, Attempt, AttemptDeletion

DEFAULT = {"school_year_ends": (7, 15), "days": 90}


def retention() -> tuple[int, int, int]:
    """(month, day, days) from settings.QUIZ_RETENTION."""
    value = {**DEFAULT, **getattr(settings, "QUIZ_RETENTION", {})}
    month, day = value["school_year_ends"]
    return int(month), int(day), int(value["days"])


def school_year_end(day: date) -> date:
    """The last day of the school year ``day`` belongs to."""
    month, end_day, _days = retention()
    end = date(day.year, month, end_day)
    return end if day <= end else date(day.year + 1, month, end_day)


def kept_after(day: date) -> date:
    """The first day an attempt made on ``day`` is no longer kept."""
    return school_year_end(day) + timedelta(days=retention()[2] + 1)


def expired_through(today: date) -> date:
    """The last school-year end whose retention is over on ``today``: attempts
    made on or before it are anonymised."""
    month, day, days = retention()
    end = date(today.year, month, day)
    while end + timedelta(days=days) >= today:
        end = date(end.year - 1, month, day)
    return end


def anonymise_expired_attempts(now=None) -> int:
    """Anonymise class attempts and delete practice attempts past retention;
    returns how many attempts were touched. Safe to run again: done rows are
    skipped."""
    now = now or timezone.now()
    through = expired_through(timezone.localdate(now))
    cutoff = timezone.make_aware(datetime.combine(through + timedelta(days=1), time.min))
    expired = Attempt.objects.filter(started_at__lt=cutoff)
    with transaction.atomic():
        practice = expired.filter(run__isnull=True).delete()[1].get(Attempt._meta.label, 0)
        due = expired.filter(run__isnull=False, anonymised_at__isnull=True)
        Answer.objects.filter(attempt__in=due).delete()
        # One UPDATE: ids are unique, so the new names and tokens are too.
        anonymised = due.update(
            display_name=Concat(Value("#"), Cast("pk", CharField())),
            token=Concat(Value("anonymised-"), Cast("pk", CharField())),
            anonymised_at=now,
        )
        AttemptDeletion.objects.filter(deleted_at__lt=cutoff).delete()
    return practice + anonymised
