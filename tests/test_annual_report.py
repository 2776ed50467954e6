"""The numbers for the annual report, from real orders and real check-ins, through pretix's export machinery:
meetups held, registrations, check-ins, show-up rate, first-time and returning attendees per series and
year, as CSV and Excel, and no email address in the file."""
import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.timezone import now
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Event, Item, Organizer, Quota

from pretix_oicmeetup.reports.annual import AnnualReportExporter

from .helpers import check_in, place_free_order

pytestmark = pytest.mark.django_db

KI = "KI und Zivilgesellschaft"
HOUR = "Open Innovation Hour"


def meetup(organizer, slug, series):
    event = Event.objects.create(organizer=organizer, name=f"Meetup {slug}", slug=slug, currency="EUR", live=True,
                                 date_from=now() + timedelta(days=5), plugins="pretix_oicmeetup")
    event.settings.locales, event.settings.locale = ["de-informal"], "de-informal"
    event.settings.timezone = "Europe/Berlin"
    event.settings.oicmeetup_series_name = LazyI18nString({"de-informal": series})
    item = Item.objects.create(event=event, name="Anmeldung", default_price=0, admission=True)
    Quota.objects.create(event=event, name="Plätze", size=50).items.add(item)
    return event, item


def held_on(event, day):
    event.date_from = day
    event.save()


def export(organizer, fmt="default"):
    with scopes_disabled(), translation.override("de-informal"):
        exporter = AnnualReportExporter(event=organizer.events.all(), organizer=organizer)
        return exporter.render({"_format": fmt})


@pytest.fixture
def year_of_meetups(organizer):
    """2024: one Open Innovation Hour. 2025: two KI meetups and one Open Innovation Hour. 2026: a KI meetup
    that has not taken place yet."""
    hour_2024, hour_item_2024 = meetup(organizer, "oih-2024", HOUR)
    ki_1, ki_item_1 = meetup(organizer, "ki-1", KI)
    ki_2, ki_item_2 = meetup(organizer, "ki-2", KI)
    hour_2025, hour_item_2025 = meetup(organizer, "oih-2025", HOUR)
    future, future_item = meetup(organizer, "ki-3", KI)

    place_free_order(hour_2024, hour_item_2024, email="ute@example.org")  # comes back to KI in 2025
    anna = place_free_order(ki_1, ki_item_1, email="anna@example.org")
    place_free_order(ki_1, ki_item_1, email="Ute@Example.org")
    gone = place_free_order(ki_1, ki_item_1, email="storno@example.org")
    anna_again = place_free_order(ki_2, ki_item_2, email="anna@example.org")  # new in 2025, came twice
    bernd = place_free_order(ki_2, ki_item_2, email="bernd@example.org")
    place_free_order(hour_2025, hour_item_2025, email="anna@example.org")  # back, in another series
    place_free_order(future, future_item, email="cora@example.org")
    from pretix.base.services.orders import cancel_order
    with scopes_disabled():
        cancel_order(gone.pk)  # as pretix's cancellation page does for the attendee (logged without a user)
    for order in (anna, anna_again, bernd):
        check_in(order)

    held_on(hour_2024, datetime(2024, 11, 6, 11, 30, tzinfo=UTC))
    held_on(ki_1, datetime(2025, 10, 14, 14, 30, tzinfo=UTC))
    held_on(ki_2, datetime(2025, 11, 11, 15, 30, tzinfo=UTC))
    held_on(hour_2025, datetime(2025, 12, 4, 11, 30, tzinfo=UTC))
    return organizer


def test_numbers_per_series_and_year_from_real_orders_and_check_ins(year_of_meetups):
    name, content_type, data = export(year_of_meetups)
    assert name.endswith(".csv") and content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["Reihe", "Jahr", "Durchgeführte Meetups", "Anmeldungen", "Check-ins", "Anwesenheitsquote (%)",
                       "Zum ersten Mal dabei", "Wieder dabei", "Selbst storniert", "Plätze von der Warteliste"]
    assert rows[1:] == [
        # anna and Ute at ki-1 (Ute came to the Open Innovation Hour in 2024), anna and bernd at ki-2
        [KI, "2025", "2", "4", "3", "75.0", "2", "1", "1", "0"],
        [HOUR, "2024", "1", "1", "0", "0.0", "1", "0", "0", "0"],
        [HOUR, "2025", "1", "1", "0", "0.0", "0", "1", "0", "0"],
    ]
    assert b"@" not in data  # no email address leaves the module


def test_the_same_as_excel_and_offered_in_pretixs_organizer_export(year_of_meetups, admin_client):
    name, content_type, data = export(year_of_meetups, "xlsx")
    assert name.endswith(".xlsx") and data[:2] == b"PK"
    page = admin_client.get("/control/organizer/OIC-BIE/export/")
    assert page.status_code == 200
    assert "Meetups: numbers per series and year" in page.content.decode()


def test_not_offered_where_no_event_uses_the_plugin(client):
    from pretix.base.models import Team, User

    other = Organizer.objects.create(name="Andere", slug="andere")
    Event.objects.create(organizer=other, name="Konzert", slug="konzert", currency="EUR", live=True,
                         date_from=now(), plugins="pretix.plugins.sendmail")
    user = User.objects.create_user("andere@example.org", "anderespasswort")
    Team.objects.create(organizer=other, name="Alle", all_events=True, all_event_permissions=True,
                        all_organizer_permissions=True).members.add(user)
    client.login(email="andere@example.org", password="anderespasswort")
    page = client.get("/control/organizer/andere/export/")
    assert page.status_code == 200 and "Meetups: numbers per series and year" not in page.content.decode()
