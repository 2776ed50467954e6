"""Rendered announcements, kept per event, date, language, output and state of the meetup.

A key carries a digest of every input pretix holds in memory anyway (every field of the registry, wherever
it is stored: the meetup settings, the event's or date's name, times and location, the front page text), so
a change through the meetup page, the API or pretix's own settings is never served stale. The inputs that
need queries (speakers, products) have a revision setting instead, which the plugin counts up whenever one
of them changes (``inputs_changed``); settings come with every request, so the digest sees that too, in
every process.

Because keys name their content, entries can be kept at three levels: for the rest of the request
(``request_memo``), in this process (a bounded Django local-memory cache: no round trip at all, and the
only cache there is on a pretix without a cache server, pretix's default), and in the event's shared
cache (pretix's ``event.cache``, when a cache server is configured), which pretix also clears when the
event's products or dates change.
"""
import hashlib
import json
import logging

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.utils.translation import get_language
from django_scopes import scopes_disabled

from .. import __version__
from ..meetup import fields as registry
from ..meetup.settings_once import settings_loaded_once
from ..meetup.timing import has_ended, has_started
from .request_memo import request_memo

logger = logging.getLogger(__name__)
CACHE_SECONDS = 3600
REVISION_KEY = registry.SETTINGS_PREFIX + "revision"
PRETIX_INPUTS = ("show_times", "show_date_to")
# Up to this many rendered texts per process (a few kB each); Django culls the oldest third when full.
_process_cache = LocMemCache("pretix_oicmeetup", {"TIMEOUT": CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": 600}})


def _jsonable(value):
    if hasattr(value, "data"):  # LazyI18nString
        return value.data
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def inputs_digest(event, subevent) -> str:
    with settings_loaded_once(event) as stored:
        return _digest_of(event, subevent, stored)


def _digest_of(event, subevent, stored) -> str:
    ev = subevent or event
    inputs = {
        # every field of the registry, from where it is stored: a field added there is in the key too
        "fields": {f.key: _stored(f, event, subevent, stored) for f in registry.all_fields()},
        "revision": stored.get(REVISION_KEY, as_type=str),
        # pretix's own settings the outputs adapt to (the widget's times, the registration heading)
        "pretix": [stored.get(key, as_type=str) for key in PRETIX_INPUTS],
        "presale": ev.presale_is_running,  # the registration heading comes and goes with it
        "started": has_started(ev),  # the Rückblick is shown from then on
        "ended": has_ended(ev),  # the series page and the website's list count it as past from then on
        "ev": [ev.pk, str(event.timezone)],
        "site": settings.SITE_URL,
        "version": __version__,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _stored(field, event, subevent, stored):
    """A field's value as it is stored (settings as their strings: no parsing, this runs on every page
    view), from where ``store.read`` reads it."""
    if field.storage == registry.EVENT:
        return _jsonable(getattr(field.holder(event, subevent), field.event_attribute, None))
    if field.storage == registry.FRONT_PAGE:  # the date's own text, where it has one, comes first
        return [_jsonable(subevent.frontpage_text) if subevent else None, stored.get("frontpage_text", as_type=str)]
    return stored.get(field.setting_key, as_type=str)


def forget_here():
    """Drops what this process and this request have rendered."""
    _process_cache.clear()
    memo = request_memo()
    if memo is not None:
        memo.clear()


def inputs_changed(event):
    """Speakers or products of ``event`` changed: what was rendered is out of date, here at once and, once
    the change is committed, in every other process (through the revision)."""
    forget_here()
    event.cache.clear()
    event_id = event.pk
    transaction.on_commit(lambda: _bump_revision(event_id))


def _bump_revision(event_id):
    from pretix.base.models import Event

    try:
        with scopes_disabled():
            event = Event.objects.filter(pk=event_id).first()
            if event is None:  # deleted together with its speakers
                return
            event.settings.set(REVISION_KEY, (event.settings.get(REVISION_KEY, as_type=int, default=0) or 0) + 1)
    except Exception:  # runs after the commit: the change is saved, only other processes may lag
        logger.exception("Could not count the revision of event %s on", event_id)


def _digest(event, subevent, memo) -> str:
    scope = ("digest", event.pk, subevent.pk if subevent else None)
    digest = memo.get(scope) if memo is not None else None
    if digest is None:
        digest = inputs_digest(event, subevent)
        if memo is not None:
            memo[scope] = digest
    return digest


def cached(event, subevent, name: str, produce, seconds=CACHE_SECONDS, products_only=False) -> str:
    """``produce()`` once per event, date, language and state of the inputs. ``produce`` returns the value of
    ``name``, or a dict of it and other entries made along the way (all are kept). ``products_only``: the
    value depends on the products and their availability only, not on the meetup's texts."""
    memo = request_memo()
    state = (f"r{event.settings.get(REVISION_KEY, as_type=str)}" if products_only
             else _digest(event, subevent, memo))

    def key_for(entry):
        return f"oicmeetup:{event.pk}:{subevent.pk if subevent else '-'}:{entry}:{get_language()}:{state}"

    key = key_for(name)
    if memo is not None and key in memo:
        return memo[key]
    value = _process_cache.get(key)
    if value is None and settings.REAL_CACHE_USED:
        value = event.cache.get(key)
        if value is not None:
            _process_cache.set(key, value, seconds)
    if value is None:
        produced = produce()
        entries = {key_for(k): str(v) for k, v in produced.items()} if isinstance(produced, dict) \
            else {key: str(produced)}
        for entry_key, entry in entries.items():
            _process_cache.set(entry_key, entry, seconds)
        if settings.REAL_CACHE_USED:
            event.cache.set_many(entries, seconds)
        if memo is not None:
            memo.update(entries)
        value = entries[key]
    if memo is not None:
        memo[key] = value
    return value


def announcement_for(event, subevent=None):
    """The announcement, built once per request however many outputs a page renders from it."""
    from ..meetup.announcement import build_announcement

    memo = request_memo()
    key = ("announcement", event.pk, subevent.pk if subevent else None)
    if memo is None:
        return build_announcement(event, subevent)
    if key not in memo:
        memo[key] = build_announcement(event, subevent)
    return memo[key]
