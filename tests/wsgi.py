"""Requests through the real WSGI stack with the page cache in front, as
gunicorn runs it (config/wsgi.py); the app is the ``wsgi_app`` fixture
(tests/conftest.py)."""

import io
import sys


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

    body = b"".join(app(environ, start_response))
    return status_headers["status"], status_headers["headers"], body.decode()
