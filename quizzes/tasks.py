"""Background work for quizzes (django-q runs these; quizzes/schedules.py says when)."""

from django.utils import timezone

from quizzes.models import Attempt, QuizRun
from quizzes.models.runs import GRACE
from quizzes.services import finish_attempt


def finalise_overdue(now=None) -> int:
    """Mark every unfinished attempt past its deadline and close runs past
    their closing time. Safe to run twice: a finished attempt keeps its result."""
    now = now or timezone.now()
    overdue = list(Attempt.objects.filter(finished_at__isnull=True, deadline__lt=now - GRACE)
                   .values_list("pk", flat=True))
    for pk in overdue:
        finish_attempt(pk, now=now)
    QuizRun.objects.filter(closed=False, closes_at__lte=now).update(closed=True)
    return len(overdue)
