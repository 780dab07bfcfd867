"""Make a user a reward officer: give them a copy of the reward officers' key."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tips.keys import KeyError_, check_passphrase
from tips.models import RewardKey, RewardOfficer
from tips.rewards import add_officer, private_key_from_officer, private_key_from_recovery, reward_group

from .tips_create_unit import read_passphrase


class Command(BaseCommand):
    help = (
        "Give USER the reward officers' key under USER's own passphrase. The key is opened either by an "
        "existing reward officer (--by, who types their passphrase) or with the recovery key "
        "(--recovery-key-file). --remove takes it away."
    )

    def add_arguments(self, parser):
        parser.add_argument("user")
        parser.add_argument("--by", help="Username of an existing reward officer who grants access.")
        parser.add_argument("--by-passphrase-env", help="Read that officer's passphrase from this variable.")
        parser.add_argument("--recovery-key-file", help="File holding the recovery private key.")
        parser.add_argument("--passphrase-env", help="Read the new officer's passphrase from this variable.")
        parser.add_argument("--remove", action="store_true", help="Take the key and the group away from USER.")

    def handle(self, user, by=None, by_passphrase_env=None, recovery_key_file=None, passphrase_env=None,
               remove=False, **options):
        users = get_user_model().objects
        key = RewardKey.current()
        officer = users.filter(username=user).first()
        if key is None or officer is None:
            raise CommandError("unknown user, or no reward officers' key yet (tips_reward_key)")
        if remove:
            RewardOfficer.objects.filter(user=officer).delete()
            officer.groups.remove(reward_group())
            self.stdout.write(f"{user} is no longer a reward officer.")
            return
        try:
            if recovery_key_file:
                with open(recovery_key_file, encoding="ascii") as handle:
                    private = private_key_from_recovery(key, handle.read())
            elif by:
                granter = users.filter(username=by).first()
                if granter is None:
                    raise CommandError(f"no user {by}")
                private = private_key_from_officer(
                    key, granter, read_passphrase(f"Passphrase of {by}: ", by_passphrase_env)
                )
            else:
                raise CommandError("give --by or --recovery-key-file")
            passphrase = read_passphrase(f"New passphrase for {user}: ", passphrase_env)
            check_passphrase(passphrase)
            add_officer(key, officer, passphrase, private)
        except (KeyError_, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user} is now a reward officer.")
