"""A meetup's numbers, from what pretix keeps: registrations (the admission tickets of paid, including free,
orders), registrations the attendees cancelled themselves (pretix's own cancellation, logged without a user,
a device or an API token: the "Ich kann doch nicht kommen" link, pretix's order page), seats passed on from
the waiting list (its vouchers that were redeemed), check-ins (a ticket with a successful entry scan) and the
show-up rate. The meetup page, the annual report and the REST API show the same numbers."""
from dataclasses import asdict, dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django_scopes import scopes_disabled

from pretix.base.models import Checkin, LogEntry, Order, OrderPosition, WaitingListEntry

CANCELED = "pretix.event.order.canceled"


@dataclass(frozen=True)
class Figures:
    registrations: int
    cancelled_by_attendees: int
    seats_from_waiting_list: int
    checkins: int

    @property
    def show_up_rate(self) -> float | None:
        """Check-ins per registration, in percent (None without registrations)."""
        return round(100 * self.checkins / self.registrations, 1) if self.registrations else None

    def as_dict(self) -> dict:
        return {**asdict(self), "show_up_rate": self.show_up_rate}


def meetup_figures(event) -> Figures:
    with scopes_disabled():
        checked_in = Checkin.objects.filter(position=OuterRef("pk"), successful=True, type=Checkin.TYPE_ENTRY)
        tickets = OrderPosition.objects.filter(order__event=event, order__status=Order.STATUS_PAID, canceled=False,
                                               item__admission=True)
        registrations = tickets.count()
        checkins = tickets.filter(Exists(checked_in)).count()
        cancelled_orders = Order.objects.filter(event=event, status=Order.STATUS_CANCELED).values("pk")
        by_attendees = (LogEntry.objects
                        .filter(content_type=ContentType.objects.get_for_model(Order), object_id__in=cancelled_orders,
                                action_type=CANCELED, user__isnull=True, api_token__isnull=True, device__isnull=True,
                                oauth_application__isnull=True)
                        .values("object_id").distinct().count())
        passed_on = WaitingListEntry.objects.filter(event=event, voucher__redeemed__gt=0).count()
    return Figures(registrations=registrations, cancelled_by_attendees=by_attendees,
                   seats_from_waiting_list=passed_on, checkins=checkins)
