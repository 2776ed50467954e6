"""Script injection attempts in every text of the meetup, run in a real Chromium: nothing executes on the
shop page, the order page, the widget, the control panel preview and in the HTML email; the text email
carries no markup of ours."""
import json
import re

import pytest
from bs4 import BeautifulSoup

from pretix_oicmeetup.meetup.fields import by_key

from ..helpers import active_markup, announcement_html
from .browsing import delivered, register
from .stack import OPEN_REFERENCE, run_django
from .xss_payloads import ALL, MARKER, PAYLOADS, TRICKY_URL

pytestmark = pytest.mark.e2e

TEXT_FIELDS = ["teaser", "format", "prerequisites", "hint", "outcomes_intro", "outcomes", "materials", "series_name",
               "series_info", "contact", "description", "location"]


@pytest.fixture(scope="module")
def poisoned(shop, tmp_path_factory):
    server, _mail = shop
    config = server_config(server)
    data = {field: {"de-informal": fitting(field)} for field in TEXT_FIELDS}
    data["speakers"] = [{"name": payload[:200], "role": {"de-informal": payload}, "bio": {"de-informal": ALL},
                         "profile_url": "https://example.org/profile"} for payload in PAYLOADS]
    path = tmp_path_factory.mktemp("xss") / "meetup.json"
    path.write_text(json.dumps({"meetup": data}))
    run_django(config, "-m", "pretix", "oicmeetup_load", *OPEN_REFERENCE.split("/"), str(path))
    run_django(config, "tests/e2e/cli.py", "admin", "admin@example.org", "admin-password")
    return server


def fitting(field) -> str:
    """All payloads where the field's limit allows; short fields (venue, format, ...) take as many as fit,
    starting at a different payload each, and every payload is also a speaker's name and role. The
    description is pretix's front page text, where a literal brace is written twice."""
    if field == "description":
        return ALL.replace("{", "{{").replace("}", "}}")
    limit = by_key()[field].max_length if field in by_key() else None
    if not limit or len(ALL) <= limit:
        return ALL
    start = TEXT_FIELDS.index(field) * 3
    chosen = []
    for payload in PAYLOADS[start:] + PAYLOADS[:start]:
        if len("\n\n".join([*chosen, payload])) <= limit:
            chosen.append(payload)
    return "\n\n".join(chosen)


def server_config(server):
    return server.config


def watch(page):
    events = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: events.append(f"console: {message.text}") if MARKER in message.text
            else None)
    return events


def assert_nothing_ran(page, events, where):
    page.wait_for_timeout(800)  # onload/onerror/ontoggle handlers fire after the load event
    ran = page.evaluate("() => window.__xss")
    assert ran is None and events == [], f"script ran on {where}: {ran} {events}"


class Inspector:
    """For ``register``: every page it passes must stay free of running script."""

    def __init__(self):
        self.events = []
        self.checked = []

    def watch(self, page):
        page.on("dialog", lambda dialog: (self.events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.on("console", lambda m: self.events.append(f"console: {m.text}") if MARKER in m.text else None)

    def __call__(self, page, where):
        assert_nothing_ran(page, self.events, where)
        self.checked.append(where)


def test_link_payloads_are_refused(poisoned, tmp_path):
    path = tmp_path / "bad.json"
    for url in (TRICKY_URL, "javascript:alert(1)", "data:text/html,<script>alert(1)</script>"):
        path.write_text(json.dumps({"meetup": {"series_url": url}}))
        with pytest.raises(RuntimeError, match="series_url"):
            run_django(server_config(poisoned), "-m", "pretix", "oicmeetup_load", *OPEN_REFERENCE.split("/"), str(path))


def test_shop_widget_order_page_and_email(browser, website, shop, poisoned):  # noqa: F811
    server, mail_dir = shop
    context = browser.new_context()
    page = context.new_page()
    events = watch(page)
    page.goto(f"{server.url}/{OPEN_REFERENCE}/")
    assert_nothing_ran(page, events, "the shop page")
    block = announcement_html(page.content())
    assert active_markup(block) == [] and "klick6" in block  # the texts are there, as text
    context.close()

    inspector = Inspector()
    _essentials, _order_page, errors = register(browser, website, "xss-guest@example.org", inspect=inspector)
    assert inspector.checked == ["the widget", "the order page"]

    message = delivered(mail_dir, "xss-guest@example.org")
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    # The organiser's text is shown as typed, and markup that pretix's sanitiser does not allow is shown as
    # text in the HTML part: the text part shows exactly that (both come from the same sanitised HTML), so
    # any tag it shows is text in the HTML part, never markup the HTML part renders; and no markdown.
    ours = text
    for payload in sorted(PAYLOADS, key=len, reverse=True):
        ours = ours.replace(payload, "")
    shown_in_html = BeautifulSoup(html, "html.parser").get_text()
    for tag in re.findall(r"</?(?:p|strong|em|li|ul|ol|br|a|div|span|h\d|img|script)\b[^>]*>", ours):
        assert tag in shown_in_html, f"{tag} is markup in the text part but not text in the HTML part"
    assert "**" not in ours
    assert active_markup(announcement_html(html)) == []
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    events = watch(page)
    page.set_content(html)
    assert_nothing_ran(page, events, "the HTML email")
    context.close()


def log_in_to_control_panel(page, server):
    page.goto(f"{server.url}/control/login")
    page.fill("input[name=email]", "admin@example.org")
    page.fill("input[name=password]", "admin-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/control/**")


def test_control_panel_preview(browser, shop, poisoned):  # noqa: F811
    server, _mail = shop
    context = browser.new_context()
    page = context.new_page()
    events = watch(page)
    log_in_to_control_panel(page, server)
    for path in ("oicmeetup/", "oicmeetup/notice/"):
        page.goto(f"{server.url}/control/event/{OPEN_REFERENCE}/{path}")
        assert_nothing_ran(page, events, f"the control page {path}")
    assert active_markup(announcement_html(page.goto(
        f"{server.url}/control/event/{OPEN_REFERENCE}/oicmeetup/").text())) == []
    context.close()


def test_imported_post_with_payloads(browser, shop, poisoned, tmp_path):  # noqa: F811
    server, _mail = shop
    post = ("---\ntitle: \"<script>window.__xss=50</script>\"\nteaser: \"<img src=x onerror=window.__xss=51>\"\n"
            "---\n" + "\n\n".join(PAYLOADS[:12])
            + "\n\n### Fachexpertise\n**Eve Mallory** [LinkedIn](javascript:window.__xss=52) ist " + PAYLOADS[1]
            + "\n\n### Hinweis\n" + PAYLOADS[0] + "\n")
    context = browser.new_context()
    page = context.new_page()
    events = watch(page)
    log_in_to_control_panel(page, server)
    page.goto(f"{server.url}/control/event/{OPEN_REFERENCE}/oicmeetup/import/")
    page.fill("textarea[name=text]", post)
    page.click("button.btn-primary[type=submit]")
    page.wait_for_selector(".oicmeetup-import-preview")
    assert_nothing_ran(page, events, "the import preview")
    page.click(".oicmeetup-import-preview button[type=submit]")
    page.wait_for_load_state()
    assert_nothing_ran(page, events, "the meetup page after the import")
    page.goto(f"{server.url}/{OPEN_REFERENCE}/")
    assert_nothing_ran(page, events, "the shop page after the import")
    context.close()
