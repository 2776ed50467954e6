"""A series' public address survives its renaming (issue 24): the page and calendar under a former topic
redirect permanently to the current one, whether the series was renamed through the API (its only edition
renamed) or on the series page, once or several times; the editions, including a meetup that names only the
old topic, stay on the page; a topic that another series takes is that series' address; a deleted series
leaves no redirect."""
from datetime import timedelta

import pytest
from django.test import Client
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Event, Team

from pretix_oicmeetup.meetup.store import write
from pretix_oicmeetup.models import Series

from .test_series_records import edit_url, series_form

pytestmark = pytest.mark.django_db

OLD, NEW, NEWER = "ki-zivilgesellschaft", "ki-gesellschaft", "ki-und-wir"


def page(topic, calendar=False):
    return f"/OIC-BIE/_series/{topic}/" + ("calendar.ics" if calendar else "")


@pytest.fixture
def api(organizer):
    """A REST client with a token that may change the events' settings."""
    team = Team.objects.create(organizer=organizer, name="API", all_events=True,
                               limit_event_permissions={"event.settings.general:write": True})
    return Client(HTTP_AUTHORIZATION=f"Token {team.tokens.create(name='test').token}")


@pytest.fixture
def topic_only(organizer, seeded_event):
    """An upcoming meetup that names the series' topic but no series name: in no series, on the topic's page."""
    event = Event.objects.create(organizer=organizer, name="KI und Datenschutz", slug="ki-zivil-11", currency="EUR",
                                 live=True, date_from=now() + timedelta(days=30),
                                 presale_end=now() + timedelta(days=29), plugins="pretix_oicmeetup")
    event.settings.locales, event.settings.locale = ["de-informal"], "de-informal"
    with scope(organizer=organizer):
        write(event, {"series_topic": OLD})
    return event


def rename_through_api(api, name, topic=None, event="ki-zivil-10"):
    values = {"series_name": {"de-informal": name, "de": name}, **({"series_topic": topic} if topic else {})}
    response = api.patch(f"/api/v1/organizers/OIC-BIE/events/{event}/meetup/", data=values,
                         content_type="application/json")
    assert response.status_code == 200, response.content
    return response


def the_series(organizer):
    with scopes_disabled():
        return Series.objects.get(organizer=organizer)


def assert_redirects(client, old, new):
    response = client.get(old)
    assert (response.status_code, response.get("Location")) == (301, new)


def shown(client, topic) -> str:
    client.cookies["pretix_language"] = "de-informal"
    response = client.get(page(topic))
    assert response.status_code == 200
    return response.content.decode()


def test_a_series_renamed_through_the_api_redirects_from_its_old_address(client, api, organizer, seeded_event,
                                                                         topic_only):
    series = the_series(organizer)
    rename_through_api(api, "KI & Gesellschaft", NEW)
    assert_redirects(client, page(OLD), page(NEW))
    html = shown(client, NEW)
    # the renamed edition and the meetup that names the old topic both stay with the series
    assert "KI-Kompetenz" in html and "KI und Datenschutz" in html and "KI &amp; Gesellschaft" in html
    renamed = the_series(organizer)  # the series itself is renamed, no new one beside an empty one
    assert (renamed.pk, renamed.topic, renamed.name.localize("de-informal")) == (series.pk, NEW, "KI & Gesellschaft")


def test_a_new_name_alone_keeps_the_address(client, api, organizer, seeded_event, topic_only):
    """The issue's case: the editions keep the old topic, so the series' page must stay there."""
    rename_through_api(api, "KI & Gesellschaft")
    html = shown(client, OLD)
    assert "KI-Kompetenz" in html and "KI und Datenschutz" in html and "KI &amp; Gesellschaft" in html
    assert the_series(organizer).topic == OLD


def test_the_calendar_follows_too(client, api, seeded_event, topic_only):
    rename_through_api(api, "KI & Gesellschaft", NEW)
    assert_redirects(client, page(OLD, calendar=True), page(NEW, calendar=True))
    # a subscription's query stays on the way
    assert_redirects(client, page(OLD, calendar=True) + "?lang=de", page(NEW, calendar=True) + "?lang=de")
    response = client.get(page(NEW, calendar=True))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response.content.decode().count("BEGIN:VEVENT") == 2


