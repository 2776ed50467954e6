"""Change notices, reminders and calendar files (celery eager, locmem mail)."""
import pytest
import vobject
from django.core import mail as djmail
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Order, OutgoingMail

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.models import AnnouncementReceipt, AnnouncementVersion, Speaker
from pretix_oicmeetup.notices.tasks import send_change_notice
from pretix_oicmeetup.notices.versions import current_version, notice_status

from .helpers import extract_form_data, mail_parts, place_free_order, visible_text
from .seed_facts import missing_facts

pytestmark = pytest.mark.django_db

NOTICE_URL = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/notice/"
SEND_URL = NOTICE_URL + "send/"
REMINDER_URL = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/reminder/"
ZOOM = "https://zoom.example.org/j/4711"


@pytest.fixture
def registrations(seeded_event, item):
    apply_confirmation_templates(seeded_event)
    orders = [place_free_order(seeded_event, item, email=f"person{i}@example.org",
                               locale="de" if i == 2 else "de-informal") for i in range(3)]
    djmail.outbox = []
    return orders


def move_admission(event, hhmm="16:15"):
    local = event.date_admission.astimezone(event.timezone)
    hour, minute = map(int, hhmm.split(":"))
    event.date_admission = local.replace(hour=hour, minute=minute)
    event.save()


def send(client):
    data = extract_form_data(client.get(NOTICE_URL).content.decode(), "form[data-asynctask]")
    return client.post(SEND_URL, data, follow=True)


def test_orders_remember_what_their_confirmation_said(registrations, seeded_event):
    with scopes_disabled():
        versions = AnnouncementVersion.objects.filter(event=seeded_event)
        assert versions.count() == 1
        assert AnnouncementReceipt.objects.filter(version=versions.get()).count() == 3
    assert notice_status(seeded_event).told == 3 and notice_status(seeded_event).pending == 0


def test_notice_page_shows_changes_and_who_needs_them(admin_client, registrations, seeded_event):
    move_admission(seeded_event)
    with scopes_disabled():
        Speaker.objects.filter(name="Benjamin Paaßen").delete()
    text = visible_text(admin_client.get(NOTICE_URL).content.decode())
    assert "3 registrations still need a notice." in text
    assert "Changes since the first registrations" in text
    assert "Admission (Einlass)" in text and "4:00 PM" in text and "4:15 PM" in text
    assert "Speaker removed Benjamin Paaßen" in text


def test_sending_the_notice_reaches_everyone_once(admin_client, registrations, seeded_event):
    move_admission(seeded_event)
    response = send(admin_client)
    assert "The change notice went out to 3 registrations." in response.content.decode()
    assert sorted(m.to[0] for m in djmail.outbox) == [f"person{i}@example.org" for i in range(3)]

    informal = next(m for m in djmail.outbox if m.to == ["person0@example.org"])
    assert informal.subject.startswith("Änderung: KI-Kompetenz")
    text, html = mail_parts(informal)
    assert "an dem Meetup „KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.“, für das du angemeldet bist" in text
    assert "- Einlass: Dienstag, 11. November 2025, 16:15 Uhr (vorher: Dienstag, 11. November 2025, 16:00 Uhr)" \
        in text
    # the whole announcement follows (the notice does not repeat that the meetup is free)
    assert missing_facts(" ".join(text.replace("16:15", "16:00").split()), "de-informal") == ["free registration"]
    assert "<s>Dienstag, 11. November 2025, 16:00 Uhr</s>" in html
    # it ends as the confirmation does, and carries the updated calendar file
    assert text.split("\n-- \n")[0].rstrip().endswith("Viele Grüße  \nOpen Innovation City Bielefeld")
    calendars = [a for a in informal.attachments if str(a[0]).endswith(".ics")]
    assert len(calendars) == 1 and "DTSTART" in calendars[0][1] and "16:15" not in text.split("-- ")[-1]
    formal = next(m for m in djmail.outbox if m.to == ["person2@example.org"])
    assert "für das Sie angemeldet sind" in mail_parts(formal)[0]

    order = registrations[0]
    entry = order.all_logentries().get(action_type="pretix_oicmeetup.order.email.notice_sent")
    assert "person0@example.org" in str(entry.display())
    assert "0 registrations still need a notice." in visible_text(admin_client.get(NOTICE_URL).content.decode())

    # a double click, a second run, a restarted worker: nobody gets it twice
    djmail.outbox = []
    with scopes_disabled():
        version = AnnouncementVersion.objects.get(event=seeded_event, is_notice=True)
    assert send_change_notice.apply(args=(seeded_event.pk, version.pk)).get() == {"sent": 0, "skipped": 0, "failed": 0}
    send(admin_client)
    assert djmail.outbox == []


