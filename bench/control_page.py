"""The meetup page against pretix's own event settings page, side by side in one process: opening each (GET) and
saving each with one field changed (POST: the venue, a field both pages edit, to a new text each time, so that
every save writes), time ratio and SQL queries. Prints JSON.
Run by bench/run.py with PRETIX_CONFIG_FILE (database, Redis as cache server) and DJANGO_SETTINGS_MODULE set."""
import json
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from pretix.base.models import Team, User  # noqa: E402

sys.path.insert(0, ".")
from bench.common import summary  # noqa: E402
from bench.meetup import SLUG, open_meetup  # noqa: E402
from tests.helpers import extract_form_data  # noqa: E402

ROUNDS, PER_ROUND = 20, 3
PAGES = {
    "meetup": (f"/control/event/OIC-BIE/{SLUG}/oicmeetup/", "form.form-horizontal", "meetup-location_{}"),
    "pretix": (f"/control/event/OIC-BIE/{SLUG}/settings/", "form[method=post]", "location_{}"),
}
LANGUAGES = ["en", "de", "de-informal"]  # pretix numbers an i18n field's inputs in the order of its LANGUAGES


def setup() -> Client:
    event = open_meetup()
    with scopes_disabled():
        user = User.objects.filter(email="bench@example.org").first() or User.objects.create_user(
            "bench@example.org", "bench-password", locale="de-informal")
        team = Team.objects.create(organizer=event.organizer, name="Bench", all_events=True,
                                   all_event_permissions=True, all_organizer_permissions=True)
        team.members.add(user)
    client = Client(HTTP_HOST="127.0.0.1:8000")
    client.force_login(user)
    return client


def form_data(client, page) -> dict:
    url, selector, _field = PAGES[page]
    response = client.get(url)
    assert response.status_code == 200, (page, response.status_code)
    return extract_form_data(response.content.decode(), selector)


def save(client, page, data, counter):
    """The form as the browser sends it, with the venue changed in every language the event has."""
    url, _selector, field = PAGES[page]
    data = dict(data)
    for index in range(len(LANGUAGES)):
        if field.format(index) in data:
            data[field.format(index)] = f"Innovation Office, Alter Markt 13, 33602 Bielefeld ({counter})"
    response = client.post(url, data)
    assert response.status_code == 302, (page, response.status_code, response.content[:2000])


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main():
    client = setup()
    forms = {page: form_data(client, page) for page in PAGES}
    counter = iter(range(10**6))
    actions = {
        "get": lambda page: form_data(client, page),
        "post": lambda page: save(client, page, forms[page], next(counter)),
    }
    result = {"database": connection.vendor}
    for kind, action in actions.items():
        for page in PAGES:  # warm up: templates, settings, the process's caches
            for _ in range(3):
                action(page)
        ratios, times = [], {page: [] for page in PAGES}
        for round_number in range(ROUNDS):
            order = ("meetup", "pretix") if round_number % 2 == 0 else ("pretix", "meetup")
            measured = {page: sum(timed(lambda p=page, a=action: a(p)) for _ in range(PER_ROUND)) / PER_ROUND
                        for page in order}
            ratios.append(measured["meetup"] / measured["pretix"])
            for page, seconds in measured.items():
                times[page].append(seconds * 1000)
        queries = {}
        for page in PAGES:
            with CaptureQueriesContext(connection) as captured:
                action(page)
            queries[page] = len(captured.captured_queries)
        result[kind] = {"ratio": summary(ratios), "ms_meetup": summary(times["meetup"]),
                        "ms_pretix": summary(times["pretix"]), "queries_meetup": queries["meetup"],
                        "queries_pretix": queries["pretix"]}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
