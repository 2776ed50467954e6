"""`make screenshots`: PNGs of what people see, for looking at the plugin's pages without a browser.

    python tests/e2e/screenshots.py OUTDIR [--keep]

Starts what the browser tests start (tests/e2e/conftest.py): pretix's development server with the reference
meetup (SQLite, tasks in process), a real SMTP server and a static page of the website that embeds the widget;
then Chromium (Playwright) takes full-page screenshots at 1280 and 390 px: the shop page, the widget's page, a
registration through the shop step by step, the confirmation email it brings (HTML and text part), and the
control pages of the plugin (meetup, notice, import) in German informal and German. Writes OUTDIR/index.html
listing them. Every server is stopped again, whatever happens; --keep keeps the working directory (database,
server log, mail) for a look afterwards.
"""
import argparse
import contextlib
import email
import email.policy
import html
import http.server
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from demo.smtp_sink import start_sink  # noqa: E402
from tests.e2e.stack import (  # noqa: E402
    CHROMIUM_ARGS,
    DevServer,
    chromium_binary,
    free_port,
    run_django,
    widget_page,
    write_config,
)

WIDTHS = (1280, 390)
HEIGHTS = {1280: 900, 390: 844}  # the first screenful; the screenshots take the whole page
SHOP_LANGUAGE = "de-informal"
CONTROL_LANGUAGES = ("de-informal", "de")
EVENT = "OIC-BIE/ki-zivil-11"  # the demo's next edition, open for registration
HELD = "OIC-BIE/ki-zivil-10"  # the demo's reference meetup, held: its archive with the Rückblick
ADMIN_EMAIL, ADMIN_PASSWORD = "screenshots@example.org", "screenshots-Passw0rd!"
STEP_TIMEOUT = 60_000  # ms, for one navigation or one element to appear
CONTROL_PAGES = (("meetup", ""), ("notice", "notice/"), ("import", "import/"))

# Sets the admin's control-panel language; pretix takes it from the user (User.locale) on every request.
SET_LOCALE = """
import sys
import django
django.setup()
from pretix.base.models import User
updated = User.objects.filter(email=sys.argv[1]).update(locale=sys.argv[2])
assert updated == 1, f"no user {sys.argv[1]}"
"""

# A CI timeout or Ctrl-C in make: stop the servers through the finally blocks below.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


class StepFailed(RuntimeError):
    pass


def say(text):
    print(text, flush=True)


@contextlib.contextmanager
def step(name, page=None):
    """Names the step in the error if anything in it fails or times out."""
    started = time.monotonic()
    try:
        yield
    except StepFailed:
        raise
    except Exception as e:  # noqa: BLE001 - Playwright's timeouts and errors, assertions of the steps
        where = f" (page: {page.url})" if page is not None else ""
        raise StepFailed(f"step '{name}' failed after {time.monotonic() - started:.0f} s{where}: "
                         f"{type(e).__name__}: {e}") from e


class Shots:
    """The screenshots taken, in order, for index.html."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.taken = []  # (file name, caption, notes)

    def take(self, page, name, caption, notes=()):
        path = self.outdir / f"{name}.png"
        with step(f"screenshot {path.name}", page):
            page.screenshot(path=str(path), full_page=True, timeout=STEP_TIMEOUT, animations="disabled")
        self.taken.append((path.name, caption, list(notes)))
        say(f"  {path.name}")

    def write_index(self, elapsed):
        items = []
        for name, caption, notes in self.taken:
            note = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
            items.append(
                f'<figure id="{html.escape(name)}"><figcaption><a href="{html.escape(name)}"><code>'
                f'{html.escape(name)}</code></a> – {html.escape(caption)}{f"<ul>{note}</ul>" if note else ""}'
                f'</figcaption><a href="{html.escape(name)}"><img src="{html.escape(name)}" alt="'
                f'{html.escape(caption)}" loading="lazy"></a></figure>')
        contents = "".join(f'<li><a href="#{html.escape(n)}">{html.escape(n)}</a> – {html.escape(c)}</li>'
                           for n, c, _ in self.taken)
        (self.outdir / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>pretix-oicmeetup screenshots</title>
<style>body{{font-family:sans-serif;margin:2em}} figure{{margin:2em 0;border-top:1px solid #ccc}}
figcaption{{margin:.5em 0}} img{{max-width:100%;border:1px solid #999}}</style></head><body>
<h1>pretix-oicmeetup screenshots</h1>
<p>{len(self.taken)} screenshots, taken {time.strftime("%Y-%m-%d %H:%M")} in {elapsed:.0f} s by
<code>make screenshots</code> (tests/e2e/screenshots.py).</p>
<ul>{contents}</ul>
{"".join(items)}
</body></html>
""", encoding="utf-8")


