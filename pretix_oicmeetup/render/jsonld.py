"""schema.org ``Event`` as JSON-LD for the shop page, from the announcement.

pretix prints a minimal Event of its own into the page; the shop page rewrite swaps that block for
this one, so search engines see exactly one entity per event. The private online link never goes in:
for online meetups the location is a ``VirtualLocation`` pointing at the shop.
"""
import json
import re
from decimal import Decimal

from django.utils.translation import get_language
from django_scopes import scopes_disabled

from pretix.base.models import Item, Quota
from pretix.base.services.quotas import QuotaAvailability
from pretix.multidomain.urlreverse import eventreverse_absolute

from ..meetup.announcement import Announcement
from .cache import announcement_for, cached
from .fragments import markdown_text

SCHEMA = "https://schema.org/"
_POSTAL = re.compile(r"^(?P<code>\d{4,5})\s+(?P<city>.+)$")


def _place(a: Announcement) -> dict | None:
    lines = [p.strip() for line in a.location_lines for p in line.split(",") if p.strip()]
    if not lines:
        return None
    place = {"@type": "Place", "name": lines[0]}
    address = {"@type": "PostalAddress"}
    for part in lines[1:]:
        postal = _POSTAL.match(part)
        if postal:
            address["postalCode"], address["addressLocality"] = postal.group("code"), postal.group("city")
        elif any(ch.isdigit() for ch in part) and "streetAddress" not in address:
            address["streetAddress"] = part
    if len(address) > 1:
        address["addressCountry"] = a.event.settings.region or "DE"
        place["address"] = address
    else:
        place["address"] = ", ".join(lines)
    return place


def offers(event, subevent, url: str) -> list:
    """The products as schema.org Offers, with their availability (pretix's own computation)."""
    ev = subevent or event
    with scopes_disabled():
        items = list(Item.objects.filter(event=event, active=True, admission=True).prefetch_related("quotas"))
        quotas = {q for item in items for q in item.quotas.all() if subevent is None or q.subevent_id == subevent.pk}
        for quota in quotas:
            quota.event = event  # loaded already, settings included
        # pretix's own computation: a fixed number of queries for all quotas, none while pretix's availability
        # cache (Redis) holds them
        availability = QuotaAvailability()
        if ev.presale_is_running and quotas:
            availability.queue(*quotas)
            availability.compute(allow_cache=True)
        offers = []
        for item in items:
            price = item.default_price
            if subevent is not None:
                override = subevent.item_price_overrides.get(item.pk)
                price = override if override is not None else price
            available = any(availability.results.get(q, (None,))[0] == q.AVAILABILITY_OK for q in item.quotas.all()
                            if q in quotas)
            offers.append(_offer(event, item, price, available, url))
    return offers


def offers_from_listing(event, subevent, url: str, listing) -> list | None:
    """The Offers from the products pretix has just listed on the page (``items_by_category`` of its shop
    page, with the prices and availability pretix computed for this very request), so the page pays no
    query of its own for them. None when pretix listed no admission product (registration closed, or
    nothing to book): then ``offers`` says what there was."""
    items = [item for _category, group in listing for item in group if item.admission]
    if not items:
        return None
    running = (subevent or event).presale_is_running
    offers = []
    for item in items:
        if item.has_variations:
            variations = getattr(item, "available_variations", None) or []
            if not variations:
                continue
            price = min(v.display_price.gross for v in variations)
            state = max(v.cached_availability[0] for v in variations)
        else:
            price, state = item.display_price.gross, item.cached_availability[0]
        offers.append(_offer(event, item, price, running and state == Quota.AVAILABILITY_OK, url))
    return offers


def _offer(event, item, price, available: bool, url: str) -> dict:
    return {
        "@type": "Offer",
        "name": str(item.name),
        "price": str(Decimal(price).quantize(Decimal("0.01"))),
        "priceCurrency": event.currency,
        "availability": SCHEMA + ("InStock" if available else "SoldOut"),
        "url": url,
    }


def event_jsonld(event, subevent=None) -> dict:
    a = announcement_for(event, subevent)
    url = shop_url(event, subevent)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": str(a.title),
        "url": url,
        "eventStatus": SCHEMA + "EventScheduled",
        "inLanguage": (get_language() or event.settings.locale).split("-")[0],
        "organizer": {"@type": "Organization", "name": str(event.organizer.name),
                      "url": eventreverse_absolute(event, "presale:event.index").rsplit("/", 2)[0] + "/"},
    }
    description = markdown_text(a.teaser, inline=True) or markdown_text(a.description)
    if description:
        data["description"] = description
    for key, value in (("startDate", a.date_from), ("endDate", a.date_to), ("doorTime", a.date_admission)):
        if value:
            data[key] = a.local(value).isoformat()
    place = _place(a)
    virtual = {"@type": "VirtualLocation", "url": url}  # the shop, never the private meeting link
    if a.is_remote and place and place.get("address") and isinstance(place["address"], dict):
        data["eventAttendanceMode"] = SCHEMA + "MixedEventAttendanceMode"
        data["location"] = [place, virtual]
    elif a.is_remote:
        data["eventAttendanceMode"] = SCHEMA + "OnlineEventAttendanceMode"
        data["location"] = virtual
    else:
        data["eventAttendanceMode"] = SCHEMA + "OfflineEventAttendanceMode"
        if place:
            data["location"] = place
    performers = []
    for speaker in a.speakers:
        person = {"@type": "Person", "name": speaker.name}
        if speaker.profile_url:
            person["sameAs"] = speaker.profile_url
        role = markdown_text(speaker.role, inline=True)
        if role:
            person["jobTitle"] = role
        performers.append(person)
    if performers:
        data["performer"] = performers
    image = event.social_image
    if image:
        data["image"] = image
    return data


def shop_url(event, subevent=None) -> str:
    return eventreverse_absolute(event, "presale:event.index", kwargs={"subevent": subevent.pk} if subevent else {})


def jsonld_payload(event, subevent=None, listing=None) -> str:
    """The JSON, with ``<``, ``>`` and ``&`` escaped so no text can end its ``<script>`` early. The meetup's part
    is kept as long as the meetup is unchanged. The offers come from pretix's own product list of the page
    (``listing``) when it has one; else they are computed, depend on the products only and are kept for
    five minutes (search engines do not mind availability lagging that long)."""
    data = json.loads(cached(event, subevent, "jsonld", lambda: json.dumps(event_jsonld(event, subevent))))
    products = offers_from_listing(event, subevent, shop_url(event, subevent), listing) if listing else None
    if products is None:
        products = json.loads(cached(event, subevent, "jsonld-offers", seconds=300, products_only=True,
                                     produce=lambda: json.dumps(offers(event, subevent, shop_url(event, subevent)))))
    if products:
        data["offers"] = products
        data["isAccessibleForFree"] = all(Decimal(o["price"]) == 0 for o in products)
    return script_safe(data)


def script_safe(data) -> str:
    """JSON for a ``<script>`` block: ``<``, ``>`` and ``&`` escaped, so no text can end the script early."""
    payload = json.dumps(data, ensure_ascii=False)
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