def test_renamed_twice_both_old_addresses_lead_to_the_current_one(client, api, organizer_admin, organizer,
                                                                  seeded_event, topic_only):
    rename_through_api(api, "KI & Gesellschaft", NEW)
    series = the_series(organizer)
    data = series_form(organizer_admin, series)  # the second renaming on the series page
    data["topic"] = NEWER
    assert organizer_admin.post(edit_url(series), data).status_code == 302
    for old in (OLD, NEW):
        assert_redirects(client, page(old), page(NEWER))
        assert_redirects(client, page(old, calendar=True), page(NEWER, calendar=True))
    html = shown(client, NEWER)
    assert "KI-Kompetenz" in html and "KI und Datenschutz" in html


def test_a_topic_another_series_takes_is_that_series_address(client, api, organizer_admin, organizer, seeded_event):
    rename_through_api(api, "KI & Gesellschaft", NEW)
    with scopes_disabled():  # a new series takes the old topic as its own
        other = Series.objects.create(organizer=organizer, name=LazyI18nString({"de-informal": "Open Innovation Hour"}),
                                      topic=OLD)
    hour = Event.objects.create(organizer=organizer, name="Open Innovation Hour", slug="oih-1", currency="EUR",
                                live=True, date_from=now() + timedelta(days=20), plugins="pretix_oicmeetup")
    hour.settings.locales, hour.settings.locale = ["de-informal"], "de-informal"
    with scope(organizer=organizer):
        write(hour, {"series_name": other.name, "series_topic": OLD})
    html = shown(client, OLD)  # the live topic wins
    assert "Open Innovation Hour" in html and "KI-Kompetenz" not in html
    assert "KI-Kompetenz" in shown(client, NEW)
    # once the new owner is renamed in turn, the topic leads to it, not to the first series
    data = series_form(organizer_admin, other)
    data["topic"] = "open-innovation-hour"
    assert organizer_admin.post(edit_url(other), data).status_code == 302
    assert_redirects(client, page(OLD), page("open-innovation-hour"))


def test_renaming_back_to_a_former_topic(client, api, organizer, seeded_event, topic_only):
    rename_through_api(api, "KI & Gesellschaft", NEW)
    rename_through_api(api, "KI und Zivilgesellschaft", OLD)
    html = shown(client, OLD)  # served, no redirect (and no loop)
    assert "KI-Kompetenz" in html and "KI und Datenschutz" in html
    assert_redirects(client, page(NEW), page(OLD))
    assert the_series(organizer).topic == OLD


def test_a_deleted_series_leaves_no_redirect(client, api, organizer, seeded_event):
    rename_through_api(api, "KI & Gesellschaft", NEW)
    assert client.get(page(OLD)).status_code == 301
    with scopes_disabled():
        the_series(organizer).delete()
    assert client.get(page(OLD)).status_code == 404
    assert client.get(page(OLD, calendar=True)).status_code == 404


def test_an_edition_of_a_series_with_others_leaves_it_through_the_api(client, api, organizer, seeded_event):
    """The series is renamed only by its only edition; an edition renamed beside others starts a new series,
    and the series keeps its address and its other editions."""
    following = Event.objects.create(organizer=organizer, name="KI und Datenschutz", slug="ki-zivil-11",
                                     currency="EUR", live=True, date_from=now() + timedelta(days=30),
                                     plugins="pretix_oicmeetup")
    following.settings.locales, following.settings.locale = ["de-informal", "de"], "de-informal"
    with scope(organizer=organizer):
        write(following, {"series_name": LazyI18nString({"de-informal": "KI und Zivilgesellschaft"})})
    rename_through_api(api, "Open Innovation Hour", "open-innovation-hour", event="ki-zivil-11")
    with scopes_disabled():
        assert sorted(Series.objects.filter(organizer=organizer).values_list("topic", flat=True)) == [
            OLD, "open-innovation-hour"]
    assert "KI-Kompetenz" in shown(client, OLD) and "KI und Datenschutz" in shown(client, "open-innovation-hour")