def wait_loaded(page):
    page.wait_for_load_state("load", timeout=STEP_TIMEOUT)
    with contextlib.suppress(Exception):  # a page that keeps polling never idles; "load" is enough then
        page.wait_for_load_state("networkidle", timeout=5000)


def goto(page, url, expected_status=200):
    response = page.goto(url, wait_until="load", timeout=STEP_TIMEOUT)
    if response is None or response.status != expected_status:
        raise AssertionError(f"{url} answered {response.status if response else 'nothing'}")
    wait_loaded(page)
    return response


def new_context(browser, width, base_url):
    context = browser.new_context(viewport={"width": width, "height": HEIGHTS[width]}, locale="de-DE",
                                  timezone_id="Europe/Berlin", device_scale_factor=1)
    context.set_default_timeout(STEP_TIMEOUT)
    context.set_default_navigation_timeout(STEP_TIMEOUT)
    context.add_cookies([{"name": "pretix_language", "value": SHOP_LANGUAGE, "url": base_url}])
    return context


def watch_errors(page):
    errors = []
    page.on("pageerror", lambda e: errors.append(f"JavaScript error: {e}"))
    return errors


def delivered(mail_dir: Path, address, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == address:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no email to {address} in {mail_dir} after {timeout} s")


def shop_and_widget(browser, shots, server_url, website_url, width):
    context = new_context(browser, width, server_url)
    try:
        page = context.new_page()
        errors = watch_errors(page)
        with step(f"shop page at {width} px", page):
            goto(page, f"{server_url}/{EVENT}/")
            page.wait_for_selector(".oicmeetup-announcement, #btn-add-to-cart", state="attached")
        shots.take(page, f"shop-{width}", f"The shop page /{EVENT}/ ({SHOP_LANGUAGE}), {width} px", errors)

        page = context.new_page()
        errors = watch_errors(page)
        with step(f"the held meetup's archive at {width} px", page):
            goto(page, f"{server_url}/{HELD}/")
            page.wait_for_selector(".oicmeetup-archive", state="attached")
        shots.take(page, f"archive-{width}", f"The held meetup's page /{HELD}/ with its Rückblick, {width} px",
                   errors)

        page = context.new_page()
        errors = watch_errors(page)
        with step(f"widget on the website's page at {width} px", page):
            goto(page, website_url)
            page.wait_for_selector(".pretix-widget-item-row", timeout=STEP_TIMEOUT)
            wait_loaded(page)
        shots.take(page, f"widget-{width}", f"The website's page embedding the widget, {width} px", errors)
    finally:
        context.close()


def checkout(browser, shots, server_url, mail_dir, width):
    """One registration through the shop, each step of it, then the confirmation email it brings."""
    address = f"screenshot-{width}@example.org"
    context = new_context(browser, width, server_url)
    try:
        page = context.new_page()
        errors = watch_errors(page)
        with step("choosing the ticket in the shop", page):
            goto(page, f"{server_url}/{EVENT}/")
            count = page.locator("input.input-item-count").first
            count.wait_for(state="attached")
            if count.get_attribute("type") == "checkbox":
                count.check()
            else:
                count.fill("1")
            page.click("#btn-add-to-cart")
            # pretix shows the cart on the event page, or (redirect_to_checkout_directly) the questions
            page.wait_for_selector("form.checkout-button-primary button[type=submit], input[name=email]",
                                   timeout=STEP_TIMEOUT)
            wait_loaded(page)
        direct = "/checkout/" in page.url
        shots.take(page, f"checkout-1-ticket-chosen-{width}",
                   "After choosing the ticket: " + ("pretix went straight to the checkout's questions"
                                                    if direct else "the cart on the shop page") + f", {width} px",
                   errors)
        if not direct:
            with step("from the cart to the checkout", page):
                page.click("form.checkout-button-primary button[type=submit]")
                page.wait_for_url("**/checkout/**", timeout=STEP_TIMEOUT)
                wait_loaded(page)
        with step("the checkout's questions step", page):
            page.wait_for_url("**/checkout/questions/**", timeout=STEP_TIMEOUT)
            page.wait_for_selector("input[name=email]")
        shots.take(page, f"checkout-2-questions-{width}", f"Checkout: the questions step (empty), {width} px", errors)
        with step("answering the questions", page):
            page.fill("input[name=email]", address)
            if page.locator("input[name=email_repeat]").count():
                page.fill("input[name=email_repeat]", address)
            page.click("button.btn-primary[type=submit]")
            page.wait_for_url("**/checkout/confirm/**", timeout=STEP_TIMEOUT)
            wait_loaded(page)
        shots.take(page, f"checkout-3-confirm-{width}", f"Checkout: the confirm step, {width} px", errors)
        with step("confirming the registration", page):
            for box in page.locator("form input[type=checkbox][required]").all():
                box.check()
            page.click("button.btn-primary[type=submit]")
            page.wait_for_url("**/order/**", timeout=STEP_TIMEOUT)
            wait_loaded(page)
            if "thanks" not in page.url:
                raise AssertionError(f"the order page came without ?thanks: {page.url}")
        shots.take(page, f"checkout-4-order-{width}", f"The order page after the registration (?thanks=1), "
                   f"{width} px", errors)

        with step(f"the confirmation email to {address}"):
            message = delivered(mail_dir, address)
            html_part = message.get_body(preferencelist=("html",))
            text_part = message.get_body(preferencelist=("plain",))
            if html_part is None or text_part is None:
                raise AssertionError("the email has no HTML or no text part")
        subject = " ".join(str(message["Subject"]).split())
        page = context.new_page()
        errors = watch_errors(page)
        with step("the email's HTML part", page):
            page.set_content(html_part.get_content(), wait_until="load", timeout=STEP_TIMEOUT)
        shots.take(page, f"email-html-{width}", f"The confirmation email, HTML part ('{subject}'), {width} px",
                   errors)
        header = "\n".join(f"{k}: {message[k]}" for k in ("From", "To", "Subject"))
        with step("the email's text part", page):
            page.set_content(
                '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" '
                'content="width=device-width"><style>body{margin:1em;background:#fff}pre{font:14px/1.4 '
                'monospace;white-space:pre-wrap;overflow-wrap:anywhere}pre.header{color:#555;border-bottom:'
                '1px solid #ccc;padding-bottom:.5em}</style></head><body>'
                f'<pre class="header">{html.escape(header)}</pre><pre>{html.escape(text_part.get_content())}</pre>'
                '</body></html>', wait_until="load", timeout=STEP_TIMEOUT)
        shots.take(page, f"email-text-{width}", f"The confirmation email, text part, {width} px")
    finally:
        context.close()


def log_in(browser, server_url, width):
    context = new_context(browser, width, server_url)
    page = context.new_page()
    with step(f"logging in to the control panel at {width} px", page):
        goto(page, f"{server_url}/control/login")
        page.fill("input[name=email]", ADMIN_EMAIL)
        page.fill("input[name=password]", ADMIN_PASSWORD)
        page.click("form button[type=submit].btn-primary")
        page.wait_for_url(lambda url: "/control/login" not in url, timeout=STEP_TIMEOUT)
        wait_loaded(page)
    return context


def control_pages(browser, shots, server_url, config):
    contexts = {}
    try:
        for width in WIDTHS:
            contexts[width] = log_in(browser, server_url, width)
        for language in CONTROL_LANGUAGES:
            with step(f"setting the admin's language to {language}"):
                run_django(config, "-c", SET_LOCALE, ADMIN_EMAIL, language, timeout=120)
            for width in WIDTHS:
                page = contexts[width].new_page()
                errors = watch_errors(page)
                for name, path in CONTROL_PAGES:
                    url = f"{server_url}/control/event/{EVENT}/oicmeetup/{path}"
                    with step(f"control page {name} ({language}, {width} px)", page):
                        response = goto(page, url)
                        if "/control/login" in page.url:
                            raise AssertionError("the control panel asked to log in again")
                        shown = response.headers.get("content-language")
                        if shown != language:
                            raise AssertionError(f"the page came in {shown!r}, not {language!r}")
                    shots.take(page, f"control-{name}-{language}-{width}",
                               f"Control panel: {name} page /control/event/{EVENT}/oicmeetup/{path} ({language}), "
                               f"{width} px", errors)
                page.close()
    finally:
        for context in contexts.values():
            context.close()


def serve_website(root: Path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the working directory (database, logs, mail)")
    args = parser.parse_args()
    binary = chromium_binary()
    if binary is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    outdir = args.outdir.resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    shots = Shots(outdir)
    workdir = Path(tempfile.mkdtemp(prefix="oicmeetup-screenshots-"))
    mail_dir = workdir / "mail"
    sink = server = httpd = None
    ok = False
    try:
        say(f"Starting pretix with the reference meetup (working directory {workdir}) ...")
        sink = start_sink(mail_dir)
        port = free_port()
        config = write_config(workdir, smtp_port=sink.port, url=f"http://127.0.0.1:{port}")
        with step("creating the database"):
            run_django(config, "-m", "pretix", "migrate", "--run-syncdb", "--noinput")
        with step("loading the reference meetup"):
            run_django(config, "-m", "pretix", "oicmeetup_demo")
        with step("creating the admin user"):
            run_django(config, str(ROOT / "tests" / "e2e" / "cli.py"), "admin", ADMIN_EMAIL, ADMIN_PASSWORD)
        with step("starting pretix's development server"):
            server = DevServer(config, port, workdir / "server.log")
        website = workdir / "website"
        website.mkdir()
        (website / "index.html").write_text(widget_page(server.url, event_path=EVENT))
        httpd = serve_website(website)
        website_url = f"http://127.0.0.1:{httpd.server_address[1]}/index.html"

        say(f"Taking screenshots into {outdir} ...")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
            try:
                for width in WIDTHS:
                    shop_and_widget(browser, shots, server.url, website_url, width)
                    checkout(browser, shots, server.url, mail_dir, width)
                control_pages(browser, shots, server.url, config)
            finally:
                browser.close()
        elapsed = time.monotonic() - started
        shots.write_index(elapsed)
        say(f"{len(shots.taken)} screenshots in {elapsed:.0f} s: {outdir / 'index.html'}")
        ok = True
    except StepFailed as e:
        say(f"FAILED: {e}")
        say(f"pretix's log: {workdir / 'server.log'}")
        raise SystemExit(1) from None
    finally:
        if httpd is not None:
            httpd.shutdown()
        if server is not None:
            server.stop()
        if sink is not None:
            sink.stop()
        if ok and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            say(f"Working directory kept: {workdir}")


if __name__ == "__main__":
    main()
