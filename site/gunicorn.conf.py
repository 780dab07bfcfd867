"""gunicorn settings for the site (site/DEPLOY.md).

Run from the project folder:

    .venv/bin/gunicorn -c site/gunicorn.conf.py config.wsgi

Every value can be changed through the environment (systemd reads
/etc/jdb/env, see site/env.example), so this file is the same on every node.
"""

import multiprocessing
import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

# ------------------------------------------------------------------ socket
# nginx on the same machine proxies to this address (site/nginx.conf.example).
# Behind a load balancer, bind to the private interface, e.g. 10.0.0.11:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Only nginx may tell us the original scheme (X-Forwarded-Proto, which Django
# trusts through SECURE_PROXY_SSL_HEADER). On scale-out nodes add the load
# balancer's address: GUNICORN_FORWARDED_ALLOW_IPS=127.0.0.1,10.0.0.2
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# ------------------------------------------------------------------ workers
# Sync workers: the site is plain request/response Django; slow clients are
# buffered by nginx, so a worker is never held by a slow network.
# 2 * cores + 1 is gunicorn's rule of thumb; capped at 12 because every worker
# holds its own database connection and memory (~150 MB with Wagtail), and with
# SQLite more writers only wait longer for the lock.
worker_class = "sync"
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 12)))

# A request that takes longer than this is killed and logged; the heavy jobs
# (exports, certificates in bulk, image renditions in bulk) run in the django-q
# worker, not in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On reload or stop, a worker may finish the request in hand for this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = 5

# Workers are not recycled after N requests (0 = never). A restarted Wagtail
# worker spends about a second re-warming (the code is preloaded, but its
# database connection, templates, per-process lookups and the search
# dictionary are rebuilt), and with max_requests = 1000 each worker restarted
# about once a second under a 6·26 rush: throughput halved and p99 went from
# ~11 ms to ~500 ms (`make bench`). Memory stays bounded without it: cached
# pages and fragments live in the file cache or Redis, and what a worker keeps
# for itself (sites, locales, segmentation dictionary) is small and does not
# grow with traffic. To recycle anyway, use a large value such as
# GUNICORN_MAX_REQUESTS=50000; the jitter spreads the restarts so that the
# workers never restart at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 5000))

# Load Django once in the master and fork: faster start, shared memory pages.
# Django opens database connections lazily, per request, so no connection is
# shared between the forked workers. (With preload, `systemctl reload` (HUP)
# does not load new code: use `systemctl restart` after an upgrade.)
preload_app = True

# Request line and header limits: gunicorn's defaults, written down.
limit_request_line = 4094
limit_request_fields = 100

# ------------------------------------------------------------------ logging
# Tipsters must stay anonymous (tips/). An access log line with the client
# address, the query string, the referrer or the user agent, next to the time
# of a tip's submission, could identify the person who sent it, and logs are
# copied, rotated and kept far longer than anyone remembers. So:
#   - the format has no %(h)s (client address), no X-Forwarded-For, no
#     referrer, no user agent, and %(U)s (path without the query string)
#     instead of %(r)s (full request line, which includes the query);
#   - requests for the tips pages (/tips/..., /en/tips/..., /zh-hant/tips/...)
#     are not logged at all (AnonymousAccessLogger below);
#   - the access log is off unless GUNICORN_ACCESSLOG is set ("-" = stdout,
#     i.e. the journal, or a file path). nginx does the same for /tips/
#     (`access_log off;`), see site/nginx.conf.example.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# The error log is redacted by the same filter as Django's logs: gunicorn
# writes "Invalid request from ip=<address>: <request line>" for malformed
# requests, and the request line carries the query string. A tips path, with
# its query, becomes "[tips]" there: which tips page was asked for, at a
# logged time, is itself a trace. core/logging.py uses the standard library
# only, so it can be imported here, before Django is set up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.logging import PrivacyFilter, is_tips_path  # noqa: E402


class AnonymousAccessLogger(Logger):
    """gunicorn's logger, minus any access log line for the tips pages, and
    with addresses and query strings redacted from the error log."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, PrivacyFilter) for f in self.error_log.filters):
            self.error_log.addFilter(PrivacyFilter())

    def access(self, resp, req, environ, request_time):
        if is_tips_path(environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)


logger_class = AnonymousAccessLogger

proc_name = "jdb-web"
# Worker heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicorn >= 25.1 opens a control socket in $HOME/.gunicorn/ by default; the
# service user's home is read-only under systemd's ProtectSystem=strict and
# systemctl already manages the process, so it is off unless a path is given
# (e.g. GUNICORN_CONTROL_SOCKET=/run/jdb/gunicorn.ctl). Older gunicorn ignores
# both names.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
