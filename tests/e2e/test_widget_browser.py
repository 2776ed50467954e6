"""The website's embedded widget in a real headless Chromium: a static page embeds the widget from a
locally running pretix, shows the meetup's essentials, and a registration through it brings the
confirmation email with the whole announcement to a real SMTP server."""
import pytest

from ..helpers import visible_text
from ..seed_facts import missing_facts
from .browsing import delivered, register

pytestmark = pytest.mark.e2e


def test_register_through_the_embedded_widget(browser, website, shop):
    _server, mail_dir = shop
    essentials, order_page, errors = register(browser, website, "widget-guest@example.org")
    assert errors == []
    # pretix's own lines of the widget say date, start, end and venue; the essentials add the rest
    for fact in ("Einlass: 16:00 Uhr", "Fachexpertise: Barbara Hammer, Benjamin Paaßen",
                 "Die Teilnahme ist kostenlos."):
        assert fact in essentials
    assert "Einlass: 16:00 Uhr" in order_page and "Laptop oder Smartphone" in order_page

    message = delivered(mail_dir, "widget-guest@example.org")
    assert message["Subject"].strip().startswith("Deine Anmeldung: KI-Kompetenz")
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert missing_facts(" ".join(text.split()), "de-informal") == []
    assert missing_facts(visible_text(html), "de-informal") == []
