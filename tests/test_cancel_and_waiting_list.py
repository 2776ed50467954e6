"""Fewer empty seats (issue 26, first part): "Ich kann doch nicht kommen" is pretix's own cancellation of a
free registration, linked from the confirmation and the reminder, allowed until the meetup starts; pretix's
waiting list passes the freed seat on by itself, with a voucher that never runs past the start."""
from datetime import timedelta

import pytest
from django.core import mail as djmail
from django.test import Client
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled

from pretix.base.models import Order, Quota, WaitingListEntry

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.presale.free_setup import WAITING_LIST_HOURS, apply_free_setup, pending_changes

from .helpers import mail_parts, place_free_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(seeded_event):
    """The reference meetup a week ahead, set up as a free meetup with the meetup's emails."""
    start = (now() + timedelta(days=7)).replace(microsecond=0)
    seeded_event.date_from, seeded_event.date_to = start, start + timedelta(minutes=90)
    seeded_event.date_admission = start - timedelta(minutes=30)
    seeded_event.save()
    apply_free_setup(seeded_event)
    apply_confirmation_templates(seeded_event)
    djmail.outbox = []
    return seeded_event


def cancel_link(message) -> str:
    text, _html = mail_parts(message)
    return next(line for line in text.splitlines() if "/cancel" in line).strip()


def test_the_free_setup_offers_cancelling_and_the_waiting_list_and_says_when(seeded_event):
    from pretix.base.i18n import language

    with language("de-informal"):
        rows = {label: (now_, then) for label, now_, then in pending_changes(seeded_event)}
    assert rows["Warteliste aktivieren"][1] == "ja"
    assert rows["Warteliste-Antwortzeit"] == ("48 Stunden", f"{WAITING_LIST_HOURS} Stunden")  # with its unit
    deadline = next(then for label, (_now, then) in rows.items() if "Stornierungen" in label)
    assert deadline.startswith("der Beginn des Meetups (")
    closes = next(then for label, (_now, then) in rows.items() if "Warteliste deaktivieren" in label)
    assert closes.startswith(f"{WAITING_LIST_HOURS} Stunden vor Beginn des Meetups (")
    apply_free_setup(seeded_event)
    assert pending_changes(seeded_event) == []  # applied means nothing is left to offer
    assert apply_free_setup(seeded_event) == []


def test_the_confirmation_carries_the_link_and_it_cancels_once(upcoming, item):
    order = place_free_order(upcoming, item)
    (message,) = djmail.outbox
    text, html = mail_parts(message)
    assert "Du kannst doch nicht kommen?" in text
    link = cancel_link(message)
    assert link.endswith(f"/order/{order.code}/{order.secret}/cancel")
    assert "Anmeldung stornieren</a>" in html and f"{order.secret}/cancel" in html

    attendee = Client()
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = attendee.get("/" + path)
    assert page.status_code == 200  # pretix's own page says what happens, with its one button
    attendee.post("/" + path + "/do", {})
    order.refresh_from_db()
    assert order.status == Order.STATUS_CANCELED
    assert order.all_logentries().filter(action_type="pretix.event.order.canceled").count() == 1
    again = attendee.post("/" + path + "/do", {}, follow=True)  # the link again: nothing more happens
    assert again.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.STATUS_CANCELED
    assert order.all_logentries().filter(action_type="pretix.event.order.canceled").count() == 1
    assert attendee.get(f"/OIC-BIE/ki-zivil-10/order/{order.code}/wrongsecret/cancel").status_code == 404


def test_after_the_start_the_link_is_gone_and_pretix_refuses(upcoming, item):
    order = place_free_order(upcoming, item)
    upcoming.date_from = now() - timedelta(minutes=5)
    upcoming.save()
    with scope(organizer=upcoming.organizer):
        order = Order.objects.get(pk=order.pk)
        assert not order.user_cancel_allowed
        from pretix_oicmeetup.mail.placeholders import cancel_text
        assert cancel_text(order) == ""
    Client().post(f"/OIC-BIE/ki-zivil-10/order/{order.code}/{order.secret}/cancel/do", {})
    order.refresh_from_db()
    assert order.status == Order.STATUS_PAID


