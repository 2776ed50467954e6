"""Invariants of the change engine: editing any one field through any path (meetup page, REST API, data
file, post import) changes exactly that field in the event log, the change notice and the import
preview, and editing nothing changes nothing."""
import copy
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from pretix.base.models import Team

from pretix_oicmeetup.meetup.changes import ChangeKind, snapshot
from pretix_oicmeetup.meetup.datafile import load_meetup_data
from pretix_oicmeetup.meetup.schema import validated as validate
from pretix_oicmeetup.models import AnnouncementVersion, Speaker
from pretix_oicmeetup.notices.versions import baseline, changes_since
from pretix_oicmeetup.posts.importer import post_to_data, would_change
from pretix_oicmeetup.posts.parse import parse_post

from .helpers import place_free_order
from .test_control import URL as PAGE_URL, i18n_key, page_data, png

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/organizers/OIC-BIE/events/ki-zivil-10/meetup/"
SEED_POST = Path(__file__).parent / "data" / "seed" / "000_8dce05a3aed1be33.txt"
LOG_TYPES = ("pretix_oicmeetup.meetup.changed", "pretix_oicmeetup.meetup.imported")

# One new value per meetup field, in the API's shape; i18n fields change in de-informal only.
I18N_EDITS = {
    "title": "KI-Kompetenz – neu gedacht",
    "description": "Eine ganz neue Einleitung.",
    "location": "Rathaus Bielefeld\nNiederwall 23\n33602 Bielefeld",
    "teaser": "Ein neuer Teaser.",
    "format": "Vortrag mit Diskussion",
    "prerequisites": "Neugier",
    "hint": "Bitte pünktlich sein.",
    "outcomes_intro": "Danach kannst du",
    "outcomes": "- KI erklären\n- KI bewerten",
    "materials": "- Stift",
    "series_name": "KI und Gesellschaft",
    "series_info": "Eine neue Beschreibung der Reihe.",
    "contact": "Schreib an [Alex](mailto:alex@example.org).",
}
PLAIN_EDITS = {
    "date_from": "2025-11-11T16:45:00+01:00",
    "date_to": "2025-11-11T18:15:00+01:00",
    "date_admission": "2025-11-11T16:15:00+01:00",
    "series_number": 12,
    "series_url": "https://oic-bielefeld.de/ki-neu/",
    "is_remote": True,
}
# The form's input for each field (the meetup page has no title: that is pretix's own event setting).
FORM_KEYS = {
    "description": "meetup-description", "location": "meetup-location",
    **{name: f"meetup-{name}" for name in I18N_EDITS if name not in ("title", "description", "location")},
}
FORM_PLAIN = {
    "date_from": {"meetup-date_from_1": "16:45"},
    "date_to": {"meetup-date_to_1": "18:15"},
    "date_admission": {"meetup-date_admission_1": "16:15"},
    "series_number": {"meetup-series_number": "12"},
    "series_url": {"meetup-series_url": "https://oic-bielefeld.de/ki-neu/"},
    "is_remote": {"meetup-is_remote": "on"},
}
SPEAKER_EDITS = {
    "name": "Benjamin Paassen",
    "role": {"de-informal": "Professur für Maschinelles Lernen"},
    "bio": {"de-informal": "Eine neue Biografie."},
    "profile_url": "https://example.org/paassen",
}


@pytest.fixture
def told(seeded_event, item):
    """One registration, so the confirmation's version is the notice's baseline."""
    place_free_order(seeded_event, item)
    with scopes_disabled():
        assert AnnouncementVersion.objects.filter(event=seeded_event).count() == 1
    return seeded_event


@pytest.fixture
def api_client(client, organizer, told):
    team = Team.objects.create(organizer=organizer, name="API", all_events=True, all_event_permissions=True)
    token = team.tokens.create(name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.token}"
    return client


def i18n_value(event, name, text):
    """The current translations of ``name`` with de-informal replaced."""
    current = snapshot(event)[name] or {}
    return {**current, "de-informal": text} if isinstance(current, dict) else {"de-informal": text}


def notice_changes(event):
    with scopes_disabled():
        return changes_since(event, baseline(event).data)


def last_log(event):
    entry = event.logentry_set.filter(action_type__in=LOG_TYPES).order_by("-pk").first()
    return entry.parsed_data if entry else None


def assert_exactly(event, field, log_before_pk, speaker_part=None):
    event.refresh_from_db()
    event.settings.flush()
    changes = notice_changes(event)
    if speaker_part:
        assert [(c.kind, c.parts) for c in changes] == [(ChangeKind.SPEAKER_CHANGED, (speaker_part,))]
    else:
        assert [c.field for c in changes] == [field]
    entries = event.logentry_set.filter(action_type__in=LOG_TYPES, pk__gt=log_before_pk)
    assert entries.count() == 1
    data = entries.get().parsed_data
    if speaker_part:
        assert "fields" not in data and list(data["speaker_fields"].values()) == [[speaker_part]]
    else:
        assert data["fields"] == [field] and not any(k.startswith("speakers") for k in data)


