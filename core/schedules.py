"""django-q schedules, created idempotently by name: core's own and those
the feature apps register (Feature.schedules, core/plugins.py).

Schedule.name is not unique in django-q2, so we look up by name and update
instead of creating; this runs after every migrate (core/signals.py) and from
`manage.py setup_schedules`.
"""

from django_q.models import Schedule

from core import plugins

SCHEDULES = [
    {
        # Scheduled pages go live only when publish_scheduled runs: every
        # minute, so a 6·26 page set for 00:00 is out by 00:01.
        "name": "wagtail:publish_scheduled",
        "func": "django.core.management.call_command",
        "args": "'publish_scheduled'",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
        "repeats": -1,
    },
]


def ensure_schedules() -> list[Schedule]:
    schedules = []
    for spec in [*SCHEDULES, *plugins.schedule_specs()]:
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