def test_later_changes_and_later_registrations(admin_client, registrations, seeded_event, item):
    move_admission(seeded_event, "16:15")
    send(admin_client)
    late = place_free_order(seeded_event, item, email="late@example.org")  # told 16:15 in the confirmation
    move_admission(seeded_event, "16:20")
    djmail.outbox = []
    send(admin_client)
    assert sorted(m.to[0] for m in djmail.outbox) == sorted(
        [f"person{i}@example.org" for i in range(3)] + ["late@example.org"])
    text = mail_parts(next(m for m in djmail.outbox if m.to == ["late@example.org"]))[0]
    assert "16:20 Uhr (vorher: Dienstag, 11. November 2025, 16:15 Uhr)" in text
    assert late.status == Order.STATUS_PAID


def test_only_valid_registrations_get_notices(admin_client, registrations, seeded_event):
    with scopes_disabled():
        registrations[1].status = Order.STATUS_CANCELED
        registrations[1].save()
    move_admission(seeded_event)
    send(admin_client)
    assert "person1@example.org" not in [m.to[0] for m in djmail.outbox]
    assert len(djmail.outbox) == 2


def test_attendee_addresses_get_it_where_pretix_mails_attendees(admin_client, seeded_event, item):
    seeded_event.settings.mail_send_order_free_attendee = True
    place_free_order(seeded_event, item, email="buyer@example.org", attendee_email="guest@example.org")
    move_admission(seeded_event)
    djmail.outbox = []
    send(admin_client)
    assert sorted(m.to[0] for m in djmail.outbox) == ["buyer@example.org", "guest@example.org"]


def test_online_link_changes_reach_attendees(admin_client, registrations, seeded_event):
    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ZOOM
    send(admin_client)
    text, html = mail_parts(djmail.outbox[0])
    assert ZOOM in text and f'href="{ZOOM}"' in html


def test_subject_and_intro_can_be_edited_per_language(admin_client, registrations, seeded_event):
    move_admission(seeded_event)
    data = extract_form_data(admin_client.get(NOTICE_URL).content.decode(), "form[data-asynctask]")
    data = {k: ("Kurzfristige Änderung!" if k.startswith("subject_") else v) for k, v in data.items()}
    data = {k: ("Hallo {event}-Gäste, der Einlass verschiebt sich." if k.startswith("intro_") else v)
            for k, v in data.items()}
    admin_client.post(SEND_URL, data)
    message = djmail.outbox[0]
    assert message.subject.endswith("Kurzfristige Änderung!")
    assert "Hallo KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.-Gäste" in mail_parts(message)[0]


def test_notice_form_rejects_unknown_placeholders(admin_client, registrations, seeded_event):
    move_admission(seeded_event)
    data = extract_form_data(admin_client.get(NOTICE_URL).content.decode(), "form[data-asynctask]")
    data = {k: ("{nope}" if k.startswith("intro_") else v) for k, v in data.items()}
    response = admin_client.post(SEND_URL, data, follow=True)
    assert "Please check the subject and the introduction" in response.content.decode()
    assert djmail.outbox == []


def test_failing_mail_server_is_visible_not_silent(admin_client, registrations, seeded_event, settings):
    move_admission(seeded_event)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: every send fails
    with scopes_disabled():
        version = AnnouncementVersion.objects.create(
            event=seeded_event, number=2, data={}, is_notice=True,
            notice_subject={"de-informal": "Änderung"}, notice_intro={"de-informal": "Hallo"})
    send_change_notice.apply(args=(seeded_event.pk, version.pk))
    with scopes_disabled():
        mails = OutgoingMail.objects.filter(order__event=seeded_event).exclude(status=OutgoingMail.STATUS_SENT)
        assert mails.count() >= 3  # queued for pretix's retries (they go out once the server is back)
    status = notice_status(seeded_event)
    assert sum(status.mail_states.values()) == 3 and "sent" not in status.mail_states


