"""GET and PATCH of the meetup data under pretix's REST API."""
import pytest
from django_scopes import scopes_disabled

from pretix.base.models import Organizer, Team

from pretix_oicmeetup.models import Speaker

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizers/OIC-BIE/events/ki-zivil-10/meetup/"
ZOOM = "https://zoom.example.org/j/4711"


def token_for(organizer, **permissions):
    team = Team.objects.create(organizer=organizer, name="API", all_events=True, **permissions)
    return team.tokens.create(name="test").token


@pytest.fixture
def writer(organizer):
    return token_for(organizer, limit_event_permissions={"event.settings.general:write": True})


@pytest.fixture
def reader(organizer):
    """A team with access to the event that may neither change settings nor read orders."""
    return token_for(organizer, limit_event_permissions={"event.vouchers:read": True})


def call(client, method, token, data=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return getattr(client, method)(URL, data=data, content_type="application/json", **headers)


def test_get_returns_everything_in_order(client, seeded_event, writer):
    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ZOOM
    response = call(client, "get", writer)
    assert response.status_code == 200
    data = response.json()
    assert data["title"]["de-informal"] == "KI-Kompetenz – KI sachkundig und sinnvoll einsetzen."
    assert data["date_admission"] == "2025-11-11T16:00:00+01:00"
    assert data["series_number"] == 9 and data["series_url"] == "https://oic-bielefeld.de/ki/"
    assert [s["name"] for s in data["speakers"]] == ["Barbara Hammer", "Benjamin Paaßen"]
    assert data["online_url"] == ZOOM


def test_other_teams_never_see_the_online_link(client, seeded_event, reader):
    seeded_event.settings.oicmeetup_online_url = ZOOM
    response = call(client, "get", reader)
    assert response.status_code == 200
    assert "online_url" not in response.json() and ZOOM not in response.content.decode()


def test_patch_changes_and_logs_like_the_control_panel(client, seeded_event, writer):
    response = call(client, "patch", writer, {
        "date_admission": "2025-11-11T16:10:00+01:00",
        "series_number": 10,
        "speakers": [{"name": "Benjamin Paaßen"}, {"name": "Ada Lovelace", "profile_url": "https://example.org/ada",
                                                   "role": {"de-informal": "Mathematikerin"}}],
    })
    assert response.status_code == 200, response.content
    assert response.json()["series_number"] == 10
    seeded_event.refresh_from_db()
    assert seeded_event.date_admission.astimezone(seeded_event.timezone).strftime("%H:%M") == "16:10"
    with scopes_disabled():
        assert list(Speaker.objects.filter(event=seeded_event).values_list("name", flat=True)) == [
            "Benjamin Paaßen", "Ada Lovelace"]
    entry = seeded_event.logentry_set.filter(action_type="pretix_oicmeetup.meetup.changed").order_by("-pk").first()
    assert entry.api_token is not None
    assert entry.parsed_data["speakers_added"] == ["Ada Lovelace"]
    assert entry.parsed_data["speakers_removed"] == ["Barbara Hammer"]


@pytest.mark.parametrize("payload,field", [
    ({"series_url": "javascript:alert(1)"}, "series_url"),
    ({"date_admission": "2025-11-11T17:00:00+01:00"}, "date_admission"),
    ({"speakers": [{"name": "X", "profile_url": "data:text/html,1"}]}, "speakers"),
    ({"series_number": "many"}, "series_number"),
    ({"online_url": ZOOM}, "online_url"),
])
def test_invalid_patch_is_400_with_field_messages_and_changes_nothing(client, seeded_event, writer, payload, field):
    before = call(client, "get", writer).json()
    response = call(client, "patch", writer, {"teaser": {"de-informal": "nicht speichern"}, **payload})
    assert response.status_code == 400
    assert field in response.json()
    assert call(client, "get", writer).json() == before


def test_permissions(client, seeded_event, reader, organizer):
    assert call(client, "get", None).status_code == 401
    assert call(client, "patch", reader, {"series_number": 3}).status_code == 403
    other = Organizer.objects.create(name="Other", slug="other")
    stranger = token_for(other, all_event_permissions=True)
    assert call(client, "get", stranger).status_code in (401, 403, 404)


def test_not_served_without_the_plugin(client, seeded_event, writer):
    seeded_event.disable_plugin("pretix_oicmeetup")
    seeded_event.save()
    assert call(client, "get", writer).status_code == 404


def test_the_description_is_the_organisers_text_without_the_widget_token(client, seeded_event, writer):
    assert "{meetup_essentials}" in seeded_event.settings.frontpage_text.localize("de-informal")
    description = call(client, "get", writer).json()["description"]["de-informal"]
    assert "{meetup_essentials}" not in description and description.startswith("Beim 9. Meetup")
    response = call(client, "patch", writer, {"description": {"de-informal": description + " Neu."}})
    assert response.status_code == 200
    seeded_event.settings.flush()
    assert seeded_event.settings.frontpage_text.localize("de-informal").startswith("{meetup_essentials}")
