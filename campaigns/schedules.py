"""campaigns' django-q schedules, created idempotently by name after every
migrate (campaigns/signals.py), like core's (core/schedules.py)."""

from django_q.models import Schedule

SCHEDULES = [
    {"name": "campaigns:create_drafts", "func": "campaigns.tasks.create_campaign_drafts",
     "schedule_type": Schedule.HOURLY, "repeats": -1},
    {"name": "campaigns:send_reminders", "func": "campaigns.tasks.send_campaign_reminders",
     "schedule_type": Schedule.HOURLY, "repeats": -1},
]


def ensure_schedules() -> list[Schedule]:
    made = []
    for spec in SCHEDULES:
        spec = dict(spec)
        name = spec.pop("name")
        existing = Schedule.objects.filter(name=name).order_by("pk")
        first = existing.first()
        if first is None:
            first = Schedule.objects.create(name=name, **spec)
        else:
            for field_name, value in spec.items():
                setattr(first, field_name, value)
            first.save()
            existing.exclude(pk=first.pk).delete()
        made.append(first)
    return made
