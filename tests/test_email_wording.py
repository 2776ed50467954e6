"""Issue 24, a tester in the German control panel: the notice page shows pretix's placeholders as they are
meant (no escaped HTML); a notice with nothing to tell is never offered or sent; the confirmation preview of a
new event names the sender readably and previews the free confirmation; the HTML part names the meetup's
title once besides pretix's frame; the emails after the meetup have no runs of empty lines in their text."""
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail as djmail
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, example, given, settings as hsettings, strategies as st

from pretix.base.models import Event, Order, OutgoingMail, User

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.mail.preview import confirmation_preview
from pretix_oicmeetup.meetup.store import write
from pretix_oicmeetup.models import AnnouncementReceipt, AnnouncementVersion, RetrospectiveMaterial
from pretix_oicmeetup.notices.tasks import send_change_notice
from pretix_oicmeetup.notices.versions import current_version, notice_status
from pretix_oicmeetup.posts.importer import import_post

from .helpers import check_in, examples, hold, mail_parts, place_free_order, rolled_back, visible_text
from .test_disable import toggle
from .test_retrospective import KOMPETENZ, PAGE, run_scheduled_emails

pytestmark = pytest.mark.django_db

NOTICE_URL = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/notice/"
TITLE = "KI-Kompetenz – KI sachkundig und sinnvoll einsetzen."
PLUGIN = "pretix_oicmeetup"


def in_german(user_email="orga@example.org"):
    User.objects.filter(email=user_email).update(locale="de-informal")


# --- 1. the notice page's placeholders --------------------------------------------------------------


def test_the_notice_page_shows_the_placeholders_as_pretix_does_not_as_escaped_html(admin_client, seeded_event):
    in_german()
    html = admin_client.get(NOTICE_URL).content.decode()
    assert "&lt;button" not in html and "content-placeholder&quot;" not in html
    assert "<button" not in visible_text(html) and "Verfügbare Platzhalter" in visible_text(html)
    # pretix's own buttons (its settings pages insert the placeholder on a click), under both fields
    soup = BeautifulSoup(html, "html.parser")
    for field, expected in (("subject", {"{event}", "{meetup_admission}"}),
                            ("intro", {"{event}", "{meetup_signature}"})):
        help_block = soup.find(id=lambda value, field=field: value and value.startswith(f"id_{field}"))
        group = help_block.find_parent(class_="form-group")
        names = {button.get_text() for button in group.select("button.content-placeholder")}
        assert expected <= names, (field, names)


# --- 2. a notice with nothing to tell ----------------------------------------------------------------


def notice_version(event):
    with scopes_disabled():
        version = current_version(event)
        AnnouncementVersion.objects.filter(pk=version.pk).update(
            is_notice=True, notice_subject={"de-informal": "Änderung"}, notice_intro={"de-informal": "Hallo"})
    return version


def send_button(admin_client):
    soup = BeautifulSoup(admin_client.get(NOTICE_URL).content.decode(), "html.parser")
    return soup.select_one("form[data-asynctask] button[type=submit]")


@pytest.mark.parametrize("registered_before", [True, False])
def test_registered_while_the_plugin_was_off_with_nothing_changed_needs_no_notice(admin_client, seeded_event, item,
                                                                                registered_before):
    apply_confirmation_templates(seeded_event)
    if registered_before:
        place_free_order(seeded_event, item, email="anna@example.org")
    event = toggle(seeded_event, on=False)
    late = place_free_order(event, item, email="bernd@example.org")
    event = toggle(event, on=True)

    status = notice_status(event)
    assert (status.told, status.pending) == (2 if registered_before else 1, 0)
    assert send_button(admin_client).has_attr("disabled")

    # a notice started anyway (a page sent before): nobody gets an email that says nothing, and the
    # registration is recorded as knowing the current announcement
    djmail.outbox = []
    version = notice_version(event)
    result = send_change_notice.apply(args=(event.pk, version.pk)).get()
    assert result["sent"] == 0 and result["failed"] == 0
    assert djmail.outbox == []
    with scopes_disabled():
        assert AnnouncementReceipt.objects.filter(order=late, version=version).exists()
        assert late.all_logentries().filter(action_type="pretix_oicmeetup.order.email.notice_sent").count() == 0

    # a real change afterwards reaches everyone, with what changed
    event.settings.oicmeetup_format = {"de-informal": "Vortrag"}
    assert notice_status(event).pending == (2 if registered_before else 1)
    assert not send_button(admin_client).has_attr("disabled")
    version = notice_version(event)
    assert send_change_notice.apply(args=(event.pk, version.pk)).get()["sent"] == (2 if registered_before else 1)
    for message in djmail.outbox:
        assert "Format: Vortrag" in mail_parts(message)[0], message.to


