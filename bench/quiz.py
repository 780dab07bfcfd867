# ruff: noqa: T201 - a command-line tool: printing is its output
"""The class-quiz benchmark: a synchronised class start over real HTTP.

    python bench/quiz.py [--students N] [--think 5,25] [--skip-setup]
    python bench/run.py --only quiz        (the same, from the main benchmark)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_quiz python bench/quiz.py

A fresh SQLite database under bench/tmp-quiz/ (git-ignored; its own folder, so
it never disturbs a main benchmark running from bench/tmp/) and 500 students;
or, when DATABASE_URL names a PostgreSQL database (created if missing, its
tables migrated, earlier runs left in it), 2,000 students. Then the site under
gunicorn as bench/run.py starts it (site/gunicorn.conf.py, production
settings) but with the conf's own worker count unless ``--workers`` says
otherwise, and N simulated students, one thread each, with their own cookies:

1. each opens the join page and joins (code and nickname) at a random moment
   within the first 10 s (``quiz_join_p95_ms``: page and join together);
   TYPISTS of them (``--typists``) first type a wrong code twice, as a class
   does, and every request comes as nginx passes it on: from 127.0.0.1 with
   one school address in X-Forwarded-For (``quiz_join_typo_p95_ms``: the
   whole class's joins, the typists' three posts each included;
   ``quiz_join_refused``: joins refused with 429, which must be none);
2. all wait for the last one, then open the paper together: the synchronised
   start (``quiz_start_p95_ms``; all 20 questions come with the first one);
3. each answers the questions one by one as the page's script does (think
   time, a POST of the answer; the next question is shown in place), then
   hands in from the paper's last section (shown in place too) and opens
   the result page.

The start crowd (``--classes 50``, the school of issue 15): 2,000 students in
50 classes of 40, each class with its own run and code, one school address
for all. As the teacher's guide advises, the runs start JOIN_BEFORE_S (plus
a margin) after the site is up, and each phone joins at its own moment
before the start, opens the waiting page (its paper is made then) and
reloads it at the start as its script does; then the paper comes:
``quiz_crowd_join_p95_ms`` (join page and post, typists' posts included),
``quiz_crowd_wait_page_p95_ms`` (the waiting page, the paper made with it),
``quiz_crowd_first_question_p95_ms`` (from the start until the paper, first
question readable, has arrived on the phone; also
``quiz_crowd_go_to_question_p95_ms``). With ``--join-at-go``, the old crowd:
nobody joins before the teacher says "go"; then every phone opens the join
page within the time it takes to type six digits and a nickname
(GO_TYPING_S), joins, and opens its paper at once; there the first question
is counted from the join's answer, and go-to-question is both. The answers
then come at the contest's pace as above.

Then the database is counted (answers stored vs expected, duplicate rows),
and, in-process, the XLSX of a run of 5,000 attempts and a PDF of 500
certificates are made through the task function a teacher's request queues.

Keys: quiz_students, quiz_answers_expected, quiz_join_typo_p95_ms, quiz_join_refused, quiz_answers_stored,
quiz_duplicates, quiz_errors, quiz_answer_p95_ms, quiz_start_p95_ms,
quiz_export_s, quiz_certificates_s (plus a few details). Printed as JSON and
written to bench/tmp-quiz/results-quiz.json; bench/run.py merges them into
bench/results.json when it runs the quiz scenario.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import run as main_bench  # noqa: E402  (bench/run.py: the environment, processes and gunicorn)

QUIZ_TMP = BENCH / "tmp-quiz"
JOIN_WINDOW_S = 10.0
# Students of the class who type a wrong code twice before the right one.
TYPISTS = 5
# One school behind one NAT, behind nginx (site/nginx.conf.example sets
# X-Forwarded-For to $proxy_add_x_forwarded_for): the site sees 127.0.0.1 for all.
SCHOOL_ADDRESS = "203.0.113.7"
# Read before bench/run.py's base_env() drops it for the site benchmark, which
# always measures the embedded SQLite set-up.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))
STUDENTS = 2000 if ON_POSTGRESQL else 500
# As deployed, the cache and sessions in Redis when REDIS_URL is given (read
# here for the same reason as DATABASE_URL).
REDIS_URL = os.environ.get("REDIS_URL", "")
# The start crowd: after "go", each phone opens the join page within this
# many seconds (typing the code from the board and a nickname).
GO_TYPING_S = 5.0
# Joining before the start (the default crowd): the teacher shows the code,
# and the school joins within this many seconds before the start; the last
# join leaves the phone this long before it at the latest.
JOIN_BEFORE_S = 120.0
JOIN_LEAD_MARGIN_S = 5.0
SITE_READY_S = 90.0
WARM_UP_REQUESTS = 30


def warm_up(port, code) -> None:
    """A few join pages before the crowd, not timed: each worker's first
    request builds what every later one reads (routes, templates, the
    chrome), which a deployed site did long before a class came. On a busy
    machine that first request took the workers past gunicorn's timeout when
    the crowd came at once."""
    def fetch():
        for _n in range(WARM_UP_REQUESTS // 10):
            try:
                Student(port, 0, None).request("GET", f"/quiz/?code={code}")
            except (OSError, http.client.HTTPException):
                pass
    threads = [threading.Thread(target=fetch) for _n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database ``url`` names when it does not exist."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def quiz_env(tmp: Path) -> dict[str, str]:
    env = main_bench.base_env()
    env.update(SQLITE_PATH=str(tmp / "quiz.sqlite3"), DJANGO_VAR_DIR=str(tmp / "var"),
               DJANGO_MEDIA_ROOT=str(tmp / "media"))
    if ON_POSTGRESQL:
        env["DATABASE_URL"] = DATABASE_URL
    if REDIS_URL:
        env["REDIS_URL"] = REDIS_URL
    return env


def step(args, env, log, tmp, timeout=900) -> str:
    return main_bench.run_step(args, env, log, timeout, log_dir=tmp)


def probe(env, tmp, *args, log) -> dict:
    out = step([main_bench.PYTHON, str(BENCH / "quiz_probe.py"), *args], env, log, tmp)
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


def start_site(env, tmp, workers=None) -> tuple:
    # By default the conf's own worker count (2 x cores + 1), as deployed: a
    # class's requests wait on the database, and fewer workers leave the cores idle.
    return main_bench.start_gunicorn("config.wsgi:application", env, "quiz", log_dir=tmp, workers=workers)


# ---------------------------------------------------------------- a student
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN = re.compile(r'name="(question|seq)" value="(\d+)"')
CHOICE = re.compile(r'name="choice" value="([0-9a-f]+)"')
STARTS_IN = re.compile(r'data-starts-in="(\d+)"')
ACTION = re.compile(r'<form class="quiz-form quiz-question" method="post" action="([^"]+)"')


def paper_items(page: str) -> list[dict]:
    """The questions of a paper page, as its script reads them: each form's
    URL, question number, next sequence number and choice values."""
    items = []
    for part in page.split('<section class="quiz-item"')[1:]:
        action = ACTION.search(part)
        fields = dict(HIDDEN.findall(part))
        if action and "question" in fields:
            items.append({"url": action.group(1), "question": fields["question"], "seq": fields["seq"],
                          "choices": CHOICE.findall(part)})
    return items


class Student:
    """One phone: its own cookies, plain HTTP/1.1 requests like a browser's form posts."""

    def __init__(self, port, number, stats, typos=0):
        self.port, self.name, self.stats, self.typos = port, f"学生{number:04d}", stats, typos
        self.cookies: dict[str, str] = {}

    def request(self, method, path, form=None, accept="text/html"):
        headers = {"Host": "127.0.0.1", "Accept": accept, "Referer": f"http://127.0.0.1{path}",
                   "X-Forwarded-For": SCHOOL_ADDRESS}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        elapsed = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), content, elapsed

    def _wait_for_start(self, location, go_at):
        """The waiting page, reloaded as its script does (at the seconds to
        go it says, up to a second later) until the paper comes: (status,
        paper page). The start's figure is from the run's start until the
        paper has arrived."""
        status, _loc, page, ms = self.request("GET", location)
        with self.stats["lock"]:
            self.stats["wait_page_ms"].append(ms)
        for _reload in range(20):
            starts_in = STARTS_IN.search(page)
            if status != 200 or starts_in is None:
                break
            time.sleep(int(starts_in.group(1)) + random.random())
            status, _loc, page, _ms = self.request("GET", location)
        arrived = time.time()
        if '<section class="quiz-item"' in page:
            with self.stats["lock"]:
                self.stats["start_ms"].append((arrived - go_at) * 1000)
                self.stats["go_ms"].append((arrived - go_at) * 1000)
        return status, page

    def error(self, what):
        with self.stats["lock"]:
            self.stats["errors"].append(f"{self.name}: {what}")

    def run(self, code, barrier, think, crowd=False, go_at=None):
        try:
            self._run(code, barrier, think, crowd, go_at)
        except threading.BrokenBarrierError:
            self.error("another student could not open the join page")
        except (OSError, http.client.HTTPException, AttributeError) as exc:  # counted; the others go on
            self.error(f"{type(exc).__name__}: {exc}")

    def _run(self, code, barrier, think, crowd, go_at):
        if go_at is not None:
            # The class joins while it waits for the start (the teacher set
            # it ahead and showed the code): each phone at its own moment.
            time.sleep(random.uniform(0, max(0.0, go_at - time.time() - JOIN_LEAD_MARGIN_S)))
        elif crowd:
            # The school's "go": every phone at once, after typing the code.
            barrier.wait(timeout=300)
            time.sleep(random.uniform(0, GO_TYPING_S))
        else:
            # Joining: each student at a random moment within the first 10 s.
            time.sleep(random.uniform(0, JOIN_WINDOW_S))
        status, _loc, page, ms = self.request("GET", f"/quiz/?code={code}")
        if status != 200 or not CSRF.search(page):
            self.error(f"join page {status}")
            if not crowd:
                barrier.abort()
            return
        csrf = CSRF.search(page).group(1)
        typed_ms = 0.0
        for _typo in range(self.typos):
            wrong = f"{(int(code) + 1) % 1_000_000:06d}"  # a slip of the last digit
            status, _loc, _page, post_ms = self.request("POST", "/quiz/", {"csrfmiddlewaretoken": csrf, "code": wrong,
                                                                            "name": self.name})
            typed_ms += post_ms
            if status != 404:
                with self.stats["lock"]:
                    self.stats["refused" if status == 429 else "errors"].append(f"{self.name}: typo {status}")
        status, location, _page, post_ms = self.request("POST", "/quiz/", {"csrfmiddlewaretoken": csrf, "code": code,
                                                                          "name": self.name})
        joined_ms = ms + typed_ms + post_ms
        with self.stats["lock"]:
            self.stats["join_typo_ms" if self.typos else "join_ms"].append(joined_ms)
            if status == 429:
                self.stats["refused"].append(f"{self.name}: join 429")
        if status != 302 or "/q/1/" not in location:
            self.error(f"join {status}")
            if not crowd:
                barrier.abort()
            return
        token = location.split("/quiz/a/", 1)[1].split("/", 1)[0]
        # The start: when the last has joined, every phone opens the paper at
        # once (the whole paper comes with the first question; the script
        # sends each answer in the background and shows the next question in
        # place). In the crowd each phone follows its join's redirect at once.
        if go_at is not None:
            status, page = self._wait_for_start(location, go_at)
        else:
            if not crowd:
                barrier.wait(timeout=300)
            status, _loc, page, ms = self.request("GET", location)
            with self.stats["lock"]:
                self.stats["start_ms"].append(ms)
                self.stats["go_ms"].append(joined_ms + ms)
        items = paper_items(page)
        if status != 200 or len(items) != 20 or not CSRF.search(page):
            self.error(f"paper {status}, {len(items)} questions")
            return
        csrf = CSRF.search(page).group(1)
        for position, item in enumerate(items, start=1):
            time.sleep(random.uniform(*think))
            form = {"csrfmiddlewaretoken": csrf, "question": item["question"], "seq": item["seq"],
                    "choice": [random.choice(item["choices"])], "go": "next"}
            status, _loc, body, ms = self.request("POST", item["url"], form, accept="application/json")
            with self.stats["lock"]:
                self.stats["answer_ms"].append(ms)
                self.stats["answer_at"].append((time.monotonic() - self.stats["started"], ms))
            if status != 200 or '"saved": true' not in body:
                self.error(f"answer {position}: {status} {body[:80]}")
        # After the last answer the script shows the paper's own hand-in
        # section (no page load); handing in posts its form.
        status, location, _page, _ms = self.request("POST", f"/quiz/a/{token}/finish/", {"csrfmiddlewaretoken": csrf})
        if status != 302:
            self.error(f"finish {status}")
            return
        status, _loc, _page, _ms = self.request("GET", f"/quiz/a/{token}/result/")
        if status != 200:
            self.error(f"result {status}")


