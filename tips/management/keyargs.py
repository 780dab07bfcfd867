"""What the key commands share: opening a unit's or the reward officers' key,
either by a holder who types their passphrase (--by) or with the office's
recovery key (--recovery-key-file)."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from tips.keys import KeyError_

from .commands.tips_create_unit import read_passphrase

# Who the audit log names for a command run without --by.
COMMAND_ACTOR = "manage.py"
RECOVERY_ACTOR = "manage.py (recovery key)"


def add_opener_arguments(parser, holder: str):
    parser.add_argument("--by", help=f"Username of a {holder} who opens the key with their passphrase.")
    parser.add_argument("--by-passphrase-env", help=f"Read that {holder}'s passphrase from this variable.")
    parser.add_argument("--recovery-key-file", help="File holding the recovery private key.")


def open_key(options: dict, from_recovery, from_holder) -> tuple[bytes, object]:
    """(the private key, who opened it: the --by user, or the recovery key).
    ``from_recovery(text)`` and ``from_holder(user, passphrase)`` raise
    tips.keys.KeyError_ when the key does not open: a CommandError here."""
    try:
        if options.get("recovery_key_file"):
            with open(options["recovery_key_file"], encoding="ascii") as handle:
                return from_recovery(handle.read()), RECOVERY_ACTOR
        by = options.get("by")
        if not by:
            raise CommandError("give --by or --recovery-key-file")
        holder = get_user_model().objects.filter(username=by).first()
        if holder is None:
            raise CommandError(f"no user {by}")
        passphrase = read_passphrase(f"Passphrase of {by}: ", options.get("by_passphrase_env"))
        return from_holder(holder, passphrase), holder
    except (KeyError_, ValueError) as error:
        raise CommandError(str(error)) from error
