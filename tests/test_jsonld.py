"""The shop page carries exactly one schema.org Event, from the announcement, checked by a JSON-LD processor."""
import json
import re

import pytest
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString
from pyld import jsonld

from pretix_oicmeetup.models import Speaker

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"
ZOOM = "https://zoom.example.org/j/4711"


def offline_loader(url, options=None):
    # schema.org's context, reduced to what expansion needs: no network in tests (or anywhere here)
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}


def page_blocks(client, locale="de-informal", path="/OIC-BIE/ki-zivil-10/"):
    client.cookies["pretix_language"] = locale
    html = client.get(path).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return html, [json.loads(block) for block in blocks]


def expanded(document):
    (node,) = jsonld.expand(document, {"documentLoader": offline_loader})
    return node


def value(node, key):
    return [v.get("@value", v.get("@id", v)) for v in node.get(SCHEMA + key, [])]


def test_exactly_one_event_with_all_facts(client, seeded_event):
    _html, blocks = page_blocks(client)
    events = [b for b in blocks if b.get("@type") == "Event"]
    assert len(events) == 1
    data = events[0]
    assert data["name"] == "KI-Kompetenz – KI sachkundig und sinnvoll einsetzen."
    assert data["description"].startswith("Das 9. Meetup aus der Reihe KI und Zivilgesellschaft")
    assert data["startDate"] == "2025-11-11T16:30:00+01:00"
    assert data["endDate"] == "2025-11-11T18:00:00+01:00"
    assert data["doorTime"] == "2025-11-11T16:00:00+01:00"
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Innovation Office", "address": {
        "@type": "PostalAddress", "streetAddress": "Alter Markt 13", "postalCode": "33602",
        "addressLocality": "Bielefeld", "addressCountry": "DE"}}
    assert data["organizer"]["name"] == "Open Innovation City Bielefeld"
    assert [(p["name"], p["sameAs"]) for p in data["performer"]] == [
        ("Barbara Hammer", "https://www.linkedin.com/in/barbara-hammer-62963295/"),
        ("Benjamin Paaßen", "https://www.linkedin.com/in/benjamin-paa%C3%9Fen-9a643a266/")]
    assert data["offers"] == [{"@type": "Offer", "name": "Kostenlose Anmeldung", "price": "0.00",
                               "priceCurrency": "EUR", "availability": SCHEMA + "InStock",
                               "url": "http://example.com/OIC-BIE/ki-zivil-10/"}]
    assert data["isAccessibleForFree"] is True
    assert data["inLanguage"] == "de"

    node = expanded(data)
    assert node["@type"] == [SCHEMA + "Event"]
    assert value(node, "doorTime") == ["2025-11-11T16:00:00+01:00"]
    assert len(node[SCHEMA + "performer"]) == 2


def test_online_meetup_has_a_virtual_location_without_the_private_link(client, seeded_event):
    seeded_event.is_remote = True
    seeded_event.location = LazyI18nString({"de-informal": "Zoom"})
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ZOOM
    html, blocks = page_blocks(client)
    (data,) = [b for b in blocks if b.get("@type") == "Event"]
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "http://example.com/OIC-BIE/ki-zivil-10/"}
    assert "zoom.example.org" not in html


def test_paid_meetup_is_not_free(client, seeded_event, item):
    item.default_price = 5
    item.save()
    _html, blocks = page_blocks(client)
    (data,) = [b for b in blocks if b.get("@type") == "Event"]
    assert data["isAccessibleForFree"] is False and data["offers"][0]["price"] == "5.00"


def test_script_breakouts_cannot_escape_the_json(client, seeded_event):
    evil = '</script><script>alert("ld")</script><!--'
    seeded_event.settings.oicmeetup_teaser = LazyI18nString({"de-informal": evil})
    with scopes_disabled():
        Speaker.objects.create(event=seeded_event, position=9, name=evil)
    html, blocks = page_blocks(client)
    (data,) = [b for b in blocks if b.get("@type") == "Event"]
    assert evil in [p["name"] for p in data["performer"]]
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    assert "<" not in block and ">" not in block
    expanded(data)


def test_widget_iframe_page_is_replaced_too(client, seeded_event):
    _html, blocks = page_blocks(client, path="/OIC-BIE/ki-zivil-10/w/aaaaaaaaaaaaaaaa/")
    assert [b.get("@type") for b in blocks] == ["Event"] and "performer" in blocks[0]


def test_pretix_block_stays_without_the_plugin(client, seeded_event):
    seeded_event.disable_plugin("pretix_oicmeetup")
    seeded_event.save()
    _html, blocks = page_blocks(client)
    assert len(blocks) == 1 and "performer" not in blocks[0]


def test_organisers_own_microdata_is_respected(client, seeded_event):
    seeded_event.settings.event_microdata = json.dumps({"@context": "http://schema.org", "@type": "Event",
                                                        "name": "Handmade"})
    _html, blocks = page_blocks(client)
    assert blocks == [{"@context": "http://schema.org", "@type": "Event", "name": "Handmade"}]


def test_offers_follow_what_pretix_lists_on_the_page(client, seeded_event, item):
    """The offers come from pretix's own product list of the same response: a product that sells out is
    SoldOut on the next page view (no five-minute lag), a product pretix does not list (here: one hidden
    without a voucher) is no offer, and back on sale it is InStock at once."""
    with scopes_disabled():
        quota = item.quotas.first()
    quota.size = 0
    quota.save()
    (data,) = [b for b in page_blocks(client)[1] if b.get("@type") == "Event"]
    assert [o["availability"] for o in data["offers"]] == [SCHEMA + "SoldOut"]
    quota.size = 30
    quota.save()
    (data,) = [b for b in page_blocks(client)[1] if b.get("@type") == "Event"]
    assert [o["availability"] for o in data["offers"]] == [SCHEMA + "InStock"]
    with scopes_disabled():
        extra = seeded_event.items.create(name=LazyI18nString({"de-informal": "Nur mit Gutschein"}), default_price=0,
                                          admission=True, require_voucher=True, hide_without_voucher=True)
        quota.items.add(extra)
    (data,) = [b for b in page_blocks(client)[1] if b.get("@type") == "Event"]
    assert [o["name"] for o in data["offers"]] == ["Kostenlose Anmeldung"]
