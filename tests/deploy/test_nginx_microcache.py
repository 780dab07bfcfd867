"""The optional nginx microcache, run for real: Debian's nginx with
libnginx-mod-http-cache-purge, configured from site/nginx.conf.example and
site/nginx-microcache.conf.example (only ports and paths changed, and the
lines marked "microcache" switched on), over TLS in front of gunicorn as
deployed (site/gunicorn.conf.py, production settings). A publish and an
unpublish go through Wagtail in another process, as an editor's or the
scheduled publisher's would, with FRONTEND_CACHE_PURGE_URL pointing at the
purge listener; a visitor sees the new state on the very next request.
"""

import gzip
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from core import plugins

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
OPENSSL = shutil.which("openssl")
HOST = "jdb.example.cn"
PAGE = "/campaign-month/"
TITLE = "南城禁毒宣传月"
NEW_TITLE = "南城禁毒宣传月（已更新）"
MISSING = [name for name, found in (("nginx", NGINX), ("libnginx-mod-http-cache-purge", PURGE_MODULE.exists()),
                                    ("openssl", OPENSSL)) if not found]
needs_nginx = pytest.mark.skipif(
    bool(MISSING) and not os.environ.get("CI"),
    reason=f"not installed: {', '.join(MISSING)} (apt-get install nginx libnginx-mod-http-cache-purge openssl)",
)
# The site behind nginx is always a SQLite one of its own (as in
# tests/core/test_moment_gunicorn.py), so the PostgreSQL run of the suite would
# only repeat the SQLite run's check: it is left to that run.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs its own SQLite site; checked in the SQLite run",
)

SETUP = f"""
from django.contrib.auth import get_user_model
from wagtail.models import Site
from education.models import ArticlePage
from tests.utils import add_page, make_site
home = make_site()
Site.objects.update(hostname="{HOST}", port=443)
add_page(home, ArticlePage, "{TITLE}", slug="campaign-month")
get_user_model().objects.create_superuser("editor", password=__import__("os").environ["EDITOR_PASSWORD"])
"""
PUBLISH = f"""
from education.models import ArticlePage
page = ArticlePage.objects.get(slug="campaign-month")
page.title = "{NEW_TITLE}"
page.save_revision().publish()
"""
UNPUBLISH = """
from education.models import ArticlePage
ArticlePage.objects.get(slug="campaign-month").unpublish()
"""


def test_the_sample_keys_on_the_query_parameters_the_site_registers():
    """A parameter a page reads but nginx's key leaves out would give every
    visitor the first one's page (?page=2 for ?page=3); one nginx keys on but
    the site drops would split the cache for nothing."""
    sample = (SITE / "nginx-microcache.conf.example").read_text()
    registered = set(plugins.query_params())
    key = re.search(r"map \$uri \$jdb_cache_key \{\s*default \"([^\"]+)\";", sample).group(1)
    assert set(re.findall(r"\$arg_(\w+)", key)) == registered
    ambiguous = re.search(r"map \$args \$jdb_args_ambiguous \{(.*?)\n\}", sample, re.S).group(1)
    lists = re.findall(r"\(\?i:([\w|]+)\)|\(\?!\(\?:([\w|]+)\)|\(([\w|]+)\)=", ambiguous)
    assert len(lists) == 3
    for names in lists:
        listed = next(n for n in names if n)
        assert set(listed.split("|")) == registered, listed


