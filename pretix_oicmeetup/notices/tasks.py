"""Sending a change notice as a celery task on pretix's app.

Idempotent: each order is handled in its own transaction that writes the receipt (unique per order and
version) together with pretix's queued emails, so a crash, a worker restart or a second run sends only
to the orders not told yet. An order the notice would tell no change gets no email, only the receipt (it
knows what there is to know). ``acks_late`` hands the task back to the broker if the worker dies.
Orders are read by primary key in batches, so memory does not grow with the size of the event.
"""
import logging
from datetime import timedelta

from celery.signals import worker_ready
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.timezone import now
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.email import get_email_context
from pretix.base.i18n import language
from pretix.base.models import Order, OutgoingMail, User
from pretix.base.services.mail import mail, mail_send_task
from pretix.base.services.tasks import ProfiledEventTask
from pretix.celery_app import app

from ..meetup.registration import counting_orders
from ..models import AnnouncementReceipt, AnnouncementVersion
from .log import NOTICE_SENT
from .versions import changes_since, known_version
from .wording import notice_body

logger = logging.getLogger(__name__)
BATCH = 100
RESUME_AFTER = timedelta(minutes=2)  # a running task beats far more often than that


@app.task(base=ProfiledEventTask, bind=True, acks_late=True, reject_on_worker_lost=True)
def send_change_notice(self, event, version_id: int, user_id: int | None = None) -> dict:
    version = AnnouncementVersion.objects.get(pk=version_id, event=event)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if version.notice_started is None:
        AnnouncementVersion.objects.filter(pk=version.pk).update(notice_started=now())
    _requeue_stuck_mails(version)

    pending = counting_orders(event).exclude(
        oicmeetup_receipts__version__number__gte=version.number
    ).order_by("pk").values_list("pk", flat=True)
    total = pending.count()
    sent = skipped = failed = done = 0
    subject = LazyI18nString(version.notice_subject)
    body = notice_body(version.notice_intro)
    versions = list(AnnouncementVersion.objects.filter(event=event).order_by("number").only("number", "created"))
    old_versions = {}
    last_pk = 0
    while True:
        AnnouncementVersion.objects.filter(pk=version.pk).update(notice_heartbeat=now(),
                                                                 notice_worker=self.request.hostname or "")
        batch = list(pending.filter(pk__gt=last_pk)[:BATCH])
        if not batch:
            break
        last_pk = batch[-1]
        for order_pk in batch:
            try:
                told = _notify(event, version, order_pk, subject, body, user, versions, old_versions)
            except Exception:
                # One broken order costs that order (it stays pending, a later run retries it), never the
                # notice to all the others.
                logger.exception("Change notice %s could not be sent to order %s", version.pk, order_pk)
                failed += 1
            else:
                sent, skipped = (sent + 1, skipped) if told else (sent, skipped + 1)
            done += 1
            if done % 10 == 0 and not self.request.called_directly:
                self.update_state(state="PROGRESS", meta={"value": round(done * 100 / max(total, 1))})
    AnnouncementVersion.objects.filter(pk=version.pk).update(notice_finished=now())
    return {"sent": sent, "skipped": skipped, "failed": failed}


