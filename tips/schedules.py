"""The tips sweep, created idempotently by name after migrate (the pattern of core/schedules.py)."""

from django_q.models import Schedule

SWEEP_NAME = "tips:announce_new_tips"
SCHEDULES = [
    {
        # Announces any tip whose immediate notice was lost (worker or mail
        # server down when it was sent). Harmless when there is none.
        "name": SWEEP_NAME,
        "func": "tips.tasks.announce_new_tips",
        "schedule_type": Schedule.MINUTES,
        "minutes": 10,
        "repeats": -1,
    },
    {
        # Closed tips past the retention period (tips/retention.py).
        "name": "tips:purge_expired_tips",
        "func": "tips.retention.purge_expired_tips",
        "schedule_type": Schedule.DAILY,
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
