"""Create a police unit with its key pair and its first member."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tips.keys import add_member, check_passphrase, create_unit
from tips.models import PoliceUnit


def read_passphrase(prompt: str, env: str | None) -> str:
    """From the environment variable named by --passphrase-env (scripts), or typed twice."""
    if env:
        value = os.environ.get(env, "")
        if not value:
            raise CommandError(f"{env} is empty")
        return value
    first = getpass.getpass(prompt)
    if first != getpass.getpass("Again: "):
        raise CommandError("the two passphrases differ")
    return first


class Command(BaseCommand):
    help = "Create a police unit (key pair, police group) and its first member."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Short code, e.g. nancheng-ps")
        parser.add_argument("name", help="Name, e.g. 南城派出所")
        parser.add_argument("member", help="Username of the first member (an existing user).")
        parser.add_argument("--email", default="", help="Address for the constant new-tip notice.")
        parser.add_argument("--default", action="store_true", help="Receives tips no routing rule matches.")
        parser.add_argument("--passphrase-env", help="Read the member's passphrase from this variable.")

    def handle(self, code, name, member, email="", default=False, passphrase_env=None, **options):
        if PoliceUnit.objects.filter(code=code).exists():
            raise CommandError(f"unit {code} exists")
        user = get_user_model().objects.filter(username=member).first()
        if user is None:
            raise CommandError(f"no user {member}")
        passphrase = read_passphrase(f"Passphrase for {member} in {name}: ", passphrase_env)
        try:
            check_passphrase(passphrase)
        except ValueError as error:
            raise CommandError(str(error)) from error
        unit, private = create_unit(code, name, email=email, default=default)
        add_member(unit, user, passphrase, private)
        self.stdout.write(f"Unit {name} ({code}) created; {member} is a member.")
