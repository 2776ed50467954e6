"""The organizer's speaker library as organisers use it: every speaker of a meetup is a person of the library
(the same name and profile link is one person); an edition adds a speaker from the library and may say
something else for itself; a later library edit reaches an edition only when its meetup page takes it over,
and then exactly the changed parts are logged; a photo goes to an edition only with a recorded consent; bad
input changes nothing; every page checks pretix's organizer permissions."""
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString
from PIL import Image

from pretix.base.models import Event, LogEntry

from pretix_oicmeetup.library.log import PERSON_CHANGED
from pretix_oicmeetup.meetup.store import write
from pretix_oicmeetup.models import Person, Speaker

from .helpers import assert_organizer_page_permissions, extract_form_data

pytestmark = pytest.mark.django_db

LIBRARY = "/control/organizer/OIC-BIE/oicmeetup/speakers/"
ADD = LIBRARY + "add/"
HAMMER_PROFILE = "https://www.linkedin.com/in/barbara-hammer-62963295/"
NEW_ROLE = "Professorin und Sprecherin des Zentrums für KI"


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def soon(days):
    return (now() + timedelta(days=days)).replace(second=0, microsecond=0)


def person_url(person):
    return f"{LIBRARY}{person.pk}/"


def page_url(event):
    return f"/control/event/OIC-BIE/{event.slug}/oicmeetup/"


@pytest.fixture
def next_meetup(organizer):
    event = Event.objects.create(organizer=organizer, name="KI und Bildung", slug="ki-zivil-11", currency="EUR",
                                 live=True, date_from=soon(30), plugins="pretix_oicmeetup")
    event.settings.locales, event.settings.locale = ["de-informal", "de"], "de-informal"
    event.settings.timezone = "Europe/Berlin"
    return event


def people(organizer):
    with scopes_disabled():
        return {p.name: p for p in Person.objects.filter(organizer=organizer)}


def speakers_of(event):
    with scopes_disabled():
        return list(Speaker.objects.filter(event=event).select_related("person").order_by("position"))


def speaker_logs(event):
    with scopes_disabled():
        return [log.parsed_data for log in LogEntry.objects.filter(
            event=event, action_type="pretix_oicmeetup.meetup.changed").order_by("pk")]


def hammer(organizer):
    with scopes_disabled():
        return Person.objects.get(organizer=organizer, profile_url=HAMMER_PROFILE)


def test_every_speaker_is_one_person_of_the_library(organizer, seeded_event, next_meetup):
    assert set(people(organizer)) == {"Barbara Hammer", "Benjamin Paaßen"}
    with scope(organizer=organizer):
        write(next_meetup, {}, [{"name": "barbara  hammer", "profile_url": HAMMER_PROFILE},
                                {"name": "Barbara Hammer", "profile_url": "https://example.org/other"}])
    first, namesake = speakers_of(next_meetup)
    assert first.person == hammer(organizer) == speakers_of(seeded_event)[0].person
    assert namesake.person != first.person  # the same name with another profile link is someone else
    with scopes_disabled():
        assert Person.objects.filter(organizer=organizer, name="Barbara Hammer").count() == 2


def test_a_library_edit_reaches_an_edition_only_when_taken_over(organizer_admin, organizer, seeded_event,
                                                                next_meetup):
    person = hammer(organizer)
    data = extract_form_data(organizer_admin.get(person_url(person)).content.decode())
    data.update({key: NEW_ROLE for key in data if key.startswith("role_") and data[key]})  # every language
    assert organizer_admin.post(person_url(person), data).status_code == 302
    with scopes_disabled():
        logged = LogEntry.objects.get(organizer_id=organizer.pk, action_type=PERSON_CHANGED)
    assert logged.parsed_data == {"id": person.pk, "fields": ["role"]}
    assert "Barbara Hammer" not in logged.data  # the log holds no name that outlives the person
    assert str(speakers_of(seeded_event)[0].role) != NEW_ROLE  # the edition keeps what it said
    logs_before = speaker_logs(seeded_event)

    page = organizer_admin.get(page_url(seeded_event)).content.decode()
    assert "Take over what the speaker library says" in page
    data = extract_form_data(page)
    data["speakers-0-take_over"] = "on"
    assert organizer_admin.post(page_url(seeded_event), data).status_code == 302
    assert str(speakers_of(seeded_event)[0].role.data.get("de-informal")) == NEW_ROLE
    (new_log,) = speaker_logs(seeded_event)[len(logs_before):]
    assert new_log["speakers_changed"] == ["Barbara Hammer"]
    assert new_log["speaker_fields"] == {"Barbara Hammer": ["role"]}
    assert "take_over" not in extract_form_data(organizer_admin.get(page_url(seeded_event)).content.decode())


