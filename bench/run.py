"""`make bench`: the plugin's cost, measured side by side against pretix without it, in one run.

Starts its own services from the machine's packages (Redis, PostgreSQL, gunicorn, a celery worker, an
SMTP sink), runs each measurement in a separate process and writes bench/RESULTS.md.
Usage: python bench/run.py [--quick]
"""
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fmt_ratio, summary  # noqa: E402
from demo.smtp_sink import start_sink  # noqa: E402
from tests.e2e.postgres import Postgres  # noqa: E402
from tests.e2e.stack import Gunicorn, Redis, Worker, django_env, free_port, run_django, write_config  # noqa: E402

PY = sys.executable


def python_json(script, config, settings="tests.e2e.settings"):
    result = subprocess.run([PY, script], env=django_env(config, settings), cwd=ROOT, capture_output=True,
                            text=True, timeout=3600)
    if result.returncode != 0:
        raise RuntimeError(f"{script} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def frontpage(database):
    workdir = Path(tempfile.mkdtemp(prefix=f"oicbench-{database}-"))
    redis = Redis(workdir)
    postgres = None
    try:
        db = None
        if database == "postgresql":
            postgres = Postgres()
            postgres.create_database("pretix")
            db = postgres.config("pretix")
        config = write_config(workdir, redis_url=redis.url, database=db)
        # the cache only: without a celery broker, tasks run in the process
        text = config.read_text()
        config.write_text(re.sub(r"\[celery\][^\[]*", "", text))
        return python_json("bench/frontpage.py", config)
    finally:
        redis.stop()
        if postgres:
            postgres.stop()


def wrk(url, seconds):
    result = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", "Accept-Language: de", url],
                            capture_output=True, text=True, check=True)
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        raise RuntimeError(f"wrk saw {errors.group(1)} errors for {url}")
    return float(match.group(1))


def load(rounds, seconds):
    workdir = Path(tempfile.mkdtemp(prefix="oicbench-load-"))
    redis, postgres, server = Redis(workdir), Postgres(), None
    try:
        postgres.create_database("pretix")
        port = free_port()
        config = write_config(workdir, redis_url=redis.url, database=postgres.config("pretix"),
                              url=f"http://127.0.0.1:{port}")
        run_django(config, "bench/frontpage.py", "--setup-only")
        # no worker recycling: a restarted worker's cold start would land in one side's round
        server = Gunicorn(config, port, workdir / "gunicorn.log", workers=2, settings="tests.e2e.settings",
                          max_requests=0)
        urls = {"on": f"http://127.0.0.1:{port}/OIC-BIE/ki-zivil-10/",
                "off": f"http://127.0.0.1:{port}/OIC-BIE/ki-zivil-off/"}
        for url in urls.values():
            wrk(url, 3)  # warm up
        rps = {"on": [], "off": []}
        ratios = []
        for round_number in range(rounds):
            order = ("on", "off") if round_number % 2 == 0 else ("off", "on")
            measured = {mode: wrk(urls[mode], seconds) for mode in order}
            ratios.append(measured["on"] / measured["off"])
            for mode, value in measured.items():
                rps[mode].append(value)
        return {"ratio": summary(ratios), "rps_on": summary(rps["on"]), "rps_off": summary(rps["off"])}
    finally:
        if server:
            server.stop()
        redis.stop()
        postgres.stop()


def child_peak_kib(parent_pid):
    """Highest resident memory (VmHWM) of the worker's pool processes."""
    peak = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        ppid = re.search(r"PPid:\s+(\d+)", text)
        hwm = re.search(r"VmHWM:\s+(\d+) kB", text)
        if ppid and hwm and int(ppid.group(1)) == parent_pid:
            peak = max(peak, int(hwm.group(1)))
    return peak


