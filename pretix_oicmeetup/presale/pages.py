"""The meetup's blocks on pretix's shop pages (returned by the receivers in ``signals``)."""
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from pretix.base.models import Order
from pretix.multidomain.urlreverse import eventreverse

from ..meetup.access import attendee_may_see_online_link
from ..render import WEB, render_announcement


def shop_block(event, subevent=None):
    html = render_announcement(event, subevent, purpose="shop", medium=WEB)
    if not html:
        return ""
    return get_template("pretix_oicmeetup/presale/front_page.html").render({"announcement": html})


def order_panel(event, order, subevent=None, position=None):
    """The meetup on the order page (``position=None``) or on one ticket's page.

    The ticket page is for whoever holds only that ticket: everything it links is reachable with the
    ticket's own secret, never the order's (pretix keeps the two apart on purpose).
    """
    attendee = attendee_may_see_online_link(order, position)
    html = render_announcement(event, subevent, purpose="order", medium=WEB, attendee=attendee)
    if not html:
        return ""
    if position is None:
        calendar_url = eventreverse(event, "plugins:pretix_oicmeetup:attendee_calendar",
                                    kwargs={"order": order.code, "secret": order.secret})
    else:
        calendar_url = eventreverse(event, "plugins:pretix_oicmeetup:position_calendar",
                                    kwargs={"order": order.code, "position": position.positionid,
                                            "secret": position.web_secret})
    return get_template("pretix_oicmeetup/presale/order_info.html").render({
        "announcement": html,
        "online_link_pending": not attendee and order.status == Order.STATUS_PENDING and event.is_remote,
        "calendar_url": calendar_url,
    })


def order_panels(event, order):
    """One panel per date the order books (one for an event without dates)."""
    subevents = {p.subevent for p in order.positions.all()} if event.has_subevents else {None}
    panels = [order_panel(event, order, subevent) for subevent in sorted(
        subevents, key=lambda se: (se is not None, se.date_from if se else None)
    )]
    return mark_safe("".join(panels))  # each panel is a rendered (safe) template
