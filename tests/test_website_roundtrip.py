"""The website team's posts through pretix and back: every real post of ``tests/data`` comes back as the team
wrote it (export(import(P)) is P, byte for byte), and a fact changed in pretix changes the post only where that
fact stands, for each kind of fact and each post that says it; the other facts read as before."""
import difflib
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix_oicmeetup.meetup.store import read, write
from pretix_oicmeetup.models import Speaker
from pretix_oicmeetup.posts.export import announcement_file
from pretix_oicmeetup.posts.export_retrospective import retrospective_file
from pretix_oicmeetup.posts.importer import import_post
from pretix_oicmeetup.posts.parse import parse_post
from pretix_oicmeetup.posts.write_back import facts

from .helpers import hold

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
ANNOUNCEMENTS = sorted(p for p in (DATA / "examples").glob("*.md") if p.name != "README.md") + \
    [DATA / "seed" / "000_8dce05a3aed1be33.txt"]
RETROSPECTIVES = sorted(p for p in (DATA / "examples" / "rueckblick").glob("*.md") if p.name != "README.md")


def de(text):
    return LazyI18nString({"de-informal": text})


def raw(path) -> str:
    return path.read_bytes().decode("utf-8")


def imported(event, path):
    with scope(organizer=event.organizer):
        import_post(event, raw(path), path.name)


def changed_lines(before: str, after: str) -> list:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def meta_lines(text: str) -> set:
    """The lines of a ``meetup:`` block in the front matter."""
    lines, found, inside = text.splitlines(), set(), False
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            break
        inside = line == "meetup:" or (inside and line.startswith("  "))
        if inside:
            found.add(index)
    return found


def without(text: str, indexes: set) -> str:
    return "".join(line for index, line in enumerate(text.splitlines(keepends=True)) if index not in indexes)


def hunks(before: str, after: str) -> int:
    return sum(1 for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line.startswith("@@"))


@pytest.mark.parametrize("path", ANNOUNCEMENTS, ids=lambda p: p.stem)
def test_an_announcement_comes_back_as_the_team_wrote_it(seeded_event, path):
    imported(seeded_event, path)
    with scope(organizer=seeded_event.organizer):
        post = announcement_file(seeded_event)
    assert post.text == raw(path) and post.not_written == []
    assert post.name == path.stem  # under its own name


@pytest.mark.parametrize("path", RETROSPECTIVES, ids=lambda p: p.stem)
def test_a_rueckblick_comes_back_as_the_team_wrote_it(seeded_event, path):
    hold(seeded_event)
    imported(seeded_event, path)
    with scope(organizer=seeded_event.organizer):
        post, photos = retrospective_file(seeded_event)
    assert post.text == raw(path) and post.name == path.stem and photos == []


# Each kind of fact, as the meetup page changes it; None where the post does not say it.
def _minutes(key, minutes):
    def change(event, values):
        return {key: values[key] + timedelta(minutes=minutes)} if values[key] else None
    return change


FACTS = {
    "date_admission": _minutes("date_admission", 15),
    "date_to": _minutes("date_to", 30),
    "location": lambda e, v: {"location": de("Stadtbibliothek, Neumarkt 1")} if v["location"] and not v["is_remote"]
    else None,
    "title": lambda e, v: {"title": de("Ein neuer Titel")},
    "teaser": lambda e, v: {"teaser": de("Ein neuer Teaser.")} if v["teaser"] else None,
    "hint": lambda e, v: {"hint": de((str(v["hint"] or "") + " Bitte pünktlich sein.").strip())},
    "materials": lambda e, v: {"materials": de(str(v["materials"]) + "\nStift")} if v["materials"] else None,
    "series_info": lambda e, v: {"series_info": de(str(v["series_info"]) + " Neu.")} if v["series_info"] else None,
    "description": lambda e, v: {"description": de(str(v["description"]) + "\n\nNoch ein Absatz.")},
}
ONE_LINE = {"date_admission", "date_to", "location", "title", "teaser", "series_info"}


@pytest.mark.parametrize("fact", sorted(FACTS))
@pytest.mark.parametrize("path", ANNOUNCEMENTS, ids=lambda p: p.stem)
def test_one_changed_fact_changes_the_post_where_it_stands(seeded_event, path, fact):
    imported(seeded_event, path)
    text = raw(path)
    before = facts(parse_post(text))
    with scope(organizer=seeded_event.organizer):
        change = FACTS[fact](seeded_event, read(seeded_event))
        if change is None:
            pytest.skip(f"{path.name} does not say {fact}")
        write(seeded_event, change)
        post = announcement_file(seeded_event)
    assert post.not_written == []
    # one place; a fact the post says only within another one's words (the series' name in the title) is
    # written under meetup: in the front matter, which the import reads first
    meta = meta_lines(post.text)
    assert hunks(text, without(post.text, meta)) == 1
    if fact in ONE_LINE:
        assert [line[0] for line in changed_lines(text, without(post.text, meta))] == ["-", "+"]  # one line
    after = facts(parse_post(post.text))
    derived = {"date_to": {"date_to"}, "date_admission": {"date_admission"}}.get(fact, {fact})
    assert {key for key in set(before) | set(after) if before.get(key) != after.get(key)} == derived
    with scope(organizer=seeded_event.organizer):  # importing the post changes nothing: it says what pretix says
        assert import_post(seeded_event, post.text, path.name) == []