def test_an_edition_may_say_something_else_without_touching_the_library(organizer, seeded_event, next_meetup):
    with scope(organizer=organizer):
        write(next_meetup, {}, [{"name": "Barbara Hammer", "profile_url": HAMMER_PROFILE,
                                 "role": LazyI18nString({"de-informal": "Moderation"})}])
    library_role = hammer(organizer).role.data
    assert speakers_of(next_meetup)[0].role.data == {"de-informal": "Moderation"}
    assert hammer(organizer).role.data == library_role
    assert str(speakers_of(seeded_event)[0].role) != "Moderation"


def test_adding_from_the_library_brings_the_photo_only_with_consent(organizer_admin, organizer, seeded_event,
                                                                    next_meetup):
    person = hammer(organizer)
    data = extract_form_data(organizer_admin.get(person_url(person)).content.decode())
    response = organizer_admin.post(person_url(person), {**data, "photo": SimpleUploadedFile(
        "hammer.png", png(), "image/png")})
    assert response.status_code == 200 and "agreed to publish it" in response.content.decode()
    assert not hammer(organizer).photo  # refused: nothing kept

    data["photo_consent_on"] = "2025-10-01"
    data["photo_consent_note"] = "per E-Mail an das Team"
    assert organizer_admin.post(person_url(person), {**data, "photo": SimpleUploadedFile(
        "hammer.png", png(), "image/png")}).status_code == 302
    person = hammer(organizer)
    assert person.photo and person.photo_consent_on == date(2025, 10, 1)

    page = organizer_admin.get(page_url(next_meetup)).content.decode()
    data = extract_form_data(page)
    data["library-person"] = str(person.pk)
    assert organizer_admin.post(page_url(next_meetup), data).status_code == 302
    (speaker,) = speakers_of(next_meetup)
    assert speaker.person == person and speaker.name == "Barbara Hammer" and speaker.profile_url == HAMMER_PROFILE
    assert speaker.photo and speaker.photo.name != person.photo.name  # the edition's own public copy
    assert speaker.photo.name.startswith("pub/")

    # without consent, the library's photo stays in the library
    paassen = people(organizer)["Benjamin Paaßen"]
    with scopes_disabled():
        Person.objects.filter(pk=paassen.pk).update(photo=person.photo.name, photo_consent_on=None)
    data = extract_form_data(organizer_admin.get(page_url(next_meetup)).content.decode())
    data["library-person"] = str(paassen.pk)
    assert organizer_admin.post(page_url(next_meetup), data).status_code == 302
    assert [s.name for s in speakers_of(next_meetup)] == ["Barbara Hammer", "Benjamin Paaßen"]
    assert not speakers_of(next_meetup)[1].photo


def test_the_library_shows_where_each_person_spoke(organizer_admin, organizer, seeded_event, next_meetup):
    with scope(organizer=organizer):
        write(next_meetup, {}, [{"name": "Benjamin Paaßen",
                                 "profile_url": speakers_of(seeded_event)[1].profile_url}])
    html = organizer_admin.get(LIBRARY).content.decode()
    row = html.split("Benjamin Paaßen")[1].split("</tr>")[0]
    assert "/ki-zivil-10/oicmeetup/" in row and "/ki-zivil-11/oicmeetup/" in row
    detail = organizer_admin.get(person_url(people(organizer)["Benjamin Paaßen"])).content.decode()
    assert "KI und Bildung" in detail and "KI-Kompetenz" in detail


