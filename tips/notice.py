"""The tips' part of the privacy notice (core/plugins.py ``privacy``).

Each period is read from the function the purge and the reward tasks use
(tips/retention.py, tips/rewards.py), so the notice says what the code does.
The notice itself is a core page, off the tips paths: opening it from the
tips form sends no referrer (tips responses are no-referrer) and the tips
privacy middleware still covers everything under /tips/."""

from django.template.loader import render_to_string

from .retention import retention_days, tipster_access_days
from .rewards import claim_months, decision_days, identity_years


def section(request) -> str:
    return render_to_string(
        "tips/privacy_section.html",
        {
            "retention_days": retention_days(),
            "access_days": tipster_access_days(),
            "claim_months": claim_months(),
            "decision_days": decision_days(),
            "identity_years": identity_years(),
        },
        request=request,
    )
