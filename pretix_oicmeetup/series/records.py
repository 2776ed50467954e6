"""The organizer's series and their editions.

A meetup belongs to the series whose name it carries: on every write of the one write path
(``meetup_written``), ``follow_name`` links an edition whose series name changed, or that has no series yet,
to the series of that name (found by its stored ``name_key``), and the organizer gets a series of that name
if it has none (a series' only edition that takes a new name renames the series instead). Each edition keeps its
own copy of the series fields, which is what its announcement said; a change of the series is written into
the editions still ahead (``write_into_upcoming``), through the one write path, so their log, notices and
previews see it as any other edit. Past editions keep what was announced.
"""
from django.db import transaction
from django.dispatch import receiver
from django.utils.text import slugify
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from ..meetup import fields as registry
from ..meetup.access import meetup_dates
from ..meetup.log import MEETUP_SERIES_CHANGED
from ..meetup.names import name_key
from ..meetup.signals import meetup_written
from ..meetup.store import is_empty, write
from ..meetup.timing import is_upcoming
from ..meetup.validators import SLUG_RE
from ..models import Series, SeriesEdition
from .log import SERIES_CHANGED, SERIES_CREATED

# the edition's field and the series' attribute that it copies
SERIES_FIELDS = (("series_name", "name"), ("series_url", "url"), ("series_info", "info"), ("series_topic", "topic"))
TOPIC_MAX_LENGTH = 100


def series_of(event):
    """The series the event is an edition of, or None."""
    with scopes_disabled():
        link = SeriesEdition.objects.filter(event=event).select_related("series").first()
    return link.series if link else None


def values_of(series) -> dict:
    """The series as the registry fields of an edition (empty ones as None)."""
    values = {}
    for key, attribute in SERIES_FIELDS:
        value = getattr(series, attribute)
        values[key] = None if is_empty(value) else value
    return values


def edition_number(event):
    return event.settings.get(registry.get("series_number").setting_key, as_type=int)


def next_free_number(series) -> int:
    """The number the next edition of the series gets: one more than the highest so far."""
    with scopes_disabled():
        events = [link.event for link in series.editions.select_related("event")]
    return max((edition_number(event) or 0 for event in events), default=0) + 1


def is_past(event) -> bool:
    """An edition nobody can still come to (every date has ended): its attendees came on what its
    announcement said."""
    return not any(is_upcoming(event, subevent) for subevent in meetup_dates(event))


def _free_topic(organizer, wanted: str, keep=None) -> str:
    """``wanted`` as a topic no series of the organizer has (but the series ``keep``, whose topic it may be)."""
    base = (wanted if SLUG_RE.match(wanted or "") else slugify(wanted or ""))[:TOPIC_MAX_LENGTH - 4].strip("-")
    base = base or "meetups"
    with scopes_disabled():
        others = Series.objects.filter(organizer=organizer).exclude(pk=keep.pk if keep else None)
        taken = set(others.values_list("topic", flat=True))
    topic, counter = base, 2
    while topic in taken:
        topic, counter = f"{base}-{counter}", counter + 1
    return topic


def create_from(event, name):
    """A new series of the event's organizer, described by the event's own series fields."""
    topic_field = registry.get("series_topic").setting_key
    wanted = event.settings.get(topic_field, as_type=str) or name_key(name)
    with scopes_disabled():
        series = Series.objects.create(
            organizer=event.organizer, name=name, topic=_free_topic(event.organizer, wanted),
            url=event.settings.get(registry.get("series_url").setting_key, as_type=str) or "",
            info=event.settings.get(registry.get("series_info").setting_key, as_type=LazyI18nString)
            or LazyI18nString(""),
        )
    event.organizer.log_action(SERIES_CREATED, data={"id": series.pk, "topic": series.topic,
                                                     "name": name_key(name), "source": event.slug})
    return series


def rename_from(series, event, name):
    """The series renamed by its only edition: the name the edition carries now and, where the edition names
    another topic, that topic (the series keeps its former one, so its old address leads to it)."""
    topic_field = registry.get("series_topic").setting_key
    wanted = event.settings.get(topic_field, as_type=str)
    before = series.topic
    series.name = name
    if wanted and wanted != series.topic:
        series.topic = _free_topic(event.organizer, wanted, keep=series)
    series.save()
    changed = ["series_name"] + (["series_topic"] if series.topic != before else [])
    event.organizer.log_action(SERIES_CHANGED, data={"id": series.pk, "topic": series.topic, "fields": changed,
                                                     "former_topic": before, "source": event.slug})
    return series


@receiver(meetup_written, dispatch_uid="oicmeetup_series_follows_name")
def meetup_written_follow_name(sender, changes, values, **kwargs):
    follow_name(sender, values["series_name"], renamed=any(c.field == "series_name" for c in changes))


@transaction.atomic
def follow_name(event, name, renamed: bool = True):
    """Makes the event an edition of the series whose ``name`` it carries (creating it if the organizer has
    none of that name), or of none when it carries no name. Returns the series. Unless the edition's own
    name was ``renamed``, an edition keeps its series: a past one still carries the name it was announced
    under after the series was renamed."""
    with scopes_disabled():
        link = SeriesEdition.objects.filter(event=event).select_related("series").first()
        if link and not renamed:
            return link.series
        key = name_key(name)
        if not key:
            if link:
                link.delete()
            return None
        if link and link.series.name_key == key:
            return link.series
        series = Series.objects.filter(organizer=event.organizer, name_key=key).first()
        if series is None and link and not link.series.editions.exclude(event=event).exists():
            # Its only edition renamed (the API, the data file, an import): the series itself is renamed,
            # rather than left empty beside a new one, so that its page and address stay with it.
            series = rename_from(link.series, event, name)
        series = series or create_from(event, name)
        SeriesEdition.objects.update_or_create(event=event, defaults={"series": series})
    return series


@transaction.atomic
def write_into_upcoming(series, changed_keys, user=None) -> tuple[list, list]:
    """Writes the series' ``changed_keys`` (registry keys) into every edition still ahead. Returns the
    editions written and the past ones left as they were announced."""
    values = {key: value for key, value in values_of(series).items() if key in changed_keys}
    with scopes_disabled():
        events = [link.event for link in series.editions.select_related("event").order_by("event__date_from")]
    upcoming, past = [], []
    for event in events:
        if is_past(event):
            past.append(event)
            continue
        upcoming.append(event)
        if values:
            write(event, values, action=MEETUP_SERIES_CHANGED, user=user,
                  log_extra={"source": name_key(series.name), "series": series.pk}, log_unchanged=False)
    return upcoming, past