def test_the_freed_seat_goes_to_the_waiting_list_with_a_voucher_that_ends_before_the_start(upcoming, item):
    from pretix.base.services.waitinglist import assign_automatically

    with scopes_disabled():
        Quota.objects.filter(event=upcoming).update(size=1)
    order = place_free_order(upcoming, item)
    with scope(organizer=upcoming.organizer):
        entry = WaitingListEntry.objects.create(event=upcoming, item=item, email="wartet@example.org",
                                                locale="de-informal")
    Client().post(f"/OIC-BIE/ki-zivil-10/order/{order.code}/{order.secret}/cancel/do", {})
    assign_automatically(upcoming.pk)
    with scopes_disabled():
        entry.refresh_from_db()
        assert entry.voucher is not None
        assert entry.voucher.valid_until <= upcoming.date_from
        assert entry.voucher.valid_until <= now() + timedelta(hours=WAITING_LIST_HOURS, minutes=1)
    offer = next(m for m in djmail.outbox if "wartet@example.org" in m.to)
    text, _html = mail_parts(offer)
    assert offer.subject.startswith("Ein Platz für dich: KI-Kompetenz")
    assert f"innerhalb der nächsten {WAITING_LIST_HOURS} Stunden" in text
    admission = upcoming.date_admission.astimezone(upcoming.timezone).strftime("%H:%M")
    assert f"Einlass: {admission} Uhr" in " ".join(text.split())  # the meetup's date, times and place
    assert "Viele Grüße" in text and "{meetup" not in text


def test_the_figures_count_what_happened_on_the_page_and_in_the_api(upcoming, item, admin_client, client,
                                                                     organizer):
    from pretix.base.models import Team
    from pretix.base.services.waitinglist import assign_automatically

    from pretix_oicmeetup.reports.figures import meetup_figures

    from .helpers import check_in, visible_text

    with scopes_disabled():
        Quota.objects.filter(event=upcoming).update(size=2)
    first = place_free_order(upcoming, item, email="erste@example.org")
    stays = place_free_order(upcoming, item, email="zweite@example.org")
    with scope(organizer=upcoming.organizer):
        entry = WaitingListEntry.objects.create(event=upcoming, item=item, email="wartet@example.org")
    Client().post(f"/OIC-BIE/ki-zivil-10/order/{first.code}/{first.secret}/cancel/do", {})  # the attendee
    assign_automatically(upcoming.pk)
    third = place_free_order(upcoming, item, email="wartet@example.org")
    with scopes_disabled():
        entry.refresh_from_db()
        entry.voucher.redeemed = 1  # the registration made with the voucher (the helper orders without one)
        entry.voucher.save()
    check_in(stays)
    figures = meetup_figures(upcoming)
    assert (figures.registrations, figures.cancelled_by_attendees, figures.seats_from_waiting_list,
            figures.checkins, figures.show_up_rate) == (2, 1, 1, 1, 50.0)
    assert third.status == Order.STATUS_PAID

    text = visible_text(admin_client.get("/control/event/OIC-BIE/ki-zivil-10/oicmeetup/").content.decode())
    assert "Cancelled by attendees 1" in text and "Show-up rate 50.0 %" in text
    readers = Team.objects.create(organizer=organizer, name="Leser", all_events=True,
                                  limit_event_permissions={"event.orders:read": True})
    token = readers.tokens.create(name="t").token
    url = "/api/v1/organizers/OIC-BIE/events/ki-zivil-10/meetup-figures/"
    answer = client.get(url, HTTP_AUTHORIZATION=f"Token {token}")
    assert answer.status_code == 200
    assert answer.json() == {"registrations": 2, "cancelled_by_attendees": 1, "seats_from_waiting_list": 1,
                             "checkins": 1, "show_up_rate": 50.0}
    settings_only = Team.objects.create(organizer=organizer, name="Einstellungen", all_events=True,
                                        limit_event_permissions={"event.settings.general:write": True})
    other = settings_only.tokens.create(name="t").token
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {other}").status_code == 403
