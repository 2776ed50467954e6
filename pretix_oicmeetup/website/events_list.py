"""The website's list of events (``_data/events.yml``): one entry per meetup, in the list's own format.

The entry says what the meetup says (title, date, time, duration, venue, format, cost, series topic) plus the
few facts only the list shows (a short description, the target audience, "featured"). Its button follows
the meetup: the Rückblick post ("Zum Rückblick") once the meetup has ended and has one, else the
announcement post: "Details & Anmeldung" while it is upcoming, then "Zur Ankündigung".

The team keeps the list by hand (``list_file``): a meetup's entry is found by its button's address (or its
title and date) and only its lines whose value pretix holds and says otherwise change; what pretix does not
hold for the meetup (a description, category, target audience or "featured" the team wrote and the meetup
page leaves empty) stays the team's. A meetup without an entry gets one at the end, in the team's layout.
Every other line of the file stays as it is.
"""
import re
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import npgettext, pgettext

from pretix.base.i18n import language
from pretix.base.templatetags.money import money_filter

from ..languages import german_locale
from ..meetup import fields as registry
from ..meetup.access import meetup_dates
from ..meetup.timing import has_ended, is_upcoming
from ..render.cache import announcement_for
from ..render.fragments import markdown_text
from .addresses import DEFAULT_PERMALINK, post_address
from .list_file import ListFile, append_entry, read_list, update_entry

# The list's keys, in the order the website's team writes them.
KEYS = ("title", "description", "date", "time", "duration", "location", "category", "target_audience", "cost",
        "booking_url", "link_text", "featured", "topic")
_POSTAL_CITY = re.compile(r"^\d{4,5}\s+\S")
# Keys pretix holds for every meetup; the others only where the meetup page sets them (``held_keys``).
ALWAYS_HELD = ("title", "date", "time", "duration", "location", "cost", "booking_url", "link_text")


def duration_text(start, end) -> str | None:
    """"1,5 Stunden", "1 Stunde", "45 Minuten", "1 Stunde 20 Minuten", in the active language."""
    if not start or not end or end <= start:
        return None
    minutes = round((end - start).total_seconds() / 60)
    if minutes < 60:
        return npgettext("oicmeetup", "{count} minute", "{count} minutes", minutes).format(count=minutes)
    if minutes % 30 == 0:
        hours = Decimal(minutes) / 60
        shown = number_format(hours, decimal_pos=0 if hours == hours.to_integral() else 1)
        return npgettext("oicmeetup", "{count} hour", "{count} hours", 1 if hours == 1 else 2).format(count=shown)
    hours, rest = divmod(minutes, 60)
    return pgettext("oicmeetup", "{hours} {minutes}").format(
        hours=npgettext("oicmeetup", "{count} hour", "{count} hours", hours).format(count=hours),
        minutes=npgettext("oicmeetup", "{count} minute", "{count} minutes", rest).format(count=rest))


def location_text(a) -> str:
    """The venue on one line, without the postal code and city (the website is the city's own); "Online" for
    an online meetup."""
    parts = [part.strip() for line in a.location_lines for part in line.split(",") if part.strip()]
    venue = ", ".join(part for part in parts if not _POSTAL_CITY.match(part))
    if a.is_remote:
        return pgettext("oicmeetup", "{venue} and online").format(venue=venue) if venue \
            else pgettext("oicmeetup", "Online")
    return venue


def cost_text(event, subevent, a) -> str:
    if a.is_free:
        return pgettext("oicmeetup", "Free of charge")
    prices = sorted({item.default_price for item in event.items.filter(active=True, admission=True)})
    if subevent is not None:
        overrides = {k: v for k, v in subevent.item_price_overrides.items() if v is not None}
        prices = sorted(set(overrides.values()) | set(prices)) if overrides else prices
    if not prices:
        return ""
    price = money_filter(prices[0], event.currency)
    return price if len(prices) == 1 else pgettext("oicmeetup", "from {price}").format(price=price)


def meetup_date(events) -> tuple:
    """(event, date or None) the list shows for a meetup of one or more events: the next date that has not
    ended, else the last one."""
    dates = [(event, subevent) for event in events for subevent in meetup_dates(event)]
    dates.sort(key=lambda d: ((d[1] or d[0]).date_from, d[0].slug))
    upcoming = [d for d in dates if is_upcoming(*d)]
    return upcoming[0] if upcoming else dates[-1]


def entry(event, subevent, announcement_name: str, retrospective_name: str | None,
          permalink: str = DEFAULT_PERMALINK) -> dict:
    """The list's entry for the meetup on this date, in the event's German."""
    with language(german_locale(event), event.settings.region):
        a = announcement_for(event, subevent)
        start = a.local(a.date_from)
        description = str(a.listing_description or "").strip() or markdown_text(a.teaser, inline=True) or ""
        if retrospective_name and a.has_retrospective and has_ended(subevent or event):
            url, link_text = post_address(retrospective_name, permalink), pgettext("oicmeetup", "To the Rückblick")
        else:
            url = post_address(announcement_name, permalink)
            link_text = pgettext("oicmeetup", "Details and registration") if a.is_upcoming \
                else pgettext("oicmeetup", "To the announcement")
        values = {
            "title": str(a.title), "description": str(description), "date": start.strftime("%Y-%m-%d"),
            "time": start.strftime("%H:%M"), "duration": duration_text(a.date_from, a.date_to),
            "location": location_text(a), "category": str(a.format or ""),
            "target_audience": str(a.target_audience or ""), "cost": cost_text(event, subevent, a),
            "booking_url": url, "link_text": link_text, "featured": bool(a.featured),
            "topic": str(a.series_topic or "").strip(),
        }
    return {key: values[key] for key in KEYS if values[key] not in (None, "")}


def held_keys(event) -> set:
    """The keys of an existing entry that pretix holds for the meetup: always its schedule, venue, cost and
    button; the others where the meetup page sets them itself (an organizer's default or a value derived from
    another field, such as the teaser or the format, does not replace what the team wrote)."""
    stored = event.settings._cache()  # what the event itself stores (pretix asks the same way)
    keys = set(ALWAYS_HELD)
    for key, field in (("description", "listing_description"), ("target_audience", "target_audience"),
                       ("featured", "featured"), ("topic", "series_topic")):
        if registry.get(field).setting_key in stored:
            keys.add(key)
    return keys


def _address_key(url) -> str:
    return str(url or "").strip().rstrip("/").casefold()


def _identity(values: dict) -> tuple:
    return str(values.get("date", "")), " ".join(str(values.get("title", "")).casefold().split())


def edit_list(text: str | None, meetups: list) -> str:
    """The team's list with the meetups' entries written into it. ``meetups``: (event, its entry, the
    addresses of its posts). ``ListFileError`` where the file is not a list the plugin can edit."""
    listing = read_list(text) if text else ListFile([], [])
    for event, wanted, addresses in meetups:
        urls = {_address_key(a) for a in addresses}
        found = next((e for e in listing.entries if _address_key(e.values.get("booking_url")) in urls), None) or \
            next((e for e in listing.entries if _identity(e.values) == _identity(wanted)), None)
        if found is None:
            append_entry(listing, wanted)
            continue
        held = held_keys(event)
        update_entry(listing, found, {k: v for k, v in wanted.items() if k in held}, KEYS)
    return listing.text
