"""Django-side steps of the change-notice end-to-end test, run as a subprocess with e2e settings.

    python tests/e2e/notice_cli.py setup N      reference meetup + N paid orders, told version 1
    python tests/e2e/notice_cli.py send         Einlass moves, a notice version is queued in celery
    python tests/e2e/notice_cli.py receipts V   how many orders got notice version V
"""
import sys

import django

django.setup()

from datetime import timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from pretix.base.models import Event, Order, OrderPosition  # noqa: E402

from pretix_oicmeetup.models import AnnouncementReceipt, AnnouncementVersion  # noqa: E402
from pretix_oicmeetup.notices.tasks import send_change_notice  # noqa: E402
from pretix_oicmeetup.notices.versions import current_version, record_confirmation  # noqa: E402


def event():
    with scopes_disabled():
        return Event.objects.select_related("organizer").get(organizer__slug="OIC-BIE", slug="ki-zivil-10")


def setup(count):
    call_command("oicmeetup_demo", stdout=open("/dev/null", "w"))
    ev = event()
    with scope(organizer=ev.organizer):
        item = ev.items.get()
        for i in range(count):
            with transaction.atomic():
                order = Order.objects.create(
                    event=ev, email=f"attendee{i:04d}@example.org", locale="de-informal", status=Order.STATUS_PAID,
                    total=0, sales_channel=ev.organizer.sales_channels.get(identifier="web"),
                )
                OrderPosition.objects.create(order=order, item=item, price=0)
                order.create_transactions(is_new=True)
            record_confirmation(order)
    print(ev.pk)


def send():
    ev = event()
    with scope(organizer=ev.organizer):
        ev.date_admission = ev.date_admission + timedelta(minutes=15)
        ev.save()
        version = current_version(ev)
        version.is_notice = True
        version.notice_subject = {"de-informal": "Kurzfristige Änderung: {event}"}
        version.notice_intro = {"de-informal": "Hallo,\n\nder Einlass verschiebt sich."}
        version.save()
    send_change_notice.apply_async(args=(ev.pk, version.pk))
    print(version.pk)


def receipts(version_pk):
    with scopes_disabled():
        version = AnnouncementVersion.objects.get(pk=version_pk)
        print(AnnouncementReceipt.objects.filter(version=version).count(),
              "finished" if version.notice_finished else "running")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        setup(int(sys.argv[2]))
    elif command == "send":
        send()
    elif command == "receipts":
        receipts(int(sys.argv[2]))
