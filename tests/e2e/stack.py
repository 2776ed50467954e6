"""Real services for end-to-end tests, started from the machine's packages and stopped again:
Redis, pretix's celery worker and an SMTP sink; Django actions run in subprocesses configured
like a production pretix (``tests.e2e.settings``)."""
import fcntl
import hashlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUEUES = "default,checkout,mail,background,notifications"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def redis_binary():
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if os.path.exists(p)), None)


class Redis:
    def __init__(self, workdir: Path):
        binary = redis_binary()
        if binary is None:
            raise FileNotFoundError("redis-server")
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_for_port(self.port)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def stop(self):
        stop_process(self.process)


def stop_process(process, sig=signal.SIGTERM, timeout=15):
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def write_config(workdir: Path, *, redis_url=None, smtp_port=None, database=None,
                 url="http://127.0.0.1:8000") -> Path:
    data = workdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    lines = ["[pretix]", "instance_name=OIC e2e", f"url={url}", f"datadir={data}", "currency=EUR", "",
             "[django]", "debug=off", "",
             "[locale]", "default=de", "timezone=Europe/Berlin", ""]
    database = database or {"backend": "sqlite3", "name": str(data / "db.sqlite3")}
    lines += ["[database]"] + [f"{k}={v}" for k, v in database.items()] + [""]
    if smtp_port:
        lines += ["[mail]", "from=meetup@oic-bielefeld.invalid", "host=127.0.0.1", f"port={smtp_port}", ""]
    if redis_url:
        lines += ["[redis]", f"location={redis_url}/0", "sessions=true", "",
                  "[celery]", f"backend={redis_url}/1", f"broker={redis_url}/2"]
        lines.append("")
    path = workdir / "pretix.cfg"
    path.write_text("\n".join(lines))
    return path


def django_env(config: Path, settings="tests.e2e.settings") -> dict:
    return {
        **os.environ, "PRETIX_CONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": settings,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }


