"""Rendered announcements, cached per event, date, language and output in the event's cache.

The key carries a digest of every input pretix already holds in memory (meetup settings, the
event's or date's name, times, location, front page text), so changing any of them, through the
meetup page, the API or pretix's own settings, never serves a stale text. Speakers and products are
the only inputs that need queries; their changes clear the event cache (``Event.cache``) instead.
"""
import hashlib
import json

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pretix.base.cache import ObjectRelatedCache

from . import __version__
from .announcement import build_announcement
from .meetupdata import read_settings
from .rendering import WEB, build_sections, render_html, render_text

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
        "settings": {k: _jsonable(v) for k, v in read_settings(event).items()},
        "frontpage": _jsonable(event.settings.frontpage_text),
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


def render_announcement(event, subevent=None, purpose="full", medium=WEB, attendee=False, fmt="html"):
    """HTML (``fmt="html"``, safe) or plain text of the announcement in the active language."""
    key = "oicmeetup:{}:{}:{}:{}:{}:{}:{}".format(
        purpose, medium, int(attendee), fmt, get_language(), subevent.pk if subevent else "-",
        inputs_digest(event, subevent),
    )
    # A fresh handle each time: ``event.cache`` remembers the namespace it saw first, so on a long-lived
    # event object (a task, a test) it would miss a clear() made through another object.
    cache = ObjectRelatedCache(event)
    value = cache.get(key)
    if value is None:
        value = str(_render(event, subevent, purpose, medium, attendee, fmt))
        cache.set(key, value, CACHE_SECONDS)
    return mark_safe(value) if fmt == "html" else value
