"""`make demo`: pretix with the plugin and the reference meetup on 127.0.0.1, mail into .demo/mail/.

Writes .demo/pretix.cfg (SQLite, no celery broker, so tasks run in the web process), migrates (the first
run applies pretix's ~300 migrations, which takes a few minutes; later runs only check), creates the
reference meetup through the plugin's own `oicmeetup_demo` command (only on the first run: later runs keep
whatever was changed in the shop or control panel), runs pretix's periodic tasks as a production cron job
would (now and every five minutes), starts a real SMTP server and pretix's development server. Ctrl-C
stops everything. Deleting .demo/ starts over from the demo data.
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / ".demo"
sys.path.insert(0, str(ROOT))

from demo.smtp_sink import start_sink  # noqa: E402

CONFIG = """[pretix]
instance_name=OIC Meetup demo
url=http://127.0.0.1:{port}
datadir={data}
currency=EUR
registration=off

[django]
; pretix switches DEBUG (and its Vite dev server) on for runserver; the demo serves the built assets.
debug=off

[locale]
default=de
timezone=Europe/Berlin

[database]
backend=sqlite3
name={data}/db.sqlite3

[mail]
from=meetup@oic-bielefeld.invalid
host=127.0.0.1
port={smtp_port}
"""
PERIODIC_SECONDS = 300


def pretix(*args, env, **kwargs):
    return subprocess.run([sys.executable, "-m", "pretix", *args], env=env, cwd=DEMO, check=True, **kwargs)


def say(text):
    print(text, flush=True)


def migrate(env, first_run):
    """pretix's migrations, with a line of progress every 25 (the first run applies about 300)."""
    if first_run:
        say("Setting up the demo database: the first run applies pretix's migrations, about two minutes on "
            "two cores.")
    process = subprocess.Popen([sys.executable, "-m", "pretix", "migrate", "--noinput"], env=env, cwd=DEMO,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    applied, output = 0, []
    for line in process.stdout:
        output.append(line)
        if line.strip().startswith("Applying "):
            applied += 1
            if applied % 25 == 0:
                say(f"  {applied} migrations applied ...")
    if process.wait() != 0:
        sys.stdout.write("".join(output[-40:]))
        raise SystemExit("Migrating the demo database failed (see above).")
    if applied:
        say(f"  {applied} migrations applied.")


def run_periodic(env, stop):
    """pretix's periodic tasks (reminders, scheduled emails, cleanup), as cron runs them in production."""
    while not stop.is_set():
        subprocess.run([sys.executable, "-m", "pretix", "runperiodic"], env=env, cwd=DEMO,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stop.wait(PERIODIC_SECONDS)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--smtp-port", type=int, default=int(os.environ.get("SMTP_PORT", 1025)))
    args = parser.parse_args()

    started = time.monotonic()
    data, mail_dir = DEMO / "data", DEMO / "mail"
    first_run = not (data / "db.sqlite3").exists()
    data.mkdir(parents=True, exist_ok=True)
    config = DEMO / "pretix.cfg"
    config.write_text(CONFIG.format(port=args.port, data=data, smtp_port=args.smtp_port))
    env = {**os.environ, "PRETIX_CONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": "demo.settings",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

    sink = start_sink(mail_dir, port=args.smtp_port)
    server, stop = None, threading.Event()
    try:
        migrate(env, first_run)
        if first_run:
            say("Loading the reference meetup ...")
        pretix("oicmeetup_demo", env=env, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, str(ROOT / "demo" / "prepare.py")], env=env, cwd=DEMO, check=True)
        threading.Thread(target=run_periodic, args=(env, stop), daemon=True).start()
        server = subprocess.Popen(
            [sys.executable, "-m", "pretix", "runserver", f"127.0.0.1:{args.port}", "--noreload", "--insecure"],
            env=env, cwd=DEMO,
        )
        time.sleep(2)
        minutes, seconds = divmod(int(time.monotonic() - started), 60)
        say(
            "\n"
            f"  Next meetup:    http://127.0.0.1:{args.port}/OIC-BIE/ki-zivil-11/  (open for registration)\n"
            f"  Control panel:  http://127.0.0.1:{args.port}/control/  (admin@localhost / admin)\n"
            f"  Meetup page:    http://127.0.0.1:{args.port}/control/event/OIC-BIE/ki-zivil-11/oicmeetup/\n"
            f"  The reference meetup, held (its archive with the Rückblick, the emails after it):\n"
            f"                  http://127.0.0.1:{args.port}/OIC-BIE/ki-zivil-10/\n"
            f"                  http://127.0.0.1:{args.port}/control/event/OIC-BIE/ki-zivil-10/oicmeetup/\n"
            f"  Series page:    http://127.0.0.1:{args.port}/OIC-BIE/_series/ki-zivilgesellschaft/\n"
            f"  Mail:           SMTP on 127.0.0.1:{args.smtp_port}, every message as .eml in {mail_dir}\n"
            f"  Reset:          restarts keep your changes; to start over from the demo data, stop the demo\n"
            f"                  and delete {DEMO} (rm -rf .demo)\n"
            f"  Ready after {minutes} min {seconds} s. Stop with Ctrl-C.\n"
        )
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if server and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        sink.stop()


if __name__ == "__main__":
    main()
