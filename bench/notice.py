"""A change notice to N registrations, timed inside one process: the reference meetup with N paid orders
(PostgreSQL), the Einlass moves, and ``send_change_notice`` runs here; without a celery broker pretix sends
each email in the same process (to the SMTP server named in the configuration), so when the task returns
every registration is told and every email delivered. Prints JSON.

    python bench/notice.py N
"""
import json
import resource
import sys
import time
from datetime import timedelta

import django

django.setup()

from django.db import transaction  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from pretix.base.models import Order, OrderPosition  # noqa: E402

from pretix_oicmeetup.models import AnnouncementReceipt  # noqa: E402
from pretix_oicmeetup.notices.tasks import send_change_notice  # noqa: E402
from pretix_oicmeetup.notices.versions import current_version, record_confirmation  # noqa: E402

sys.path.insert(0, ".")
from bench.meetup import open_meetup  # noqa: E402


def main(count):
    event = open_meetup()
    with scope(organizer=event.organizer):
        item = event.items.get()
        channel = event.organizer.sales_channels.get(identifier="web")
        for i in range(count):
            with transaction.atomic():
                order = Order.objects.create(event=event, email=f"attendee{i:05d}@example.org",
                                             locale="de-informal", status=Order.STATUS_PAID, total=0,
                                             sales_channel=channel)
                OrderPosition.objects.create(order=order, item=item, price=0)
                order.create_transactions(is_new=True)
            record_confirmation(order)
        event.date_admission = event.date_admission + timedelta(minutes=15)
        event.save()
        version = current_version(event)
        version.is_notice = True
        version.notice_subject = {"de-informal": "Kurzfristige Änderung: {event}"}
        version.notice_intro = {"de-informal": "Hallo,\n\nder Einlass verschiebt sich."}
        version.save()
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = send_change_notice.apply(args=(event.pk, version.pk)).get()
    seconds = time.perf_counter() - started
    with scopes_disabled():
        told = AnnouncementReceipt.objects.filter(version=version).count()
    print(json.dumps({
        "orders": count, "told": told, "sent": result["sent"], "failed": result["failed"],
        "seconds": round(seconds, 2), "emails_per_second": round(result["sent"] / seconds, 1),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_growth_mib": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before) / 1024, 1),
    }))


if __name__ == "__main__":
    main(int(sys.argv[1]))
