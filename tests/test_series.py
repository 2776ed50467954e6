"""A series' public page on the organizer's pretix site, as a visitor, a calendar app and a search engine use
it: upcoming editions with their registration, past ones with their Rückblick, a feed a calendar parser
reads, schema.org EventSeries checked by a JSON-LD processor; only public meetups; nothing private."""
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import vobject
from django.utils.timezone import now
from django_scopes import scope
from i18nfield.strings import LazyI18nString
from pyld import jsonld

from pretix.base.models import Event, Item, Quota

from pretix_oicmeetup.posts.importer import import_post

from .test_jsonld import SCHEMA, offline_loader

pytestmark = pytest.mark.django_db

PAGE = "/OIC-BIE/_series/ki-zivilgesellschaft/"
FEED = PAGE + "calendar.ics"
ONLINE_LINK = "https://zoom.example.org/j/4711-geheim"
RUECKBLICK = Path(__file__).resolve().parent / "data" / "examples" / "rueckblick" / "rueckblick-ki-kompetenz.md"


@pytest.fixture
def series(seeded_event, organizer):
    """The reference meetup (held on 11 Nov 2025, its Rückblick imported) and the next edition, open for
    registration, online with a private link."""
    organizer.settings.locales, organizer.settings.locale = ["de-informal", "de"], "de-informal"
    seeded_event.presale_end = now() - timedelta(days=1)  # registration closed
    seeded_event.save()
    with scope(organizer=organizer):
        import_post(seeded_event, RUECKBLICK.read_text(encoding="utf-8"), RUECKBLICK.name)
    following = Event.objects.create(organizer=organizer, name="KI und Datenschutz", slug="ki-zivil-11",
                                     currency="EUR", live=True, date_from=now() + timedelta(days=30),
                                     presale_end=now() + timedelta(days=29), plugins="pretix_oicmeetup",
                                     is_remote=True)
    following.settings.locales, following.settings.locale = ["de-informal"], "de-informal"
    following.settings.timezone = "Europe/Berlin"
    following.settings.oicmeetup_series_topic = "ki-zivilgesellschaft"
    following.settings.oicmeetup_series_name = LazyI18nString({"de-informal": "KI und Zivilgesellschaft"})
    following.settings.oicmeetup_online_url = ONLINE_LINK
    item = Item.objects.create(event=following, name="Anmeldung", default_price=0, admission=True)
    Quota.objects.create(event=following, name="Plätze", size=30).items.add(item)
    return seeded_event, following


def page(client):
    client.cookies["pretix_language"] = "de-informal"
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_what_comes_and_what_was(client, series):
    held, following = series
    html = page(client)
    upcoming, past = html.split("Vergangene Meetups")
    assert "KI und Datenschutz" in upcoming and "/OIC-BIE/ki-zivil-11/" in upcoming and "Anmelden" in upcoming
    assert "KI-Kompetenz" in past and "Zum Rückblick" in past and "Barbara Hammer" in past
    assert "Die aktuelle Meetup-Reihe der Open Innovation City Bielefeld" in html  # the series info
    assert ONLINE_LINK not in html


def test_the_feed_is_a_calendar_a_calendar_app_reads(client, series):
    response = client.get(FEED)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = vobject.readOne(response.content.decode())
    events = sorted(calendar.vevent_list, key=lambda v: v.dtstart.value)
    assert [v.summary.value for v in events] == ["KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.",
                                                 "KI und Datenschutz"]
    assert events[0].dtstart.value.isoformat() == "2025-11-11T16:30:00+01:00"
    assert all(v.url.value.startswith("http") and "/OIC-BIE/ki-zivil-" in v.url.value for v in events)
    assert len({v.uid.value for v in events}) == 2
    assert ONLINE_LINK not in response.content.decode()


def test_search_engines_get_one_event_series_with_its_editions(client, series):
    html = page(client)
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html,
                                                re.DOTALL)]
    (data,) = [b for b in blocks if b.get("@type") == "EventSeries"]
    assert data["name"] == "KI und Zivilgesellschaft"
    assert [e["name"] for e in data["subEvent"]] == ["KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.",
                                                     "KI und Datenschutz"]
    (node,) = jsonld.expand(data, {"documentLoader": offline_loader})
    assert node["@type"] == [SCHEMA + "EventSeries"]
    assert len(node[SCHEMA + "subEvent"]) == 2
    assert ONLINE_LINK not in json.dumps(data)


@pytest.mark.parametrize("path", ["/OIC-BIE/_series/gibt-es-nicht/", "/OIC-BIE/_series/gibt-es-nicht/calendar.ics",
                                  "/OIC-BIE/_series/KI-Zivilgesellschaft/"])
def test_unknown_series_are_not_found(client, series, path):
    assert client.get(path).status_code == 404


def test_only_public_meetups_make_a_series(client, series):
    held, following = series
    following.live = False
    following.save()
    assert "KI und Datenschutz" not in page(client)
    held.is_public = False
    held.save()
    assert client.get(PAGE).status_code == 404
