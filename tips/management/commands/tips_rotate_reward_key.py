"""Replace the reward officers' key pair after an officer left (audited)."""

from django.core.management.base import BaseCommand, CommandError

from tips.management.keyargs import add_opener_arguments, open_key
from tips.models import RewardKey
from tips.rewards import private_key_from_officer, private_key_from_recovery, rotate_reward_key

from .tips_rotate_unit_key import report_holders


class Command(BaseCommand):
    help = (
        "Give the reward officers a new key pair: every recorded claim is sealed to it, each remaining "
        "officer and the recovery key get it, and the old key is deleted. The old key is opened by a "
        "remaining officer (--by, who types their passphrase) or with the recovery key (--recovery-key-file)."
    )

    def add_arguments(self, parser):
        add_opener_arguments(parser, "remaining reward officer")

    def handle(self, **options):
        key = RewardKey.current()
        if key is None:
            raise CommandError("no reward officers' key yet (tips_reward_key)")
        private, opener = open_key(
            options,
            lambda text: private_key_from_recovery(key, text),
            lambda holder, passphrase: private_key_from_officer(key, holder, passphrase),
        )
        done = rotate_reward_key(key, private, opener)
        self.stdout.write(f"New reward officers' key: {done['claims']} claims sealed to it.")
        self.stdout.write(report_holders(done))