def _notify(event, version, order_pk, subject, body, user, versions, old_versions) -> bool:
    """One order: the receipt and pretix's queued emails commit together, or not at all. False when the order
    got no email: told meanwhile, or nothing changed for it."""
    try:
        with transaction.atomic():
            order = Order.objects.select_for_update(of=("self",)).select_related("event").get(pk=order_pk)
            if order.oicmeetup_receipts.filter(version__number__gte=version.number).exists():
                return False  # told meanwhile, e.g. by a second run of this task
            told_number = order.oicmeetup_receipts.aggregate(n=Max("version__number"))["n"]
            # Registered while the plugin was off (no confirmation recorded): the changes since then.
            known = known_version(versions, told_number, order.datetime)
            told = known.pk if known is not None else None
            if told not in old_versions:
                old = AnnouncementVersion.objects.filter(pk=told).values_list("data", flat=True).first()
                old_versions[told] = changes_since(event, old, version.data)
            changes = old_versions[told]
            if not changes:
                # An email that says "something changed" and lists nothing is never sent: the order knows
                # what this version says, and is recorded so (the page stops counting it).
                AnnouncementReceipt.objects.create(order=order, version=version, outgoing_mails=[])
                return False
            mails = []
            for email, position in _recipients(order):
                context = get_email_context(event=event, order=order, position=position, meetup_changes=changes) \
                    if position else get_email_context(event=event, order=order, meetup_changes=changes)
                with language(order.locale, event.settings.region):
                    # the updated calendar file goes along, as with the confirmation
                    outgoing = mail(email, subject, body, context, event, order.locale, order, position=position,
                                    user=user, attach_ical=True)
                if outgoing is not None:
                    mails.append(outgoing)
            AnnouncementReceipt.objects.create(order=order, version=version, outgoing_mails=[m.pk for m in mails])
            for outgoing in mails:
                # One entry per email, as pretix logs its own (OutgoingMail.log_data()), so the email
                # history of the order shows it and pretix's email shredder clears it. One difference:
                # that shredder (pretix 2026.8) clears "recipient" but not "to", so the address goes there.
                data = outgoing.log_data()
                data["recipient"] = ", ".join(data.pop("to", None) or [])
                order.log_action(NOTICE_SENT, user=user, data={
                    **data, "version": version.number, "changes": [c.logged_as for c in changes],
                })
        return True
    except IntegrityError:  # a concurrent run wrote this receipt first
        return False


def _recipients(order):
    """The order's address, plus attendee addresses where pretix sends attendee emails."""
    if order.email:
        yield order.email, None
    settings = order.event.settings
    if settings.mail_send_order_free_attendee or settings.mail_send_order_placed_attendee or \
            settings.mail_send_order_paid_attendee:
        seen = {order.email}
        for position in order.positions.filter(addon_to__isnull=True).exclude(attendee_email__isnull=True):
            if position.attendee_email and position.attendee_email not in seen:
                seen.add(position.attendee_email)
                yield position.attendee_email, position


def _requeue_stuck_mails(version):
    """A worker that died right after committing an order can leave its emails queued without a task:
    hand those to pretix's mail task again (it ignores mails that are already being sent or done)."""
    with scopes_disabled():
        ids = [pk for ids in version.receipts.values_list("outgoing_mails", flat=True) for pk in ids]
        for pk in OutgoingMail.objects.filter(pk__in=ids, status=OutgoingMail.STATUS_QUEUED).values_list(
                "pk", flat=True):
            mail_send_task.apply_async(kwargs={"outgoing_mail": pk})


@worker_ready.connect(dispatch_uid="oicmeetup_resume_notices")
def resume_unfinished_notices(sender=None, **kwargs):
    """A worker (re)starts: notices whose sending task died without finishing are picked up again right
    away, instead of after the broker's visibility timeout: those this worker was sending before it went
    down, and those nobody has worked on for a while. Sending is idempotent, so a notice that is in fact
    still running elsewhere only costs a second pass over the already told orders."""
    hostname = getattr(sender, "hostname", None) or ""
    try:
        with scopes_disabled():
            stale = AnnouncementVersion.objects.filter(
                is_notice=True, notice_started__isnull=False, notice_finished__isnull=True,
            ).filter(
                Q(notice_worker=hostname) | Q(notice_heartbeat__isnull=True) |
                Q(notice_heartbeat__lt=now() - RESUME_AFTER)
            ).values_list("event_id", "pk")
            for event_id, version_id in stale:
                logger.info("Resuming change notice %s of event %s", version_id, event_id)
                send_change_notice.apply_async(args=(event_id, version_id))
    except Exception:  # a broken database must not keep the worker from starting
        logger.exception("Could not resume unfinished change notices")
