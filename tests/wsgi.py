"""Requests through the real WSGI stack with the page cache in front, as
gunicorn runs it (config/wsgi.py); the app is the ``wsgi_app`` fixture
(tests/conftest.py)."""

import io
import sys

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


def wsgi_get(app, path, query="", cookie=""):
    """(status, headers, body) of an anonymous GET."""
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "HTTP_COOKIE": cookie,
    }
    status_headers = {}

    def start_response(status, headers, exc_info=None):
        status_headers["status"] = status
        status_headers["headers"] = dict(headers)

    # As Django's test client does around each request: the request must not
    # close the connection that holds the test's transaction (on PostgreSQL it
    # would). The wsgi_app fixture disconnects it too, but any test-client
    # request in the same test connects it again when it finishes.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(app(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return status_headers["status"], status_headers["headers"], body.decode()
