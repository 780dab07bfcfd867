"""Take the reward officers' key from a user (audited)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tips.management.keyargs import COMMAND_ACTOR
from tips.rewards import remove_officer


class Command(BaseCommand):
    help = (
        "Take the reward officers' key and group from USER. Then run tips_rotate_reward_key, so that "
        "nothing USER may have kept opens a claimant's identity."
    )

    def add_arguments(self, parser):
        parser.add_argument("user")

    def handle(self, user, **options):
        officer = get_user_model().objects.filter(username=user).first()
        if officer is None:
            raise CommandError(f"no user {user}")
        if not remove_officer(officer, COMMAND_ACTOR):
            raise CommandError(f"{user} is not a reward officer")
        self.stdout.write(f"{user} is no longer a reward officer. Now run: tips_rotate_reward_key")
