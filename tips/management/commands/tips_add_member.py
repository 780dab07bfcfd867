"""Give an officer access to a unit's tips (audited)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tips.keys import KeyError_, add_member, check_passphrase, unit_key_from_member, unit_key_from_recovery
from tips.management.keyargs import COMMAND_ACTOR, add_opener_arguments, open_key
from tips.models import AuditEntry, PoliceUnit

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
        add_opener_arguments(parser, "member")
        parser.add_argument("--passphrase-env", help="Read the new member's passphrase from this variable.")

    def handle(self, unit, user, passphrase_env=None, **options):
        police_unit = PoliceUnit.objects.filter(code=unit).first()
        member = get_user_model().objects.filter(username=user).first()
        if police_unit is None or member is None:
            raise CommandError("unknown unit or user")
        try:
            private, _opener = open_key(
                options,
                lambda text: unit_key_from_recovery(police_unit, text),
                lambda holder, passphrase: unit_key_from_member(police_unit, holder, passphrase),
            )
            passphrase = read_passphrase(f"New passphrase for {user}: ", passphrase_env)
            check_passphrase(passphrase)
            add_member(police_unit, member, passphrase, private)
            # Who holds a key is what an audit of access asks first.
            AuditEntry.record(actor=COMMAND_ACTOR, action="member added", unit=police_unit, detail=user)
        except (KeyError_, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user} can now read {police_unit}'s tips.")
