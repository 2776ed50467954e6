"""The next edition of a meetup that one can register for: the next date of an event series; else what the
features built on the core answer to ``signals.next_edition_asked`` (the series: the next edition of the
meetup's series, ``series/next_edition.py``). The core itself knows no series."""
from django.utils.timezone import now
from django_scopes import scopes_disabled

from .signals import next_edition_asked


def next_edition(event, subevent=None):
    """An Event or SubEvent (with its registration still open), or None."""
    moment = max((subevent or event).date_from, now())
    if event.has_subevents:
        with scopes_disabled():
            for date in event.subevents.filter(active=True, date_from__gt=moment).order_by("date_from")[:20]:
                if date.presale_is_running:
                    return date
    for _receiver, found in next_edition_asked.send(sender=event, after=moment):
        if found is not None:
            return found
    return None
