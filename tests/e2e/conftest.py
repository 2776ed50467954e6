"""Module-scoped services for the browser tests: a Chromium, a pretix with the reference meetup and a
real SMTP server, and a static page of the website that embeds the widget."""
import http.server
import os
import signal
import sys
import threading

import pytest

from demo.smtp_sink import start_sink

from .accessibility import AxeNotInstalled, axe_installed
from .stack import (
    CHROMIUM_ARGS,
    DevServer,
    chromium_binary,
    free_port,
    load_demo,
    migrated_database,
    widget_page,
    write_config,
)

# A CI timeout sends SIGTERM: turn it into SystemExit so the fixtures' finally blocks stop every server.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def prerequisite_missing(message):
    """A machine package ``make e2e`` needs (README: "Tests") is missing: skipped before the test starts, on a
    developer's machine; a failure in CI, where ``.ci/run`` installs it (a skip there would hide a test)."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    binary = chromium_binary()
    if binary is None:
        prerequisite_missing("chromium is not installed (apt-get install chromium); .ci/run installs it")
    if not axe_installed():  # the accessibility checks are part of every browser test: none runs without them
        prerequisite_missing(str(AxeNotInstalled()))
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
    migrated_database(config)
    load_demo(config)
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
