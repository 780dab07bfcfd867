"""Make a user a reward officer: give them a copy of the reward officers' key."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tips.keys import KeyError_, check_passphrase
from tips.management.keyargs import COMMAND_ACTOR, add_opener_arguments, open_key
from tips.models import AuditEntry, RewardKey
from tips.rewards import add_officer, private_key_from_officer, private_key_from_recovery, remove_officer

from .tips_create_unit import read_passphrase


class Command(BaseCommand):
    help = (
        "Give USER the reward officers' key under USER's own passphrase. The key is opened either by an "
        "existing reward officer (--by, who types their passphrase) or with the recovery key "
        "(--recovery-key-file). --remove takes it away (as tips_remove_reward_officer does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("user")
        add_opener_arguments(parser, "reward officer")
        parser.add_argument("--passphrase-env", help="Read the new officer's passphrase from this variable.")
        parser.add_argument("--remove", action="store_true", help="Take the key and the group away from USER.")

    def handle(self, user, passphrase_env=None, remove=False, **options):
        key = RewardKey.current()
        officer = get_user_model().objects.filter(username=user).first()
        if key is None or officer is None:
            raise CommandError("unknown user, or no reward officers' key yet (tips_reward_key)")
        if remove:
            remove_officer(officer, COMMAND_ACTOR)
            self.stdout.write(f"{user} is no longer a reward officer. Now run tips_rotate_reward_key.")
            return
        try:
            private, _opener = open_key(
                options,
                lambda text: private_key_from_recovery(key, text),
                lambda holder, passphrase: private_key_from_officer(key, holder, passphrase),
            )
            passphrase = read_passphrase(f"New passphrase for {user}: ", passphrase_env)
            check_passphrase(passphrase)
            add_officer(key, officer, passphrase, private)
            AuditEntry.record(actor=COMMAND_ACTOR, action="reward officer added", detail=user)
        except (KeyError_, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user} is now a reward officer.")
