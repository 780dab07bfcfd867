"""The tips sweep and purge (Feature.schedules in tips/apps.py): core/schedules.py
creates them by name after every migrate."""

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
    {
        # Solved cases waiting too long for a reward proposal (tips/rewards.py).
        "name": "tips:remind_unproposed_rewards",
        "func": "tips.rewards.remind_unproposed_rewards",
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    },
    {
        # Claimants' identities past the accounting retention (tips/rewards.py).
        "name": "tips:destroy_expired_identities",
        "func": "tips.rewards.destroy_expired_identities",
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    },
]

