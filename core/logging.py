"""A logging filter that keeps client addresses and query strings out of every log.

Anonymous tips (tips/) must not be traceable through the server's logs: a log
line with an address, a query string (receipt codes, search words) or a
referrer, next to the time of a tip, could identify the person who sent it,
and logs are copied, rotated and kept far longer than anyone remembers.

``PrivacyFilter`` is attached to every handler in settings.LOGGING, so it
covers third-party loggers too. For each record it:

- formats the message with its arguments, then removes the query string from
  anything that looks like a path (``/news/?q=X`` → ``/news/``), replaces a
  tips path in any language, with its query, by ``[tips]`` (even which tips
  page was asked for, next to a time, says too much), and replaces whatever
  looks like an IPv4 or IPv6 address with ``[address]``;
- does the same to the traceback text of an exception;
- drops the ``request`` attached by django.request (its META holds
  REMOTE_ADDR, the referrer and the user agent) so no formatter or e-mail
  handler can print it.

gunicorn's error log uses this same filter (site/gunicorn.conf.py imports this
module before Django is set up, so it uses the standard library only), and
its access log and nginx's skip tips requests (``is_tips_path``,
site/nginx.conf.example).
"""

import ipaddress
import logging
import re
import time

REDACTED_ADDRESS = "[address]"
REDACTED_TIPS_PATH = "[tips]"

# A path followed by a query string: keep the path, drop "?..." up to a space or quote.
_QUERY = re.compile(r"""(/[^\s?"'<>]*)\?[^\s"'<>]*""")
# A request path for the tips pages in any language: /tips/..., /en/tips/...,
# /zh-hant/tips/... (any language prefix, so a language added later is covered).
_TIPS_REQUEST_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?tips(?:/|$)", re.IGNORECASE)
# The same inside a log line, with whatever follows up to a space or quote, but
# not a source file path such as .../wt-tips/tips/views.py in a traceback (the
# character before the slash is a word character there).
_TIPS_PATH = re.compile(
    r"""(?<![\w./-])(?:/[a-z]{2}(?:-[a-z]+)?)?/tips(?:[/?][^\s"'<>]*)?(?![\w.-])""", re.IGNORECASE
)
# Candidates only; each is checked with the ipaddress module, so times like
# 22:31:23 and version numbers with fewer than four parts stay.
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::(?:\d{1,3}\.){3}\d{1,3})?(?:%\w+)?(?![\w:.])")


def _replace_if_address(match: re.Match) -> str:
    text = match.group(0)
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return text
    return REDACTED_ADDRESS


def is_tips_path(path: str) -> bool:
    """Whether a request path is one of the tips pages, in any language."""
    return bool(_TIPS_REQUEST_PATH.match(path or ""))


def redact(text: str) -> str:
    """The text without tips paths, query strings after paths and IP addresses."""
    text = _TIPS_PATH.sub(REDACTED_TIPS_PATH, text)
    text = _QUERY.sub(r"\1", text)
    text = _IPV6.sub(_replace_if_address, text)
    return _IPV4.sub(_replace_if_address, text)


class PrivacyFilter(logging.Filter):
    """Redacts every record passing through a handler (never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_privacy_redacted", False):
            return True  # a second handler sees the record already cleaned
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # a broken format string: keep the raw text
            message = str(record.msg)
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        if hasattr(record, "request"):
            record.request = None
        record._privacy_redacted = True
        return True


class OncePerMinuteFilter(logging.Filter):
    """Let one record through per minute, saying how many were held back.

    django-redis logs every cache call it answered as a miss while Redis was
    unreachable (settings DJANGO_REDIS_LOGGER): several per request. An outage
    should read as one line, then one a minute while it lasts, in each process.
    The first record of an outage (none in the minute before) keeps its
    traceback, which says what failed; the later ones do not.
    """

    INTERVAL = 60.0

    def __init__(self, name: str = ""):
        super().__init__(name)
        self.last_seen = float("-inf")
        self.reported_at = float("-inf")
        self.held_back = 0

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.time()  # the wall clock: tests move it (time-machine)
        new_outage = now - self.last_seen > self.INTERVAL
        self.last_seen = now
        if new_outage:
            record.msg = "Redis failing: cache calls are answered as misses and the site runs on the database"
            record.args = ()
        elif now - self.reported_at < self.INTERVAL:
            self.held_back += 1
            return False
        else:
            record.msg = "Redis still failing: %d more cache calls answered as misses in the last minute"
            record.args = (self.held_back,)
            record.exc_info = record.exc_text = None
        self.reported_at = now
        self.held_back = 0
        return True
