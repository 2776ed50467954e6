"""The organizer's defaults for its meetups, as organisers use them: a target audience and "featured" set once
reach every meetup without its own (in the website's event list and on the meetup page), a meetup's own value
wins, saving a meetup page unchanged stores nothing in the event, bad input changes nothing, and the page
checks pretix's organizer permission."""
import io
from datetime import timedelta

import pytest
import yaml
from django.core.management import call_command
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Event, LogEntry
from pretix.base.models.event import Event_SettingsStore

from pretix_oicmeetup.meetup.log import DEFAULTS_CHANGED
from pretix_oicmeetup.meetup.store import read, write
from pretix_oicmeetup.website.files import EVENT_LIST

from .helpers import assert_organizer_page_permissions, extract_form_data

pytestmark = pytest.mark.django_db

PAGE = "/control/organizer/OIC-BIE/oicmeetup/defaults/"
AUDIENCE = "Alle, die in Bielefeld Zivilgesellschaft gestalten."


@pytest.fixture
def plain_meetup(organizer):
    """A meetup of the organizer without any website fields of its own."""
    event = Event.objects.create(organizer=organizer, name="Open Innovation Hour", slug="oih-1", currency="EUR",
                                 live=True, date_from=(now() + timedelta(days=14)).replace(second=0, microsecond=0),
                                 plugins="pretix_oicmeetup")
    event.settings.locales, event.settings.locale = ["de-informal", "de"], "de-informal"
    event.settings.timezone = "Europe/Berlin"
    return event


def set_defaults(client, audience, featured=True):
    data = extract_form_data(client.get(PAGE).content.decode())
    data.update({key: audience for key in data if key.startswith("target_audience_")})
    data.pop("featured", None)
    if featured:
        data["featured"] = "on"
    return client.post(PAGE, data)


def event_rows(event):
    return set(Event_SettingsStore.objects.filter(object=event, key__startswith="oicmeetup_")
               .values_list("key", flat=True))


def test_defaults_reach_every_meetup_without_its_own(organizer_admin, organizer, seeded_event, plain_meetup, tmp_path):
    with scope(organizer=organizer):
        write(seeded_event, {"target_audience": LazyI18nString({"de-informal": "Eigenes Publikum"})})
    assert set_defaults(organizer_admin, AUDIENCE).status_code == 302
    plain_meetup.settings.flush()
    seeded_event.settings.flush()
    assert str(read(plain_meetup)["target_audience"]) == AUDIENCE and read(plain_meetup)["featured"] is True
    assert str(read(seeded_event)["target_audience"]) == "Eigenes Publikum"  # its own value wins
    with scopes_disabled():
        logged = LogEntry.objects.get(organizer_id=organizer.pk, action_type=DEFAULTS_CHANGED)
    assert sorted(logged.parsed_data["fields"]) == ["featured", "target_audience"]
    call_command("oicmeetup_website", "OIC-BIE", str(tmp_path), stdout=io.StringIO())
    listed = {e["title"]: e for e in yaml.safe_load((tmp_path / EVENT_LIST).read_text(encoding="utf-8"))}
    assert listed["Open Innovation Hour"]["target_audience"] == AUDIENCE
    assert listed["Open Innovation Hour"]["featured"] is True


def test_a_meetup_page_saved_unchanged_stores_nothing_of_the_defaults(organizer_admin, organizer, plain_meetup):
    set_defaults(organizer_admin, AUDIENCE)
    page = f"/control/event/OIC-BIE/{plain_meetup.slug}/oicmeetup/"
    html = organizer_admin.get(page).content.decode()
    assert AUDIENCE in html  # the meetup page shows what the list will say
    rows = event_rows(plain_meetup)

    def meetup_logs():
        with scopes_disabled():
            return list(LogEntry.objects.filter(event=plain_meetup, action_type__startswith="pretix_oicmeetup.meetup")
                        .values_list("pk", flat=True))

    logs = meetup_logs()
    assert organizer_admin.post(page, extract_form_data(html)).status_code == 302
    assert event_rows(plain_meetup) == rows and meetup_logs() == logs  # nothing of the meetup changed
    # a later change of the default reaches the meetup, which has no value of its own
    set_defaults(organizer_admin, "Neue Zielgruppe", featured=False)
    plain_meetup.settings.flush()
    assert str(read(plain_meetup)["target_audience"]) == "Neue Zielgruppe" and not read(plain_meetup)["featured"]


def test_bad_input_changes_nothing(organizer_admin, organizer):
    set_defaults(organizer_admin, AUDIENCE)
    response = set_defaults(organizer_admin, "x" * 301)
    assert response.status_code == 200
    organizer.settings.flush()
    assert str(organizer.settings.get("oicmeetup_target_audience", as_type=LazyI18nString)) == AUDIENCE
    with scopes_disabled():
        assert LogEntry.objects.filter(organizer_id=organizer.pk, action_type=DEFAULTS_CHANGED).count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_page_checks_the_organizer_permission(client, organizer, method):
    def unchanged():
        organizer.settings.flush()
        assert not organizer.settings.get("oicmeetup_featured", as_type=bool)

    assert_organizer_page_permissions(client, organizer, method, PAGE, {"featured": "on"}, unchanged=unchanged)
