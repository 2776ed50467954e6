"""The next edition of a meetup's series, for the meetup's "next meetup of the series" (``meetup.next_edition``
asks through ``next_edition_asked``): the next event linked to the same series (``SeriesEdition``) that
starts later and that one can register for: live, public, the plugin on, registration open."""
from django.dispatch import receiver
from django_scopes import scopes_disabled

from pretix.base.models import Event

from ..meetup.access import PLUGIN_NAME
from ..meetup.signals import next_edition_asked


@receiver(next_edition_asked, dispatch_uid="oicmeetup_series_next_edition")
def next_edition_of_series(sender, after, **kwargs):
    return next_edition_in_series(sender, after)


def next_edition_in_series(event, after):
    """The first edition of ``event``'s series after ``after`` that one can register for, or None (also when
    the event is of no series)."""
    with scopes_disabled():
        candidates = Event.objects.filter(
            oicmeetup_edition__series__editions__event=event, live=True, is_public=True, has_subevents=False,
            date_from__gt=after, plugins__contains=PLUGIN_NAME,
        ).exclude(pk=event.pk).order_by("date_from")
        # pretix decides whether registration is open (its presale period, settings included)
        return next((candidate for candidate in candidates.iterator(chunk_size=20) if candidate.presale_is_running),
                    None)
