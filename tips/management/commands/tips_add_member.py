"""Give an officer access to a unit's tips."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tips.keys import KeyError_, add_member, check_passphrase, unit_key_from_member, unit_key_from_recovery
from tips.models import PoliceUnit

from .tips_create_unit import read_passphrase


class Command(BaseCommand):
    help = (
        "Give USER access to UNIT's tips under USER's own passphrase. The unit's key is opened either "
        "by an existing member (--by, who types their passphrase) or with the recovery key "
        "(--recovery-key-file)."
    )

    def add_arguments(self, parser):
        parser.add_argument("unit")
        parser.add_argument("user")
        parser.add_argument("--by", help="Username of an existing member who grants access.")
        parser.add_argument("--by-passphrase-env", help="Read that member's passphrase from this variable.")
        parser.add_argument("--recovery-key-file", help="File holding the recovery private key.")
        parser.add_argument("--passphrase-env", help="Read the new member's passphrase from this variable.")

    def handle(self, unit, user, by=None, by_passphrase_env=None, recovery_key_file=None, passphrase_env=None,
               **options):
        users = get_user_model().objects
        police_unit = PoliceUnit.objects.filter(code=unit).first()
        member = users.filter(username=user).first()
        if police_unit is None or member is None:
            raise CommandError("unknown unit or user")
        try:
            if recovery_key_file:
                with open(recovery_key_file, encoding="ascii") as handle:
                    private = unit_key_from_recovery(police_unit, handle.read())
            elif by:
                granter = users.filter(username=by).first()
                if granter is None:
                    raise CommandError(f"no user {by}")
                private = unit_key_from_member(
                    police_unit, granter, read_passphrase(f"Passphrase of {by}: ", by_passphrase_env)
                )
            else:
                raise CommandError("give --by or --recovery-key-file")
            passphrase = read_passphrase(f"New passphrase for {user}: ", passphrase_env)
            check_passphrase(passphrase)
            add_member(police_unit, member, passphrase, private)
        except (KeyError_, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user} can now read {police_unit}'s tips.")
