"""The field registry is the one place a meetup field is declared: a field added to it at test time appears
in the meetup page's form, the REST API, the change engine (log and notice), the website post's round
trip and the rendered announcement's cache key, with nothing else changed, wherever the field is stored."""
import pytest
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Team

from pretix_oicmeetup.meetup import fields
from pretix_oicmeetup.meetup.changes import snapshot
from pretix_oicmeetup.notices.versions import baseline, changes_since
from pretix_oicmeetup.posts.export import export_post
from pretix_oicmeetup.posts.parse import parse_post
from pretix_oicmeetup.render import render_announcement, sections
from pretix_oicmeetup.render.cache import inputs_digest
from pretix_oicmeetup.render.fragments import plain_fragment

from .helpers import place_free_order
from .test_control import URL as PAGE_URL, i18n_key, page_data
from .test_post_roundtrip import import_text, new_event

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/organizers/OIC-BIE/events/ki-zivil-10/meetup/"
AUDIENCE = fields.MeetupField(
    "audience", fields.TEXT, "Target audience", i18n=True, max_length=100, post=fields.POST_META,
    help_text="Who the meetup is for.",
)

# Stored on the event, as pretix's own fields are (pretix's internal comment stands in for one).
ROOM = fields.MeetupField("room", fields.TEXT, "Room", storage=fields.EVENT, attribute="comment", on_page=False)


@pytest.fixture
def with_audience(monkeypatch):
    monkeypatch.setattr(fields, "FIELDS", fields.FIELDS + (AUDIENCE,))
    return AUDIENCE


@pytest.fixture
def token(organizer):
    team = Team.objects.create(organizer=organizer, name="API", all_events=True, all_event_permissions=True)
    return team.tokens.create(name="test").token


def logged_fields(event):
    entry = event.logentry_set.filter(action_type="pretix_oicmeetup.meetup.changed").order_by("-pk").first()
    return entry.parsed_data.get("fields") if entry else None


def test_the_form_shows_and_saves_it(with_audience, admin_client, seeded_event, item):
    place_free_order(seeded_event, item)
    html = admin_client.get(PAGE_URL).content.decode()
    assert "Target audience" in html and "Who the meetup is for." in html
    data = page_data(admin_client)
    data[i18n_key("meetup-audience", "de-informal")] = "Vereine und Initiativen"
    assert admin_client.post(PAGE_URL, data).status_code == 302
    seeded_event.settings.flush()
    assert seeded_event.settings.get("oicmeetup_audience", as_type=LazyI18nString).localize("de-informal") == \
        "Vereine und Initiativen"
    assert logged_fields(seeded_event) == ["audience"]
    with scopes_disabled():
        assert [c.field for c in changes_since(seeded_event, baseline(seeded_event).data)] == ["audience"]
    data[i18n_key("meetup-audience", "de-informal")] = "x" * 101
    assert "Ensure this value has at most 100 characters" in admin_client.post(PAGE_URL, data).content.decode()


def test_the_api_reads_and_writes_it(with_audience, client, seeded_event, token):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get(API_URL, **headers).json()["audience"] is None
    response = client.patch(API_URL, {"audience": {"de-informal": "Studierende"}}, content_type="application/json",
                            **headers)
    assert response.status_code == 200 and response.json()["audience"] == {"de-informal": "Studierende"}
    assert logged_fields(seeded_event) == ["audience"]
    with scope(organizer=seeded_event.organizer):
        assert snapshot(seeded_event)["audience"] == {"de-informal": "Studierende"}


def test_the_post_round_trip_carries_it(with_audience, seeded_event, organizer):
    seeded_event.settings.set("oicmeetup_audience", LazyI18nString({"de-informal": "Alle Neugierigen"}))
    with scope(organizer=organizer):
        _name, text = export_post(seeded_event)
    assert "audience: Alle Neugierigen" in text
    assert parse_post(text).values["audience"] == "Alle Neugierigen"
    copy = new_event(organizer, "ki-kopie")
    import_text(copy, text)
    assert copy.settings.get("oicmeetup_audience", as_type=LazyI18nString).localize("de-informal") == \
        "Alle Neugierigen"


def set_audience(event, text):
    event.settings.set("oicmeetup_audience", LazyI18nString({"de-informal": text}))


def set_room(event, text):
    event.comment = text  # not even saved: only the event object pretix loaded for the page has it


@pytest.mark.parametrize("added, change", [(AUDIENCE, set_audience), (ROOM, set_room)], ids=["setting", "event"])
def test_the_rendered_announcement_follows_it(monkeypatch, seeded_event, added, change):
    monkeypatch.setattr(fields, "FIELDS", fields.FIELDS + (added,))
    # a section that shows it (a field added at run time is in ``values``, not an attribute of its own)
    monkeypatch.setitem(sections.BUILDERS, "contact", lambda a, ctx: sections.Section(
        "contact", "Contact", [sections.Paragraph(plain_fragment(a.values[added.key]))]))
    change(seeded_event, "Erster Stand")
    digest = inputs_digest(seeded_event, None)
    assert "Erster Stand" in render_announcement(seeded_event, purpose="full")
    change(seeded_event, "Zweiter Stand")
    assert inputs_digest(seeded_event, None) != digest
    assert "Zweiter Stand" in render_announcement(seeded_event, purpose="full")