# ------------------------------------------------------------------ the real thing
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nginx_config(folder: Path, ports: dict) -> Path:
    """The two samples as an operator installs them, with this test's ports
    and paths, inside a minimal nginx.conf like Debian's own."""
    site = (SITE / "nginx.conf.example").read_text()
    site = re.sub(r"^(\s*)#(\S.*# microcache)$", r"\1\2", site, flags=re.M)
    assert site.count("# microcache") == 6, "the sample's microcache lines changed: update this test"
    site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.M)  # no IPv6 needed here
    site = site.replace("listen 80", f"listen 127.0.0.1:{ports['http']}")
    site = site.replace("listen 443", f"listen 127.0.0.1:{ports['https']}")
    site = site.replace("127.0.0.1:8000", f"127.0.0.1:{ports['gunicorn']}")
    site = site.replace(f"/etc/nginx/ssl/{HOST}.fullchain.pem", str(folder / "cert.pem"))
    site = site.replace(f"/etc/nginx/ssl/{HOST}.key", str(folder / "key.pem"))
    for path in ("/var/log/nginx/", "/srv/jdb/", "/var/www/acme"):
        site = site.replace(path, str(folder / path.strip("/").replace("/", "-")) + ("/" if path.endswith("/") else ""))
        (folder / path.strip("/").replace("/", "-")).mkdir(exist_ok=True)
    microcache = (SITE / "nginx-microcache.conf.example").read_text()
    microcache = microcache.replace("/var/cache/nginx/jdb", str(folder / "cache"))
    microcache = microcache.replace("127.0.0.1:8081", f"127.0.0.1:{ports['purge']}")
    (folder / "jdb.conf").write_text(site)
    (folder / "jdb-microcache.conf").write_text(microcache)
    temp_paths = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                                  "uwsgi", "scgi"))
    # As root, nginx's workers would switch to "nobody", who cannot write
    # under the test's private temp folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(
        f"load_module {PURGE_MODULE};\n{user}pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n{temp_paths}\n"
        f"    include {folder / 'jdb-microcache.conf'};\n    include {folder / 'jdb.conf'};\n}}\n"
    )
    return main


def _wait_for_port(port: int, process, log: Path, seconds=120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"port {port} never opened:\n{log.read_text()[-3000:]}")


