"""`make run`: the development server and the django-q worker together.

    .venv/bin/python scripts/run.py            # PORT=8000 unless set

Ctrl-C (or SIGTERM) stops both, once and cleanly, and the script exits 0.
Why a script and not a shell line in the Makefile: `trap 'kill 0' INT TERM
EXIT` under dash signalled its own process group from inside the trap, which
re-entered the trap until the shell crashed ("Segmentation fault"), and a
signal to the whole group reached django-q's worker processes directly, which
left the cluster waiting for workers that were already gone.

So each child runs in its own session, out of reach of the terminal's Ctrl-C:
only this script receives it, and it asks each child to stop exactly once,
in the way each expects: SIGTERM to the django-q cluster's main process (it
then stops its own workers), SIGINT to runserver's process group (the
autoreloader and the server it restarts).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# How long the children get to stop before they are killed.
STOP_TIMEOUT = 20


def main() -> int:
    port = os.environ.get("PORT", "8000")
    manage = [sys.executable, str(ROOT / "manage.py")]
    stop_requested = False

    def request_stop(signum, frame):
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    worker = subprocess.Popen([*manage, "qcluster"], cwd=ROOT, start_new_session=True)
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}"], cwd=ROOT, start_new_session=True
    )
    children = {"worker": worker, "server": server}

    # Run until asked to stop, or until either child ends on its own (e.g. the
    # port is taken): the site without its worker, or the reverse, is not `make run`.
    while not stop_requested and all(child.poll() is None for child in children.values()):
        time.sleep(0.2)
    failed = [name for name, child in children.items() if child.poll() not in (None, 0)]

    _signal(worker, signal.SIGTERM, group=False)
    _signal(server, signal.SIGINT, group=True)
    deadline = time.monotonic() + STOP_TIMEOUT
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal(child, signal.SIGKILL, group=True)
            child.wait()
    if failed and not stop_requested:
        sys.stderr.write(f"run.py: the {' and '.join(failed)} stopped on its own; see above.\n")
        return 1
    return 0


def _signal(child: subprocess.Popen, signum: int, group: bool) -> None:
    if child.poll() is not None:
        return
    try:
        if group:
            os.killpg(child.pid, signum)
        else:
            child.send_signal(signum)
    except ProcessLookupError:
        pass


if __name__ == "__main__":
    sys.exit(main())
