"""Rendered announcements, cached per event, date, language and output in the event's cache.

The key carries a digest of every input pretix already holds in memory (meetup settings, the
event's or date's name, times, location, front page text), so changing any of them, through the
meetup page, the API or pretix's own settings, never serves a stale text. Speakers and products are
the only inputs that need queries; their changes clear the event cache (``Event.cache``) instead.

The shop page asks for two entries (announcement, JSON-LD): the first asks the cache for both at
once, together with the event cache's namespace that every entry remembers, so a page costs one round
trip. What one request has looked up is kept for that request only (pretix's request id, see ``request_local``).
"""
import hashlib
import json
import time

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pretix.base.cache import ObjectRelatedCache

from . import __version__
from .announcement import build_announcement
from .meetupdata import MEETUP_SETTINGS
from .rendering import WEB, build_sections, essentials_html, render_html, render_text
from .request_local import request_memo

CACHE_SECONDS = 3600


def _jsonable(value):
    if hasattr(value, "data"):  # LazyI18nString
        return value.data
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def inputs_digest(event, subevent) -> str:
    ev = subevent or event
    inputs = {
        # the stored strings: no parsing, this runs on every page view
        "settings": [event.settings.get(s.key, as_type=str) for s in MEETUP_SETTINGS],
        "frontpage": event.settings.get("frontpage_text", as_type=str),
        "ev": [ev.pk, _jsonable(ev.name), _jsonable(ev.date_from), _jsonable(ev.date_to),
               _jsonable(ev.date_admission), _jsonable(ev.location), event.is_remote, str(event.timezone)],
        "sub_frontpage": _jsonable(subevent.frontpage_text) if subevent else None,
        "site": settings.SITE_URL,
        "version": __version__,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _render(event, subevent, purpose, medium, attendee, fmt):
    announcement = build_announcement(event, subevent)
    sections = build_sections(announcement, purpose, medium=medium, attendee=attendee)
    return render_html(sections, medium) if fmt == "html" else render_text(sections)


# what the shop page needs; asked for together
PAGE_ENTRIES = ("shop:web:0:html", "jsonld")


def cached(event, subevent, name: str, produce, seconds=CACHE_SECONDS) -> str:
    """``produce()`` once per event, date, language and state of the inputs, then from the event's cache."""
    memo = request_memo()
    scope = (event.pk, subevent.pk if subevent else None)
    digest = memo.get(("digest", scope)) if memo is not None else None
    if digest is None:
        digest = inputs_digest(event, subevent)
        if memo is not None:
            memo[("digest", scope)] = digest

    def key_for(entry_name):
        return "oicmeetup:{}:{}:{}:{}:{}".format(event.pk, entry_name, get_language(), scope[1] or "-", digest)

    key = key_for(name)
    if memo is not None and key in memo:
        return memo[key]
    namespace = ObjectRelatedCache(event)  # for its namespace key and backend: pretix's clear() bumps it
    keys = [key] + ([key_for(n) for n in PAGE_ENTRIES if n != name] if name in PAGE_ENTRIES else [])
    found = namespace.cache.get_many([namespace.prefixkey, *keys])
    prefix = found.get(namespace.prefixkey)
    fresh = {k: entry[1] for k, entry in ((k, found.get(k)) for k in keys)
             if entry is not None and prefix is not None and entry[0] == prefix}
    if memo is not None:
        memo.update(fresh)
    if key in fresh:
        return fresh[key]
    if prefix is None:
        prefix = int(time.time())
        namespace.cache.set(namespace.prefixkey, prefix)
    value = str(produce())
    namespace.cache.set(key, (prefix, value), seconds)
    if memo is not None:
        memo[key] = value
    return value


def render_announcement(event, subevent=None, purpose="full", medium=WEB, attendee=False, fmt="html"):
    """HTML (``fmt="html"``, safe) or plain text of the announcement in the active language."""
    value = cached(event, subevent, f"{purpose}:{medium}:{int(attendee)}:{fmt}",
                   lambda: _render(event, subevent, purpose, medium, attendee, fmt))
    return mark_safe(value) if fmt == "html" else value


def render_essentials(event, subevent=None):
    return mark_safe(cached(event, subevent, "essentials",
                            lambda: essentials_html(build_announcement(event, subevent))))
