"""The plugin's migrations as an administrator runs them (``python -m pretix migrate``), on a copy of the
demo's database (made on a database that went through every migration, ``migrated_database``): back to before
the organizer level (``pretix_oicmeetup 0003``) and forward again. Going back
loses nothing of the meetups (each event's own series fields and speakers stay as they were); going forward
again gives the same series with the same editions, the same speaker library and the organizer's switch."""
import shutil
import sqlite3

import pytest

from .stack import migrated_database, run_django, write_config

pytestmark = pytest.mark.e2e


def rows(db, sql):
    with sqlite3.connect(db) as connection:
        return sorted(connection.execute(sql).fetchall())


def meetups(db):
    """What the events say themselves: their series fields and their speakers."""
    return (rows(db, "SELECT object_id, key, value FROM pretixbase_event_settingsstore "
                     "WHERE key LIKE 'oicmeetup_series_%'"),
            rows(db, "SELECT id, event_id, position, name, role, bio, profile_url, photo "
                     "FROM pretix_oicmeetup_speaker"))


def organizer_level(db):
    """The series with their editions, the library with its appearances, the organizers' plugins."""
    return (rows(db, "SELECT s.topic, s.name, s.url, s.info, e.slug FROM pretix_oicmeetup_series s "
                     "JOIN pretix_oicmeetup_seriesedition l ON l.series_id = s.id "
                     "JOIN pretixbase_event e ON e.id = l.event_id"),
            rows(db, "SELECT p.name, p.profile_url, sp.id FROM pretix_oicmeetup_person p "
                     "JOIN pretix_oicmeetup_speaker sp ON sp.person_id = p.id"),
            rows(db, "SELECT slug, plugins FROM pretixbase_organizer"))


def tables(db):
    return {name for (name,) in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def pretix(config, *args):
    """As an administrator runs it: pretix's own settings, all migrations (not the e2e shortcut)."""
    return run_django(config, "-m", "pretix", *args, settings="pretix.settings", timeout=900)


def test_migrating_back_and_forth_on_a_copy_of_the_demo(tmp_path):
    demo = write_config(tmp_path / "demo")
    migrated_database(demo)
    pretix(demo, "oicmeetup_demo")
    copy = write_config(tmp_path / "copy")
    db = tmp_path / "copy" / "data" / "db.sqlite3"
    shutil.copy(tmp_path / "demo" / "data" / "db.sqlite3", db)
    told, kept = meetups(db), organizer_level(db)
    assert [topic for topic, *_ in kept[0]] == ["ki-zivilgesellschaft"] * 2  # both demo events, one series
    # Barbara Hammer and Benjamin Paaßen at the reference meetup, Clara Beispiel at the next edition
    assert sorted(name for name, *_ in kept[1]) == ["Barbara Hammer", "Benjamin Paaßen", "Clara Beispiel"]
    assert kept[2] == [("OIC-BIE", "pretix_oicmeetup")]

    pretix(copy, "migrate", "pretix_oicmeetup", "0003", "--noinput")
    assert not {"pretix_oicmeetup_series", "pretix_oicmeetup_seriesedition", "pretix_oicmeetup_person"} & tables(db)
    assert meetups(db) == told

    pretix(copy, "migrate", "--noinput")
    assert meetups(db) == told and organizer_level(db) == kept
