"""Background work, run by django-q on the schedules in campaigns/schedules.py."""

from campaigns import planning


def create_campaign_drafts() -> int:
    """Draft next campaigns at the lead time before each key date."""
    return len(planning.create_drafts())


def send_campaign_reminders() -> int:
    """Remind editors and approvers of campaigns not yet approved and scheduled."""
    return planning.send_reminders()
