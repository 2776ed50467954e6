import pytest
from django.core import mail as djmail
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.i18n import language
from pretix.base.models import Order
from pretix.base.services.placeholders import PlaceholderContext, get_available_placeholders

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates, customised_keys, template_state
from pretix_oicmeetup.models import Speaker

from .helpers import active_markup, announcement_html, link_targets, mail_parts, place_free_order, visible_text
from .seed_facts import SEED_LINKS, missing_facts, repeated_facts

pytestmark = pytest.mark.django_db

PLACEHOLDERS = ["meetup_announcement", "meetup_speakers", "meetup_schedule", "meetup_admission",
                "meetup_materials", "meetup_online_link"]


@pytest.fixture
def meetup_mail(seeded_event):
    apply_confirmation_templates(seeded_event)
    return seeded_event


@pytest.mark.parametrize("locale,subject,greeting", [
    ("de-informal", "Deine Anmeldung: KI-Kompetenz", "deine Anmeldung zu „KI-Kompetenz"),
    ("de", "Ihre Anmeldung: KI-Kompetenz", "Ihre Anmeldung zu „KI-Kompetenz"),
])
def test_free_order_confirmation_carries_the_whole_announcement(meetup_mail, item, outbox, locale, subject,
                                                               greeting):
    order = place_free_order(meetup_mail, item, locale=locale)
    assert order.status == Order.STATUS_PAID
    assert len(outbox) == 1
    message = outbox[0]
    assert message.subject.startswith(subject)
    text, html = mail_parts(message)
    assert greeting in text
    assert missing_facts(" ".join(text.split()), locale) == []
    assert missing_facts(visible_text(html), locale) == []
    assert repeated_facts(" ".join(text.split()), locale) == []
    assert repeated_facts(visible_text(announcement_html(html)), locale) == []  # the body; pretix's frame aside
    for link in SEED_LINKS:
        assert link in text
        assert link in link_targets(html)
    # clean plain text: no markdown or HTML from the user's texts
    for syntax in ("**", "<strong>", "<p>", "](", "&amp;"):
        assert syntax not in text


def test_text_part_is_readable(meetup_mail, item, outbox):
    place_free_order(meetup_mail, item)
    text, _html = mail_parts(outbox[0])
    assert "Fachexpertise\n-------------" in text
    assert "Barbara Hammer – Professorin für Maschinelles Lernen" in text
    assert "LinkedIn: https://www.linkedin.com/in/barbara-hammer-62963295/" in text
    assert "- Laptop oder Smartphone" in text
    assert "Beginn: 16:30 Uhr\nEnde: 18:00 Uhr\nEinlass: 16:00 Uhr" in text


def test_english_order_gets_the_english_template(meetup_mail, item, outbox):
    place_free_order(meetup_mail, item, locale="en")
    message = outbox[0]
    text, _html = mail_parts(message)
    assert message.subject.startswith("Your registration for KI-Kompetenz")
    assert "Begin: 4:30 PM" in text
    assert "Barbara Hammer" in text


def test_online_link_reaches_attendees_only(meetup_mail, item, outbox):
    meetup_mail.is_remote = True
    meetup_mail.save()
    meetup_mail.settings.oicmeetup_online_url = "https://zoom.example.org/j/123456"
    order = place_free_order(meetup_mail, item)
    text, html = mail_parts(outbox[0])
    assert "https://zoom.example.org/j/123456" in text
    assert "https://zoom.example.org/j/123456" in link_targets(html)

    # the same placeholder outside an order (e.g. the front page text) never has it
    with scope(organizer=meetup_mail.organizer):
        public = PlaceholderContext(event=meetup_mail).format("{meetup_announcement}")
        assert "zoom.example.org" not in public
        assert "meetup_online_link" not in get_available_placeholders(meetup_mail, ["event"])
        # nor for a canceled registration
        order.status = Order.STATUS_CANCELED
        order.save()
        canceled = PlaceholderContext(event=meetup_mail, order=order).format("{meetup_online_link}")
        assert "zoom" not in canceled


@pytest.mark.parametrize("identifier", PLACEHOLDERS)
def test_placeholders_are_offered_in_order_emails(meetup_mail, identifier):
    for context in (["event", "order"], ["event", "order", "payments"], ["event", "order", "position"],
                    ["event", "order", "event_or_subevent", "position_or_address"]):
        assert identifier in get_available_placeholders(meetup_mail, list(context), rich=True)


def test_each_placeholder_renders_in_both_parts(meetup_mail, item):
    order = place_free_order(meetup_mail, item)
    meetup_mail.is_remote = True
    meetup_mail.save()
    meetup_mail.settings.oicmeetup_online_url = "https://zoom.example.org/j/1"
    with scope(organizer=meetup_mail.organizer):
        values = PlaceholderContext(event=meetup_mail, order=order).render_all()  # built in English ...
        with language("de-informal"):  # ... and rendered in the recipient's language, as pretix does
            rendered = {k: (str(v.plain), str(v.html)) if hasattr(v, "plain") else str(v)
                        for k, v in values.items() if k.startswith("meetup_")}
    plain, html = rendered["meetup_speakers"]
    assert "Barbara Hammer" in plain and '<strong class="oicmeetup-speaker-name">Barbara Hammer' in html
    plain, html = rendered["meetup_schedule"]
    assert "Einlass: 16:00 Uhr" in plain and "Dienstag, 11. November 2025" in plain
    assert "Innovation Office" in plain
    assert "Einlass:</strong> 16:00 Uhr" in html
    assert rendered["meetup_admission"] == "16:00 Uhr"
    assert rendered["meetup_materials"][0] == "Materialien\n-----------\n\n- Laptop oder Smartphone"
    assert rendered["meetup_online_link"][0] == "https://zoom.example.org/j/1"
    assert 'href="https://zoom.example.org/j/1"' in rendered["meetup_online_link"][1]
    assert "Online-Zugang" in rendered["meetup_announcement"][0]


