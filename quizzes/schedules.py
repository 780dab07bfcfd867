"""The quiz app's django-q schedules (Feature.schedules in quizzes/apps.py):
core/schedules.py creates them by name after every migrate."""

from django_q.models import Schedule

SCHEDULES = [
    {
        # A student who closes the phone before finishing still gets a score,
        # at most a minute after the deadline; runs past their closing time are closed.
        "name": "quizzes:finalise_overdue",
        "func": "quizzes.tasks.finalise_overdue",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
        "repeats": -1,
    },
    {
        # Students' attempts past the retention period (quizzes/retention.py).
        "name": "quizzes:anonymise_expired_attempts",
        "func": "quizzes.retention.anonymise_expired_attempts",
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    },
]
