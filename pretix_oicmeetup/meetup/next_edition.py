"""The next edition of a meetup's series that one can register for: the next date of an event series, or the
next event of the organizer with the plugin and the same series name, public, live and on sale."""
from django.utils.timezone import now
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from .access import PLUGIN_NAME
from .fields import get


def _series_name(event) -> str:
    from ..series.records import name_key

    return name_key(event.settings.get(get("series_name").setting_key, as_type=LazyI18nString))


def next_edition(event, subevent=None):
    """An Event or SubEvent (with its registration still open), or None."""
    from pretix.base.models import Event

    moment = max((subevent or event).date_from, now())
    with scopes_disabled():
        if event.has_subevents:
            for date in event.subevents.filter(active=True, date_from__gt=moment).order_by("date_from")[:20]:
                if date.presale_is_running:
                    return date
        name = _series_name(event)
        if not name:
            return None
        candidates = Event.objects.filter(
            organizer=event.organizer, live=True, is_public=True, has_subevents=False, date_from__gt=moment,
            plugins__contains=PLUGIN_NAME,
        ).exclude(pk=event.pk).order_by("date_from")[:50]
        for candidate in candidates:
            if _series_name(candidate) == name and candidate.presale_is_running:
                return candidate
    return None
