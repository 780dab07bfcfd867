"""End an officer's access to a unit's tips (audited)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tips.keys import remove_member
from tips.management.keyargs import COMMAND_ACTOR
from tips.models import PoliceUnit


class Command(BaseCommand):
    help = (
        "Take UNIT's key and group from USER. Then run tips_rotate_unit_key UNIT, so that nothing USER "
        "may have kept (a copy of the database, the unit key from a session) opens the unit's tips."
    )

    def add_arguments(self, parser):
        parser.add_argument("unit")
        parser.add_argument("user")

    def handle(self, unit, user, **options):
        police_unit = PoliceUnit.objects.filter(code=unit).first()
        member = get_user_model().objects.filter(username=user).first()
        if police_unit is None or member is None:
            raise CommandError("unknown unit or user")
        if not remove_member(police_unit, member, COMMAND_ACTOR):
            raise CommandError(f"{user} is not a member of {unit}")
        self.stdout.write(f"{user} no longer reads {police_unit}'s tips. Now run: tips_rotate_unit_key {unit}")
