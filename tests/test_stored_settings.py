"""The settings loaded once per operation (``read_once``): what is kept answers as a fresh load does, and the
write path and the meetup page load the event's settings table once, however many fields they touch."""
import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Order
from pretix.base.settings import settings_hierarkey

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.meetup import fields as registry
from pretix_oicmeetup.meetup.settings_once import settings_loaded_once
from pretix_oicmeetup.meetup.store import read, write

from .helpers import extract_form_data
from .test_control import URL, page_data

pytestmark = pytest.mark.django_db

EVENT_SETTINGS_TABLE = "pretixbase_event_settingsstore"
PRETIX_SETTINGS = "/control/event/OIC-BIE/ki-zivil-10/settings/"


def settings_loads(queries) -> int:
    """Loads of an event's whole settings (not a write's look-up of its one key)."""
    return sum(1 for q in queries if q["sql"].startswith("SELECT") and f'FROM "{EVENT_SETTINGS_TABLE}"' in q["sql"]
               and '"key" =' not in q["sql"])


def fresh(event):
    with scopes_disabled():
        return type(event).objects.get(pk=event.pk)


def test_loaded_once_it_answers_every_key_as_a_fresh_load_does(seeded_event):
    seeded_event.organizer.settings.set(registry.get("target_audience").setting_key,
                                        LazyI18nString({"de-informal": "Alle"}))  # from the organizer
    event = fresh(seeded_event)
    with settings_loaded_once(event) as kept:
        kept.set("oicmeetup_format", LazyI18nString({"de-informal": "Neu"}))  # kept up to date by its writes
        kept.delete("oicmeetup_hint")
        loaded = fresh(seeded_event).settings
        keys = {*settings_hierarkey.defaults, *(f.setting_key for f in registry.setting_fields()), "not_a_setting"}
        for key in sorted(keys):
            declared = settings_hierarkey.get_declared_type(key)
            for as_type in {declared, str}:
                assert kept.get(key, as_type=as_type) == loaded.get(key, as_type=as_type), key
    assert str(loaded.get("oicmeetup_format", as_type=LazyI18nString)) == "Neu"
    assert loaded.get("oicmeetup_hint") is None


def test_afterwards_the_object_loads_afresh(seeded_event):
    """Nothing kept outlives the operation: a write through another object is seen afterwards."""
    event = fresh(seeded_event)
    with settings_loaded_once(event):
        assert event.settings.oicmeetup_series_number == 9
    fresh(seeded_event).settings.set("oicmeetup_series_number", 12)
    assert event.settings.get("oicmeetup_series_number", as_type=int) == 12


def test_a_write_reads_the_settings_once_whatever_it_changes(seeded_event):
    with CaptureQueriesContext(connection) as one_field:
        write(fresh(seeded_event), {"teaser": LazyI18nString({"de-informal": "Kurz"})})
    with CaptureQueriesContext(connection) as many_fields:
        write(fresh(seeded_event), {"teaser": LazyI18nString({"de-informal": "Länger"}),
                             "hint": LazyI18nString({"de-informal": "Neu"}), "series_number": 12,
                             "format": None, "widget_essentials": False})
    assert settings_loads(one_field.captured_queries) == 1
    assert settings_loads(many_fields.captured_queries) == 1
    assert read(fresh(seeded_event))["series_number"] == 12


def test_the_meetup_page_loads_the_settings_no_more_than_pretixs_own_page(admin_client, seeded_event):
    """Measured where every load counts: in a test, which is one transaction, every object whose settings were
    not loaded before loads them on each read (pretix's own pages too)."""
    apply_confirmation_templates(seeded_event)
    with CaptureQueriesContext(connection) as pretix_opened:
        pretix_data = extract_form_data(admin_client.get(PRETIX_SETTINGS).content.decode(), "form[method=post]")
    with CaptureQueriesContext(connection) as pretix_saved:
        assert admin_client.post(PRETIX_SETTINGS, pretix_data).status_code == 302
    with CaptureQueriesContext(connection) as opened:
        data = page_data(admin_client)
    data["meetup-series_number"] = "12"
    with CaptureQueriesContext(connection) as saved:
        assert admin_client.post(URL, data).status_code == 302
    assert read(fresh(seeded_event))["series_number"] == 12
    assert settings_loads(opened.captured_queries) <= settings_loads(pretix_opened.captured_queries)
    assert settings_loads(saved.captured_queries) <= settings_loads(pretix_saved.captured_queries)


def test_opening_the_meetup_page_renders_no_email(admin_client, seeded_event):
    """The confirmation's preview is a page of its own: no sample order is made (and rolled back) for it."""
    apply_confirmation_templates(seeded_event)
    orders_made = []

    def note(sender, instance, created, **kwargs):
        orders_made.append(instance.email) if created else None

    post_save.connect(note, sender=Order, dispatch_uid="test_sample_orders")
    try:
        page_data(admin_client)
        assert orders_made == []
        assert admin_client.get(URL + "email-template/preview/").status_code == 200
        assert orders_made == ["preview@example.org"]
    finally:
        post_save.disconnect(dispatch_uid="test_sample_orders", sender=Order)
