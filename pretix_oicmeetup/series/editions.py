"""The editions of a series: the organizer's public meetups (every date of an event series) that are editions
of the organizer's series with that topic, or, belonging to no series, name the topic themselves."""
from dataclasses import dataclass

from django_scopes import scopes_disabled

from pretix.multidomain.urlreverse import build_absolute_uri

from ..meetup import fields as registry
from ..meetup.access import meetup_dates, public_meetups
from ..meetup.validators import SLUG_RE
from ..models import Series, SeriesEdition, SeriesFormerTopic
from ..render.cache import announcement_for
from .records import series_of


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


def series_by_topic(organizer, topic: str):
    with scopes_disabled():
        return Series.objects.filter(organizer=organizer, topic=topic).first()


def renamed_series(organizer, topic: str):
    """The series that had ``topic`` before it was renamed, while no series has it as its own (the live
    topic wins); None otherwise."""
    if series_by_topic(organizer, topic) is not None:
        return None
    with scopes_disabled():
        former = SeriesFormerTopic.objects.filter(organizer=organizer, topic=topic).select_related("series").first()
    return former.series if former else None


def editions(organizer, topic: str) -> list[Edition]:
    series = series_by_topic(organizer, topic)
    with scopes_disabled():
        links = dict(SeriesEdition.objects.filter(event__organizer=organizer).values_list("event_id", "series_id"))
        # a meetup of no series that names a former topic still belongs to the renamed series
        topics = {topic, *(series.former_topics.values_list("topic", flat=True) if series else ())}
    found = []
    for event in public_meetups(organizer):
        linked_to = links.get(event.pk)
        if linked_to is not None and (series is None or linked_to != series.pk):
            continue
        if linked_to is None and topic_of(event) not in topics:
            continue
        found += [Edition(event, subevent) for subevent in meetup_dates(event)]
    return sorted(found, key=lambda e: (e.date_from, e.event.slug, e.subevent.pk if e.subevent else 0))


def _page_url(organizer, topic: str) -> str | None:
    if not SLUG_RE.match(topic or ""):
        return None
    return build_absolute_uri(organizer, "plugins:pretix_oicmeetup:series", {"topic": topic})


def series_page_url(event) -> str | None:
    """The public page of the event's series, once the event names a valid topic."""
    series = series_of(event)
    return _page_url(event.organizer, series.topic if series else topic_of(event))


def series_page_url_for(series) -> str | None:
    """The public page of a series of the organizer, while it has a public edition to show."""
    return _page_url(series.organizer, series.topic) if editions(series.organizer, series.topic) else None
