"""The website's list of events (``_data/events.yml``): one entry per meetup date, in the list's own format.

The entry says what the meetup says (title, date, time, duration, venue, format, cost, series topic) plus the
few facts only the list shows (a short description, the target audience, "featured"). Its button follows
the meetup: the Rückblick post ("Zum Rückblick") once the meetup has started and has one, else the
announcement post: "Details & Anmeldung" while it is ahead or open for registration, then "Zur Ankündigung".

The file is written as the website's team writes it: every text in double quotes, ``featured`` as a YAML
boolean, a blank line between entries. Entries of events pretix does not know (a partner's event typed by
hand) are kept, and so are commented-out lines, so writing the list never loses what the team wrote.
"""
import json
import re
from decimal import Decimal

import yaml
from django.utils.formats import number_format
from django.utils.translation import npgettext, pgettext

from pretix.base.i18n import language
from pretix.base.templatetags.money import money_filter

from ..languages import german_locale
from ..render.cache import announcement_for
from ..render.fragments import markdown_text

# The list's keys, in the order the website's team writes them.
KEYS = ("title", "description", "date", "time", "duration", "location", "category", "target_audience", "cost",
        "booking_url", "link_text", "featured", "topic")
_POSTAL_CITY = re.compile(r"^\d{4,5}\s+\S")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def post_url(name: str) -> str:
    """A post's address on the website. Jekyll takes a file name's leading date as the post's date, not as
    part of its address (the real Rückblick names "2025-10-20-ki-kompetenz.md" as "ki-kompetenz")."""
    return f"/beitraege/{_DATE_PREFIX.sub('', name)}/"


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


def entry(event, subevent, announcement_name: str, retrospective_name: str | None) -> dict:
    """The list's entry for one meetup date, in the event's German."""
    with language(german_locale(event), event.settings.region):
        a = announcement_for(event, subevent)
        start = a.local(a.date_from)
        description = str(a.listing_description or "").strip() or markdown_text(a.teaser, inline=True) or ""
        if retrospective_name and a.has_retrospective:
            url, link_text = post_url(retrospective_name), pgettext("oicmeetup", "To the Rückblick")
        else:
            url = post_url(announcement_name)
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


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    # a JSON string is a YAML double-quoted scalar; kept readable (umlauts, dashes as they are)
    return json.dumps(str(value), ensure_ascii=False)


def dump_entries(entries: list[dict], kept_comments: list[str] = ()) -> str:
    blocks = []
    for values in entries:
        lines = [f"{'- ' if i == 0 else '  '}{key}: {_scalar(value)}" for i, (key, value) in enumerate(values.items())]
        blocks.append("\n".join(lines))
    text = "\n\n".join(blocks) + "\n"
    if kept_comments:
        text += "\n" + "\n".join(kept_comments) + "\n"
    return text


class EventListError(ValueError):
    pass


def read_existing(text: str) -> tuple[list[dict], list[str]]:
    """The entries of an existing list and its comment lines (hidden events among them)."""
    try:
        entries = yaml.safe_load(text) or []
    except yaml.YAMLError as e:
        raise EventListError(str(e)) from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise EventListError("not a list of events")
    comments = [line.rstrip() for line in text.splitlines() if line.lstrip().startswith("#")]
    return entries, comments


def _identity(values: dict) -> tuple:
    return str(values.get("date", "")), " ".join(str(values.get("title", "")).casefold().split())


def merged(ours: list[dict], existing: list[dict], our_urls: set[str]) -> list[dict]:
    """Ours, and the existing entries that are none of ours (same date and title, or a link to one of our
    posts), in chronological order; a kept entry keeps its keys and values."""
    identities = {_identity(v) for v in ours}
    urls = set(our_urls) | {v.get("booking_url") for v in ours}
    kept = [dict(v) for v in existing if _identity(v) not in identities and v.get("booking_url") not in urls]
    for values in kept:
        for key, value in list(values.items()):
            if value is None:
                del values[key]
            elif not isinstance(value, bool):
                values[key] = str(value)
    return sorted(ours + kept, key=lambda v: (str(v.get("date", "")), str(v.get("time", "")),
                                             str(v.get("title", ""))))

