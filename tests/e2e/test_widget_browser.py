"""The website's embedded widget in a real headless Chromium: a static page embeds the widget from a
locally running pretix, shows the meetup's essentials, and a registration through it brings the
confirmation email with the whole announcement to a real SMTP server."""
import email
import email.policy
import http.server
import threading
import time

import pytest

from demo.smtp_sink import start_sink

from ..helpers import visible_text
from ..seed_facts import missing_facts
from .stack import CHROMIUM_ARGS, DevServer, chromium_binary, free_port, run_django, widget_page, write_config

pytestmark = pytest.mark.e2e


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


def delivered(mail_dir, address, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in mail_dir.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == address:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no email for {address}")


def register(browser, website, address):
    context = browser.new_context(viewport={"width": 1100, "height": 1200}, locale="de-DE")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(website)
    page.wait_for_selector(".pretix-widget-item-row", timeout=30000)
    essentials = page.inner_text(".pretix-widget-event-description")
    page.fill(".pretix-widget input[type=number]", "1")
    with context.expect_page() as popup:  # over plain http the widget checks out in a new tab
        page.click(".pretix-widget-action button[type=submit]")
    checkout = popup.value
    checkout.wait_for_load_state()
    checkout.fill("input[name=email]", address)
    checkout.click("button.btn-primary[type=submit]")
    checkout.wait_for_url("**/checkout/confirm/")
    checkout.click("button.btn-primary[type=submit]")
    checkout.wait_for_url("**/order/**")
    order_page = visible_text(checkout.content())
    context.close()
    return essentials, order_page, errors


def test_register_through_the_embedded_widget(browser, website, shop):
    _server, mail_dir = shop
    essentials, order_page, errors = register(browser, website, "widget-guest@example.org")
    assert errors == []
    for fact in ("Dienstag, 11. November 2025", "Beginn: 16:30 Uhr", "Einlass: 16:00 Uhr",
                 "Ort: Innovation Office, Alter Markt 13, 33602 Bielefeld",
                 "Fachexpertise: Barbara Hammer, Benjamin Paaßen"):
        assert fact in essentials
    assert "Einlass: 16:00 Uhr" in order_page and "Laptop oder Smartphone" in order_page

    message = delivered(mail_dir, "widget-guest@example.org")
    assert message["Subject"].strip().startswith("Deine Anmeldung: KI-Kompetenz")
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert missing_facts(" ".join(text.split()), "de-informal") == []
    assert missing_facts(visible_text(html), "de-informal") == []
