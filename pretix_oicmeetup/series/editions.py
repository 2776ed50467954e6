"""The editions of a series: the organizer's public meetups (every date of an event series) with its topic."""
from dataclasses import dataclass

from pretix.multidomain.urlreverse import build_absolute_uri

from ..meetup import fields as registry
from ..meetup.access import meetup_dates, public_meetups
from ..meetup.validators import SLUG_RE
from ..render.cache import announcement_for


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
        return self.announcement.is_upcoming


def topic_of(event) -> str:
    return str(event.settings.get(registry.by_key()["series_topic"].setting_key, as_type=str) or "").strip()


def editions(organizer, topic: str) -> list[Edition]:
    found = []
    for event in public_meetups(organizer):
        if topic_of(event) != topic:
            continue
        found += [Edition(event, subevent) for subevent in meetup_dates(event)]
    return sorted(found, key=lambda e: (e.date_from, e.event.slug, e.subevent.pk if e.subevent else 0))


def series_page_url(event) -> str | None:
    """The public page of the event's series, once the event names a valid topic."""
    topic = topic_of(event)
    if not SLUG_RE.match(topic):
        return None
    return build_absolute_uri(event.organizer, "plugins:pretix_oicmeetup:series", {"topic": topic})
