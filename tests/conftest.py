import inspect
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail as djmail
from django.utils import translation
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from hypothesis import settings as hypothesis_settings

from pretix.base.models import Event, Item, Organizer, Quota, Team, User

from pretix_oicmeetup.meetup.datafile import load_meetup_data, read_data_file

SEED_FILE = Path(__file__).resolve().parents[1] / "pretix_oicmeetup" / "demo" / "ki-zivil-10.json"

# How many examples a property test tries (README, "Tests"): ``make test`` runs the "fast" profile, ``make e2e``
# runs the property tests again with "thorough". A test through the whole stack tries a tenth of these
# (``helpers.examples``). No deadline: a shared CI machine's pauses are no failure of the code.
hypothesis_settings.register_profile("fast", max_examples=100, deadline=None)
hypothesis_settings.register_profile("thorough", max_examples=500, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def pytest_collection_modifyitems(config, items):
    # property tests carry the marker "property", so that ``make e2e`` can run them again, longer
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.property)


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    # As in pretix's own suite: plain fixtures may touch scoped models without activating a scope.
    if inspect.isgeneratorfunction(fixturedef.func):
        yield
    else:
        with scopes_disabled():
            yield


@pytest.fixture(autouse=True)
def reset_locale():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def seed():
    return read_data_file(SEED_FILE)


@pytest.fixture
def organizer():
    # a hybrid plugin: on for the organizer, then for its events
    return Organizer.objects.create(name="Open Innovation City Bielefeld", slug="OIC-BIE", plugins="pretix_oicmeetup")


@pytest.fixture
def event(organizer):
    event = Event.objects.create(
        organizer=organizer, name="Meetup", slug="ki-zivil-10",
        date_from=now() + timedelta(days=10), live=True, currency="EUR",
        plugins="pretix.plugins.sendmail,pretix_oicmeetup",
    )
    event.settings.locales = ["de-informal", "de", "en"]
    event.settings.locale = "de-informal"
    event.settings.timezone = "Europe/Berlin"
    return event


@pytest.fixture
def item(event):
    item = Item.objects.create(event=event, name="Kostenlose Anmeldung", default_price=0, admission=True)
    quota = Quota.objects.create(event=event, name="Plätze", size=30)
    quota.items.add(item)
    return item


@pytest.fixture
def seeded_event(event, item, seed):
    """The reference meetup (no. 9, KI-Kompetenz) as the demo loads it, presale open."""
    with scope(organizer=event.organizer):
        load_meetup_data(event, seed["meetup"])
    event.refresh_from_db()
    event.presale_end = now() + timedelta(days=365)
    event.save()
    return event


@pytest.fixture
def online_meetup(seeded_event):
    """The reference meetup held online, with its private meeting link."""
    from .helpers import ONLINE_LINK

    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ONLINE_LINK
    return seeded_event


@pytest.fixture
def admin_user(organizer):
    user = User.objects.create_user("orga@example.org", "orgapassword")
    team = Team.objects.create(organizer=organizer, name="Orga", all_events=True, all_event_permissions=True)
    team.members.add(user)
    return user


@pytest.fixture
def readonly_user(organizer):
    user = User.objects.create_user("viewer@example.org", "viewerpassword")
    team = Team.objects.create(organizer=organizer, name="Viewers", all_events=True,
                               limit_event_permissions={"event.orders:read": True})
    team.members.add(user)
    return user


@pytest.fixture
def organizer_admin(client, organizer):
    """Logged in with a team that has every permission of the organizer (its series, library and defaults)."""
    organizer.settings.locales = ["de-informal", "de"]
    user = User.objects.create_user("chief@example.org", "chiefpassword")
    Team.objects.create(organizer=organizer, name="Chiefs", all_events=True, all_event_permissions=True,
                        all_organizer_permissions=True).members.add(user)
    client.login(email="chief@example.org", password="chiefpassword")
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.login(email="orga@example.org", password="orgapassword")
    return client


@pytest.fixture
def outbox():
    djmail.outbox = []
    return djmail.outbox




# Rows (endpoint, caller, status) of the permission attack test, printed as a table after the run.
PERMISSION_RESULTS = []


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not PERMISSION_RESULTS:
        return
    terminalreporter.section("permissions: every plugin endpoint, by caller")
    width = max(len(r[0]) for r in PERMISSION_RESULTS)
    terminalreporter.write_line(f"{'endpoint':<{width}}  {'caller':<28} status  result")
    for endpoint, caller, status, refused in PERMISSION_RESULTS:
        terminalreporter.write_line(f"{endpoint:<{width}}  {caller:<28} {status:<6}  "
                                    f"{'refused' if refused else 'ALLOWED'}")


@pytest.fixture(autouse=True, scope="session")
def expected_database(django_db_setup, django_db_blocker):
    """The PostgreSQL run (tests/e2e/run_suite_on_postgres.py) proves it really runs on PostgreSQL."""
    import os

    from django.db import connection

    expected = os.environ.get("OICMEETUP_EXPECT_DB")
    if expected:
        with django_db_blocker.unblock():
            assert connection.vendor == expected, f"tests run on {connection.vendor}, not {expected}"
