"""Module-scoped services for the browser tests: a Chromium, a pretix with the reference meetup and a
real SMTP server, and a static page of the website that embeds the widget."""
import http.server
import signal
import sys
import threading

import pytest

from demo.smtp_sink import start_sink

from .stack import CHROMIUM_ARGS, DevServer, chromium_binary, free_port, run_django, widget_page, write_config

# A CI timeout sends SIGTERM: turn it into SystemExit so the fixtures' finally blocks stop every server.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


@pytest.fixture(scope="module")
def browser():
    binary = chromium_binary()
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """pretix (SQLite file, tasks in process) with the reference meetup and a real SMTP server."""
    workdir = tmp_path_factory.mktemp("shop")
    sink = start_sink(workdir / "mail")
    port = free_port()
    config = write_config(workdir, smtp_port=sink.port, url=f"http://127.0.0.1:{port}")
    run_django(config, "-m", "pretix", "migrate", "--run-syncdb", "--noinput")
    run_django(config, "-m", "pretix", "oicmeetup_demo")
    server = DevServer(config, port, workdir / "server.log")
    yield server, workdir / "mail"
    server.stop()
    sink.stop()


@pytest.fixture(scope="module")
def website(shop, tmp_path_factory):
    server, _mail = shop
    root = tmp_path_factory.mktemp("website")
    (root / "index.html").write_text(widget_page(server.url))
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(root), **kw)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()
