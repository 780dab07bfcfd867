"""Replace a unit's key pair after an officer left (audited)."""

from django.core.management.base import BaseCommand, CommandError

from tips.keys import rotate_unit_key, unit_key_from_member, unit_key_from_recovery
from tips.management.keyargs import add_opener_arguments, open_key
from tips.models import PoliceUnit


class Command(BaseCommand):
    help = (
        "Give UNIT a new key pair: every live tip of the unit is sealed to it, each remaining member and "
        "the recovery key get it, and the old private key is overwritten everywhere. The old key is "
        "opened by a remaining member (--by, who types their passphrase) or with the recovery key "
        "(--recovery-key-file)."
    )

    def add_arguments(self, parser):
        parser.add_argument("unit")
        add_opener_arguments(parser, "remaining member")

    def handle(self, unit, **options):
        police_unit = PoliceUnit.objects.filter(code=unit).first()
        if police_unit is None:
            raise CommandError(f"no unit {unit}")
        private, opener = open_key(
            options,
            lambda text: unit_key_from_recovery(police_unit, text),
            lambda holder, passphrase: unit_key_from_member(police_unit, holder, passphrase),
        )
        done = rotate_unit_key(police_unit, private, opener)
        self.stdout.write(f"{police_unit} has a new key: {done['tips']} tips sealed to it.")
        self.stdout.write(report_holders(done))


def report_holders(done: dict) -> str:
    """Who kept the key, and who must be added again."""
    text = f"Kept by: {', '.join(done['kept']) or 'nobody'}."
    if done["dropped"]:
        text += f" Add again (their copy was too old to carry over): {', '.join(done['dropped'])}."
    return text