@pytest.mark.parametrize("change,message", [
    ({"profile_url": "javascript:alert(1)"}, "https://"),
    ({"name": ""}, "This field is required."),
    ({"name": "Benjamin Paaßen", "profile_url": "https://www.linkedin.com/in/benjamin-paa%C3%9Fen-9a643a266/"},
     "already in the library"),
    ({"photo_consent_on": "kein Datum"}, "Enter a valid date."),
])
def test_bad_input_is_refused_and_changes_nothing(organizer_admin, organizer, seeded_event, change, message):
    person = hammer(organizer)
    with scopes_disabled():
        before = list(Person.objects.order_by("pk").values())
    data = extract_form_data(organizer_admin.get(person_url(person)).content.decode())
    data.update(change)
    organizer_admin.cookies["pretix_language"] = "en"
    response = organizer_admin.post(person_url(person), data)
    assert response.status_code == 200 and message in response.content.decode()
    with scopes_disabled():
        assert list(Person.objects.order_by("pk").values()) == before
        assert not LogEntry.objects.filter(organizer_id=organizer.pk, action_type=PERSON_CHANGED).exists()


def test_adding_a_person(organizer_admin, organizer, seeded_event):
    data = extract_form_data(organizer_admin.get(ADD).content.decode())
    data.update({"name": "Ada Lovelace", "role_0": "Mathematikerin", "profile_url": "https://example.org/ada"})
    assert organizer_admin.post(ADD, data).status_code == 302
    assert str(people(organizer)["Ada Lovelace"].role) == "Mathematikerin"


@pytest.mark.parametrize("method,path_of", [
    ("get", lambda p: LIBRARY), ("get", lambda p: ADD), ("post", lambda p: ADD), ("get", person_url),
    ("post", person_url),
])
def test_every_library_page_checks_the_organizer_permission(client, organizer, seeded_event, method, path_of):
    def unchanged():
        with scopes_disabled():
            assert not Person.objects.filter(name="Eingeschleust").exists()

    path = path_of(hammer(organizer))
    assert_organizer_page_permissions(client, organizer, method, path,
                                      {"name": "Eingeschleust", "profile_url": "https://example.org/x"},
                                      readable=path == LIBRARY, unchanged=unchanged)


def test_a_person_typed_and_picked_in_one_save_speaks_once(organizer_admin, organizer, seeded_event, next_meetup):
    from .test_control import add_speaker

    data = extract_form_data(organizer_admin.get(page_url(next_meetup)).content.decode())
    add_speaker(data, "Barbara Hammer", profile_url=HAMMER_PROFILE)
    data["library-person"] = str(hammer(organizer).pk)
    assert organizer_admin.post(page_url(next_meetup), data).status_code == 302
    assert [(s.name, s.person) for s in speakers_of(next_meetup)] == [("Barbara Hammer", hammer(organizer))]


def test_a_row_taken_over_for_another_speaker_is_another_person(seeded_event):
    """A row renamed to someone else altogether (the next edition's new speaker typed over the copied one) is
    not a typo fix: the new speaker becomes a person of their own, the old person keeps only their talks."""
    with scope(organizer=seeded_event.organizer):
        speakers = list(Speaker.objects.filter(event=seeded_event).order_by("position"))
        hammer = speakers[0].person
        write(seeded_event, {}, [{"id": speakers[0].pk, "name": "Clara Beispiel", "profile_url": ""},
                                 {"id": speakers[1].pk, "name": "Benjamin Paassen",
                                  "profile_url": speakers[1].profile_url}])
        renamed = Speaker.objects.get(pk=speakers[0].pk)
        assert renamed.person != hammer and renamed.person.name == "Clara Beispiel"
        assert Speaker.objects.get(pk=speakers[1].pk).person == speakers[1].person  # a typo fix keeps the link
