"""Which version of the announcement each order was told about, and what changed since.

A version is a snapshot of the meetup data (the REST API's shape, online link included). When an order
is placed, its confirmation carries the current data: the plugin records that version for the order. A
change notice is a new version sent to every registration that would hear something new from it: a notice
with nothing to tell (no change attendees hear about since the version the registration knows) is never
offered or sent.
"""
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django_scopes import scopes_disabled

from pretix.base.models import OutgoingMail

from ..languages import event_locales
from ..meetup.changes import Change, diff, notice_changes, same, snapshot
from ..meetup.registration import counting_orders
from ..models import AnnouncementReceipt, AnnouncementVersion


def latest_version(event) -> AnnouncementVersion | None:
    with scopes_disabled():
        return AnnouncementVersion.objects.filter(event=event).order_by("-number").first()


def current_version(event, user=None) -> AnnouncementVersion:
    """The version matching the data right now, created if the data changed since the latest one."""
    data = snapshot(event)
    latest = latest_version(event)
    if latest is not None and same(latest.data, data, event_locales(event)):
        return latest
    with scopes_disabled():
        try:
            with transaction.atomic():
                return AnnouncementVersion.objects.create(
                    event=event, number=(latest.number + 1 if latest else 1), data=data, created_by=user,
                )
        except IntegrityError:  # created concurrently (two orders at once): that one is ours, too
            return latest_version(event)


def record_confirmation(order):
    """The order's confirmation carried the current announcement."""
    version = current_version(order.event)
    with scopes_disabled():
        AnnouncementReceipt.objects.get_or_create(order=order, version=version)


def known_version(versions: list, told_number: int | None, placed):
    """The version a registration knows, from the event's ``versions`` (ordered by number): the highest it
    has a receipt for. An order without one was placed while the plugin was off (its confirmation carried
    no announcement): the version current when it was placed, or, placed before any, the first one the
    plugin recorded. None while the event has no version at all (then the current data is all there is)."""
    if told_number:
        return next((v for v in versions if v.number == told_number), None)
    earlier = [v for v in versions if v.created <= placed]
    if earlier:
        return earlier[-1]
    return versions[0] if versions else None


def baseline(event) -> AnnouncementVersion | None:
    """What "since the last notice" compares against: the last notice, or the first version told."""
    with scopes_disabled():
        versions = AnnouncementVersion.objects.filter(event=event)
        return versions.filter(is_notice=True).order_by("-number").first() or versions.order_by("number").first()


@dataclass
class NoticeStatus:
    told: int
    pending: int
    mail_states: dict  # OutgoingMail status -> count, for the latest notice

    @property
    def mail_state_labels(self) -> list[tuple[str, str, int]]:
        """(status, pretix's translated name of it, count), for the notice page."""
        names = dict(OutgoingMail.STATUS_CHOICES)
        return [(state, str(names.get(state, state)), count) for state, count in self.mail_states.items()]


def notice_status(event) -> NoticeStatus:
    """How many registrations know the current data, and how many still need a notice: those a notice
    would tell a change (a version that differs only in what attendees do not hear about counts as
    current, as does the version an order placed while the plugin was off was placed under)."""
    data = snapshot(event)
    with scopes_disabled():
        versions = list(AnnouncementVersion.objects.filter(event=event).order_by("number").only(
            "number", "created", "data"))
        rows = counting_orders(event).annotate(told=Max("oicmeetup_receipts__version__number")).values_list(
            "told", "datetime")
        news = {}  # version number -> whether a notice would tell its registrations anything
        told = pending = 0
        for told_number, placed in rows:
            version = known_version(versions, told_number, placed)
            if version is not None and version.number not in news:
                news[version.number] = bool(changes_since(event, version.data, data))
            if version is not None and news[version.number]:
                pending += 1
            else:
                told += 1
        notice = AnnouncementVersion.objects.filter(event=event, is_notice=True).order_by("-number").first()
        mail_states = {}
        if notice is not None:
            mail_ids = [pk for ids in notice.receipts.values_list("outgoing_mails", flat=True) for pk in ids]
            for status in OutgoingMail.objects.filter(pk__in=mail_ids).values_list("status", flat=True):
                mail_states[status] = mail_states.get(status, 0) + 1
    return NoticeStatus(told=told, pending=pending, mail_states=mail_states)


# --- what changed ------------------------------------------------------------------------------------

def changes_since(event, old_data: dict | None, new_data: dict | None = None) -> list[Change]:
    """What attendees told about ``old_data`` have not heard yet (the change engine, less display options).
    Nothing when there is no ``old_data`` (no version recorded yet: the current data is all there is)."""
    if old_data is None:
        return []
    new_data = snapshot(event) if new_data is None else new_data
    return notice_changes(diff(old_data, new_data, event_locales(event)))