def notice(orders):
    workdir = Path(tempfile.mkdtemp(prefix=f"oicbench-notice-{orders}-"))
    redis, postgres = Redis(workdir), Postgres()
    sink = start_sink(workdir / "mail")
    worker = None
    try:
        postgres.create_database("pretix")
        config = write_config(workdir, redis_url=redis.url, smtp_port=sink.port, database=postgres.config("pretix"))
        run_django(config, "-m", "pretix", "migrate", "--run-syncdb", "--noinput")
        run_django(config, "-m", "pretix", "oicmeetup_demo")
        run_django(config, "tests/e2e/cli.py", "orders", str(orders))
        worker = Worker(config, workdir / "worker.log", concurrency=1)
        time.sleep(3)
        started = time.monotonic()
        version = int(run_django(config, "tests/e2e/notice_cli.py", "send").strip())
        while True:
            out = run_django(config, "tests/e2e/notice_cli.py", "receipts", str(version)).split()
            if int(out[0]) >= orders and out[1] == "finished":
                break
            time.sleep(1)
        receipts_done = time.monotonic() - started
        while len(list((workdir / "mail").glob("*.eml"))) < orders:
            time.sleep(0.5)
        delivered = time.monotonic() - started
        peak = child_peak_kib(worker.process.pid)
        return {"orders": orders, "seconds_all_told": round(receipts_done, 1), "seconds_all_delivered":
                round(delivered, 1), "emails_per_second": round(orders / delivered, 1), "worker_peak_mib":
                round(peak / 1024, 1)}
    finally:
        if worker:
            worker.stop()
        sink.stop()
        redis.stop()
        postgres.stop()


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    import pretix

    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "pretix": pretix.__version__,
            "os": platform.platform()}


def main():
    quick = "--quick" in sys.argv
    results = {"machine": machine(), "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes")}
    print("front page, SQLite ...", flush=True)
    results["frontpage_sqlite"] = frontpage("sqlite3")
    print("front page, PostgreSQL ...", flush=True)
    results["frontpage_postgresql"] = frontpage("postgresql")
    print("front page under load (gunicorn, wrk) ...", flush=True)
    results["load"] = load(rounds=6 if quick else 12, seconds=3 if quick else 5)
    print("confirmation email ...", flush=True)
    results["email"] = python_json("bench/email_render.py", Path("/dev/null"), settings="pretix.testutils.settings")
    print("change notice ...", flush=True)
    results["notice"] = [notice(n) for n in ((200, 500) if quick else (500, 2000))]
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2))
    (ROOT / "bench" / "RESULTS.md").write_text(report(results))
    print((ROOT / "bench" / "RESULTS.md").read_text())


