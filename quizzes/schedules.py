"""The quiz app's django-q schedules, created idempotently by name (as core/schedules.py)."""

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
]


def ensure_schedules() -> list[Schedule]:
    schedules = []
    for spec in SCHEDULES:
        spec = dict(spec)
        name = spec.pop("name")
        existing = Schedule.objects.filter(name=name).order_by("pk")
        first = existing.first()
        if first is None:
            first = Schedule.objects.create(name=name, **spec)
        else:
            for field, value in spec.items():
                setattr(first, field, value)
            first.save()
            existing.exclude(pk=first.pk).delete()
        schedules.append(first)
    return schedules