def _stop(process) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Visitor:
    """The site as a visitor reaches it: HTTPS to nginx, with SNI and the
    certificate checked, accepting gzip as browsers do."""

    def __init__(self, folder: Path, ports: dict, env: dict):
        self.ports = ports
        self.env = env
        self.tls = ssl.create_default_context(cafile=str(folder / "cert.pem"))

    def get(self, path, method="GET", headers=None, body=None):
        raw = socket.create_connection(("127.0.0.1", self.ports["https"]), timeout=30)
        conn = http.client.HTTPConnection(HOST, self.ports["https"], timeout=30)
        conn.sock = self.tls.wrap_socket(raw, server_hostname=HOST)
        conn.request(method, path, body=body, headers={"Host": HOST, "Accept-Encoding": "gzip", **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        if response.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        response.text = data.decode("utf-8", "replace")
        return response

    def manage(self, script: str, **env) -> None:
        subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env={**self.env, **env},
                       check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_sqlite):
    if MISSING:
        pytest.fail(f"CI needs {', '.join(MISSING)}: .ci/run installs them")
    folder = tmp_path_factory.mktemp("nginx")
    ports = {name: _free_port() for name in ("gunicorn", "http", "https", "purge")}
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        TIPS_RECEIPT_SECRET=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        SQLITE_PATH=str(migrated_sqlite(folder / "db.sqlite3")),
        DJANGO_VAR_DIR=str(folder / "var"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        GUNICORN_BIND=f"127.0.0.1:{ports['gunicorn']}",
        GUNICORN_WORKERS="2",
        EDITOR_PASSWORD=secrets.token_urlsafe(16),
    )
    visitor = Visitor(folder, ports, env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=600)
    visitor.manage(SETUP)
    # From here on, every publish purges through nginx, as in /etc/jdb/env.
    env["FRONTEND_CACHE_PURGE_URL"] = f"http://127.0.0.1:{ports['purge']}"

    gunicorn_log = folder / "gunicorn.log"
    with open(gunicorn_log, "wb") as out:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "site/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    conf = _nginx_config(folder, ports)
    nginx_log = folder / "error.log"
    nginx_log.touch()
    nginx = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", str(nginx_log), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        _wait_for_port(ports["gunicorn"], gunicorn, gunicorn_log)
        _wait_for_port(ports["https"], nginx, nginx_log)
        _wait_for_port(ports["purge"], nginx, nginx_log)
        visitor.admin_password = env["EDITOR_PASSWORD"]
        yield visitor
    finally:
        _stop(nginx)
        _stop(gunicorn)


def _cache(response) -> str:
    return response.getheader("X-Cache-Status")


@needs_nginx
def test_a_page_comes_from_nginx_the_second_time_whatever_junk_follows(site):
    first = site.get(PAGE)
    assert first.status == 200 and TITLE in first.text
    assert _cache(first) in ("MISS", "EXPIRED")
    again = site.get(PAGE)
    assert _cache(again) == "HIT" and again.text == first.text
    for junk in ("utm_source=wechat", "utm_source=x&fbclid=abc", "from=timeline&isappinstalled=0"):
        hit = site.get(f"{PAGE}?{junk}")
        assert _cache(hit) == "HIT", junk
        assert hit.text == first.text, junk


@needs_nginx
def test_a_registered_query_parameter_gets_its_own_entry(site):
    searches = {}
    for word in ("冰毒", "大麻"):
        found = site.get("/search/?" + urlencode({"q": word}))
        assert found.status == 200
        assert _cache(found) in ("MISS", "EXPIRED"), word
        assert f'value="{word}"' in found.text, "the results page shows another search's words"
        searches[word] = found.text
    for word, text in searches.items():
        again = site.get("/search/?" + urlencode({"q": word, "utm_source": "x"}))
        assert _cache(again) == "HIT" and again.text == text

    site.get(PAGE)
    second = site.get(f"{PAGE}?page=2")
    assert _cache(second) in ("MISS", "EXPIRED")
    assert _cache(site.get(f"{PAGE}?utm_medium=y&page=2")) == "HIT"


# (request that could plant a page, a later visitor's query, what the visitor
# must see, what they must not): nginx's $arg_q matches "Q" too and takes the
# first of two values, and leaves "%71" (q) undecoded; Django does the opposite.
PLANTED = [
    ("Q=" + quote("海洛因"), "q=" + quote("海洛因"), 'value="海洛因"', None),
    (f"q={quote('摇头丸')}&q={quote('氯胺酮')}", f"q={quote('摇头丸')}", 'value="摇头丸"', "氯胺酮"),
    (f"%71={quote('可卡因')}", "utm_source=x", "", "可卡因"),
]


@needs_nginx
@pytest.mark.parametrize(("planted", "query", "shown", "not_shown"), PLANTED, ids=["case", "twice", "escaped"])
def test_a_query_nginx_reads_otherwise_than_the_site_plants_no_page_for_others(site, planted, query, shown, not_shown):
    """Such a request goes to the site and is not stored: stored, it would sit
    under another query's key and show its search to the next visitor."""
    assert _cache(site.get(f"/search/?{planted}")) == "BYPASS"
    seen = site.get(f"/search/?{query}")
    assert shown in seen.text
    assert not_shown is None or not_shown not in seen.text, f"another visitor's search was served ({_cache(seen)})"


@needs_nginx
def test_a_logged_in_editor_is_never_served_from_nor_stored_in_the_cache(site):
    site.get(PAGE)
    anonymous = site.get(PAGE)
    assert _cache(anonymous) == "HIT"

    login = site.get("/admin/login/")
    cookies = SimpleCookie()
    for header in login.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    form = urlencode({"username": "editor", "password": site.admin_password, "csrfmiddlewaretoken": token})
    logged_in = site.get("/admin/login/", method="POST", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Referer": f"https://{HOST}/admin/login/",
        "Cookie": f"csrftoken={cookies['csrftoken'].value}",
    })
    assert logged_in.status == 302, logged_in.text[:500]
    for header in logged_in.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    assert "sessionid" in cookies
    session = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

    for _ in range(2):
        editor = site.get(PAGE, headers={"Cookie": session})
        assert _cache(editor) == "BYPASS"
        assert "wagtail-userbar" in editor.text, "the editor is not shown the Wagtail bar on the page"
    after = site.get(PAGE)
    assert _cache(after) == "HIT"
    assert "wagtail-userbar" not in after.text, "an editor's page was served to a visitor"


@needs_nginx
def test_a_publish_and_an_unpublish_reach_visitors_at_once(site):
    site.get(PAGE)
    assert _cache(site.get(PAGE)) == "HIT"
    assert _cache(site.get(f"{PAGE}?utm_source=x")) == "HIT"

    site.manage(PUBLISH)
    published = site.get(PAGE)
    assert published.status == 200
    assert NEW_TITLE in published.text, f"nginx still serves the old page ({_cache(published)})"
    assert _cache(published) == "MISS"
    assert NEW_TITLE in site.get(f"{PAGE}?utm_source=x").text

    site.manage(UNPUBLISH)
    gone = site.get(PAGE)
    assert gone.status == 404, f"nginx still serves the unpublished page ({_cache(gone)})"
    assert site.get(f"{PAGE}?utm_source=x").status == 404