def percentile(values, p):
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1) if ordered else None


def class_start(port, codes, students, think, typists=TYPISTS, go_at=None) -> dict:
    """``codes``: one run's code (a class), or one per class of the school
    (the start crowd); ``typists`` per class; ``go_at``: the runs' start
    (epoch seconds), when the school joins before it."""
    codes = [codes] if isinstance(codes, str) else codes
    school = len(codes) > 1
    stats = {"lock": threading.Lock(), "errors": [], "join_ms": [], "join_typo_ms": [], "refused": [], "start_ms": [],
             "go_ms": [], "wait_page_ms": [], "answer_ms": [], "answer_at": [], "started": time.monotonic()}
    barrier = threading.Barrier(students)
    threading.stack_size(512 * 1024)
    per_class = students // len(codes)
    # The typists spread through each class, not all at its start.
    typing = {c * per_class + n for c in range(len(codes))
              for n in random.sample(range(per_class), min(typists, per_class))}
    crowd = [threading.Thread(target=Student(port, n + 1, stats, typos=2 if n in typing else 0).run,
                              args=(codes[min(n // per_class, len(codes) - 1)], barrier, think, school, go_at),
                              daemon=True)
             for n in range(students)]
    if go_at is not None:
        # How busy the machine was when the papers opened (1, 5 and 15 minute loads).
        def read_load():
            time.sleep(max(0.0, go_at - time.time()))
            stats["load_at_start"] = [round(x, 2) for x in os.getloadavg()]
        threading.Thread(target=read_load, daemon=True).start()
    started, started_at = time.monotonic(), time.time()
    for thread in crowd:
        thread.start()
    for thread in crowd:
        thread.join()
    crowd_keys = {
        "quiz_crowd_classes": len(codes),
        "quiz_crowd_joined": (f"before the start, within the {go_at - JOIN_LEAD_MARGIN_S - started_at:.0f} s "
                              f"until {JOIN_LEAD_MARGIN_S:.0f} s before it") if go_at else "at 'go'",
        "quiz_crowd_wait_page_p95_ms": percentile(stats["wait_page_ms"], 95),
        "quiz_crowd_first_question_max_ms": percentile(stats["start_ms"], 100),
        "quiz_crowd_papers_at_start": len(stats["start_ms"]),
        "quiz_load_avg_at_start": stats.get("load_at_start"),
        "quiz_crowd_join_p95_ms": percentile(stats["join_ms"], 95),
        "quiz_crowd_first_question_p95_ms": percentile(stats["start_ms"], 95),
        "quiz_crowd_first_question_p50_ms": percentile(stats["start_ms"], 50),
        "quiz_crowd_go_to_question_p95_ms": percentile(stats["go_ms"], 95),
    } if school else {}
    return {
        **crowd_keys,
        "quiz_start_p95_ms": percentile(stats["start_ms"], 95), "quiz_start_max_ms": percentile(stats["start_ms"], 100),
        "quiz_join_p95_ms": percentile(stats["join_ms"], 95),
        "quiz_join_typo_p95_ms": percentile(stats["join_ms"] + stats["join_typo_ms"], 95),
        "quiz_join_typists": len(stats["join_typo_ms"]),
        "quiz_join_typists_max_ms": percentile(stats["join_typo_ms"], 100),
        "quiz_join_refused": len(stats["refused"]), "quiz_join_refused_samples": stats["refused"][:5],
        "quiz_answer_p95_ms": percentile(stats["answer_ms"], 95),
        "quiz_answer_p99_ms": percentile(stats["answer_ms"], 99),
        # Where in the class the slow answers were: p95 per 30 s from the first join.
        "quiz_answer_p95_ms_by_30s": {
            f"{int(window * 30)}-{int(window * 30) + 30}s": percentile(
                [ms for at, ms in stats["answer_at"] if int(at // 30) == window], 95)
            for window in sorted({int(at // 30) for at, _ms in stats["answer_at"]})
        },
        "quiz_answer_posts": len(stats["answer_ms"]), "quiz_errors": len(stats["errors"]),
        "quiz_error_samples": stats["errors"][:10], "quiz_class_seconds": round(time.monotonic() - started, 1),
    }


# The national contest's pace: 20 questions in 10 minutes, so a student who
# uses the time reads and answers a question in 5 to 25 s.
THINK = (5.0, 25.0)


def run(students=None, think=THINK, tmp=QUIZ_TMP, skip_setup=False, files=True, workers=None,
        typists=TYPISTS, classes=1, join_at_go=False) -> dict:
    students = students or STUDENTS
    env = quiz_env(tmp)
    if ON_POSTGRESQL:
        ensure_database(DATABASE_URL)
    manage = [main_bench.PYTHON, "manage.py"]
    if not skip_setup:
        if tmp.exists():
            shutil.rmtree(tmp)
        (tmp / "var").mkdir(parents=True)
        (tmp / "media").mkdir()
        step([*manage, "migrate", "--noinput"], env, "migrate", tmp)
        step([*manage, "collectstatic", "--noinput"], env, "collectstatic", tmp)
    made = probe(env, tmp, "setup", "--students", str(students), "--classes", str(classes), log="setup")
    go_at = None
    if classes > 1 and not join_at_go:
        # The start: the school joins in the JOIN_BEFORE_S before it, once the
        # site is up and warm (SITE_READY_S allowed for that, on a busy machine).
        go_at = time.time() + SITE_READY_S + JOIN_BEFORE_S + JOIN_LEAD_MARGIN_S
        probe(env, tmp, "schedule", "--run", made["run"], "--at", str(go_at), log="schedule")
    proc, port = start_site(env, tmp, workers)
    if go_at is not None:
        warm_up(port, made["codes"][0])
        print(f"  site up and warm, {go_at - time.time():.0f} s before the start", flush=True)
        if go_at - time.time() < JOIN_LEAD_MARGIN_S + 10:
            raise SystemExit("the site took too long to start: no time left to join before the start")
    load_at_go = [round(x, 2) for x in os.getloadavg()]
    try:
        if go_at is not None:
            print(f"  {students} students in {classes} classes join within {JOIN_BEFORE_S:.0f} s before the start, "
                  f"think {think[0]}-{think[1]} s", flush=True)
        elif classes > 1:
            print(f"  {students} students in {classes} classes join at 'go' within {GO_TYPING_S:.0f} s, "
                  f"think {think[0]}-{think[1]} s", flush=True)
        else:
            print(f"  {students} students join run {made['code']} within {JOIN_WINDOW_S:.0f} s, "
                  f"think {think[0]}-{think[1]} s", flush=True)
        results = {"quiz_students": students, "quiz_answers_expected": students * 20,
                   "quiz_database": "postgresql" if ON_POSTGRESQL else "sqlite", "quiz_think_s": list(think),
                   "quiz_gunicorn_workers": workers or "2 x cores + 1 (site/gunicorn.conf.py)",
                   "quiz_cache": "redis" if REDIS_URL else "files", "quiz_load_avg_at_go": load_at_go,
                   **class_start(port, made["codes"] if classes > 1 else made["code"], students, think, typists,
                                 go_at)}
    finally:
        main_bench._stop(proc)
        main_bench._children.remove(proc)
    counted = probe(env, tmp, "count", "--run", str(made["run"]), log="count")
    if classes > 1:
        results["quiz_crowd_stored"] = counted["answered_questions"]
        results["quiz_crowd_expected"] = students * 20
    results.update(quiz_answers_stored=counted["answered_questions"], quiz_answer_rows=counted["answer_rows"],
                   quiz_duplicates=counted["duplicates"], quiz_attempts_finished=counted["finished"])
    if files:
        results.update(probe(env, tmp, "files", "--attempts", "5000", "--certificates", "500", log="files"))
    return results


def main() -> int:
    global JOIN_BEFORE_S  # noqa: PLW0603 - one setting for the whole command
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=None, help="default 500 on SQLite, 2,000 on PostgreSQL")
    parser.add_argument("--think", default=",".join(f"{t:g}" for t in THINK),
                        help="think time range in seconds (default %(default)s, the contest's pace)")
    parser.add_argument("--skip-setup", action="store_true", help="reuse bench/tmp-quiz/ (a new run is made)")
    parser.add_argument("--no-files", action="store_true", help="skip the XLSX and certificate timings")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the conf's own)")
    parser.add_argument("--typists", type=int, default=TYPISTS,
                        help="students (per class) who type a wrong code twice first (default %(default)s)")
    parser.add_argument("--classes", type=int, default=1,
                        help="classes of the school, each its own run, joining before the start (the start crowd: 50)")
    parser.add_argument("--join-before", type=float, default=JOIN_BEFORE_S,
                        help="with --classes: the school joins within this many seconds before the start "
                             "(default %(default)s)")
    parser.add_argument("--join-at-go", action="store_true",
                        help="with --classes: nobody joins before the start; all join at 'go' (the old crowd)")
    args = parser.parse_args()
    think = tuple(float(x) for x in args.think.split(","))
    JOIN_BEFORE_S = args.join_before
    main_bench.signal.signal(main_bench.signal.SIGTERM, main_bench._on_signal)
    main_bench.signal.signal(main_bench.signal.SIGINT, main_bench._on_signal)
    try:
        results = run(args.students, think, skip_setup=args.skip_setup, files=not args.no_files, workers=args.workers,
                      typists=args.typists, classes=args.classes, join_at_go=args.join_at_go)
    finally:
        main_bench.stop_all()
    results["machine"] = main_bench.machine_info()
    (QUIZ_TMP / "results-quiz.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    # The machine is shared: how busy it was when the crowd came, and at the
    # end (machine_info() is read here, after the run, whatever its key says).
    results["machine"]["load_avg_at_end"] = results["machine"].pop("load_avg_at_start")
    if args.classes > 1 and ON_POSTGRESQL and think == THINK and args.workers is None:
        # The whole school (2,000) under its own key; a smaller crowd under one naming its size.
        crowd = args.students in (None, STUDENTS)
        # The crowd that joins at "go" keeps the key its earlier runs have.
        key = ("quiz_crowd_postgresql" if crowd else f"quiz_crowd_postgresql_{args.students}") + (
            "" if args.join_at_go else "_join_before_start")
        record_postgresql(results, sys.argv[1:], key=key)
    elif ON_POSTGRESQL and args.students in (None, STUDENTS) and think == THINK and args.workers is None:
        # The issue's own set-up (2,000 students, the contest's pace, the
        # conf's workers): kept with the other figures. bench/run.py always
        # measures SQLite, so this is the only place the PostgreSQL figure lands.
        record_postgresql(results, sys.argv[1:])
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


def record_postgresql(results: dict, argv: list[str], key="quiz_postgresql") -> None:
    path = BENCH / "results.json"
    everything = json.loads(path.read_text()) if path.exists() else {}
    command = ("DATABASE_URL=postgres://... " + ("REDIS_URL=redis://... " if REDIS_URL else "")
               + ".venv/bin/python bench/quiz.py " + " ".join(argv))
    everything[key] = {
        "command": command.strip(), "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
        **results,
    }
    path.write_text(json.dumps(everything, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
