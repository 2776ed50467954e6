"""`make demo`: pretix with the plugin and the reference meetup on 127.0.0.1, mail into .demo/mail/.

Writes .demo/pretix.cfg (SQLite, no celery broker, so tasks run in the web process), migrates (a no-op
when the database exists), creates the reference meetup through the plugin's own `oicmeetup_demo`
command (only on the first run: later runs keep whatever was changed in the shop or control panel),
starts a real SMTP server and pretix's development server. Ctrl-C stops both. Deleting .demo/ starts
over from the demo data.
"""
import argparse
import os
import signal
import subprocess
import sys
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


def pretix(*args, env, **kwargs):
    return subprocess.run([sys.executable, "-m", "pretix", *args], env=env, cwd=DEMO, check=True, **kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--smtp-port", type=int, default=int(os.environ.get("SMTP_PORT", 1025)))
    args = parser.parse_args()

    data, mail_dir = DEMO / "data", DEMO / "mail"
    data.mkdir(parents=True, exist_ok=True)
    config = DEMO / "pretix.cfg"
    config.write_text(CONFIG.format(port=args.port, data=data, smtp_port=args.smtp_port))
    env = {**os.environ, "PRETIX_CONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": "pretix.settings"}

    sink = start_sink(mail_dir, port=args.smtp_port)
    server = None
    try:
        print("Migrating the demo database (the first run takes about a minute) ...", flush=True)
        pretix("migrate", "--noinput", env=env, stdout=subprocess.DEVNULL)
        pretix("oicmeetup_demo", env=env)
        server = subprocess.Popen(
            [sys.executable, "-m", "pretix", "runserver", f"127.0.0.1:{args.port}", "--noreload", "--insecure"],
            env=env, cwd=DEMO,
        )
        time.sleep(2)
        print(
            "\n"
            f"  Shop:           http://127.0.0.1:{args.port}/OIC-BIE/ki-zivil-10/\n"
            f"  Control panel:  http://127.0.0.1:{args.port}/control/  (admin@localhost / admin)\n"
            f"  Meetup page:    http://127.0.0.1:{args.port}/control/event/OIC-BIE/ki-zivil-10/oicmeetup/\n"
            f"  Mail:           SMTP on 127.0.0.1:{args.smtp_port}, every message as .eml in {mail_dir}\n"
            f"  Reset:          restarts keep your changes; to start over from the demo data, stop the demo\n"
            f"                  and delete {DEMO} (rm -rf .demo)\n"
            "  Stop with Ctrl-C.\n",
            flush=True,
        )
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        sink.stop()


if __name__ == "__main__":
    main()
