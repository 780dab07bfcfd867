# ruff: noqa: T201 - a command-line tool: printing is its output
"""Tips benchmark: `bench/run.py --only tips` (alone), or part of `make bench`.

Real HTTP against gunicorn started exactly as run.py starts the site
(site/gunicorn.conf.py, production settings, SQLite), in its own throwaway
database under bench/tmp/tips/ so the page benchmarks are not affected.

Each client thread does what a browser does: GET /tips/ (CSRF cookie, the
proof-of-work challenge), solves the proof of work by the documented scheme
(a decimal nonce such that sha256(challenge + ":" + nonce) starts with
`bits` zero bits; bits is read from the page), and POSTs the form with a
2 MB JPEG photo. TIPS_POW_BITS is lowered to BENCH_TIPS_POW_BITS (12) through
the environment (config/settings/base.py reads it), so the clients' hashing
does not eat the server's CPU: the server's cost to check a solution is one
hash whatever the difficulty.

The django-q worker is NOT running during the load; the announcements queue
up. Afterwards the worker (manage.py qcluster) is started and we wait until
every stored tip is announced (a local SMTP sink counts the notices). Then
every receipt the server acknowledged opens its tip as the status page does
(find_tip, the server's own code, manage.py shell) to prove the tip was stored.

Keys:
- tips_submit_p95_ms / tips_submit_p50_ms: the POST with the 2 MB photo,
  from request to the page with the receipt;
- tips_submit_rps: acknowledged submissions per second over the run;
- tips_submit_cpu_ms: the gunicorn workers' CPU time per acknowledged
  submission (its GET included), read from /proc: what a submit costs the
  server whatever else the machine runs, unlike the latencies;
- tips_lost: acknowledged (a receipt shown) but not stored, or stored but
  not announced once the worker ran: must be 0.
"""

import http.client
import io
import json
import os
import re
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from hashlib import sha256
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402 - bench/ is a folder of scripts, not a package

TIPS_TMP = run.TMP / "tips"
POW_BITS = os.environ.get("BENCH_TIPS_POW_BITS", "12")
PHOTO_BYTES = 2 * 1024 * 1024
ANNOUNCE_TIMEOUT = 240

SETUP_CODE = """
from tips.keys import create_unit
from tips.models import PoliceUnit
if not PoliceUnit.objects.filter(code="bench").exists():
    create_unit("bench", "Bench police unit", email="unit@bench.invalid", default=True)
"""

# Each receipt opens its tip as the status page opens it (find_tip: the
# lookup and the tipster's key), so a tip stored but unreadable counts as lost.
VERIFY_CODE = """
import json
from tips.models import Tip
from tips.services import find_tip
receipts = json.load(open(r"{path}"))
missing = [r for r in receipts if find_tip(r)[0] is None]
print(json.dumps({{"checked": len(receipts), "missing": len(missing), "tips": Tip.objects.count()}}))
"""


# ---------------------------------------------------------------- a mail server that only counts
class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 bench smtp sink\r\n")
        in_data = False
        while True:
            line = self.rfile.readline()
            if not line:
                return
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    self.server.messages += 1
                    self.wfile.write(b"250 ok\r\n")
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-bench\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.messages = 0
        threading.Thread(target=self.serve_forever, daemon=True).start()


