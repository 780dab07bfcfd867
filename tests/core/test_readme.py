"""The README says what `make run` really prints, and its tables render."""

import re
from pathlib import Path

from core.demo.users import DEMO_PASSWORD, USERS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_readme_logins_are_the_demo_users_and_make_run_prints_them_all():
    table = README[README.index("| user | password |"):]
    table = table[: table.index("\n\n")]
    readme_logins = set(re.findall(r"^\| (\w+) \| (\w+) \|", table, re.MULTILINE)) - {("user", "password")}
    demo_logins = {(username, DEMO_PASSWORD) for username, *_ in USERS}
    assert readme_logins == demo_logins

    makefile = (ROOT / "Makefile").read_text()
    run_target = makefile[makefile.index("\nrun:"):makefile.index("\ntest:")]
    printed = set(re.findall(r"(\w+) / (\w+)", run_target))
    assert printed == demo_logins


def test_readme_table_rows_have_as_many_cells_as_their_header():
    for block in re.findall(r"(?:^\|.*\|\n)+", README, re.MULTILINE):
        rows = block.splitlines()
        # A "|" inside a cell must be escaped ("\|"), or it starts a new cell.
        width = len(re.split(r"(?<!\\)\|", rows[0]))
        for row in rows[2:]:
            assert len(re.split(r"(?<!\\)\|", row)) == width, row