def test_a_change_attendees_do_not_hear_about_needs_no_notice(admin_client, seeded_event, item):
    """The signature and the website's list texts are no news for attendees: changing them alone offers
    no notice (it would list nothing)."""
    apply_confirmation_templates(seeded_event)
    for i in range(2):
        place_free_order(seeded_event, item, email=f"person{i}@example.org")
    seeded_event.settings.oicmeetup_signature = {"de-informal": "Maria und das OIC-Team"}
    seeded_event.settings.oicmeetup_listing_description = {"de-informal": "Kurz gesagt"}
    assert notice_status(seeded_event).pending == 0
    assert send_button(admin_client).has_attr("disabled")
    djmail.outbox = []
    version = notice_version(seeded_event)
    assert send_change_notice.apply(args=(seeded_event.pk, version.pk)).get()["sent"] == 0
    assert djmail.outbox == []


# --- 3. the confirmation preview of a new event ------------------------------------------------------

NEW_EVENT = "KI und Ehrenamt – Wie Vereine KI nutzen"
PREVIEW_URL = "/control/event/OIC-BIE/ki-ehrenamt/oicmeetup/email-template/preview/"


@pytest.fixture
def new_event(organizer):
    event = Event.objects.create(organizer=organizer, name=NEW_EVENT, slug="ki-ehrenamt",
                                 date_from=now() + timedelta(days=10), live=False, currency="EUR",
                                 plugins="pretix.plugins.sendmail,pretix_oicmeetup")
    event.settings.locales = ["de-informal"]
    event.settings.locale = "de-informal"
    return event


def test_the_preview_of_a_new_event_names_the_sender_readably_and_shows_the_free_confirmation(admin_client,
                                                                                               new_event):
    in_german()
    response = admin_client.get(PREVIEW_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "=?utf-8?" not in html.lower()
    soup = BeautifulSoup(html, "html.parser")
    (panel,) = soup.select(".panel-body:has(iframe.oicmeetup-email-html)")
    fields = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in panel.select("dt")}
    assert fields["Absender"].startswith(f"{NEW_EVENT} <")  # "Name <address>", as an email program shows it
    # no product yet: a meetup is free, so the free order's confirmation, not "payment received"
    email = fields["Betreff"] + panel.select_one(".oicmeetup-email-preview").get_text() + \
        panel.select_one("iframe")["srcdoc"]
    assert "{payment_info}" not in email and "Zahlung erhalten" not in email
    assert "keine Zahlung erforderlich" in email  # pretix's free order text
    with scope(organizer=new_event.organizer):
        preview = confirmation_preview(new_event)
    assert "Zahlung erhalten" not in preview["subject"]
    assert "{payment_info}" not in preview["text"] and "{payment_info}" not in preview["html"]


def test_the_preview_is_the_free_confirmation_once_the_meetup_template_is_applied(new_event):
    apply_confirmation_templates(new_event)
    with scope(organizer=new_event.organizer):
        preview = confirmation_preview(new_event)
    assert preview["subject"].startswith(f"Deine Anmeldung: {NEW_EVENT}")
    assert "Die Teilnahme ist kostenlos." in preview["text"] and "{payment_info}" not in preview["text"]


# --- 4. the title once in the HTML part --------------------------------------------------------------