# ---------------------------------------------------------------- the client
def photo_jpeg(size=PHOTO_BYTES) -> bytes:
    """A camera-sized JPEG of about 2 MB (noise compresses badly, like a photo)."""
    from PIL import Image

    side = 1200
    while True:
        image = Image.frombytes("RGB", (side, side * 3 // 4), os.urandom(side * (side * 3 // 4) * 3))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90)
        if out.tell() >= size * 0.95:
            return out.getvalue()
        side += 200


def solve(token: str, bits: int) -> str:
    """The documented proof of work (tips/antispam.py, static/js/pow.js)."""
    nonce = 0
    while True:
        digest = sha256(f"{token}:{nonce}".encode()).digest()
        value = int.from_bytes(digest, "big")
        if value >> (256 - bits) == 0:
            return str(nonce)
        nonce += 1


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(str(value).encode() + b"\r\n")
    for name, (filename, data, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Tipster:
    def __init__(self, port: int, photo: bytes):
        self.port = port
        self.photo = photo
        self.cookies: dict[str, str] = {}

    def _request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            headers = {"Host": "127.0.0.1", **(headers or {})}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            conn.close()

    def submit(self, number: int) -> tuple[float, str | None, int]:
        """(seconds for the POST, receipt or None, HTTP status)."""
        status, page = self._request("GET", "/tips/")
        if status != 200:
            return 0.0, None, status
        token = re.search(r'data-challenge="([0-9a-f]+)"', page).group(1)
        bits = int(re.search(r'data-bits="(\d+)"', page).group(1))
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {
            "csrfmiddlewaretoken": csrf, "category": "dealing", "area": "", "place": "bench",
            "when": "bench", "description": f"bench tip {number} {uuid.uuid4().hex}", "contact": "",
            "website": "", "captcha": "", "challenge": token, "pow_nonce": solve(token, bits),
        }
        body, content_type = multipart(fields, {"attachments": ("photo.jpg", self.photo, "image/jpeg")})
        started = time.perf_counter()
        status, page = self._request("POST", "/tips/", body, {"Content-Type": content_type})
        elapsed = time.perf_counter() - started
        found = re.search(r'class="tips-receipt"[^>]*><strong>([\d-]+)</strong>', page)
        return elapsed, (found.group(1).replace("-", "") if status == 200 and found else None), status


def load(port: int, clients: int, duration: float, photo: bytes) -> dict:
    latencies, receipts, failures = [], [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    counter = iter(range(10**9))

    def worker():
        tipster = Tipster(port, photo)
        while time.monotonic() < stop_at:
            try:
                elapsed, receipt, status = tipster.submit(next(counter))
            except (OSError, http.client.HTTPException, AttributeError) as error:
                with lock:
                    failures.append(repr(error))
                continue
            with lock:
                if receipt:
                    latencies.append(elapsed)
                    receipts.append(receipt)
                else:
                    failures.append(f"HTTP {status}")

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    latencies.sort()

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1) if latencies else None

    return {
        "acknowledged": len(receipts), "failures": len(failures), "failure_samples": failures[:5],
        "rps": round(len(receipts) / wall, 2), "p50_ms": pct(0.50), "p95_ms": pct(0.95), "wall_seconds": round(wall, 1),
        "receipts": receipts,
    }


def workers_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) the gunicorn workers of this master have used
    so far, from /proc. Unlike the latency it does not grow when other
    programs share the CPU, so it shows what a submit costs the server on a
    loaded machine too."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # ppid; then utime and stime are fields 12 and 13
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def unannounced(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db, timeout=30) as conn:
        total = conn.execute("SELECT COUNT(*) FROM tips_tip").fetchone()[0]
        waiting = conn.execute("SELECT COUNT(*) FROM tips_tip WHERE announced = 0").fetchone()[0]
    return total, waiting


# ---------------------------------------------------------------- the run
def tips_env(base: dict[str, str], smtp_port: int) -> dict[str, str]:
    return dict(
        base,
        SQLITE_PATH=str(TIPS_TMP / "tips.sqlite3"),
        DJANGO_VAR_DIR=str(TIPS_TMP / "var"),
        DJANGO_MEDIA_ROOT=str(TIPS_TMP / "media"),
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(smtp_port),
        TIPS_POW_BITS=POW_BITS,
    )


def bench(base: dict[str, str], duration: float = 30, clients: int = 4) -> dict:
    """Set up, load, start the worker, check; returns the tips_* keys."""
    import shutil

    smtp = SmtpSink()
    env = tips_env(base, smtp.server_address[1])
    if TIPS_TMP.exists():
        shutil.rmtree(TIPS_TMP)
    (TIPS_TMP / "var").mkdir(parents=True)
    (TIPS_TMP / "media").mkdir()
    manage = [run.PYTHON, "manage.py"]
    print("tips: setup (bench/tmp/tips/):", flush=True)
    run.run_step([*manage, "migrate", "--noinput"], env, "tips/migrate")
    if not (run.ROOT / "staticfiles" / "staticfiles.json").exists():
        run.run_step([*manage, "collectstatic", "--noinput"], env, "tips/collectstatic")
    run.run_step([*manage, "shell", "-c", SETUP_CODE], env, "tips/setup")

    print(f"tips: load, worker stopped ({clients} clients, {duration:.0f} s, 2 MB photo, "
          f"proof of work {POW_BITS} bits):", flush=True)
    proc, port = run.start_gunicorn("config.wsgi:application", env, "tips")
    photo = photo_jpeg()
    try:
        cpu_before = workers_cpu_seconds(proc.pid)
        result = load(port, clients, duration, photo)
        cpu_used = workers_cpu_seconds(proc.pid) - cpu_before
    finally:
        run.stop_gunicorn(proc)
    with open("/proc/loadavg") as loadavg:
        load_average = float(loadavg.read().split()[0])
    db = TIPS_TMP / "tips.sqlite3"
    stored, waiting_before = unannounced(db)
    print(f"  acknowledged {result['acknowledged']}, stored {stored}, waiting for the worker {waiting_before}, "
          f"failures {result['failures']} {result['failure_samples']}", flush=True)

    print("tips: worker started, waiting for the announcements:", flush=True)
    worker = subprocess.Popen(
        [*manage, "qcluster"], cwd=run.ROOT, env=env, stdout=open(TIPS_TMP / "qcluster.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT, start_new_session=True,
    )
    run._children.append(worker)
    started = time.monotonic()
    try:
        waiting = waiting_before
        while waiting and time.monotonic() - started < ANNOUNCE_TIMEOUT:
            time.sleep(2)
            _, waiting = unannounced(db)
        announce_seconds = round(time.monotonic() - started, 1)
    finally:
        run.stop_gunicorn(worker)
    print(f"  {waiting} still unannounced after {announce_seconds} s; {smtp.messages} notices received", flush=True)

    receipts_file = TIPS_TMP / "receipts.json"
    receipts_file.write_text(json.dumps(result["receipts"]))
    out = run.run_step(
        [*manage, "shell", "-c", VERIFY_CODE.format(path=receipts_file)], env, "tips/verify", timeout=1800
    )
    verify = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    smtp.shutdown()
    lost = verify["missing"] + waiting
    return {
        "tips_submit_p50_ms": result["p50_ms"],
        "tips_submit_p95_ms": result["p95_ms"],
        "tips_submit_rps": result["rps"],
        # Server CPU per acknowledged submit (GET of the form included): the
        # figure to compare when others load the machine (README "Performance").
        "tips_submit_cpu_ms": (
            round(cpu_used * 1000 / result["acknowledged"], 1) if result["acknowledged"] else None
        ),
        "tips_lost": lost,
        "tips_details": {
            "acknowledged": result["acknowledged"],
            "stored": stored,
            "receipts_not_found": verify["missing"],
            "unannounced_when_worker_started": waiting_before,
            "unannounced_at_end": waiting,
            "seconds_to_announce_after_worker_start": announce_seconds,
            "notices_received": smtp.messages,
            "failed_submissions": result["failures"],
            "failure_samples": result["failure_samples"],
            "clients": clients,
            "duration_seconds": duration,
            "photo_bytes": len(photo),
            "pow_bits": int(POW_BITS),
            "wall_seconds": result["wall_seconds"],
            "load_average_1min_after_load": load_average,
        },
    }


def main(duration: float = 30, clients: int = 4) -> int:
    """Alone (`bench/run.py --only tips`): figures printed and written to
    bench/tmp/tips/results.json; bench/results.json is left alone."""
    try:
        figures = bench(run.base_env(), duration, clients)
    finally:
        run.stop_all()
    (TIPS_TMP / "results.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    print(f"\n  [{'ok' if figures['tips_lost'] == 0 else 'FAIL'}] tips_lost == 0 (measured {figures['tips_lost']})")
    return 0 if figures["tips_lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
