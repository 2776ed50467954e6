"""The import preview says what applying will change, and writes nothing to say it: it ran the import in a
transaction that was rolled back, which took the database's write lock ("database is locked" on the demo's
SQLite while the shop sold). Its account is held equal to the write path's own, post by post."""
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from pretix_oicmeetup.meetup.changes import snapshot
from pretix_oicmeetup.meetup.schema import validated
from pretix_oicmeetup.meetup.store import write
from pretix_oicmeetup.posts.importer import post_to_data, would_change
from pretix_oicmeetup.posts.parse import parse_post

from .helpers import hold
from .test_control import URL as PAGE_URL

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed" / "000_8dce05a3aed1be33.txt"
POSTS = sorted([*(DATA / "examples").glob("[!R]*.md"), *(DATA / "examples" / "rueckblick").glob("rueckblick-*.md"),
                *(DATA / "synthetic").glob("*.md"), SEED], key=lambda p: p.name)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")  # what takes SQLite's write lock


def without_new_ids(changes):
    """A speaker added gets its id once saved; the preview cannot know it (and shows no ids)."""
    def plain(value):
        return {k: v for k, v in value.items() if k != "id"} if isinstance(value, dict) and "name" in value \
            else value
    return [(c.field, plain(c.old), plain(c.new), c.parts) for c in changes]


def _edited_seed():
    text = SEED.read_text(encoding="utf-8")
    return text.replace("**Einlass:** 16:00 Uhr", "**Einlass:** 16:15 Uhr", 1).replace(
        "Benjamin Paaßen forscht vor allem an KI-Systemen in der Bildung.",
        "Benjamin Paaßen forscht vor allem an KI in Schulen.", 1)


def test_the_preview_request_writes_nothing(admin_client, seeded_event):
    admin_client.get(PAGE_URL + "import/")  # the session exists before the preview
    before = snapshot(seeded_event)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(PAGE_URL + "import/", {"text": _edited_seed()})
    assert response.status_code == 200 and "oicmeetup-import-preview" in response.content.decode()
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)
              and "django_session" not in q["sql"]]
    assert writes == []
    assert snapshot(seeded_event) == before
    assert "16:15" in response.content.decode()  # the preview still names the change


@pytest.mark.parametrize("held", [False, True], ids=["upcoming", "held"])
@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_the_preview_says_what_applying_then_does(seeded_event, path, held):
    event = hold(seeded_event) if held else seeded_event
    with scope(organizer=event.organizer):
        schema = validated(event, post_to_data(event, parse_post(path.read_text(encoding="utf-8"))))
        if schema.errors:
            pytest.skip(f"{path.name} is refused on this event: {schema.errors}")
        values = dict(schema.validated_data)
        preview = would_change(event, values)
        speakers = values.pop("speakers", None)
        applied = write(event, values, speakers)
        assert without_new_ids(preview) == without_new_ids(applied)
        assert would_change(event, dict(schema.validated_data)) == []  # and applying it again changes nothing
