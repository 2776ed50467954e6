"""Rendering the confirmation email of one order: the meetup template ({meetup_announcement}) vs. pretix's
default text, side by side in one process (pretix's test settings: SQLite in memory, mail kept in memory, no
cache server). *First*: what the plugin keeps in the process is dropped before every email, as for the first
confirmation after a change; *repeated*: the emails after it. Prints JSON."""
import json
import os
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretix.testutils.settings")
import django  # noqa: E402

django.setup()

from django.core import mail as djmail  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils.timezone import now  # noqa: E402
from django_scopes import scope  # noqa: E402

from pretix.base.email import get_email_context  # noqa: E402
from pretix.base.models import Order, OrderPosition  # noqa: E402
from pretix.base.services.mail import mail  # noqa: E402
from pretix.base.settings import DEFAULTS  # noqa: E402

from pretix_oicmeetup.mail.confirmation import template_value  # noqa: E402
from pretix_oicmeetup.render.cache import forget_here  # noqa: E402

sys.path.insert(0, ".")
from bench.common import summary  # noqa: E402
from bench.meetup import open_meetup  # noqa: E402

ROUNDS, PER_ROUND = 15, 10


def main():
    setup_test_environment()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0)
    event = open_meetup()
    with scope(organizer=event.organizer):
        with transaction.atomic():
            order = Order.objects.create(event=event, email="bench@example.org", locale="de-informal",
                                         status=Order.STATUS_PAID, total=0, expires=now() + timedelta(days=1),
                                         sales_channel=event.organizer.sales_channels.get(identifier="web"))
            OrderPosition.objects.create(order=order, item=event.items.get(), price=0)
            order.create_transactions(is_new=True)
        templates = {
            "meetup": (template_value("mail_subject_order_free"), template_value("mail_text_order_free")),
            "default": (DEFAULTS["mail_subject_order_free"]["default"], DEFAULTS["mail_text_order_free"]["default"]),
        }

        def render(kind, first):
            subject, text = templates[kind]
            start = time.perf_counter()
            for _ in range(PER_ROUND):
                if first:
                    forget_here()
                djmail.outbox = []
                mail(order.email, subject, text, get_email_context(event=event, order=order), event, order.locale,
                     order)
            return (time.perf_counter() - start) / PER_ROUND

        render("meetup", False), render("default", False)  # warm up
        result = {}
        for state in ("first", "repeated"):
            ratios, times = [], {"meetup": [], "default": []}
            for round_number in range(ROUNDS):
                order_of = ("meetup", "default") if round_number % 2 == 0 else ("default", "meetup")
                measured = {kind: render(kind, state == "first") for kind in order_of}
                ratios.append(measured["meetup"] / measured["default"])
                for kind, value in measured.items():
                    times[kind].append(value * 1000)
            result[state] = {"ratio": summary(ratios), "ms_meetup": summary(times["meetup"]),
                             "ms_default": summary(times["default"])}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
