import json

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled

from pretix.base.models import Event, Item, Team, User

from pretix_oicmeetup.mail.confirmation import template_state
from pretix_oicmeetup.meetup.datafile import MeetupDataError, load_meetup_data
from pretix_oicmeetup.models import Speaker

pytestmark = pytest.mark.django_db


def test_seed_is_stored_as_structured_data(seeded_event):
    s = seeded_event.settings
    assert s.oicmeetup_series_number == 9
    assert s.oicmeetup_series_url == "https://oic-bielefeld.de/ki/"
    assert s.oicmeetup_format.localize("de-informal") == "Impuls-Workshop"
    assert s.oicmeetup_materials.localize("de") == "**Laptop oder Smartphone**"
    assert len(s.oicmeetup_outcomes.localize("de-informal").splitlines()) == 3
    tz = seeded_event.timezone
    assert seeded_event.date_from.astimezone(tz).strftime("%a %d.%m.%Y %H:%M") == "Tue 11.11.2025 16:30"
    assert seeded_event.date_to.astimezone(tz).strftime("%H:%M") == "18:00"
    assert seeded_event.date_admission.astimezone(tz).strftime("%H:%M") == "16:00"
    assert str(seeded_event.location.localize("de")) == "Innovation Office, Alter Markt 13, 33602 Bielefeld"
    with scopes_disabled():
        rows = list(Speaker.objects.filter(event=seeded_event).values_list("name", "profile_url"))
    assert rows == [
        ("Barbara Hammer", "https://www.linkedin.com/in/barbara-hammer-62963295/"),
        ("Benjamin Paaßen", "https://www.linkedin.com/in/benjamin-paa%C3%9Fen-9a643a266/"),
    ]


@pytest.mark.parametrize("bad,field", [
    ({"series_url": "javascript:alert(1)"}, "series_url"),
    ({"date_admission": "2025-11-11T17:00:00+01:00"}, "date_admission"),
    ({"speakers": [{"name": "A", "profile_url": "data:text/html,x"}]}, "speakers.0.profile_url"),
    ({"speakers": [{"name": "A"}, {"name": "a"}]}, "speakers"),
    ({"online_url": "https://zoom.example.org/j/1"}, "online_url"),
    ({"series_number": 0}, "series_number"),
    ({"teaser": {"xx": "unknown language"}}, "teaser"),
])
def test_bad_data_changes_nothing(seeded_event, bad, field):
    before = dict(seeded_event.settings.freeze())
    data = {"teaser": {"de-informal": "geändert"}, **bad}
    with scope(organizer=seeded_event.organizer), pytest.raises(MeetupDataError) as error:
        load_meetup_data(seeded_event, data)
    assert str(error.value).startswith(field + ":")
    seeded_event.settings.flush()
    assert dict(seeded_event.settings.freeze()) == before
    with scopes_disabled():
        assert Speaker.objects.filter(event=seeded_event).count() == 2


def test_load_command(seeded_event, tmp_path):
    path = tmp_path / "update.json"
    path.write_text(json.dumps({"meetup": {"series_number": 10, "speakers": [{"name": "Benjamin Paaßen"}]}}))
    call_command("oicmeetup_load", "OIC-BIE", "ki-zivil-10", str(path))
    seeded_event.settings.flush()
    assert seeded_event.settings.oicmeetup_series_number == 10
    with scopes_disabled():
        assert list(Speaker.objects.filter(event=seeded_event).values_list("name", flat=True)) == ["Benjamin Paaßen"]
    entry = seeded_event.logentry_set.filter(action_type="pretix_oicmeetup.meetup.changed").order_by("-pk").first()
    assert entry.parsed_data == {"fields": ["series_number"], "speakers_removed": ["Barbara Hammer"]}


@pytest.mark.parametrize("content,message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must contain a JSON object"),
    ('{"series_url": "ftp://x"}', "series_url"),
])
def test_load_command_errors(seeded_event, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("oicmeetup_load", "OIC-BIE", "ki-zivil-10", str(path))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("oicmeetup_load", "OIC-BIE", "nope", str(path))


def test_demo_command_builds_the_reference_meetup_and_is_repeatable():
    User.objects.create_user("admin@localhost", "admin")
    call_command("oicmeetup_demo")
    call_command("oicmeetup_demo")  # a second run reuses everything
    with scopes_disabled():
        event = Event.objects.get(organizer__slug="OIC-BIE", slug="ki-zivil-10")
        assert event.live and "pretix_oicmeetup" in event.get_plugins()
        assert event.settings.locales == ["de-informal"] and event.settings.locale == "de-informal"
        item = Item.objects.get(event=event)
        assert str(item.name.localize("de-informal")) == "Kostenlose Anmeldung" and item.default_price == 0
        assert item.quotas.get().size == 30
        assert Speaker.objects.filter(event=event).count() == 2
        assert event.presale_end == event.date_from and event.presale_has_ended  # held: its registration closed
        assert set(template_state(event).values()) == {"meetup"}
        team = Team.objects.get(organizer=event.organizer)
        assert team.members.filter(email="admin@localhost").exists()


def test_deleting_the_event_deletes_its_meetup_data(seeded_event):
    with scopes_disabled():
        pk = seeded_event.pk
        seeded_event.delete_sub_objects()
        seeded_event.delete()
        assert not Speaker.objects.filter(event_id=pk).exists()
    from pretix.base.models import Event_SettingsStore
    assert not Event_SettingsStore.objects.filter(object_id=pk, key__startswith="oicmeetup_").exists()
