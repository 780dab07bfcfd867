# ruff: noqa: T201 - a command-line tool: printing is its output
"""CPU time of one tip submission, in-process: `python bench/tips_cpu.py`.

The latencies of bench/tips_bench.py grow with whatever else the machine
runs; the CPU time a submission costs does not. This measures it in one
process, with the settings tips_bench.py gives gunicorn (production
settings, SQLite, the production Argon2id parameters of base.py), in a
database of its own under bench/tmp/tips-cpu/: each round GETs /tips/,
solves the proof of work (not timed: the browser's work), and POSTs the form
with the same 2 MB JPEG as the bench (django.test.Client). The POST is timed
with time.process_time (this process's CPU, user + system), as is the GET.

    python bench/tips_cpu.py [--rounds 15] [--cprofile FILE]
        -> JSON: CPU ms per POST and per GET, each round and the median;
           --cprofile: one more submission under cProfile, stats in FILE.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402 - bench/ is a folder of scripts, not a package
import tips_bench  # noqa: E402

TMP = run.TMP / "tips-cpu"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--cprofile", help="write cProfile stats of one more submission here")
    args = parser.parse_args()

    if TMP.exists():
        shutil.rmtree(TMP)
    (TMP / "var").mkdir(parents=True)
    (TMP / "media").mkdir()
    env = dict(
        tips_bench.tips_env(run.base_env(), smtp_port=1),
        SQLITE_PATH=str(TMP / "tips.sqlite3"), DJANGO_VAR_DIR=str(TMP / "var"), DJANGO_MEDIA_ROOT=str(TMP / "media"),
    )
    os.environ.clear()
    os.environ.update(env)
    os.chdir(run.ROOT)
    sys.path.insert(0, str(run.ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    if not (run.ROOT / "staticfiles" / "staticfiles.json").exists():
        call_command("collectstatic", verbosity=0, interactive=False)
    exec(tips_bench.SETUP_CODE)  # noqa: S102 - the bench's own set-up code, the same unit
    photo = tips_bench.photo_jpeg()
    client = Client(HTTP_HOST="127.0.0.1")

    def submit(number: int) -> tuple[float, float]:
        started = time.process_time()
        page = client.get("/tips/").content.decode()
        get_ms = (time.process_time() - started) * 1000
        token = re.search(r'data-challenge="([0-9a-f]+)"', page).group(1)
        bits = int(re.search(r'data-bits="(\d+)"', page).group(1))
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {
            "csrfmiddlewaretoken": csrf, "category": "dealing", "area": "", "place": "bench", "when": "bench",
            "description": f"bench tip {number}", "contact": "", "website": "", "captcha": "",
            "challenge": token, "pow_nonce": tips_bench.solve(token, bits),
        }
        upload = _upload(photo)
        started = time.process_time()
        response = client.post("/tips/", {**fields, "attachments": upload})
        post_ms = (time.process_time() - started) * 1000
        assert response.status_code == 200 and b"tips-receipt" in response.content, response.status_code
        return post_ms, get_ms

    submit(0)  # one-time work (imports, templates) out of the picture
    posts, gets = [], []
    for number in range(1, args.rounds + 1):
        post_ms, get_ms = submit(number)
        posts.append(post_ms)
        gets.append(get_ms)
    if args.cprofile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        submit(args.rounds + 1)
        profiler.disable()
        profiler.dump_stats(args.cprofile)
    with open("/proc/loadavg") as loadavg:
        load_average = loadavg.read().split()[:3]
    print(json.dumps({
        "argon2": {"time_cost": settings.TIPS_ARGON2_TIME_COST, "memory_kib": settings.TIPS_ARGON2_MEMORY_KIB},
        "photo_bytes": len(photo),
        "post_cpu_ms": [round(x, 1) for x in posts],
        "post_cpu_ms_median": round(statistics.median(posts), 1),
        "get_cpu_ms_median": round(statistics.median(gets), 1),
        "load_average_at_end": load_average,
    }, indent=2))
    return 0


def _upload(photo: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg")


if __name__ == "__main__":
    sys.exit(main())
