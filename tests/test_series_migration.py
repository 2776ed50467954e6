"""The migration to the organizer's series, forward and back, on the reference meetup's data: the events that
carry one series name (in any spacing or case) become editions of one series, described by the newest; the
events' own series fields are never touched, so going back loses nothing; going forward again gives the same
series as the plugin keeps at run time.

The test database is built without migrations (pretix's test settings), so the test applies and unapplies
the migration's own operations (its tables and its data step) with Django's schema editor."""
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.state import ProjectState
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Event
from pretix.base.models.event import Event_SettingsStore

from pretix_oicmeetup.meetup.store import write

APP = "pretix_oicmeetup"
BEFORE, AFTER = "0003_retrospective", "0004_series"


MIGRATION = import_module(f"{APP}.migrations.{AFTER}").Migration(AFTER, APP)


def migrate(target):
    after = ProjectState.from_apps(apps)
    with connection.schema_editor() as editor:
        if target == BEFORE:
            MIGRATION.unapply(after, editor)
        else:
            before = after.clone()
            for operation in reversed(MIGRATION.operations):  # the state without this migration's models
                if hasattr(operation, "name") and operation.__class__.__name__ == "CreateModel":
                    before.remove_model(APP, operation.name_lower)
            MIGRATION.apply(before, editor)


def plugin_settings():
    return sorted(Event_SettingsStore.objects.filter(key__startswith="oicmeetup_")
                  .values_list("object_id", "key", "value"))


def series_state():
    """Each series as (topic, name, url, info) with the slugs of its editions."""
    from pretix_oicmeetup.models import Series

    with scopes_disabled():
        return sorted((s.topic, str(s.name.data), s.url, str(s.info.data),
                       sorted(e.event.slug for e in s.editions.all())) for s in Series.objects.all())


def meetup(organizer, slug, days, values):
    event = Event.objects.create(organizer=organizer, name=slug, slug=slug, currency="EUR", live=True,
                                 date_from=now() + timedelta(days=days), plugins=APP)
    with scope(organizer=organizer):
        write(event, values)
    return event


@pytest.mark.django_db(transaction=True)
def test_the_series_migration_forward_and_back(organizer, seeded_event):
    meetup(organizer, "ki-zivil-08", -400, {
        "series_name": LazyI18nString({"de-informal": " KI und  zivilgesellschaft"}), "series_number": 8,
        "series_info": LazyI18nString("Ältere Beschreibung")})
    meetup(organizer, "oih-1", 20, {"series_name": LazyI18nString("Open Innovation Hour"),
                                    "series_topic": "open-innovation-hour",
                                    "series_url": "https://oic-bielefeld.de/oih/"})
    meetup(organizer, "ohne-reihe", 40, {"format": LazyI18nString("Workshop")})
    at_run_time = series_state()
    assert [(topic, editions) for topic, _name, _url, _info, editions in at_run_time] == [
        ("ki-zivilgesellschaft", ["ki-zivil-08", "ki-zivil-10"]), ("open-innovation-hour", ["oih-1"])]
    settings = plugin_settings()
    try:
        migrate(BEFORE)
        assert "pretix_oicmeetup_series" not in connection.introspection.table_names()
        assert plugin_settings() == settings  # nothing of the events' own fields went with the tables
        migrate(AFTER)
        assert plugin_settings() == settings
        after = series_state()
        assert after == at_run_time  # the newest edition (the reference meetup) describes the series
        assert "Die aktuelle Meetup-Reihe" in after[0][3]
        migrate(BEFORE)
        assert plugin_settings() == settings
    finally:
        migrate(AFTER)
