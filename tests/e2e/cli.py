"""Django-side steps for end-to-end tests, run as a subprocess with e2e settings:

    python tests/e2e/cli.py admin EMAIL PASSWORD   a user with all rights on every organizer's events
    python tests/e2e/cli.py orders N               N paid orders on the reference meetup
    python tests/e2e/cli.py token                  prints an API token of a team of OIC-BIE (no permissions)
"""
import sys

import django

django.setup()

from django.db import transaction  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from pretix.base.models import Event, Order, OrderPosition, Organizer, Team, User  # noqa: E402

from pretix_oicmeetup.notices.versions import record_confirmation  # noqa: E402


def admin(email, password):
    with scopes_disabled():
        user = User.objects.filter(email=email).first() or User.objects.create_user(email, password)
        for organizer in Organizer.objects.all():  # the demo's and the open reference meetup's
            team, _ = Team.objects.get_or_create(organizer=organizer, name="e2e admins", defaults={
                "all_events": True, "all_event_permissions": True, "all_organizer_permissions": True})
            team.members.add(user)


def orders(count):
    with scopes_disabled():
        event = Event.objects.select_related("organizer").get(organizer__slug="OIC-BIE", slug="ki-zivil-10")
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


def token():
    with scopes_disabled():
        team = Team.objects.create(organizer=Organizer.objects.get(slug="OIC-BIE"), name="Website build",
                                   all_events=True)
        print(team.tokens.create(name="website").token)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "admin":
        admin(*args)
    elif command == "orders":
        orders(int(args[0]))
    elif command == "token":
        token()