def test_permissions(client, seeded_event, readonly_user):
    client.login(email="viewer@example.org", password="viewerpassword")
    assert client.get(NOTICE_URL).status_code == 403
    assert client.post(SEND_URL, {}).status_code == 403
    assert client.post(REMINDER_URL).status_code == 403


def test_reminder_rule_in_one_click_with_meetup_placeholders(admin_client, registrations, seeded_event):
    from pretix.plugins.sendmail.models import Rule, ScheduledMail

    admin_client.post(REMINDER_URL)
    admin_client.post(REMINDER_URL)  # only once
    with scopes_disabled():
        rule = Rule.objects.get(event=seeded_event)
        assert (rule.send_offset_days, str(rule.send_offset_time), rule.date_is_absolute) == (1, "10:00:00", False)
        seeded_event.refresh_from_db()
        assert "pretix.plugins.sendmail" in seeded_event.get_plugins()
        scheduled = ScheduledMail.objects.get(rule=rule)
    djmail.outbox = []
    with scope(organizer=seeded_event.organizer):
        scheduled.send()
    assert len(djmail.outbox) == 3
    message = djmail.outbox[0]
    assert message.subject == "Morgen: KI-Kompetenz – KI sachkundig und sinnvoll einsetzen., Einlass ab 16:00 Uhr"
    text, html = mail_parts(message)
    assert "Einlass: 16:00 Uhr" in text and "- Laptop oder Smartphone" in text
    assert "Einlass:</strong> 16:00 Uhr" in html


def test_public_calendar_has_the_meetup_but_never_the_link(client, seeded_event):
    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ZOOM
    client.cookies["pretix_language"] = "de-informal"
    response = client.get("/OIC-BIE/ki-zivil-10/ical")
    assert response.status_code == 200
    description = vobject.readOne(response.content.decode()).vevent.description.value
    assert "Einlass: 16:00 Uhr" in description
    assert "Barbara Hammer" in description and "Laptop oder Smartphone" in description
    assert "Tickets: http" in description  # pretix's own lines stay
    assert "zoom" not in response.content.decode().lower()


def test_attendee_calendar_has_the_link(client, seeded_event, item):
    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ZOOM
    order = place_free_order(seeded_event, item)
    page = client.get(f"/OIC-BIE/ki-zivil-10/order/{order.code}/{order.secret}/").content.decode()
    url = f"/OIC-BIE/ki-zivil-10/oicmeetup/calendar/{order.code}/{order.secret}.ics"
    assert url in page
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    entry = vobject.readOne(response.content.decode()).vevent
    assert entry.url.value == ZOOM and ZOOM in entry.description.value
    assert "Einlass" in entry.description.value
    assert client.get(f"/OIC-BIE/ki-zivil-10/oicmeetup/calendar/{order.code}/wrongsecret.ics").status_code == 404


def test_calendar_attached_to_the_confirmation_carries_the_meetup(seeded_event, item, outbox):
    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ZOOM
    apply_confirmation_templates(seeded_event)
    assert seeded_event.settings.mail_attach_ical
    place_free_order(seeded_event, item)
    message = outbox[0].message()
    ics = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    description = vobject.readOne(ics.get_payload(decode=True).decode()).vevent.description.value
    assert "Einlass: 16:00 Uhr" in description and "Barbara Hammer" in description
    assert "zoom" not in description.lower()  # pretix attaches the same file for everyone: no private link


def test_changes_placeholder_only_where_changes_exist(seeded_event):
    from pretix.base.services.placeholders import get_available_placeholders

    assert "meetup_changes" not in get_available_placeholders(seeded_event, ["event", "order"], rich=True)
    assert "meetup_changes" in get_available_placeholders(seeded_event, ["event", "order", "meetup_changes"],
                                                          rich=True)


def test_i18n_defaults_exist():
    from pretix_oicmeetup.notices.wording import default_texts

    subject, intro = default_texts()
    assert LazyI18nString(subject).localize("de-informal") == "Änderung: {event}"
    assert "du angemeldet bist" in LazyI18nString(intro).localize("de-informal")


