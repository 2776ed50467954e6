"""The announcement: an event's meetup data assembled once, with its speakers.

Every output (shop, order page, email parts, JSON-LD, calendar, post export) starts from an
``Announcement``; only ``render`` decides how it looks. Its values are the registry's fields, read
through ``store.read``, each an attribute of its own (``announcement.teaser``, ``announcement.date_admission``,
...). Building one costs
two queries (speakers, products); everything else comes from objects pretix has loaded already.
"""
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Item, SubEventItem

from . import fields as registry
from .store import read
from .timing import has_started, is_upcoming
from .validators import is_http_url


@dataclass(frozen=True)
class PhotoEntry:
    url: str  # as served by pretix's storage, relative to the site
    alt: LazyI18nString
    credit: str


@dataclass(frozen=True)
class MaterialEntry:
    title: LazyI18nString
    file_url: str | None  # an uploaded PDF, as served by pretix's storage
    url: str | None  # or a link


@dataclass(frozen=True)
class SpeakerEntry:
    name: str
    role: LazyI18nString
    bio: LazyI18nString
    profile_url: str | None
    photo_url: str | None  # as served by pretix's storage, relative to the site


class FieldValue:
    """A registry field's value on an ``Announcement``, read only. The class has one for each field of the
    registry (``_declare_fields``), so ``announcement.teaser`` is a declared attribute and a misspelt one is
    none."""

    def __init__(self, field: registry.MeetupField):
        self.field = field

    def __get__(self, announcement, owner=None):
        if announcement is None:
            return self
        return announcement.values[self.field.key]

    def __set__(self, announcement, value):
        raise AttributeError(f"{self.field.key} is the stored value: build the announcement again")


class Announcement:
    """The meetup of ``event`` (on ``subevent``'s date in an event series). Each registry field's value is
    an attribute of the same name (``FieldValue``); ``values`` holds them all by key, with any field added to
    the registry after this module was loaded (as tests do)."""

    def __init__(self, event, subevent, values: dict, speakers: tuple, is_free: bool):
        self.event, self.subevent = event, subevent
        self.values, self.speakers, self.is_free = values, speakers, is_free
        self.memo = {}  # what the renderer works out once per announcement (the intro's fragment, its words)

    @property
    def timezone(self):
        return self.event.timezone

    def local(self, value: datetime | None) -> datetime | None:
        return value.astimezone(self.timezone) if value else None

    @property
    def has_online_access(self) -> bool:
        return bool(self.is_remote and self.online_url)

    @property
    def location_lines(self) -> list[str]:
        """The venue's lines as entered (an address may take several)."""
        return [line.strip() for line in str(self.location or "").splitlines() if line.strip()]

    # --- the Rückblick (its rows are read only where an output shows them) ---

    @property
    def has_started(self) -> bool:
        return has_started(self.subevent or self.event)

    @property
    def is_upcoming(self) -> bool:
        return is_upcoming(self.event, self.subevent)

    @property
    def has_retrospective_content(self) -> bool:
        """Something of a Rückblick is entered (typed, imported or copied), whether or not it may show yet."""
        return bool(self.retrospective_recap or self.retrospective_photos or self.retrospective_materials)

    @property
    def has_retrospective(self) -> bool:
        """A Rückblick is shown from the meetup's start on, once there is one."""
        return self.has_started and self.has_retrospective_content

    @cached_property
    def retrospective_photos(self) -> tuple:
        with scopes_disabled():
            return tuple(PhotoEntry(default_storage.url(p.image.name), p.alt, p.credit)
                         for p in self.event.oicmeetup_photos.all() if p.image)

    @cached_property
    def retrospective_materials(self) -> tuple:
        with scopes_disabled():
            rows = list(self.event.oicmeetup_materials.all())
        return tuple(MaterialEntry(m.title, default_storage.url(m.file.name) if m.file else None,
                                   m.url if is_http_url(m.url) else None) for m in rows)

    @cached_property
    def next_edition(self):
        """The next date of the meetup's series that one can register for, or None."""
        from .next_edition import next_edition

        return next_edition(self.event, self.subevent)


def _declare_fields():
    for field in registry.FIELDS:
        if hasattr(Announcement, field.key):
            raise TypeError(f"The registry field {field.key!r} would hide Announcement.{field.key}")
        setattr(Announcement, field.key, FieldValue(field))


_declare_fields()


def build_announcement(event, subevent=None, related=True) -> Announcement:
    """``related=False`` skips the two queries (speakers, products) for callers that need neither."""
    values = read(event, subevent)
    for field in registry.all_fields():
        if field.kind == registry.URL and not is_http_url(values[field.key]):
            values[field.key] = None  # a value that bypassed validation is never linked
    return Announcement(
        event, subevent, values,
        speakers=load_speakers(event) if related else (),
        is_free=_is_free(event, subevent) if related else False,
    )


def load_speakers(event) -> tuple[SpeakerEntry, ...]:
    from ..models import Speaker

    with scopes_disabled():  # filtered by event explicitly; renderers also run outside request scopes
        speakers = list(Speaker.objects.filter(event=event).order_by("position", "id"))
    return tuple(
        SpeakerEntry(
            name=s.name,
            role=s.role,
            bio=s.bio,
            profile_url=s.profile_url if is_http_url(s.profile_url) else None,
            photo_url=default_storage.url(s.photo.name) if s.photo else None,
        )
        for s in speakers
    )


def _is_free(event, subevent=None) -> bool:
    """True when there is something to book and nothing bookable costs money."""
    paid = Q(default_price__gt=0) | Q(variations__active=True, variations__default_price__gt=0)
    with scopes_disabled():
        counts = Item.objects.filter(event=event, active=True).aggregate(
            total=Count("pk", distinct=True), paid=Count("pk", filter=paid, distinct=True),
        )
        if not counts["total"] or counts["paid"]:
            return False
        if subevent is not None:
            return not SubEventItem.objects.filter(subevent=subevent, price__gt=0).exists()
    return True