def report(r):
    m = r["machine"]
    lines = [
        "Benchmark results",
        "=================",
        "",
        f"Measured {r['date']} on {m['cpu']} ({m['cores']} cores), {m['os']}, Python {m['python']}, "
        f"pretix {m['pretix']}.",
        "Reproduce with ``make bench`` (``python bench/run.py``); raw numbers in ``bench/results.json``.",
        "",
        "Every ratio is *with the plugin* divided by *without*, measured side by side in one run: the two",
        "(otherwise identical) events are requested alternately, round by round; the table shows the median",
        "over the rounds and the spread (interquartile range and min–max).",
        "",
        "Front page",
        "----------",
        "",
        "The reference meetup (2 speakers) with the plugin on vs. the same event with the plugin off, Django",
        "test client in one process, Redis as cache. *Warm*: repeated requests; *cold*: cache cleared before",
        "every request.",
        "",
    ]
    for name in ("frontpage_sqlite", "frontpage_postgresql"):
        f = r[name]
        lines += [f"**{f['database']}**", ""]
        for state in ("warm", "cold"):
            s = f[state]
            lines.append(f"- {state}: time {fmt_ratio(s['ratio'])}; median {s['ms_on']['median']:.1f} ms vs "
                         f"{s['ms_off']['median']:.1f} ms; SQL queries {s['queries_on']} vs {s['queries_off']} "
                         f"({s['queries_on'] - s['queries_off']:+d})")
        sp = f["speakers"]
        lines.append(f"- queries with 1 vs 20 speakers: warm {sp['1']['warm']} vs {sp['20']['warm']}, "
                     f"cold {sp['1']['cold']} vs {sp['20']['cold']}")
        lines.append("")
    ld = r["load"]
    lines += [
        "Under load",
        "----------",
        "",
        "gunicorn (2 workers, PostgreSQL, Redis) on loopback, wrk from a second process (2 threads, 8",
        "connections), plugin on vs. off, alternating runs.",
        "",
        f"- requests per second: {fmt_ratio(ld['ratio'])}; median {ld['rps_on']['median']:.1f} vs "
        f"{ld['rps_off']['median']:.1f} req/s",
        "",
        "Confirmation email",
        "------------------",
        "",
        "``mail()`` for one order (subject, text and HTML parts, pretix's own pipeline incl. CSS inlining), the",
        "meetup template with ``{meetup_announcement}`` vs. pretix's default text (which does not contain the",
        "announcement); pretix's test settings, i.e. no cache, so the announcement is rendered every time.",
        "",
        f"- time: {fmt_ratio(r['email']['ratio'])}; median {r['email']['ms_meetup']['median']:.1f} ms vs "
        f"{r['email']['ms_default']['median']:.1f} ms",
        "",
        "Change notice",
        "-------------",
        "",
        "A real celery worker (concurrency 1, PostgreSQL, Redis) sends the notice to every order, the emails go",
        "to a real SMTP server. Peak memory is the high-water mark of the worker's pool process.",
        "",
    ]
    for n in r["notice"]:
        lines.append(f"- {n['orders']} orders: all told after {n['seconds_all_told']} s, all delivered after "
                     f"{n['seconds_all_delivered']} s ({n['emails_per_second']} emails/s), worker peak "
                     f"{n['worker_peak_mib']} MiB")
    lines += ["", *HISTORY]
    return "\n".join(lines)


# What the measurements above led to; kept by hand, since an earlier state cannot be measured again here.
HISTORY = [
    "Profiling and fixes",
    "-------------------",
    "",
    "1. The first measurement (commit 5ab0e03, SQLite, warm) missed the 1.05x front page target: 1.089x,",
    "   with no extra query. ``bench/profile_frontpage.py`` showed three separate cache round trips per",
    "   request (announcement, JSON-LD, the widget's essentials, each also reading the event cache's",
    "   namespace key), the essentials rendered without a cache, and the digest of the inputs computed once",
    "   per entry. Fixes (commit 0a0a05b): everything cached, one ``get_many`` for the page's entries and",
    "   the namespace key, digest and entries kept for the rest of the request. After: 1.03x to 1.06x warm",
    "   over several runs, 0 extra queries.",
    "2. The first full run after that missed the load target: 0.915x (IQR 0.890-0.935), i.e. about 1.5 ms",
    "   more per request, which the test client's slower requests had hidden. Measured piece by piece:",
    "   with the widget option on, the ``{meetup_essentials}`` block was rendered into the front page",
    "   text, then run through pretix's markdown sanitiser with it (1.2 ms for 200 characters of HTML),",
    "   then cut out of the page again. Fixes (commit a9c8a1a): the placeholder stays empty on the shop",
    "   page (marked in pretix's ``process_request``), and pretix's own JSON-LD is found by its place",
    "   instead of being computed a second time (0.1 ms). The benchmark's gunicorn no longer recycles its",
    "   workers (pretix's production setting ``--max-requests``), whose cold restarts had produced rounds",
    "   at 0.2x on either side. After: 0.95x to 0.97x in repeated runs; the table above is the run of record.",
    "",
    "Not a target, for the record: a cold cache costs about 15 more queries (speakers with photos, products",
    "and quotas for the JSON-LD offers, the meetup settings' first read) and about twice the time, once per",
    "event, language and change. The email ratio is measured without any cache (pretix's test settings);",
    "with Redis, a confirmation reuses the announcement rendered for the first one of the same language.",
    "The worker's peak memory is flat between 500 and 2,000 orders because the notice walks the orders in",
    "chunks by primary key instead of loading them all.",
    "",
]


if __name__ == "__main__":
    main()
