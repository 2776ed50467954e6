"""The confirmation email reads like OIC's own: the title once in the body (pretix's frame shows it, too),
one clickable link to the registration in each part, the organiser as sender and signature, no doubled
punctuation, no empty paragraphs, links that break between words only. The change notice ends the same way
and carries the updated calendar file."""
import re

import pytest
from bs4 import BeautifulSoup
from django_scopes import scope
from i18nfield.strings import LazyI18nString

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.mail.preview import confirmation_preview

from .helpers import mail_parts, place_free_order

pytestmark = pytest.mark.django_db

TITLE = "KI-Kompetenz – KI sachkundig und sinnvoll einsetzen."


@pytest.fixture
def confirmation(seeded_event, item, outbox):
    apply_confirmation_templates(seeded_event)
    order = place_free_order(seeded_event, item)
    (message,) = outbox
    return order, message


def order_url(order):
    return f"/OIC-BIE/ki-zivil-10/order/{order.code}/{order.secret}/"


def test_title_once_in_the_body_of_each_part(confirmation):
    _order, message = confirmation
    text, html = mail_parts(message)
    body = text.split("\n-- \n")[0]  # pretix's footer names the order's event again, as pretix does
    assert body.count(TITLE) == 1
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".content").get_text().count(TITLE) == 1  # the first content block is the body
    for part in (text, html):
        assert "einsetzen.“." not in part and "einsetzen..“" not in part


def test_one_link_to_the_registration_in_each_part(confirmation):
    order, message = confirmation
    text, html = mail_parts(message)
    cancel = order_url(order) + "cancel"  # "Ich kann doch nicht kommen": pretix's cancel page, a page of its own
    assert text.count(order_url(order)) - text.count(cancel) == 1
    links = [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a", href=True)
             if order_url(order) in a["href"]]
    assert len([link for link in links if not link.endswith(cancel)]) == 1  # pretix's button
    assert text.count(cancel) == 1 and len([link for link in links if link.endswith(cancel)]) == 1


def test_organiser_is_sender_and_signature(confirmation, seeded_event, item, outbox):
    _order, message = confirmation
    assert message.from_email.startswith("Open Innovation City Bielefeld <")
    text, html = mail_parts(message)
    assert text.split("\n-- \n")[0].rstrip().endswith("Viele Grüße  \nOpen Innovation City Bielefeld")
    assert "Dein Team" not in text
    seeded_event.settings.oicmeetup_signature = LazyI18nString({"de-informal": "Maria und das OIC-Team"})
    place_free_order(seeded_event, item, email="second@example.org")
    text, _html = mail_parts(outbox[-1])
    assert text.split("\n-- \n")[0].rstrip().endswith("Viele Grüße  \nMaria und das OIC-Team")


def test_no_empty_paragraphs_and_links_break_between_words(confirmation):
    _order, message = confirmation
    _text, html = mail_parts(message)
    soup = BeautifulSoup(html, "html.parser")
    empty = [p for p in soup.find_all("p") if not p.get_text(strip=True) and not p.find("img")]
    assert empty == []
    for link in soup.select(".oicmeetup-announcement a"):
        assert "word-break: normal" in link["style"], link


def test_the_preview_is_the_email(confirmation, seeded_event):
    _order, message = confirmation
    with scope(organizer=seeded_event.organizer):
        preview = confirmation_preview(seeded_event)
    text, html = mail_parts(message)

    def without_order(value):  # the sample registration has its own code and links; line ends as the mail sends them
        value = re.sub(r"/order/[A-Z0-9]+/[a-z0-9]+/(open/[a-z0-9]+/)?", "/order/X/", value.replace("\r\n", "\n"))
        return " ".join(re.sub(r"\b[A-Z0-9]{5}\b", "CODE", value).split())

    assert without_order(preview["text"]) == without_order(text)
    assert preview["subject"] == message.subject
    assert without_order(BeautifulSoup(preview["html"], "html.parser").get_text()) == \
        without_order(BeautifulSoup(html, "html.parser").get_text())
