"""Change notice emails are logged as pretix logs emails: in the order's email history, and gone when
pretix's email shredder runs (a real order, a real notice through the celery task, pretix's shredder)."""
import json

import pytest
from django.core import mail as djmail
from django_scopes import scope, scopes_disabled

from pretix.base.models import LogEntry
from pretix.base.shredder import EmailAddressShredder

from pretix_oicmeetup.notices.log import NOTICE_SENT

from .helpers import extract_form_data, place_free_order, visible_text

pytestmark = pytest.mark.django_db

NOTICE_URL = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/notice/"
BUYER, GUEST = "buyer@example.org", "guest@example.org"


@pytest.fixture
def noticed_order(admin_client, seeded_event, item):
    """An order with a buyer and an attendee address, told about a moved Einlass from the notice page."""
    seeded_event.settings.mail_send_order_free_attendee = True
    order = place_free_order(seeded_event, item, email=BUYER, attendee_email=GUEST)
    local = seeded_event.date_admission.astimezone(seeded_event.timezone)
    seeded_event.date_admission = local.replace(hour=16, minute=20)
    seeded_event.save()
    djmail.outbox = []
    data = extract_form_data(admin_client.get(NOTICE_URL).content.decode(), "form[data-asynctask]")
    admin_client.post(NOTICE_URL + "send/", data)
    assert sorted(m.to[0] for m in djmail.outbox) == [BUYER, GUEST]
    return order


def notice_entries(order):
    with scopes_disabled():
        return list(order.all_logentries().filter(action_type=NOTICE_SENT).order_by("pk"))


def test_one_entry_per_email_with_what_was_sent(noticed_order):
    entries = notice_entries(noticed_order)
    assert [e.parsed_data["recipient"] for e in entries] == [BUYER, GUEST]
    with scopes_disabled():
        guest_position = noticed_order.positions.get()
    for entry, position in zip(entries, (None, guest_position.positionid), strict=True):
        data = entry.parsed_data
        assert data["version"] == 2 and "date_admission" in str(data["changes"])
        assert data["subject"].startswith("Änderung") and "16:20" in data["message"]
        assert data["position"] == position
        assert entry.user.email == "orga@example.org"
    # the action type is one pretix treats as an order's email (history, shredder)
    assert "order.email" in NOTICE_SENT
    assert str(entries[0].display()) == f"The change notice (version 2) was sent to {BUYER}."


def test_the_orders_email_history_lists_the_notice(admin_client, noticed_order):
    url = f"/control/event/OIC-BIE/ki-zivil-10/orders/{noticed_order.code}/mail_history"
    response = admin_client.get(url)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert text.count("The change notice (version 2) was sent to") == 2
    assert BUYER in text and GUEST in text
    assert "16:20" in text  # the message itself, as pretix shows its own emails


def test_pretixs_email_shredder_leaves_no_address_in_the_log(noticed_order, seeded_event):
    with scopes_disabled():
        before = [e for e in LogEntry.objects.filter(event=seeded_event) if BUYER in (e.data or "")]
    assert any(e.action_type == NOTICE_SENT for e in before)  # the address was there to begin with

    with scope(organizer=seeded_event.organizer):
        EmailAddressShredder(seeded_event).shred_data()

    with scopes_disabled():
        entries = list(LogEntry.objects.filter(event=seeded_event))
    leftovers = [(e.action_type, e.data) for e in entries if e.action_type.startswith("pretix_oicmeetup")
                 and ("@example.org" in (e.data or ""))]
    assert leftovers == []
    for entry in notice_entries(noticed_order):
        assert entry.shredded
        data = json.loads(entry.data)
        assert data["recipient"] == "█" and data["message"] == "█" and data["subject"] == "█"
        assert data["version"] == 2  # what is no personal data stays


def test_why_the_address_is_logged_as_recipient(noticed_order, seeded_event):
    """pretix 2026.8's email shredder clears "recipient" (and cc, bcc, subject, message) in email log
    entries, but not "to", the key of ``OutgoingMail.log_data()``: pretix's own confirmation entries keep
    their address. That is why the plugin logs the address under "recipient" (which the email history
    shows as well). Should this test fail after a pretix upgrade, pretix shreds "to" now and the plugin
    can log ``log_data()`` unchanged."""
    with scope(organizer=seeded_event.organizer):
        EmailAddressShredder(seeded_event).shred_data()
    with scopes_disabled():
        confirmation = noticed_order.all_logentries().filter(action_type="pretix.event.order.email.order_free")
        kept = [e.parsed_data.get("to") for e in confirmation]
    assert [BUYER] in kept
