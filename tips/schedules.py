"""The tips sweep and purge (Feature.schedules in tips/apps.py): core/schedules.py
creates them by name after every migrate."""

from django_q.models import Schedule

SWEEP_NAME = "tips:announce_new_tips"
SCHEDULES = [
    {
        # Announces every tip not yet announced, every minute: the police hear
        # of a new tip within two minutes (the scheduler looks every 30 s).
        # Its task rows are not saved (a run that sent mail would take
        # longer than one that did not, and so date the tip).
        "name": SWEEP_NAME,
        "func": "tips.tasks.sweep",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
        "repeats": -1,
        "kwargs": "{'q_options': {'save': False}}",
    },
    {
        # The claim codes tipsters saw before today, into the audit log by
        # their day alone (tips/rewards.py).
        "name": "tips:audit_claim_codes_shown",
        "func": "tips.rewards.audit_claim_codes_shown",
        "schedule_type": Schedule.DAILY,
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

