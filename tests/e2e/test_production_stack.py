"""`make e2e`: pretix as in production (PostgreSQL, Redis, gunicorn behind nginx, a celery worker, a
real SMTP server), the plugin on the reference meetup, three people registering in a real Chromium:
two in the shop, one through the website's embedded widget. Each gets the whole German announcement."""
import http.server
import threading
from pathlib import Path

import pytest

from demo.smtp_sink import start_sink

from ..helpers import visible_text
from ..seed_facts import missing_facts
from .browsing import delivered, register, register_in_shop
from .postgres import Postgres
from .stack import (
    OPEN_REFERENCE,
    Gunicorn,
    Nginx,
    Redis,
    Worker,
    free_port,
    load_demo,
    run_django,
    widget_page,
    write_config,
)

pytestmark = pytest.mark.production
STATIC_ROOT = Path(__import__("pretix").__file__).parent / "static.dist"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("production")
    started = []
    try:
        postgres = Postgres()
        started.append(postgres)
        postgres.create_database("pretix")
        redis = Redis(workdir)
        started.append(redis)
        sink = start_sink(workdir / "mail")
        started.append(sink)
        port, upstream = free_port(), free_port()
        config = write_config(workdir, redis_url=redis.url, smtp_port=sink.port, database=postgres.config("pretix"),
                              url=f"http://127.0.0.1:{port}")
        for step in (("migrate", "--noinput"), ("rebuild",)):
            run_django(config, "-m", "pretix", *step, settings="pretix.settings", timeout=900)
        load_demo(config, settings="pretix.settings")
        started.append(Worker(config, workdir / "worker.log", concurrency=2, settings="pretix.settings"))
        started.append(Gunicorn(config, upstream, workdir / "gunicorn.log"))
        nginx = Nginx(workdir, port, upstream, STATIC_ROOT, workdir / "data" / "media")
        started.append(nginx)
        yield nginx.url, workdir / "mail", workdir
    finally:
        for service in reversed(started):  # everything started is stopped, also when a step failed
            service.stop()


@pytest.fixture(scope="module")
def website(production, tmp_path_factory):
    url, _mail, _workdir = production
    root = tmp_path_factory.mktemp("website")
    (root / "index.html").write_text(widget_page(url))
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(root), **kw)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()


def test_static_files_come_from_nginx(production):
    import urllib.request

    url, _mail, _workdir = production
    page = urllib.request.urlopen(f"{url}/{OPEN_REFERENCE}/").read().decode()
    css = next(part.split('"')[0] for part in page.split('href="') if part.startswith("/static/") and ".css" in part)
    response = urllib.request.urlopen(url + css)
    assert response.status == 200 and "nginx" in response.headers.get("Server", "")


def test_three_registrations_get_the_whole_announcement(browser, production, website):
    url, mail_dir, _workdir = production
    shop = f"{url}/{OPEN_REFERENCE}/"
    for address in ("shop-1@example.org", "shop-2@example.org"):
        order_page, errors = register_in_shop(browser, shop, address)
        assert errors == [] and "Einlass: 16:00 Uhr" in order_page
    essentials, order_page, errors = register(browser, website, "widget-1@example.org")
    assert errors == [] and "Einlass: 16:00 Uhr" in essentials and "Einlass: 16:00 Uhr" in order_page

    for address in ("shop-1@example.org", "shop-2@example.org", "widget-1@example.org"):
        message = delivered(mail_dir, address, timeout=120)  # sent by the celery worker
        assert message["Subject"].strip().startswith("Deine Anmeldung: KI-Kompetenz")
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        assert missing_facts(" ".join(text.split()), "de-informal") == [], address
        assert missing_facts(visible_text(html), "de-informal") == [], address