def test_a_restarted_worker_resumes_what_it_was_sending(registrations, seeded_event):
    from types import SimpleNamespace

    from django.utils.timezone import now

    from pretix_oicmeetup.notices.tasks import resume_unfinished_notices

    move_admission(seeded_event)
    with scopes_disabled():
        from pretix_oicmeetup.notices.versions import current_version

        version = current_version(seeded_event)
        AnnouncementVersion.objects.filter(pk=version.pk).update(
            is_notice=True, notice_subject={"de-informal": "Änderung"}, notice_intro={"de-informal": "Hallo"},
            notice_started=now(), notice_heartbeat=now(), notice_worker="celery@machine-a")
    resume_unfinished_notices(sender=SimpleNamespace(hostname="celery@machine-b"))  # busy elsewhere: left alone
    assert djmail.outbox == []
    resume_unfinished_notices(sender=SimpleNamespace(hostname="celery@machine-a"))  # its own, dead task
    assert len(djmail.outbox) == 3
    version.refresh_from_db()
    assert version.notice_finished is not None


def test_notice_page_shows_the_link_to_senders_as_pretix_shows_them_the_emails(client, registrations,
                                                                               seeded_event, organizer):
    """Who sends notices reads orders, and so every order's emails with the link (access.py)."""
    from pretix.base.models import Team, User

    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ZOOM
    sender = User.objects.create_user("sender@example.org", "senderpassword")
    team = Team.objects.create(organizer=organizer, name="Senders", all_events=True,
                               limit_event_permissions={"event.orders:write": True, "event.orders:read": True})
    team.members.add(sender)
    client.login(email="sender@example.org", password="senderpassword")
    page = client.get(NOTICE_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Online meeting link" in visible_text(html) and ZOOM in html


def test_who_registered_while_the_plugin_was_off_hears_what_changed_since(seeded_event, item):
    apply_confirmation_templates(seeded_event)
    place_free_order(seeded_event, item, email="anna@example.org")
    seeded_event.disable_plugin("pretix_oicmeetup")
    seeded_event.save()
    place_free_order(seeded_event, item, email="bernd@example.org")
    seeded_event.enable_plugin("pretix_oicmeetup")
    seeded_event.save()
    seeded_event.settings.oicmeetup_format = {"de-informal": "Vortrag"}
    with scopes_disabled():
        version = current_version(seeded_event)
        AnnouncementVersion.objects.filter(pk=version.pk).update(
            is_notice=True, notice_subject={"de-informal": "Änderung"}, notice_intro={"de-informal": "Hallo"})
    djmail.outbox = []
    assert send_change_notice.apply(args=(seeded_event.pk, version.pk)).get()["sent"] == 2
    for message in djmail.outbox:
        text, html = mail_parts(message)
        assert "Format: Vortrag" in text, message.to
        assert "Vortrag" in html and "Impuls-Workshop" in html, message.to


def test_notice_page_in_german_names_states_and_counts_properly(admin_client, registrations, seeded_event):
    move_admission(seeded_event)
    send(admin_client)
    admin_client.cookies["pretix_language"] = "de-informal"
    from pretix.base.models import User

    User.objects.filter(email="orga@example.org").update(locale="de-informal")
    text = visible_text(admin_client.get(NOTICE_URL).content.decode())
    assert "gesendet: 3" in text and "sent: 3" not in text
    assert "3 Anmeldungen informiert" in text


def test_a_nul_in_the_notice_is_named_and_nothing_is_sent(admin_client, registrations, seeded_event):
    """The notice form goes as multipart (as pretix's asynctask script sends it anyway), so a NUL in the subject
    is named by the field instead of pretix's generic "invalid input" answer."""
    from bs4 import BeautifulSoup
    move_admission(seeded_event)
    html = admin_client.get(NOTICE_URL).content.decode()
    assert BeautifulSoup(html, "html.parser").select_one("form[data-asynctask]")["enctype"] == "multipart/form-data"
    data = extract_form_data(html, "form[data-asynctask]")
    data["subject_2"] = "Neu\x00es"
    djmail.outbox = []
    response = admin_client.post(SEND_URL, data, follow=True)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "U+0000" in text or "Null characters are not allowed" in text or "Nullzeichen" in text, text[:2000]
    assert djmail.outbox == []