def log_mark(event):
    entry = event.logentry_set.order_by("-pk").first()
    return entry.pk if entry else 0


# --- the meetup page ---------------------------------------------------------------------------------

@pytest.mark.parametrize("field", sorted(FORM_KEYS) + sorted(FORM_PLAIN))
def test_meetup_page_edit_of_one_field_is_one_change(admin_client, told, field):
    mark = log_mark(told)
    data = page_data(admin_client)
    if field in FORM_KEYS:
        data[i18n_key(FORM_KEYS[field], "de-informal")] = I18N_EDITS[field]
    else:
        data.update(FORM_PLAIN[field])
    response = admin_client.post(PAGE_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_exactly(told, field, mark)


@pytest.mark.parametrize("part", sorted(SPEAKER_EDITS) + ["photo_url"])
def test_meetup_page_edit_of_one_speaker_field_is_one_change(admin_client, told, part):
    mark = log_mark(told)
    data = page_data(admin_client)
    files = {}
    if part == "photo_url":
        files["speakers-1-photo"] = SimpleUploadedFile("paassen.png", png(), "image/png")
    elif isinstance(SPEAKER_EDITS[part], dict):
        data[i18n_key(f"speakers-1-{part}", "de-informal")] = SPEAKER_EDITS[part]["de-informal"]
    else:
        data[f"speakers-1-{part}"] = SPEAKER_EDITS[part]
    response = admin_client.post(PAGE_URL, {**data, **files})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_exactly(told, None, mark, speaker_part=part)


def test_the_log_names_the_speaker_and_what_changed(admin_client, told):
    data = page_data(admin_client)
    data[i18n_key("speakers-1-role", "de-informal")] = "Professur"
    admin_client.post(PAGE_URL, data)
    entry = told.logentry_set.filter(action_type=LOG_TYPES[0]).order_by("-pk").first()
    assert "Speakers changed: Benjamin Paaßen (Role or affiliation)." in str(entry.display())


def test_saving_the_page_unchanged_changes_nothing(admin_client, told):
    mark = log_mark(told)
    for _ in range(2):  # the second save reads back what the first one wrote
        assert admin_client.post(PAGE_URL, page_data(admin_client)).status_code == 302
    assert notice_changes(told) == []
    assert not told.logentry_set.filter(action_type__in=LOG_TYPES, pk__gt=mark).exists()


def test_reordering_speakers_is_one_change(admin_client, told):
    mark = log_mark(told)
    data = page_data(admin_client)
    data["speakers-0-ORDER"], data["speakers-1-ORDER"] = "2", "1"
    admin_client.post(PAGE_URL, data)
    assert [c.kind for c in notice_changes(told)] == [ChangeKind.SPEAKERS_REORDERED]
    assert last_log(told) == {"speakers_reordered": True} and log_mark(told) > mark


def test_the_widget_option_is_logged_but_no_news_for_attendees(admin_client, told):
    data = page_data(admin_client)
    data.pop("meetup-widget_essentials", None)
    admin_client.post(PAGE_URL, data)
    assert last_log(told) == {"fields": ["widget_essentials"]}
    assert notice_changes(told) == []


# --- the REST API and the data file -------------------------------------------------------------------

def api_edit(event, field):
    if field in I18N_EDITS:
        return {field: i18n_value(event, field, I18N_EDITS[field])}
    return {field: PLAIN_EDITS[field]}


def speaker_edit(event, part):
    speakers = copy.deepcopy(snapshot(event)["speakers"])
    for speaker in speakers:
        speaker.pop("photo_url")
    value = SPEAKER_EDITS[part]
    speakers[1][part] = {**(speakers[1][part] or {}), **value} if isinstance(value, dict) else value
    return {"speakers": speakers}


@pytest.mark.parametrize("field", sorted(I18N_EDITS) + sorted(PLAIN_EDITS))
def test_api_patch_of_one_field_is_one_change(api_client, told, field):
    mark = log_mark(told)
    response = api_client.patch(API_URL, api_edit(told, field), content_type="application/json")
    assert response.status_code == 200, response.content
    assert_exactly(told, field, mark)


@pytest.mark.parametrize("part", sorted(SPEAKER_EDITS))
def test_api_patch_of_one_speaker_field_is_one_change(api_client, told, part):
    mark = log_mark(told)
    response = api_client.patch(API_URL, speaker_edit(told, part), content_type="application/json")
    assert response.status_code == 200, response.content
    assert_exactly(told, None, mark, speaker_part=part)


def test_api_patch_with_the_current_values_changes_nothing(api_client, told):
    mark = log_mark(told)
    current = json.loads(api_client.get(API_URL).content)
    for speaker in current["speakers"]:
        speaker.pop("photo_url")
    response = api_client.patch(API_URL, current, content_type="application/json")
    assert response.status_code == 200, response.content
    assert notice_changes(told) == []
    assert not told.logentry_set.filter(action_type__in=LOG_TYPES, pk__gt=mark).exists()


@pytest.mark.parametrize("field", ["teaser", "date_admission", "series_number", "materials"])
def test_data_file_edit_of_one_field_is_one_change(told, field):
    mark = log_mark(told)
    with scope(organizer=told.organizer):
        load_meetup_data(told, api_edit(told, field))
    assert_exactly(told, field, mark)


def test_data_file_edit_of_one_speaker_field_is_one_change(told):
    mark = log_mark(told)
    with scope(organizer=told.organizer):
        load_meetup_data(told, speaker_edit(told, "bio"))
    assert_exactly(told, None, mark, speaker_part="bio")


def test_loading_the_same_data_file_again_changes_nothing(told, seed):
    mark = log_mark(told)
    with scope(organizer=told.organizer):
        assert load_meetup_data(told, seed["meetup"]) == []
    assert notice_changes(told) == []
    assert not told.logentry_set.filter(pk__gt=mark, action_type__in=LOG_TYPES).exists()


# --- the post import -----------------------------------------------------------------------------------

def import_changes(event, text):
    with scope(organizer=event.organizer):
        serializer = validate(event, post_to_data(event, parse_post(text)))
        assert not serializer.errors, serializer.errors
        return would_change(event, serializer.validated_data)


def test_importing_the_unchanged_seed_changes_nothing(told):
    before = snapshot(told)
    assert import_changes(told, SEED_POST.read_text()) == []
    assert snapshot(told) == before  # the preview's savepoint left nothing behind


@pytest.mark.parametrize("field, old, new", [
    ("date_admission", "**Einlass:** 16:00 Uhr", "**Einlass:** 16:15 Uhr"),
    ("teaser", 'teaser: "Das 9. Meetup', 'teaser: "Das neunte Meetup'),
    ("title", 'title: "KI-Kompetenz – KI sachkundig', 'title: "KI-Kompetenz – KI klug'),
    ("date_to", "**Ende:** 18:00 Uhr", "**Ende:** 18:15 Uhr"),
    ("location", "**Innovation Office, Alter Markt 13,", "**Innovation Office, Alter Markt 14,"),
    ("hint", "**bewussten Umgang mit KI-Technologien**", "**kritischen Umgang mit KI-Technologien**"),
    ("materials", "**Laptop oder Smartphone**", "**Laptop**"),
    ("outcomes", "noch voraus sind**.", "noch weit voraus sind**."),
    ("series_info", "stärkt die Innovationskraft", "stärkt die Kraft"),
    ("description", "ein wenig hinter die Kulissen", "hinter die Kulissen"),
])
def test_import_of_a_post_with_one_edit_is_one_change(admin_client, told, field, old, new):
    text = SEED_POST.read_text()
    assert old in text
    edited = text.replace(old, new, 1)
    changes = import_changes(told, edited)
    assert [c.field for c in changes] == [field]

    mark = log_mark(told)
    upload = SimpleUploadedFile("post.md", edited.encode(), "text/markdown")
    html = admin_client.post(PAGE_URL + "import/", {"file": upload}).content.decode()
    payload = html.split('name="payload" value="')[1].split('"')[0]
    admin_client.post(PAGE_URL + "import/", {"payload": payload})
    assert_exactly(told, field, mark)


@pytest.mark.parametrize("part, old, new", [
    ("role", "ist Professorin für Maschinelles Lernen an", "ist Professorin für Informatik an"),
    ("profile_url", "barbara-hammer-62963295", "barbara-hammer-1"),
    ("bio", "Ihr Forschungsschwerpunkt liegt", "Ihr Schwerpunkt liegt"),
])
def test_import_of_one_speaker_edit_is_one_change(told, part, old, new):
    text = SEED_POST.read_text()
    assert old in text
    changes = import_changes(told, text.replace(old, new, 1))
    assert [(c.kind, c.parts, c.speaker_name) for c in changes] == [(ChangeKind.SPEAKER_CHANGED, (part,),
                                                                          "Barbara Hammer")]


def test_import_of_a_speaker_bio_edit_is_shown_and_is_one_change(admin_client, told):
    text = SEED_POST.read_text()
    old = "Benjamin Paaßen forscht vor allem an KI-Systemen in der Bildung."
    assert old in text
    edited = text.replace(old, "Benjamin Paaßen forscht vor allem an KI in Schulen.")
    changes = import_changes(told, edited)
    assert [(c.kind, c.parts) for c in changes] == [(ChangeKind.SPEAKER_CHANGED, ("bio",))]
    upload = SimpleUploadedFile("post.md", edited.encode(), "text/markdown")
    html = admin_client.post(PAGE_URL + "import/", {"file": upload}).content.decode()
    assert "KI in Schulen" in html and "Benjamin Paaßen – Biography" in html


def test_renaming_a_speaker_keeps_the_speaker(api_client, told):
    with scopes_disabled():
        speaker = Speaker.objects.get(event=told, name="Benjamin Paaßen")
    speakers = [{"name": s["name"], "role": s["role"], "bio": s["bio"], "profile_url": s["profile_url"]}
                for s in snapshot(told)["speakers"]]  # no ids, as an import sends them
    speakers[1]["name"] = "Benjamin Paassen"
    api_client.patch(API_URL, {"speakers": speakers}, content_type="application/json")
    with scopes_disabled():
        assert Speaker.objects.get(event=told, name="Benjamin Paassen").pk == speaker.pk
    assert [(c.kind, c.parts) for c in notice_changes(told)] == [(ChangeKind.SPEAKER_CHANGED, ("name",))]


def test_the_copied_next_edition_differs_only_in_name_dates_and_number(seeded_event, organizer):
    from datetime import timedelta

    from pretix.base.models import Event

    from pretix_oicmeetup.meetup.changes import diff

    # pretix's event wizard fills name, dates and venue from the copied event; copy_data_from does the rest
    new = Event.objects.create(organizer=organizer, name="KI-Kompetenz 2", slug="ki-zivil-11", currency="EUR",
                               date_from=seeded_event.date_from + timedelta(days=28), location=seeded_event.location)
    with scope(organizer=organizer):
        new.copy_data_from(seeded_event)
    new.refresh_from_db()
    new.settings.flush()
    fields = {c.field for c in diff(snapshot(seeded_event), snapshot(new), list(new.settings.locales))}
    assert "series_number" in fields
    assert fields <= {"title", "date_from", "date_to", "date_admission", "series_number"}, fields


def test_a_brace_in_a_post_is_text_in_the_shop_and_survives_the_round_trip(client, told):
    from pretix_oicmeetup.posts.export import export_post, own_post
    from pretix_oicmeetup.posts.importer import apply_import

    text = SEED_POST.read_text().replace("Es sind **keine Vorkenntnisse** notwendig.",
                                         "Es sind **keine Vorkenntnisse** notwendig. Mengen: {1, 2} und }.")
    with scope(organizer=told.organizer):
        serializer = validate(told, post_to_data(told, parse_post(text)))
        assert not serializer.errors, serializer.errors
        apply_import(told, serializer.validated_data, {}, "test", text)
    client.cookies["pretix_language"] = "de-informal"
    response = client.get("/OIC-BIE/ki-zivil-10/")
    assert response.status_code == 200 and "Mengen: {1, 2} und }." in response.content.decode()
    assert client.get("/OIC-BIE/ki-zivil-10/widget/product_list").status_code == 200
    with scope(organizer=told.organizer):
        _name, exported = export_post(told)
        assert exported == text  # the team's post as imported
        assert "Mengen: {1, 2} und }." in own_post(told)  # and the plugin's own, where pretix writes it
        assert import_changes(told, own_post(told)) == []


EXAMPLES = sorted(p for p in (Path(__file__).parent / "data" / "examples").glob("*.md") if p.name != "README.md")


@pytest.mark.parametrize("path", [SEED_POST, *EXAMPLES], ids=lambda p: p.stem)
def test_importing_a_post_again_or_its_export_changes_nothing(organizer, path):
    from datetime import timedelta

    from django.utils.timezone import now

    from pretix.base.models import Event

    from pretix_oicmeetup.posts.export import export_post, own_post
    from pretix_oicmeetup.posts.importer import apply_import

    event = Event.objects.create(organizer=organizer, name="Neu", slug="neu", currency="EUR", live=True,
                                 date_from=now() + timedelta(days=3), plugins="pretix_oicmeetup")
    event.settings.locales = ["de-informal", "de", "en"]
    event.settings.locale = "de-informal"
    event.settings.timezone = "Europe/Berlin"
    text = path.read_text()
    with scope(organizer=organizer):
        serializer = validate(event, post_to_data(event, parse_post(text)))
        assert not serializer.errors, serializer.errors
        apply_import(event, serializer.validated_data, {}, path.name, text)
        event.refresh_from_db()
        event.settings.flush()
        assert import_changes(event, text) == []
        assert export_post(event)[1] == text
        assert import_changes(event, own_post(event)) == []