def test_admission_placeholder_can_go_into_a_subject(meetup_mail):
    assert "meetup_admission" in get_available_placeholders(meetup_mail, ["event", "order"], rich=False)
    assert "meetup_announcement" not in get_available_placeholders(meetup_mail, ["event", "order"], rich=False)


def test_user_markup_cannot_reach_emails(meetup_mail, item, outbox):
    with scopes_disabled():
        Speaker.objects.create(
            event=meetup_mail, position=9, name="<script>alert(1)</script>Eve",
            bio=LazyI18nString({"de-informal": '<img src=x onerror=alert(2)> {meetup_announcement} {{ secret }}'}),
        )
    meetup_mail.settings.oicmeetup_materials = LazyI18nString(
        {"de-informal": "[Zettel](javascript:alert(3))\n<b>Stift</b>"})
    place_free_order(meetup_mail, item)
    text, html = mail_parts(outbox[0])
    assert active_markup(announcement_html(html)) == []
    assert "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Eve" in html
    assert "<script>alert(1)</script>Eve" in text  # plain text shows the name literally
    assert "{meetup_announcement} {{ secret }}" in text  # user text is never formatted as a template
    assert text.count("Fachexpertise\n") == 1


def test_attendee_copies_use_the_placeholders(meetup_mail, item, outbox):
    meetup_mail.settings.mail_send_order_free_attendee = True
    meetup_mail.settings.mail_subject_order_free_attendee = LazyI18nString(
        {"de-informal": "Einlass um {meetup_admission}"})
    meetup_mail.settings.mail_text_order_free_attendee = LazyI18nString(
        {"de-informal": "Hallo,\n\ndu wurdest angemeldet.\n\n{meetup_announcement}"})
    place_free_order(meetup_mail, item, attendee_email="colleague@example.org")
    copy = next(m for m in outbox if m.to == ["colleague@example.org"])
    assert copy.subject == "Einlass um 16:00 Uhr"
    text, html = mail_parts(copy)
    # the organiser's own text does not say that it is free; the announcement has everything else
    assert missing_facts(" ".join(text.split()), "de-informal") == ["free registration"]
    assert missing_facts(visible_text(html), "de-informal") == ["free registration"]


def test_template_is_only_replaced_after_confirmation(admin_client, seeded_event):
    url = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/email-template/"
    seeded_event.settings.mail_text_order_free = LazyI18nString({"de-informal": "Unser eigener Text"})
    assert customised_keys(seeded_event) == ["mail_text_order_free"]

    response = admin_client.post(url, follow=True)
    assert response.status_code == 200
    seeded_event.settings.flush()
    assert str(seeded_event.settings.mail_text_order_free.localize("de-informal")) == "Unser eigener Text"

    admin_client.post(url, {"confirm_replace": "on"})
    seeded_event.settings.flush()
    assert set(template_state(seeded_event).values()) == {"meetup"}
    assert "{meetup_announcement}" in seeded_event.settings.mail_text_order_free.localize("de-informal")
    assert seeded_event.logentry_set.filter(action_type="pretix_oicmeetup.email_template.applied").count() == 1


def test_default_texts_are_replaced_without_asking(admin_client, seeded_event):
    assert set(template_state(seeded_event).values()) == {"default"}
    admin_client.post("/control/event/OIC-BIE/ki-zivil-10/oicmeetup/email-template/")
    seeded_event.settings.flush()
    assert set(template_state(seeded_event).values()) == {"meetup"}


def test_paid_confirmation_carries_the_announcement(meetup_mail, outbox):
    from datetime import timedelta

    from django.utils.timezone import now

    from pretix.base.models import Item, OrderPayment

    with scope(organizer=meetup_mail.organizer):
        paid_item = Item.objects.create(event=meetup_mail, name="Soli-Ticket", default_price=10)
        order = Order.objects.create(event=meetup_mail, email="paid@example.org", locale="de",
                                     status=Order.STATUS_PENDING, total=10, expires=now() + timedelta(days=3),
                                     sales_channel=meetup_mail.organizer.sales_channels.get(identifier="web"))
        order.positions.create(item=paid_item, price=10)
        payment = order.payments.create(provider="manual", amount=10, state=OrderPayment.PAYMENT_STATE_CREATED)
        djmail.outbox = []
        payment.confirm()
    assert len(djmail.outbox) == 1
    text, html = mail_parts(djmail.outbox[0])
    assert djmail.outbox[0].subject.startswith("Ihre Anmeldung zu KI-Kompetenz")
    # everything but "kostenlos": with a paid product the meetup is no longer free
    assert missing_facts(" ".join(text.split()), "de") == ["free registration"]
    assert missing_facts(visible_text(html), "de") == ["free registration"]