def speakers_of(event) -> list:
    with scopes_disabled():
        return [{"id": s.pk, "name": s.name, "role": s.role, "bio": s.bio, "profile_url": s.profile_url}
                for s in Speaker.objects.filter(event=event).order_by("position")]


@pytest.mark.parametrize("change", ["role", "bio", "added", "removed", "reordered"])
def test_a_speaker_changes_in_the_speakers_own_paragraph(seeded_event, change):
    path = DATA / "examples" / "ki-kompetenz.md"
    imported(seeded_event, path)
    text = raw(path)
    speakers = speakers_of(seeded_event)
    new = {"role": [{**speakers[0], "role": de("Professorin für Informatik an der Universität Bielefeld")},
                    speakers[1]],
           "bio": [speakers[0], {**speakers[1], "bio": de("Er forscht an KI-Systemen in der Bildung.")}],
           "added": speakers + [{"name": "Clara Beispiel", "role": de("Referentin"), "bio": de(""),
                                 "profile_url": ""}],
           "removed": speakers[:1],
           "reordered": list(reversed(speakers))}[change]
    with scope(organizer=seeded_event.organizer):
        write(seeded_event, {}, new)
        post = announcement_file(seeded_event)
        assert import_post(seeded_event, post.text, path.name) == []
    assert post.not_written == []
    lines = changed_lines(text, post.text)
    assert all("Barbara Hammer" in line or "Benjamin Paaßen" in line or "Clara Beispiel" in line
               or not line[1:].strip() for line in lines), lines
    if change == "role":  # in the team's own sentence: "ist … an der Universität Bielefeld."
        assert "**Barbara Hammer** ist Professorin für Informatik an der Universität Bielefeld. Ihr" in post.text
    if change == "bio":  # the role's wording stays the team's: "hat die Juniorprofessur … inne"
        assert "hat die Juniorprofessur für Wissensrepräsentation und Maschinelles Lernen an der Universität " \
               "Bielefeld inne. Er forscht an KI-Systemen in der Bildung." in post.text


def test_a_speaker_photo_is_no_change_of_the_post(seeded_event):
    path = DATA / "examples" / "ki-kompetenz.md"
    imported(seeded_event, path)
    from django.core.files.base import ContentFile

    speakers = speakers_of(seeded_event)
    speakers[0]["photo"] = ContentFile(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", name="foto.gif")
    with scope(organizer=seeded_event.organizer):
        write(seeded_event, {}, speakers)
        assert announcement_file(seeded_event).text == raw(path)


RUECKBLICK_FACTS = {
    "retrospective_title": lambda v: {"retrospective_title": de("Ein neuer Titel des Rückblicks")},
    "retrospective_recap": lambda v: {"retrospective_recap": de(str(v["retrospective_recap"]) + "\n\nEin Satz mehr.")},
    "retrospective_authors": lambda v: {"retrospective_authors": str(v["retrospective_authors"] or "") +
                                        "\nLisa Meyer"},
}


@pytest.mark.parametrize("fact", sorted(RUECKBLICK_FACTS))
@pytest.mark.parametrize("path", RETROSPECTIVES, ids=lambda p: p.stem)
def test_one_changed_fact_of_a_rueckblick_changes_it_where_it_stands(seeded_event, path, fact):
    hold(seeded_event)
    imported(seeded_event, path)
    text = raw(path)
    with scope(organizer=seeded_event.organizer):
        write(seeded_event, RUECKBLICK_FACTS[fact](read(seeded_event)))
        post, _photos = retrospective_file(seeded_event)
        assert import_post(seeded_event, post.text, path.name) == []
    assert post.not_written == [] and hunks(text, post.text) == 1
    assert "is_retrospective: false" in post.text or "is_retrospective" not in text  # as the team wrote it


def test_nothing_of_an_unchanged_post_is_rewritten_after_other_edits(seeded_event):
    """Edits that are no fact of the post (the online link, the signature, the event list's fields) leave the
    team's post as it is."""
    path = DATA / "examples" / "ki-kompetenz.md"
    imported(seeded_event, path)
    with scope(organizer=seeded_event.organizer):
        with transaction.atomic():
            write(seeded_event, {"signature": de("Das OIC-Team"), "target_audience": de("Alle"), "featured": False,
                                 "listing_description": de("Kurz gesagt.")})
        assert announcement_file(seeded_event).text == raw(path)
