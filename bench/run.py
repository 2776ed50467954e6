"""`make bench`: the plugin's cost, measured side by side against pretix without it, in one run.

Starts its own services from the machine's packages (Redis, PostgreSQL, gunicorn, an SMTP sink), runs
each measurement in a separate process and writes bench/RESULTS.md and bench/results.json.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fmt_ratio, summary  # noqa: E402
from demo.smtp_sink import start_sink  # noqa: E402
from tests.e2e.postgres import Postgres  # noqa: E402
from tests.e2e.stack import Gunicorn, Redis, django_env, free_port, run_django, write_config  # noqa: E402

PY = sys.executable


def python_json(script, config, settings="tests.e2e.settings", args=()):
    result = subprocess.run([PY, script, *args], env=django_env(config, settings), cwd=ROOT, capture_output=True,
                            text=True, timeout=3600)
    if result.returncode != 0:
        raise RuntimeError(f"{script} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def frontpage(database, cache_server=True):
    """The front page in one process; with Redis as cache server, or with none (pretix's default)."""
    return in_one_process("bench/frontpage.py", database, cache_server)


def control_page(database):
    """The meetup page against pretix's event settings page in one process, Redis as cache server."""
    return in_one_process("bench/control_page.py", database)


def in_one_process(script, database, cache_server=True):
    workdir = Path(tempfile.mkdtemp(prefix=f"oicbench-{database}-"))
    redis = Redis(workdir) if cache_server else None
    postgres = None
    try:
        db = None
        if database == "postgresql":
            postgres = Postgres()
            postgres.create_database("pretix")
            db = postgres.config("pretix")
        config = write_config(workdir, redis_url=redis.url if redis else None, database=db)
        without_broker(config)
        return python_json(script, config)
    finally:
        if redis:
            redis.stop()
        if postgres:
            postgres.stop()


def without_broker(config):
    """The cache only: without a celery broker, pretix runs tasks in the process."""
    config.write_text(re.sub(r"\[celery\][^\[]*", "", config.read_text()))


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
        urls = {"on": f"http://127.0.0.1:{port}/OIC-BIE/ki-zivil-11/",
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


def notice(orders):
    """A change notice to ``orders`` registrations, timed inside one process (bench/notice.py)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"oicbench-notice-{orders}-"))
    redis, postgres = Redis(workdir), Postgres()
    sink = start_sink(workdir / "mail")
    try:
        postgres.create_database("pretix")
        config = write_config(workdir, redis_url=redis.url, smtp_port=sink.port, database=postgres.config("pretix"))
        without_broker(config)
        result = python_json("bench/notice.py", config, args=(str(orders),))
        result["delivered"] = len(list((workdir / "mail").glob("*.eml")))
        return result
    finally:
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
    results = {"machine": machine(), "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes"),
               "commit": commit()}
    print("front page, SQLite, Redis ...", flush=True)
    results["frontpage_sqlite"] = frontpage("sqlite3")
    print("front page, PostgreSQL, Redis ...", flush=True)
    results["frontpage_postgresql"] = frontpage("postgresql")
    print("front page, SQLite, no cache server ...", flush=True)
    results["frontpage_no_cache_server"] = frontpage("sqlite3", cache_server=False)
    print("meetup page vs. pretix's settings page, SQLite, Redis ...", flush=True)
    results["control_sqlite"] = control_page("sqlite3")
    print("meetup page vs. pretix's settings page, PostgreSQL, Redis ...", flush=True)
    results["control_postgresql"] = control_page("postgresql")
    print("front page under load (gunicorn, wrk) ...", flush=True)
    results["load"] = load(rounds=6 if quick else 12, seconds=3 if quick else 5)
    print("confirmation email ...", flush=True)
    results["email"] = python_json("bench/email_render.py", Path("/dev/null"), settings="pretix.testutils.settings")
    print("change notice ...", flush=True)
    results["notice"] = [notice(n) for n in ((200, 500) if quick else (500, 2000))]
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2))
    (ROOT / "bench" / "RESULTS.md").write_text(report(results))
    print((ROOT / "bench" / "RESULTS.md").read_text())


def commit():
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    return result.stdout.strip() + ("+uncommitted changes" if dirty else "")


# The targets of issues 11 and 22, checked against this run's medians.
TARGETS = {
    "warm": ("time", "<=", 1.03), "cold": ("time", "<=", 1.6), "cold_queries": ("extra queries", "<=", 6),
    "no_cache_server": ("time", "<=", 1.10), "load": ("requests per second", ">=", 0.97),
    "email": ("time", "<=", 2.0), "control": ("time", "<=", 1.0),
}


def verdict(name, value):
    _what, op, limit = TARGETS[name]
    met = value <= limit if op == "<=" else value >= limit
    return f"target {op} {limit}: {'met' if met else 'MISSED'}"


def report(r):
    m = r["machine"]
    lines = [
        "Benchmark results",
        "=================",
        "",
        f"Measured {r['date']} at commit {r['commit']} on {m['cpu']} ({m['cores']} cores), {m['os']}, "
        f"Python {m['python']}, pretix {m['pretix']}.",
        "Reproduce with ``make bench`` (``python bench/run.py``); raw numbers in ``bench/results.json``. Everything",
        "below was measured in that run; nothing is carried over from earlier runs.",
        "",
        "Every ratio is *with the plugin* divided by *without*, measured side by side in one run: the two",
        "(otherwise identical) events are requested alternately, round by round; the table shows the median",
        "over the rounds and the spread (interquartile range and min–max).",
        "",
        "Front page",
        "----------",
        "",
        "The reference meetup (2 speakers) with the plugin on vs. the same event with the plugin off, Django",
        "test client in one process. *Warm*: the page requested again and again; *changed*: the first request",
        "after an organiser changed one text of the meetup; *cold*: the first request with everything cleared",
        "(the cache server and what the plugin keeps in the process), as in the earlier runs of this benchmark.",
        "",
    ]
    for name, title in (("frontpage_sqlite", "SQLite, Redis as cache server"),
                        ("frontpage_postgresql", "PostgreSQL, Redis as cache server"),
                        ("frontpage_no_cache_server", "SQLite, no cache server (pretix's default)")):
        f = r[name]
        lines += [f"**{title}**", ""]
        for state in ("warm", "changed", "cold"):
            s = f[state]
            extra = s["queries_on"] - s["queries_off"]
            checks = []
            if name == "frontpage_no_cache_server":
                if state == "warm":
                    checks.append(verdict("no_cache_server", s["ratio"]["median"]))
            elif state == "warm":
                checks.append(verdict("warm", s["ratio"]["median"]))
                checks.append("same queries as without the plugin: " + ("met" if extra == 0 else "MISSED"))
            elif state == "cold":
                checks += [verdict("cold", s["ratio"]["median"]), "extra queries " + verdict("cold_queries", extra)]
            lines.append(f"- {state}: time {fmt_ratio(s['ratio'])}; median {s['ms_on']['median']:.1f} ms vs "
                         f"{s['ms_off']['median']:.1f} ms; SQL queries {s['queries_on']} vs {s['queries_off']} "
                         f"({extra:+d})" + (f"; {'; '.join(checks)}" if checks else ""))
        sp = f["speakers"]
        lines.append("- queries with 1 vs 20 speakers: " + ", ".join(
            f"{state} {sp['1'][state]} vs {sp['20'][state]}" for state in ("warm", "changed", "cold")))
        lines.append("")
    lines += [
        "The meetup page",
        "---------------",
        "",
        "The reference meetup's page in the control panel (*Settings → Meetup*) against pretix's own event settings",
        "page of the same event (*Settings → General*), Django test client in one process, logged in with every",
        "permission; the ratio is the meetup page's time divided by pretix's page's. *Open*: the page (GET);",
        "*save*: the page's form sent back with one field changed, the venue, which both pages edit (POST, a new",
        "text each time, so that every save writes).",
        "",
    ]
    for name, title in (("control_sqlite", "SQLite, Redis as cache server"),
                        ("control_postgresql", "PostgreSQL, Redis as cache server")):
        c = r.get(name)
        if not c:
            continue
        lines += [f"**{title}**", ""]
        for kind, label in (("get", "open"), ("post", "save")):
            s = c[kind]
            lines.append(f"- {label}: time {fmt_ratio(s['ratio'])}; median {s['ms_meetup']['median']:.1f} ms vs "
                         f"{s['ms_pretix']['median']:.1f} ms; SQL queries {s['queries_meetup']} vs "
                         f"{s['queries_pretix']}; {verdict('control', s['ratio']['median'])}")
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
        f"{ld['rps_off']['median']:.1f} req/s; {verdict('load', ld['ratio']['median'])}",
        "",
        "Confirmation email",
        "------------------",
        "",
        "``mail()`` for one order (subject, text and HTML parts, pretix's own pipeline incl. CSS inlining), the",
        "meetup template with ``{meetup_announcement}`` vs. pretix's default text (which does not contain the",
        "announcement); pretix's test settings, i.e. no cache server. *First*: the plugin's rendered texts are",
        "dropped before every email (the first confirmation after a change); *repeated*: the emails after it.",
        "",
    ]
    for state in ("first", "repeated"):
        e = r["email"][state]
        lines.append(f"- {state}: time {fmt_ratio(e['ratio'])}; median {e['ms_meetup']['median']:.1f} ms vs "
                     f"{e['ms_default']['median']:.1f} ms; {verdict('email', e['ratio']['median'])}")
    lines += [
        "",
        "Change notice",
        "-------------",
        "",
        "The reference meetup with N paid orders (PostgreSQL, Redis as cache): the Einlass moves and the notice",
        "task runs inside one process, timed there; without a celery broker pretix sends each email in the same",
        "process to a real SMTP server, so when the task returns every registration is told and every email",
        "delivered. Memory: the process's peak resident size (and its growth while sending).",
        "",
    ]
    for n in r["notice"]:
        lines.append(f"- {n['orders']} orders: {n['told']} told, {n['delivered']} emails delivered, {n['failed']} "
                     f"failed, in {n['seconds']} s ({n['emails_per_second']} emails/s); peak {n['peak_mib']} MiB "
                     f"(+{n['peak_growth_mib']} MiB while sending)")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
