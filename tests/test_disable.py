"""Switching the plugin off leaves nothing of it in pretix's pages and emails; switching it on again brings
back what the organiser had chosen."""
import json

import pytest
from django.core import mail as djmail
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Event

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates, template_state
from pretix_oicmeetup.mail.reminder import create_reminder_rule

from .helpers import mail_parts, place_free_order

pytestmark = pytest.mark.django_db

SHOP = "/OIC-BIE/ki-zivil-10/"
PLUGIN = "pretix_oicmeetup"


@pytest.fixture
def configured(seeded_event):
    """Everything the plugin writes into pretix's texts: templates, widget token, a reminder rule, and an
    organiser's own text that uses a placeholder."""
    apply_confirmation_templates(seeded_event)
    seeded_event.settings.oicmeetup_widget_essentials = True
    from pretix_oicmeetup.meetup.store import sync_essentials_token

    sync_essentials_token(seeded_event)
    seeded_event.settings.mail_text_order_placed_attendee = LazyI18nString(
        {"de-informal": "Hallo!\n\n{meetup_schedule}\n\nBis bald", "en": "Hi\n\n{meetup_schedule}"})
    with scopes_disabled():
        create_reminder_rule(seeded_event)
    assert "{meetup_essentials}" in seeded_event.settings.frontpage_text.localize("de-informal")
    return seeded_event


def toggle(event, on: bool):
    with scopes_disabled():
        event = Event.objects.get(pk=event.pk)
        if on:
            event.enable_plugin(PLUGIN)
        else:
            event.disable_plugin(PLUGIN)
        event.save()
        return Event.objects.get(pk=event.pk)


def no_tokens(*texts):
    for text in texts:
        assert "{meetup_" not in text, text[max(0, text.find("{meetup_") - 200):text.find("{meetup_") + 200]


def test_disabled_plugin_leaves_no_placeholder_anywhere(client, configured, item):
    event = toggle(configured, on=False)
    client.cookies["pretix_language"] = "de-informal"
    shop = client.get(SHOP).content.decode()
    widget = json.dumps(client.get(SHOP + "widget/product_list").json())
    djmail.outbox = []
    place_free_order(event, item, email="late@example.org")
    assert djmail.outbox, "pretix sends its confirmation"
    parts = [p for message in djmail.outbox for p in (message.subject, *mail_parts(message))]
    no_tokens(shop, widget, *parts)
    assert "Fachexpertise" not in shop
    with scopes_disabled():
        from pretix.plugins.sendmail.models import Rule

        for rule in Rule.objects.filter(event=event):
            no_tokens(json.dumps(rule.subject.data), json.dumps(rule.template.data))
    for key in ("mail_text_order_free", "mail_attach_ical_description", "frontpage_text",
                "mail_text_order_placed_attendee"):
        value = event.settings.get(key, as_type=LazyI18nString)
        no_tokens(*(value.localize(locale) for locale in ("de-informal", "de", "en")))
    # the plugin's subjects too go back to pretix's, although they have no placeholder
    assert not event.settings._objects.filter(key="mail_subject_order_free").exists()
    # the organiser's own words stay
    assert event.settings.mail_text_order_placed_attendee.localize("de-informal") == "Hallo!\n\nBis bald"


def test_enabling_again_restores_what_the_organiser_had(configured):
    before = {key: configured.settings.get(key, as_type=str) for key in
              ("mail_text_order_free", "mail_subject_order_free", "frontpage_text", "mail_text_order_placed_attendee")}
    toggle(configured, on=False)
    event = toggle(configured, on=True)
    after = {key: event.settings.get(key, as_type=str) for key in before}
    assert after == before
    assert set(template_state(event).values()) == {"meetup"}
    assert event.settings.get("oicmeetup_texts_while_disabled") is None
    with scopes_disabled():
        from pretix.plugins.sendmail.models import Rule

        assert "{meetup_schedule}" in Rule.objects.get(event=event).template.localize("de-informal")


def test_a_text_edited_while_off_is_not_overwritten(configured):
    event = toggle(configured, on=False)
    event.settings.mail_text_order_free = LazyI18nString({"de-informal": "Meine eigene Bestätigung"})
    event = toggle(event, on=True)
    assert event.settings.mail_text_order_free.localize("de-informal") == "Meine eigene Bestätigung"
    assert "{meetup_announcement}" in event.settings.mail_subject_order_free.localize("de-informal") or \
        template_state(event)["mail_subject_order_free"] == "meetup"


def test_through_pretix_plugin_page(admin_client, configured):
    """The organiser's way: pretix's plugin settings page calls the same hooks."""
    response = admin_client.post("/control/event/OIC-BIE/ki-zivil-10/settings/plugins",
                                 {f"plugin:{PLUGIN}": "disable"})
    assert response.status_code in (200, 302)
    with scopes_disabled():
        event = Event.objects.get(pk=configured.pk)
    assert PLUGIN not in event.get_plugins()
    no_tokens(json.dumps(event.settings.get("frontpage_text", as_type=LazyI18nString).data))


