"""Demo police units, members and routing rules for `load_initial_data`.

No tips: a tip is only ever made by someone using the form. Idempotent: a
unit that exists is left alone. The demo members sign in to /admin/ with
core's demo password and unlock their unit with these passphrases (README):

| user    | unit           | passphrase               |
|---------|----------------|--------------------------|
| police  | 南城派出所     | nancheng-demo-passphrase |
| brigade | 南城禁毒大队   | brigade-demo-passphrase  |
| cashier | reward officer | reward-demo-passphrase   |

The demo units have no recovery key (its private half would have to be
printed somewhere); `manage.py tips_recovery_key` makes one for real units.
"""

from django.contrib.auth import get_user_model

from core.demo.users import DEMO_PASSWORD
from core.models import Community

from .choices import Category
from .keys import add_member, create_unit
from .models import PoliceUnit, RewardKey, RoutingRule

DEMO_UNITS = [
    # code, name, username, first name, passphrase, default unit, categories routed to it
    ("nancheng-ps", "南城派出所", "police", "民警（演示）", "nancheng-demo-passphrase", True, []),
    (
        "nancheng-jdb",
        "南城禁毒大队",
        "brigade",
        "禁毒民警（演示）",
        "brigade-demo-passphrase",
        False,
        [Category.MANUFACTURING, Category.PRECURSORS, Category.ONLINE],
    ),
]


def load(stdout=None) -> None:
    User = get_user_model()
    made = 0
    for code, name, username, first_name, passphrase, default, categories in DEMO_UNITS:
        if PoliceUnit.objects.filter(code=code).exists():
            continue
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com", "first_name": first_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        unit, private = create_unit(code, name, default=default)
        add_member(unit, user, passphrase, private)
        for order, category in enumerate(categories, start=1):
            RoutingRule.objects.create(category=category, unit=unit, sort_order=order)
        made += 1
    # Drug driving in the first demo community goes to the station (an area rule).
    first = Community.objects.filter(is_demo=True).first()
    station = PoliceUnit.objects.filter(code="nancheng-ps").first()
    if first and station and not RoutingRule.objects.filter(community=first).exists():
        RoutingRule.objects.create(category=Category.DRUG_DRIVING, community=first, unit=station, sort_order=10)
    if RewardKey.current() is None:
        from .rewards import create_reward_key

        cashier, created = User.objects.get_or_create(
            username="cashier", defaults={"email": "cashier@example.com", "first_name": "奖励专员（演示）"}
        )
        if created:
            cashier.set_password(DEMO_PASSWORD)
            cashier.save(update_fields=["password"])
        create_reward_key(cashier, "reward-demo-passphrase")
        made += 1
    if stdout is not None and made:
        stdout.write("tips: demo police units (members: police, brigade) and reward officer (cashier)\n")
