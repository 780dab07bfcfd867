"""Create the reward officers' key pair and its first reward officer."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tips.keys import check_passphrase
from tips.models import RewardKey
from tips.rewards import create_reward_key

from .tips_create_unit import read_passphrase


class Command(BaseCommand):
    help = (
        "Create the reward officers' key pair (claimants' identities are sealed to it) with USER as its "
        "first reward officer. Refuses when a key exists, unless --replace: claims recorded under the old "
        "key stay readable only by the old key's officers. When an officer leaves, use "
        "tips_rotate_reward_key instead, which keeps every recorded claim readable."
    )

    def add_arguments(self, parser):
        parser.add_argument("user", help="Username of the first reward officer (an existing user).")
        parser.add_argument("--passphrase-env", help="Read the officer's passphrase from this variable.")
        parser.add_argument("--replace", action="store_true", help="Create a new key even if one exists.")

    def handle(self, user, passphrase_env=None, replace=False, **options):
        if RewardKey.current() is not None and not replace:
            raise CommandError("a reward officers' key exists; add officers with tips_add_reward_officer")
        officer = get_user_model().objects.filter(username=user).first()
        if officer is None:
            raise CommandError(f"no user {user}")
        passphrase = read_passphrase(f"Passphrase for {user}: ", passphrase_env)
        try:
            check_passphrase(passphrase)
        except ValueError as error:
            raise CommandError(str(error)) from error
        create_reward_key(officer, passphrase)
        self.stdout.write(f"Reward officers' key created; {user} is a reward officer.")