ORGANIZER_PAGES = [f"/control/organizer/OIC-BIE/oicmeetup/{page}" for page in
                   ("series/", "speakers/", "defaults/", "website.zip")]


def test_switching_off_for_the_organizer_switches_off_every_event(organizer_admin, configured, item):
    """pretix's organizer plugin page: a hybrid plugin goes off for every event (through the same hooks, so
    nothing of it stays in pretix's texts) and its organizer pages are gone."""
    response = organizer_admin.post("/control/organizer/OIC-BIE/settings/plugins", {f"plugin:{PLUGIN}": "disable"})
    assert response.status_code == 302
    with scopes_disabled():
        event = Event.objects.get(pk=configured.pk)
    assert PLUGIN not in event.get_plugins() and PLUGIN not in event.organizer.get_plugins()
    for key in ("mail_text_order_free", "frontpage_text", "mail_text_order_placed_attendee"):
        value = event.settings.get(key, as_type=LazyI18nString)
        no_tokens(*(value.localize(locale) for locale in ("de-informal", "de", "en")))
    organizer_admin.cookies["pretix_language"] = "de-informal"
    shop = organizer_admin.get(SHOP).content.decode()
    no_tokens(shop)
    assert "Fachexpertise" not in shop
    for page in ORGANIZER_PAGES:
        response = organizer_admin.get(page)
        assert response.status_code == 404 and "The meetup plugin is not" in response.content.decode(), page
    assert organizer_admin.get("/OIC-BIE/_series/ki-zivilgesellschaft/").status_code == 404


def test_on_for_the_event_but_off_for_the_organizer_is_off(organizer_admin, configured):
    """As pretix decides for a hybrid plugin: the event's switch alone does not run it."""
    organizer = configured.organizer
    organizer.plugins = ""
    organizer.save()
    with scopes_disabled():
        assert PLUGIN in Event.objects.get(pk=configured.pk).get_plugins()
    organizer_admin.cookies["pretix_language"] = "de-informal"
    shop = organizer_admin.get(SHOP).content.decode()
    assert "Fachexpertise" not in shop
    assert organizer_admin.get("/control/event/OIC-BIE/ki-zivil-10/oicmeetup/").status_code == 404
    assert organizer_admin.get("/OIC-BIE/_series/ki-zivilgesellschaft/").status_code == 404


def test_switching_on_for_an_event_switches_on_the_organizer(organizer_admin, organizer):
    """pretix's event plugin page turns a hybrid plugin on for the organizer too (the user may do that)."""
    from datetime import timedelta

    from django.utils.timezone import now

    organizer.plugins = ""
    organizer.save()
    event = Event.objects.create(organizer=organizer, name="Neu", slug="neu", currency="EUR",
                                 date_from=now() + timedelta(days=5), plugins="pretix.plugins.sendmail")
    response = organizer_admin.post("/control/event/OIC-BIE/neu/settings/plugins", {f"plugin:{PLUGIN}": "enable"})
    assert response.status_code == 302
    organizer.refresh_from_db()
    event.refresh_from_db()
    assert PLUGIN in organizer.get_plugins() and PLUGIN in event.get_plugins()
    assert organizer_admin.get("/control/event/OIC-BIE/neu/oicmeetup/").status_code == 200
    assert organizer_admin.get(ORGANIZER_PAGES[0]).status_code == 200


def test_off_and_on_again_for_the_organizer_then_the_event_brings_the_meetup_back(organizer_admin, configured):
    """Tried in the demo: the organizer's switch-on leaves the events off (pretix's way); switching the event on
    again brings back the meetup as it was, in the store, pretix's texts, the shop and the series page."""
    from pretix_oicmeetup.meetup import store

    keys = ("mail_text_order_free", "mail_subject_order_free", "frontpage_text", "mail_text_order_placed_attendee")
    meetup_before = store.read(configured)
    texts_before = {key: configured.settings.get(key, as_type=str) for key in keys}
    for state in ("disable", "enable"):
        response = organizer_admin.post("/control/organizer/OIC-BIE/settings/plugins", {f"plugin:{PLUGIN}": state})
        assert response.status_code == 302
    with scopes_disabled():
        event = Event.objects.get(pk=configured.pk)
    assert PLUGIN in event.organizer.get_plugins() and PLUGIN not in event.get_plugins()
    organizer_admin.cookies["pretix_language"] = "de-informal"
    assert "Fachexpertise" not in organizer_admin.get(SHOP).content.decode()

    response = organizer_admin.post("/control/event/OIC-BIE/ki-zivil-10/settings/plugins",
                                    {f"plugin:{PLUGIN}": "enable"})
    assert response.status_code == 302
    with scopes_disabled():
        event = Event.objects.get(pk=configured.pk)
    assert store.read(event) == meetup_before
    assert {key: event.settings.get(key, as_type=str) for key in keys} == texts_before
    shop = organizer_admin.get(SHOP).content.decode()
    no_tokens(shop)
    assert "Fachexpertise" in shop and "Barbara Hammer" in shop
    assert organizer_admin.get("/OIC-BIE/_series/ki-zivilgesellschaft/").status_code == 200
