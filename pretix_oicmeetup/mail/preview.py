"""An email as an attendee gets it, exactly as pretix makes it: pretix's own ``mail()`` for a sample
registration, inside a transaction that is rolled back (as pretix's own renderer preview does), so nothing
is kept and nothing is sent. The confirmation, and the emails after the meetup."""
from datetime import timedelta
from email.header import decode_header, make_header
from email.utils import parseaddr

from django.utils.timezone import now
from django.utils.translation import gettext

from pretix.base.email import get_email_context
from pretix.base.models import Order
from pretix.base.services.mail import mail
from pretix.helpers.database import rolledback_transaction

from ..meetup.announcement import build_announcement
from .cleanup import cleaned_html, without_blank_runs


def confirmation_preview(event, locale=None) -> dict:
    """Subject, sender, text part and HTML part of the confirmation of a registration made now: the free
    order's, unless a product costs money (a meetup is free; before any product exists the sample
    registration is free, too, and pretix's payment text would show its {payment_info} unfilled)."""
    free = build_announcement(event).is_free or not event.items.filter(active=True).exists()
    kind = "free" if free else "paid"
    return email_preview(event, event.settings.get(f"mail_subject_order_{kind}"),
                         event.settings.get(f"mail_text_order_{kind}"), locale,
                         attach_ical=event.settings.mail_attach_ical)


def email_preview(event, subject, text, locale=None, attach_ical=False, scheduled=False) -> dict:
    """Subject, sender, text part and HTML part of an email with these texts to a sample registration; with
    ``scheduled``, in the context pretix's scheduled emails give it (the date it is sent for)."""
    locale = locale or event.settings.locale
    result = {}
    with rolledback_transaction():
        order = Order.objects.create(
            event=event, email="preview@example.org", locale=locale, status=Order.STATUS_PAID, total=0,
            datetime=now(), expires=now() + timedelta(days=1),
            sales_channel=event.organizer.sales_channels.get(identifier="web"),
        )
        item = event.items.filter(admission=True, active=True).first() or event.items.create(
            name=gettext("Sample product"), default_price=0, admission=True)
        subevent = event.subevents.order_by("date_from").first()
        order.positions.create(item=item, price=0, subevent=subevent)
        context = get_email_context(event=event, order=order, event_or_subevent=subevent or event) if scheduled \
            else get_email_context(event=event, order=order)
        outgoing = mail(order.email, subject, text, context, event, locale, order, attach_ical=attach_ical)
        # as the email filter sends it
        result = {"subject": outgoing.subject, "sender": readable_sender(outgoing.sender),
                  "text": without_blank_runs(outgoing.body_plain),
                  "html": cleaned_html(outgoing.body_html or "")}
    return result


def readable_sender(sender: str) -> str:
    """The From header as an email program shows it: pretix encodes a name with non-ASCII characters for the
    header (RFC 2047, "=?utf-8?q?...?="), which is no way to show it on a page."""
    name, address = parseaddr(sender)
    if not address:
        return sender
    name = str(make_header(decode_header(name))) if name else ""
    return f"{name} <{address}>" if name else address
