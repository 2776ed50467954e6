"""The confirmation an attendee gets, exactly as pretix makes it: pretix's own ``mail()`` for a sample
registration, inside a transaction that is rolled back (as pretix's own renderer preview does), so nothing
is kept and nothing is sent."""
from datetime import timedelta

from django.utils.timezone import now
from django.utils.translation import gettext

from pretix.base.email import get_email_context
from pretix.base.models import Order
from pretix.base.services.mail import mail
from pretix.helpers.database import rolledback_transaction

from ..meetup.announcement import build_announcement
from .cleanup import without_empty_paragraphs


def confirmation_preview(event, locale=None) -> dict:
    """Subject, sender, text part and HTML part of the confirmation of a registration made now."""
    locale = locale or event.settings.locale
    free = build_announcement(event).is_free
    kind = "free" if free else "paid"
    result = {}
    with rolledback_transaction():
        order = Order.objects.create(
            event=event, email="preview@example.org", locale=locale, status=Order.STATUS_PAID, total=0,
            datetime=now(), expires=now() + timedelta(days=1),
            sales_channel=event.organizer.sales_channels.get(identifier="web"),
        )
        item = event.items.filter(admission=True, active=True).first() or event.items.create(
            name=gettext("Sample product"), default_price=0, admission=True)
        order.positions.create(item=item, price=0, subevent=event.subevents.order_by("date_from").first())
        outgoing = mail(order.email, event.settings.get(f"mail_subject_order_{kind}"),
                        event.settings.get(f"mail_text_order_{kind}"), get_email_context(event=event, order=order),
                        event, locale, order, attach_ical=event.settings.mail_attach_ical)
        result = {"subject": outgoing.subject, "sender": outgoing.sender, "text": outgoing.body_plain,
                  "html": without_empty_paragraphs(outgoing.body_html or "")}  # as the email filter sends it
    return result
