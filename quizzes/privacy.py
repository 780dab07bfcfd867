"""The quizzes' part of the privacy notice (core/plugins.py ``privacy``).

Every period comes from quizzes/retention.py, the code that anonymises the
attempts, so the notice says what the daily task does (docs/teachers-guide.md
explains the same rules to teachers)."""

from datetime import date, timedelta

from django.template.loader import render_to_string

from quizzes.retention import retention


def section(request) -> str:
    month, day, days = retention()
    # A common year, so that the day the task runs reads the same every year
    # but one (15 July + 90 days is 13 October).
    year_end = date(2001, month, day)
    return render_to_string(
        "quizzes/privacy_section.html",
        {"year_end": year_end, "days": days, "anonymised_on": year_end + timedelta(days=days)},
        request=request,
    )
