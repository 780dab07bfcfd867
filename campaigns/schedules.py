"""campaigns' django-q schedules (Feature.schedules in campaigns/apps.py):
core/schedules.py creates them by name after every migrate."""

from django_q.models import Schedule

SCHEDULES = [
    {"name": "campaigns:create_drafts", "func": "campaigns.tasks.create_campaign_drafts",
     "schedule_type": Schedule.HOURLY, "repeats": -1},
    {"name": "campaigns:send_reminders", "func": "campaigns.tasks.send_campaign_reminders",
     "schedule_type": Schedule.HOURLY, "repeats": -1},
]

