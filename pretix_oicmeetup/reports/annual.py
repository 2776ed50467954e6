"""An organizer-level data export: per series and year, the meetups held, their registrations and check-ins,
the show-up rate, how many attendees came for the first time or came back, how many registrations the attendees
cancelled themselves and how many seats the waiting list passed on (``figures``).

Attendees are told apart by email address (the ticket's attendee address, else the order's), compared
without case; the addresses themselves never leave this module. "Returning" means registered for an
earlier meetup of the same organizer, in any series. Registrations are the admission tickets of paid
(including free) orders that are not canceled; a check-in is a ticket with at least one successful entry
scan. pretix runs the export (CSV and Excel) in its own task, for the events the user may see and chose.
"""
from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _, pgettext, pgettext_lazy
from django_scopes import scopes_disabled

from pretix.base.exporter import ListExporter
from pretix.base.models import Checkin, Order, OrderPosition

from ..languages import german_locale
from ..meetup.access import plugin_active
from ..meetup.store import read
from ..meetup.timing import has_ended
from .figures import meetup_figures


def _series(event) -> str:
    """The series' name in the event's German (the stored value, as every output reads it)."""
    value = read(event)["series_name"]
    return value.localize(german_locale(event)).strip() if value else ""


def _email(attendee_email, order_email) -> str:
    return (attendee_email or order_email or "").strip().casefold()


def _tickets(events):
    """(event id, date of the meetup, email, checked in) of every registration."""
    checked_in = Checkin.objects.filter(position=OuterRef("pk"), successful=True, type=Checkin.TYPE_ENTRY)
    return (OrderPosition.objects
            .filter(order__event__in=events, order__status=Order.STATUS_PAID, canceled=False, item__admission=True)
            .annotate(came=Exists(checked_in))
            .values_list("order__event_id", "order__event__date_from", "attendee_email", "order__email", "came")
            .order_by("order__event__date_from", "order__datetime", "pk"))


def annual_rows(events, organizer) -> list[list]:
    """One row per series and year of the held meetups among ``events``."""
    with scopes_disabled():
        chosen = [e for e in events if plugin_active(e)]
        history = [e for e in organizer.events.all() if plugin_active(e)]
        first_seen = {}  # email -> date of the earliest meetup registered for
        for _event, date_from, attendee_email, order_email, _came in _tickets(history):
            email = _email(attendee_email, order_email)
            if email and email not in first_seen:
                first_seen[email] = date_from
        # per series and year; "emails": each attendee's first meetup within the group
        groups = defaultdict(lambda: {"held": 0, "registrations": 0, "checkins": 0, "emails": {}, "cancelled": 0,
                                      "waiting_list": 0})
        keys = {}
        for event in chosen:
            if not has_ended(event):
                continue  # not held yet
            keys[event.pk] = (_series(event), event.date_from.astimezone(event.timezone).year)
            groups[keys[event.pk]]["held"] += 1
            figures = meetup_figures(event)
            groups[keys[event.pk]]["cancelled"] += figures.cancelled_by_attendees
            groups[keys[event.pk]]["waiting_list"] += figures.seats_from_waiting_list
        for event_id, date_from, attendee_email, order_email, came in _tickets([e for e in chosen if e.pk in keys]):
            group = groups[keys[event_id]]
            group["registrations"] += 1
            group["checkins"] += int(came)
            email = _email(attendee_email, order_email)
            if email:
                group["emails"].setdefault(email, date_from)  # tickets come in date order
    rows = []
    for (series, year), group in sorted(groups.items(), key=lambda item: (item[0][0].casefold(), item[0][1])):
        rate = round(100 * group["checkins"] / group["registrations"], 1) if group["registrations"] else None
        returning = sum(1 for email, first_here in group["emails"].items() if first_seen[email] < first_here)
        rows.append([series or pgettext("oicmeetup", "(no series)"), year, group["held"], group["registrations"],
                     group["checkins"], rate, len(group["emails"]) - returning, returning, group["cancelled"],
                     group["waiting_list"]])
    return rows


class AnnualReportExporter(ListExporter):
    identifier = "oicmeetup_annual"
    verbose_name = pgettext_lazy("oicmeetup", "Meetups: numbers per series and year")
    category = pgettext_lazy("export_category", "Analysis")
    description = _("For the annual report: per series and year the meetups held, registrations, check-ins, the "
                    "show-up rate, and attendees who came for the first time or came back (told apart by email "
                    "address; no address is exported).")
    repeatable_read = False

    def iterate_list(self, form_data):
        yield [pgettext("oicmeetup", "Series"), pgettext("oicmeetup", "Year"),
               pgettext("oicmeetup", "Meetups held"), pgettext("oicmeetup", "Registrations"),
               pgettext("oicmeetup", "Check-ins"), pgettext("oicmeetup", "Show-up rate (%)"),
               pgettext("oicmeetup", "First-time attendees"), pgettext("oicmeetup", "Returning attendees"),
               pgettext("oicmeetup", "Cancelled by attendees"), pgettext("oicmeetup", "Seats from the waiting list")]
        yield from annual_rows(self.events, self.organizer)

    def get_filename(self):
        return f"{self.organizer.slug}_meetups"
