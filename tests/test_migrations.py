"""The migrations to the organizer level, forward and back, on the reference meetup's data.

- Series: the events that carry one series name (in any spacing or case) become editions of one series,
  described by the newest; the events' own series fields are never touched.
- Speaker library: the speakers with one name and profile link become one person, described by their newest
  appearance; the speakers keep their own fields.

- Name keys: the series' and the people's keys to be found by, filled in for the rows there.

Going back loses nothing; going forward again gives what the plugin keeps at run time.

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
SERIES = "0004_series"
LIBRARY = "0005_speaker_library"
KEYS = "0009_name_keys"
KEY_FIELDS = (("series", "name_key"), ("person", "name_key"), ("person", "profile_key"))
KEY_INDEXES = (("series", "oicmeetup_series_name_key"), ("person", "oicmeetup_person_name_key"))


def migration(name):
    return import_module(f"{APP}.migrations.{name}").Migration(name, APP)


def state_before(name):
    """The project state right before the migration ``name``: the code's state without what it and the later
    ones add."""
    state = ProjectState.from_apps(apps)
    for model, index in KEY_INDEXES:
        state.remove_index(APP, model, index)
    for model, field in KEY_FIELDS:
        state.remove_field(APP, model, field)
    if name == KEYS:
        return state
    state.remove_field(APP, "speaker", "person")
    state.remove_model(APP, "person")
    if name == SERIES:
        state.remove_model(APP, "seriesedition")
        state.remove_model(APP, "series")
    return state


def back(*names):
    """Unapplies the migrations, the newest first."""
    with connection.schema_editor() as editor:
        for name in names:
            migration(name).unapply(state_before(name), editor)


def forward(*names):
    """Applies the migrations, the oldest first."""
    with connection.schema_editor() as editor:
        for name in names:
            migration(name).apply(state_before(name), editor)


def restore():
    """The tables and columns the code has, after a test took them away (the oldest migrations first)."""
    tables = connection.introspection.table_names()
    if "pretix_oicmeetup_series" not in tables:
        forward(SERIES)
    if "pretix_oicmeetup_person" not in tables:
        forward(LIBRARY)
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "pretix_oicmeetup_series")]
    if "name_key" not in columns:
        forward(KEYS)


def plugin_settings():
    return sorted(Event_SettingsStore.objects.filter(key__startswith="oicmeetup_")
                  .values_list("object_id", "key", "value"))


def series_state():
    """Each series as (topic, name, url, info) with the slugs of its editions."""
    from pretix_oicmeetup.models import Series

    with scopes_disabled():  # (the columns of the migration's time only)
        return sorted((s.topic, str(s.name.data), s.url, str(s.info.data),
                       sorted(e.event.slug for e in s.editions.all()))
                      for s in Series.objects.only("topic", "name", "url", "info"))


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
        back(KEYS, LIBRARY, SERIES)
        assert "pretix_oicmeetup_series" not in connection.introspection.table_names()
        assert plugin_settings() == settings  # nothing of the events' own fields went with the tables
        forward(SERIES)
        assert plugin_settings() == settings
        after = series_state()
        assert after == at_run_time  # the newest edition (the reference meetup) describes the series
        assert "Die aktuelle Meetup-Reihe" in after[0][3]
        back(SERIES)
        assert plugin_settings() == settings
    finally:
        restore()


def speaker_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, event_id, position, name, role, bio, profile_url, photo "
                       "FROM pretix_oicmeetup_speaker ORDER BY id")
        return cursor.fetchall()


def people_groups():
    """Each person of the library as (name, profile link, role) with the ids of their speakers."""
    from pretix_oicmeetup.models import Person

    with scopes_disabled():  # (the columns of the migration's time only)
        return sorted((p.name, p.profile_url, str(p.role.data), sorted(s.pk for s in p.appearances.all()))
                      for p in Person.objects.only("name", "profile_url", "role"))


@pytest.mark.django_db(transaction=True)
def test_the_speaker_library_migration_forward_and_back(organizer, seeded_event):
    hammer = next(row for row in speaker_rows() if row[3] == "Barbara Hammer")
    later = meetup(organizer, "ki-zivil-11", 30, {})
    with scope(organizer=organizer):
        write(later, {}, [{"name": " barbara hammer", "profile_url": hammer[6],
                           "role": LazyI18nString({"de-informal": "Moderation"})},
                          {"name": "Barbara Hammer", "profile_url": "https://example.org/namensvetterin"}])
    rows = speaker_rows()
    at_run_time = [(name, url, ids) for name, url, _role, ids in people_groups()]
    assert len(at_run_time) == 3  # Hammer (twice), her namesake, Paaßen
    try:
        back(KEYS, LIBRARY)
        assert "pretix_oicmeetup_person" not in connection.introspection.table_names()
        assert speaker_rows() == rows  # every edition keeps its speakers as they were
        forward(LIBRARY)
        assert speaker_rows() == rows
        migrated = people_groups()
        assert sorted(ids for *_, ids in migrated) == sorted(ids for *_, ids in at_run_time)
        # the person is described by the newest appearance: the next meetup's
        assert ("barbara hammer", hammer[6], "{'de-informal': 'Moderation'}") in [m[:3] for m in migrated]
        back(LIBRARY)
        assert speaker_rows() == rows
    finally:
        restore()


@pytest.mark.django_db
def test_organizers_using_the_plugin_get_it_switched_on(organizer, event):
    """The move to the hybrid level: an organizer whose events use the plugin gets it on, nothing else."""
    from pretix.base.models import Organizer

    step = import_module(f"{APP}.migrations.0006_plugin_on_for_organizers").switch_on_for_organizers
    organizer.plugins = "pretix.plugins.banktransfer"
    organizer.save()
    unused = Organizer.objects.create(name="Ohne Meetups", slug="ohne", plugins="")
    with scopes_disabled():  # the step runs on the code's models here, which pretix scopes
        Event.objects.create(organizer=unused, name="Konzert", slug="konzert", currency="EUR", date_from=now(),
                             plugins="pretix.plugins.sendmail,pretix_oicmeetup_extra")
        step(apps, None)
        step(apps, None)  # running twice changes nothing
    organizer.refresh_from_db()
    unused.refresh_from_db()
    assert organizer.plugins == "pretix.plugins.banktransfer,pretix_oicmeetup" and unused.plugins == ""


def columns(table):
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def key_rows():
    """Each series and person as the code keeps it: (id, name key) and (id, name key, profile key)."""
    from pretix_oicmeetup.models import Person, Series

    with scopes_disabled():
        return (sorted(Series.objects.values_list("id", "name_key")),
                sorted(Person.objects.values_list("id", "name_key", "profile_key")))


@pytest.mark.django_db(transaction=True)
def test_the_name_keys_migration_forward_and_back(organizer, seeded_event):
    from pretix_oicmeetup.library.people import find_person
    from pretix_oicmeetup.models import Series

    # a name in other spacing and case, an umlaut typed as two characters, a profile link with a final slash
    later = meetup(organizer, "oih-1", 20, {"series_name": LazyI18nString({"de": " Open  Innovation HOUR"})})
    with scope(organizer=organizer):
        write(later, {}, [{"name": "Jo\u0308rg  Beispiel", "profile_url": "https://Example.org/joerg/"}])
    at_run_time = key_rows()
    assert ("open innovation hour", "jörg beispiel") == (at_run_time[0][-1][1], at_run_time[1][-1][1])
    with scopes_disabled():
        series_rows = sorted(Series.objects.values_list("id", "name", "topic"))
    try:
        back(KEYS)
        assert "name_key" not in columns("pretix_oicmeetup_series")
        assert not {"name_key", "profile_key"} & set(columns("pretix_oicmeetup_person"))
        with scopes_disabled():
            assert sorted(Series.objects.values_list("id", "name", "topic")) == series_rows  # nothing else went
        forward(KEYS)
        assert key_rows() == at_run_time  # the migration's keys are those the code keeps
        found = find_person(organizer, {"name": "JÖRG BEISPIEL", "profile_url": "https://example.org/joerg"})
        assert found is not None and found.name == "Jo\u0308rg  Beispiel"
    finally:
        restore()
