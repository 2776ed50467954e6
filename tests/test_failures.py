"""A failure inside the plugin costs the least it can: one placeholder, one order, never pretix's own page
or email. Failures are provoked by making one of the plugin's own functions raise."""
import logging

import pytest
from django.core import mail as djmail
from django_scopes import scopes_disabled

from pretix_oicmeetup import render
from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.models import AnnouncementVersion
from pretix_oicmeetup.notices.tasks import send_change_notice
from pretix_oicmeetup.notices.versions import current_version

from .helpers import mail_parts, place_free_order

pytestmark = pytest.mark.django_db


def broken(*args, **kwargs):
    raise RuntimeError("broken on purpose")


def test_a_failing_announcement_costs_the_placeholder_not_the_email(seeded_event, item, monkeypatch, caplog):
    apply_confirmation_templates(seeded_event)
    monkeypatch.setattr(render, "build_sections", broken)
    djmail.outbox = []
    with caplog.at_level(logging.ERROR):
        place_free_order(seeded_event, item, email="someone@example.org")
    assert len(djmail.outbox) == 1, "the confirmation is still sent"
    text, html = mail_parts(djmail.outbox[0])
    for part in (text, html):
        assert "Anmeldung" in part or "angemeldet" in part  # pretix's and the template's own words
        assert "{meetup_" not in part and "broken on purpose" not in part
        assert "Fachexpertise" not in part  # the one placeholder that failed is empty
    assert "Failed to render the placeholder {meetup_announcement}" in caplog.text


def test_one_broken_order_does_not_stop_the_notice(seeded_event, item, monkeypatch, caplog):
    orders = [place_free_order(seeded_event, item, email=f"p{i}@example.org") for i in range(3)]
    seeded_event.settings.oicmeetup_format = {"de-informal": "Vortrag"}
    from pretix_oicmeetup.notices import tasks

    real = tasks._recipients

    def recipients(order):
        if order.pk == orders[1].pk:
            raise RuntimeError("broken on purpose")
        return real(order)

    monkeypatch.setattr(tasks, "_recipients", recipients)
    with scopes_disabled():
        version = current_version(seeded_event)
        AnnouncementVersion.objects.filter(pk=version.pk).update(
            is_notice=True, notice_subject={"de-informal": "Änderung"}, notice_intro={"de-informal": "Hallo"})
    djmail.outbox = []
    with caplog.at_level(logging.ERROR):
        result = send_change_notice.apply(args=(seeded_event.pk, version.pk)).get()
    assert result == {"sent": 2, "skipped": 0, "failed": 1}
    assert sorted(m.to[0] for m in djmail.outbox) == ["p0@example.org", "p2@example.org"]
    assert "could not be sent to order" in caplog.text
    monkeypatch.setattr(tasks, "_recipients", real)  # repaired: a second run reaches the one left
    assert send_change_notice.apply(args=(seeded_event.pk, version.pk)).get() == {"sent": 1, "skipped": 0,
                                                                                  "failed": 0}


def test_calendar_rewrite_failure_leaves_pretix_file(client, seeded_event, monkeypatch, caplog):
    from pretix_oicmeetup import signals

    url = "/OIC-BIE/ki-zivil-10/ical"
    meetup_file = client.get(url).content.decode()
    assert "Barbara Hammer" in meetup_file
    seeded_event.cache.clear()
    monkeypatch.setattr(signals, "add_to_public_description", broken)
    with caplog.at_level(logging.WARNING):
        response = client.get(url)
    assert response.status_code == 200
    assert "BEGIN:VCALENDAR" in response.content.decode() and "Barbara Hammer" not in response.content.decode()
    assert "Could not add the meetup to event.ical.download" in caplog.text


def test_jsonld_when_pretix_markup_changed(client, seeded_event, monkeypatch, caplog):
    from pretix_oicmeetup.presale import shop_page

    ours = client.get("/OIC-BIE/ki-zivil-10/").content.decode()
    assert '"doorTime"' in ours
    monkeypatch.setattr(shop_page, "PRETIX_EVENT_START", b'{"@context": "https://schema.org/", "@type": "Event"')
    with caplog.at_level(logging.WARNING):
        response = client.get("/OIC-BIE/ki-zivil-10/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '"doorTime"' not in page and '"@type": "Event"' in page  # pretix's own block, untouched
    assert "schema.org block was not found" in caplog.text

    monkeypatch.undo()
    monkeypatch.setattr(shop_page, "jsonld_payload", broken)
    with caplog.at_level(logging.WARNING):
        response = client.get("/OIC-BIE/ki-zivil-10/")
    assert response.status_code == 200 and "Fachexpertise" in response.content.decode()
    assert "Could not add the meetup to event.index" in caplog.text