def run_django(config: Path, *args, timeout=600, settings="tests.e2e.settings") -> str:
    result = subprocess.run([sys.executable, *args], env=django_env(config, settings), cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# The reference meetup (the seed) open for registration, in an organizer of its own: what attendees see of the
# reference announcement in the shop, the widget and the emails. The demo itself has the reference meetup held
# (its Rückblick) and its next edition open, as OIC has them now.
OPEN_REFERENCE = "OIC-E2E/ki-zivil-10"


def load_demo(config: Path, settings="tests.e2e.settings"):
    """``make demo``'s data, and the reference meetup open for registration (``OPEN_REFERENCE``)."""
    import json

    run_django(config, "-m", "pretix", "oicmeetup_demo", settings=settings)
    document = json.loads((ROOT / "pretix_oicmeetup" / "demo" / "ki-zivil-10.json").read_text(encoding="utf-8"))
    organizer, slug = OPEN_REFERENCE.split("/")
    document["organizer"] = {"slug": organizer, "name": document["organizer"]["name"]}
    document["event"]["slug"] = slug
    for key in ("held", "posts", "next_edition"):
        document.pop(key, None)
    path = config.parent / "open-reference.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    run_django(config, "-m", "pretix", "oicmeetup_demo", "--file", str(path), settings=settings)


# The migrated empty database, kept by the migrations it went through (ignored by git: .e2e/).
MIGRATED = ROOT / ".e2e" / "migrated"


def _migrations_key() -> str:
    import pretix

    digest = hashlib.sha256(pretix.__version__.encode())
    for path in sorted((ROOT / "pretix_oicmeetup" / "migrations").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def migrated_database(config: Path) -> Path:
    """Gives the SQLite database of ``config`` (its ``data/db.sqlite3``) every migration of pretix and the
    plugin, as ``python -m pretix migrate`` applies them with pretix's own settings: migrated once per set of
    migrations (two minutes on two cores) and copied for each server after that. Test processes running side
    by side wait for each other's migration."""
    MIGRATED.mkdir(parents=True, exist_ok=True)
    cached = MIGRATED / f"db-{_migrations_key()}.sqlite3"
    with open(MIGRATED / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cached.exists():
            workdir = MIGRATED / f"work-{os.getpid()}"
            shutil.rmtree(workdir, ignore_errors=True)
            run_django(write_config(workdir), "-m", "pretix", "migrate", "--noinput", timeout=900,
                       settings="pretix.settings")
            (workdir / "data" / "db.sqlite3").replace(cached)
            shutil.rmtree(workdir, ignore_errors=True)
    target = config.parent / "data" / "db.sqlite3"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(cached, target)
    return target


class Worker:
    """pretix's celery worker, as deployed: ``celery -A pretix.celery_app worker``."""

    def __init__(self, config: Path, log: Path, concurrency=1, settings="tests.e2e.settings"):
        self.log = open(log, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "pretix.celery_app", "worker", "-l", "info", "-Q", QUEUES,
             "-c", str(concurrency), "--prefetch-multiplier", "1", "--without-gossip", "--without-mingle"],
            env=django_env(config, settings), cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        """Hard kill of the worker and its pool processes, as a crash or an OOM kill would."""
        stop_process(self.process, sig=signal.SIGKILL)
        self.log.close()

    def stop(self):
        stop_process(self.process)
        if not self.log.closed:
            self.log.close()


class DevServer:
    """pretix's own development server (``runserver --insecure`` also serves the static files)."""

    def __init__(self, config: Path, port: int, log: Path, settings="tests.e2e.settings"):
        self.port = port
        self.config = config
        self.log = open(log, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pretix", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
            env=django_env(config, settings), cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(port, timeout=60)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        stop_process(self.process)
        self.log.close()


def chromium_binary():
    return shutil.which("chromium") or next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)


# As the machine's notes say: headless, and no background traffic (this machine has no internet).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def widget_page(pretix_url: str, event_path=OPEN_REFERENCE, language="de-informal") -> str:
    """A page of the website as it embeds the shop (the Jekyll include renders this)."""
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>KI-Kompetenz – OIC Bielefeld</title>
<link rel="stylesheet" type="text/css" href="{pretix_url}/{event_path}/widget/v2.css">
<script type="text/javascript" src="{pretix_url}/widget/v2.{language}.js" async></script>
</head><body><h1>Kostenlose Anmeldung</h1>
<pretix-widget event="{pretix_url}/{event_path}/" display-event-info></pretix-widget>
<noscript>JavaScript is off.</noscript>
</body></html>
"""


class Gunicorn:
    """pretix's WSGI application under gunicorn, as in a production installation."""

    def __init__(self, config: Path, port: int, log: Path, workers=2, settings="pretix.settings",
                 max_requests=1200):
        # max_requests: workers are recycled as pretix's documentation advises; 0 keeps them (benchmarks)
        self.port = port
        self.log = open(log, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "pretix.wsgi", "--name", "pretix", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--max-requests", str(max_requests),
             "--max-requests-jitter", "50" if max_requests else "0"],
            env=django_env(config, settings), cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(port, timeout=60)

    def stop(self):
        stop_process(self.process)
        self.log.close()


NGINX_CONF = """
user {user};
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {workdir}/nginx-body;
    proxy_temp_path {workdir}/nginx-proxy;
    fastcgi_temp_path {workdir}/nginx-fastcgi;
    uwsgi_temp_path {workdir}/nginx-uwsgi;
    scgi_temp_path {workdir}/nginx-scgi;
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 10m;
        location /static/ {{ alias {static}/; expires 1d; }}
        location /media/ {{ alias {media}/; }}
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto http;
        }}
    }}
}}
"""


class Nginx:
    """nginx in front of gunicorn, serving pretix's built static files and the media directory."""

    def __init__(self, workdir: Path, port: int, upstream: int, static: Path, media: Path):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(binary):
            raise FileNotFoundError("nginx (apt-get install nginx)")
        self.port = port
        conf = Path(workdir) / "nginx.conf"
        # Workers as the user running the tests (nginx ignores this unless started as root, and then they
        # would run as nobody, who cannot read a checkout in a private directory such as a CI clone's).
        user = pwd.getpwuid(os.geteuid()).pw_name
        conf.write_text(NGINX_CONF.format(workdir=workdir, port=port, upstream=upstream, static=static, media=media,
                                          user=user))
        self.process = subprocess.Popen([binary, "-c", str(conf), "-p", str(workdir), "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for_port(port, timeout=20)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        stop_process(self.process)