def plugin_part(html: str) -> str:
    """The HTML part without pretix's frame: the event's name at the top, the footer about the order."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("head, td.header h2, .order-info"):
        tag.decompose()
    return soup.get_text(" ")


def test_the_html_part_names_the_title_once_besides_pretix_frame(seeded_event, item, outbox):
    apply_confirmation_templates(seeded_event)
    place_free_order(seeded_event, item)
    (message,) = outbox
    text, html = mail_parts(message)
    assert BeautifulSoup(html, "html.parser").select_one("td.header h2").get_text(strip=True) == TITLE
    assert plugin_part(html).count(TITLE) == 1
    # the subject and the text part stay as they were: the subject names it, the greeting once
    assert message.subject == f"Deine Anmeldung: {TITLE}"
    body = text.split("\n-- \n")[0]
    assert body.count(TITLE) == 1 and "deine Anmeldung zu „KI-Kompetenz" in body
    # the preview shows the same
    with scope(organizer=seeded_event.organizer):
        preview = confirmation_preview(seeded_event)
    assert plugin_part(preview["html"]).count(TITLE) == 1


def test_a_heading_that_does_not_repeat_the_title_stays(seeded_event, item, outbox):
    """An organiser's own subject (here for attendees' copies) that does not name the title keeps its heading."""
    from i18nfield.strings import LazyI18nString

    seeded_event.settings.mail_send_order_free_attendee = True
    seeded_event.settings.mail_subject_order_free_attendee = LazyI18nString(
        {"de-informal": "Einlass um {meetup_admission}"})
    seeded_event.settings.mail_text_order_free_attendee = LazyI18nString(
        {"de-informal": "Hallo,\n\ndu wurdest angemeldet.\n\n{meetup_announcement}"})
    place_free_order(seeded_event, item, attendee_email="colleague@example.org")
    copy = next(m for m in outbox if m.to == ["colleague@example.org"])
    heading = BeautifulSoup(mail_parts(copy)[1], "html.parser").find("h1")
    assert heading is not None and heading.get_text(strip=True) == "Einlass um 16:00 Uhr"


# --- 5. no runs of empty lines in the emails after the meetup ----------------------------------------


@pytest.fixture
def after_the_meetup(seeded_event, item):
    """The reference meetup with its real Rückblick and a slide, one registration that came and one that did
    not; the meetup is not held yet (each example holds it in its savepoint)."""
    with scope(organizer=seeded_event.organizer):
        import_post(seeded_event, KOMPETENZ.read_text(encoding="utf-8"), KOMPETENZ.name)
        RetrospectiveMaterial.objects.create(event=seeded_event, title={"de-informal": "Folien"},
                                             url="https://slides.example.org/ki-kompetenz.pdf")
    came = place_free_order(seeded_event, item, email="came@example.org")
    place_free_order(seeded_event, item, email="missed@example.org")
    return seeded_event, came


@hsettings(max_examples=examples(0.1), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(for_attendees=st.booleans(), recording=st.booleans(), feedback=st.booleans(), next_edition=st.booleans())
# the tester's: the Rückblick and its slides, no recording, feedback form or next edition; and nothing at all
@example(for_attendees=True, recording=False, feedback=False, next_edition=False)
@example(for_attendees=False, recording=False, feedback=False, next_edition=False)
def test_the_emails_after_the_meetup_never_have_two_empty_lines_in_a_row(admin_client, organizer, after_the_meetup,
                                                                         for_attendees, recording, feedback,
                                                                         next_edition):
    event, came = after_the_meetup
    with rolled_back():
        event.settings.oicmeetup_retrospective_for_attendees = for_attendees
        event.settings.oicmeetup_retrospective_recording_url = "https://video.example.org/ki" if recording else ""
        event.settings.oicmeetup_retrospective_feedback_url = "https://forms.example.org/ki" if feedback else ""
        if next_edition:
            following = Event.objects.create(
                organizer=organizer, name="KI und Datenschutz", slug="ki-zivil-11", live=True, currency="EUR",
                date_from=now() + timedelta(days=21), presale_end=now() + timedelta(days=20), plugins=PLUGIN)
            with scope(organizer=organizer):  # an edition of the series: named so through the write path
                write(following, {"series_name": event.settings.oicmeetup_series_name})
        hold(event)
        check_in(came)
        assert admin_client.post(PAGE + "retrospective/emails/", {"kinds": "split"}).status_code == 302
        djmail.outbox = []
        run_scheduled_emails(event)
        assert sorted(m.to[0] for m in djmail.outbox) == ["came@example.org", "missed@example.org"]
        texts = [mail_parts(message)[0].replace("\r\n", "\n") for message in djmail.outbox]
        with scopes_disabled():
            # what pretix keeps and shows: the outgoing email and the order's email history
            texts += [body.replace("\r\n", "\n") for body in OutgoingMail.objects.filter(
                event=event, subject__in=[m.subject for m in djmail.outbox]).values_list("body_plain", flat=True)]
            for order in Order.objects.filter(event=event):
                texts += [entry.parsed_data["message"].replace("\r\n", "\n") for entry in order.all_logentries()
                          if entry.action_type.startswith("pretix.plugins.sendmail.rule.order")
                          and "message" in entry.parsed_data]
        assert len(texts) == 6  # two emails, each sent, kept and logged
        for text in texts:
            assert "\n\n\n" not in text, (for_attendees, recording, feedback, next_edition, text)
