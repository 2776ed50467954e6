"""The editions of a series: the organizer's public meetups (every date of an event series) with its topic."""
from dataclasses import dataclass

from django.utils.timezone import now

from pretix.multidomain.urlreverse import build_absolute_uri

from ..meetup import fields as registry
from ..meetup.access import public_meetups
from ..meetup.validators import SLUG_RE
from ..render.cache import announcement_for

TOPIC_RE = SLUG_RE  # a series topic as the meetup field accepts it


@dataclass(frozen=True)
class Edition:
    event: object
    subevent: object = None

    @property
    def announcement(self):
        return announcement_for(self.event, self.subevent)

    @property
    def date_from(self):
        return (self.subevent or self.event).date_from

    @property
    def is_upcoming(self) -> bool:
        """Not started yet, or one can still register: the registration is what people come for."""
        return self.date_from > now() or (self.subevent or self.event).presale_is_running


def topic_of(event) -> str:
    return str(event.settings.get(registry.by_key()["series_topic"].setting_key, as_type=str) or "").strip()


def editions(organizer, topic: str) -> list[Edition]:
    found = []
    for event in public_meetups(organizer):
        if topic_of(event) != topic:
            continue
        if event.has_subevents:
            found += [Edition(event, se) for se in event.subevents.filter(active=True).order_by("date_from")]
        else:
            found.append(Edition(event))
    return sorted(found, key=lambda e: (e.date_from, e.event.slug, e.subevent.pk if e.subevent else 0))


def series_page_url(event) -> str | None:
    """The public page of the event's series, once the event names a valid topic."""
    topic = topic_of(event)
    if not TOPIC_RE.match(topic):
        return None
    return build_absolute_uri(event.organizer, "plugins:pretix_oicmeetup:series", {"topic": topic})
