"""The benchmark's floor: a trivial WSGI app under the same gunicorn flags.

It returns BENCH_BODY_BYTES bytes of HTML (bench/run.py sets it to the home
page's size), so the difference to the real site is Django/Wagtail's own cost.
"""

import os

_SIZE = int(os.environ.get("BENCH_BODY_BYTES", "20000"))
_PREFIX = b"<!doctype html><html><body>"
_SUFFIX = b"</body></html>\n"
BODY = (_PREFIX + b"x" * max(0, _SIZE - len(_PREFIX) - len(_SUFFIX)) + _SUFFIX)[:_SIZE]
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
]


def application(environ, start_response):
    start_response("200 OK", list(HEADERS))
    return [BODY]
