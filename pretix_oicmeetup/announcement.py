"""The announcement: an event's meetup data assembled once, with its speakers.

Every output (shop, order page, email parts, JSON-LD, calendar, post export) starts from an
``Announcement``; only ``rendering`` decides how it looks. Building one costs two queries (speakers,
products); everything else comes from objects pretix has loaded already.
"""
from dataclasses import dataclass
from datetime import datetime

from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Item, Order, SubEventItem

from .meetupdata import read_settings
from .models import Speaker
from .validators import is_http_url


@dataclass(frozen=True)
class SpeakerEntry:
    name: str
    role: LazyI18nString
    bio: LazyI18nString
    profile_url: str | None
    photo_url: str | None  # as served by pretix's storage, relative to the site


@dataclass(frozen=True)
class Announcement:
    event: object
    subevent: object | None
    title: LazyI18nString
    description: LazyI18nString
    date_from: datetime | None
    date_to: datetime | None
    date_admission: datetime | None
    location: LazyI18nString
    is_remote: bool
    is_free: bool
    speakers: tuple[SpeakerEntry, ...]
    teaser: LazyI18nString | None = None
    format: LazyI18nString | None = None
    prerequisites: LazyI18nString | None = None
    hint: LazyI18nString | None = None
    outcomes_intro: LazyI18nString | None = None
    outcomes: LazyI18nString | None = None
    materials: LazyI18nString | None = None
    series_name: LazyI18nString | None = None
    series_number: int | None = None
    series_url: str | None = None
    series_info: LazyI18nString | None = None
    contact: LazyI18nString | None = None
    online_url: str | None = None
    widget_essentials: bool | None = None

    @property
    def timezone(self):
        return self.event.timezone

    def local(self, value: datetime | None) -> datetime | None:
        return value.astimezone(self.timezone) if value else None

    @property
    def duration_minutes(self) -> int | None:
        # Derived from Beginn/Ende so it can never contradict them.
        if self.date_from and self.date_to and self.date_to > self.date_from:
            return int((self.date_to - self.date_from).total_seconds() // 60)
        return None

    @property
    def has_online_access(self) -> bool:
        return bool(self.is_remote and self.online_url)


def registration_is_valid(order) -> bool:
    """Whether an order unlocks private details (the online link): paid, free or accepted as pending.

    Free orders are still pending while pretix sends their confirmation, so total 0 counts, too.
    """
    if order is None:
        return False
    if order.status == Order.STATUS_PAID:
        return True
    return order.status == Order.STATUS_PENDING and not order.require_approval and (
        order.total == 0 or order.valid_if_pending
    )


def event_or_subevent(event, subevent=None):
    return subevent or event


def build_announcement(event, subevent=None, related=True) -> Announcement:
    """``related=False`` skips the two queries (speakers, products) for callers that need neither."""
    ev = event_or_subevent(event, subevent)
    values = read_settings(event)
    if not is_http_url(values["series_url"]):
        values["series_url"] = None
    if not is_http_url(values["online_url"]):
        values["online_url"] = None
    description = event.settings.frontpage_text
    if subevent is not None and subevent.frontpage_text:
        description = subevent.frontpage_text
    return Announcement(
        event=event,
        subevent=subevent,
        title=ev.name,
        description=description,
        date_from=ev.date_from,
        date_to=ev.date_to,
        date_admission=ev.date_admission,
        location=ev.location,
        is_remote=bool(event.is_remote),
        is_free=_is_free(event, subevent) if related else False,
        speakers=load_speakers(event) if related else (),
        **values,
    )


def load_speakers(event) -> tuple[SpeakerEntry, ...]:
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
