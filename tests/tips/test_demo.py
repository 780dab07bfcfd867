"""The demo builds police units, members with documented passphrases and routing rules, once."""

import pytest
from django.contrib.auth import get_user_model

from tips.demo import load
from tips.keys import unit_key_from_member
from tips.models import PoliceUnit, RoutingRule, route

pytestmark = pytest.mark.django_db


def test_demo_units_members_and_rules_are_made_once():
    load()
    load()
    assert PoliceUnit.objects.count() == 2
    rules = RoutingRule.objects.count()
    load()
    assert RoutingRule.objects.count() == rules
    users = get_user_model().objects
    station = PoliceUnit.objects.get(code="nancheng-ps")
    brigade = PoliceUnit.objects.get(code="nancheng-jdb")
    assert unit_key_from_member(station, users.get(username="police"), "nancheng-demo-passphrase")
    assert unit_key_from_member(brigade, users.get(username="brigade"), "brigade-demo-passphrase")
    assert route("precursors", None) == brigade
    assert route("dealing", None) == station
    assert users.get(username="police").check_password("changeme")
    from tips.models import RewardKey
    from tips.rewards import is_reward_officer, private_key_from_officer

    assert RewardKey.objects.count() == 1 and is_reward_officer(users.get(username="cashier"))
    assert private_key_from_officer(RewardKey.current(), users.get(username="cashier"), "reward-demo-passphrase")
