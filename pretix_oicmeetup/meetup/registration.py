"""Which registrations count: the one rule, as a predicate for one order and as a query for many.

A registration counts when it is paid, free, or accepted while pending, and not canceled. Free orders
are still pending while pretix sends their confirmation, so a pending order with total 0 counts too.
Both forms stand side by side so they cannot drift apart.
"""
from django.db.models import Q

from pretix.base.models import Order


def registration_counts(order) -> bool:
    if order is None:
        return False
    if order.status == Order.STATUS_PAID:
        return True
    return order.status == Order.STATUS_PENDING and not order.require_approval and (
        order.total == 0 or order.valid_if_pending
    )


COUNTING = (
    Q(status=Order.STATUS_PAID)
    | Q(status=Order.STATUS_PENDING, require_approval=False, valid_if_pending=True)
    | Q(status=Order.STATUS_PENDING, require_approval=False, total=0)
)


def counting_orders(event):
    return Order.objects.filter(event=event).filter(COUNTING)
