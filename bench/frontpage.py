"""Front page with the plugin on (full reference meetup) vs. the same event with the plugin off, measured
side by side in one process: time ratio and SQL queries, warm and cold. Prints JSON.

*Warm*: the page as it is requested again and again. *Changed*: the first request after an organiser changed
the meetup (one text, on both events, before every request). *Cold*: everything cleared before every
request, the cache server (if any) and what the plugin keeps in the process.
Run by bench/run.py with PRETIX_CONFIG_FILE (database; Redis as cache server, or none at all: pretix's
default) and DJANGO_SETTINGS_MODULE set."""
import json
import sys
import time

import django

django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402
from i18nfield.strings import LazyI18nString  # noqa: E402

from pretix.base.models import Event, Item, Quota  # noqa: E402

from pretix_oicmeetup.meetup.datafile import load_meetup_data  # noqa: E402
from pretix_oicmeetup.models import Speaker  # noqa: E402
from pretix_oicmeetup.presale.free_setup import apply_free_setup  # noqa: E402
from pretix_oicmeetup.render.cache import forget_here  # noqa: E402

sys.path.insert(0, ".")
from bench.common import summary  # noqa: E402
from bench.meetup import DATES, PATH, open_meetup, reference_content  # noqa: E402

ROUNDS, PER_ROUND = 30, 10
STATES = ("warm", "changed", "cold")


def setup():
    on = open_meetup()
    with scopes_disabled():
        off = Event.objects.filter(organizer=on.organizer, slug="ki-zivil-off").first()
        if off is None:
            off = Event.objects.create(organizer=on.organizer, slug="ki-zivil-off", name=on.name, live=True,
                                       currency="EUR", date_from=on.date_from, presale_end=on.presale_end,
                                       plugins="pretix.plugins.sendmail,pretix.plugins.ticketoutputpdf")
            off.settings.locales, off.settings.locale = ["de-informal"], "de-informal"
            off.settings.timezone = "Europe/Berlin"
            item = Item.objects.create(event=off, name=LazyI18nString({"de-informal": "Kostenlose Anmeldung"}),
                                       default_price=0, admission=True)
            Quota.objects.create(event=off, name="Plätze", size=30).items.add(item)
    apply_free_setup(off)  # pretix's settings as the demo sets them for the meetup: only the plugin differs
    meetup = reference_content(widget_essentials=False)  # no placeholder without the plugin
    meetup.update({key: getattr(on, key).isoformat() for key in DATES})
    with scope(organizer=off.organizer):
        load_meetup_data(off, meetup)  # same texts, dates and speakers, but the plugin is off
    return on, off


def request(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response


def clear():
    caches["default"].clear()
    forget_here()


def change(event):
    """What an organiser's edit of one text does (outside the timed request)."""
    change.count = getattr(change, "count", 0) + 1
    event.settings.set("oicmeetup_format", LazyI18nString({"de-informal": f"Impuls-Workshop {change.count}"}))


def timed(client, path, state, event):
    total = 0.0
    for _ in range(PER_ROUND):
        if state == "cold":
            clear()
        elif state == "changed":
            change(event)
        start = time.perf_counter()
        request(client, path)
        total += time.perf_counter() - start
    return total / PER_ROUND


def queries(client, path, state, event):
    if state == "cold":
        clear()
    elif state == "changed":
        request(client, path)
        change(event)
    else:
        request(client, path)
    with CaptureQueriesContext(connection) as ctx:
        request(client, path)
    return len(ctx.captured_queries)


def set_speakers(event, count):
    with scopes_disabled():
        Speaker.objects.filter(event=event).delete()
        for i in range(count):
            Speaker.objects.create(event=event, position=i, name=f"Speaker {i}",
                                   role=LazyI18nString({"de-informal": f"Rolle {i}"}),
                                   bio=LazyI18nString({"de-informal": f"Biografie **{i}** mit [Link](https://example.org/{i})."}),
                                   profile_url=f"https://www.linkedin.com/in/speaker-{i}/")


def main():
    on, off = setup()
    if "--setup-only" in sys.argv:
        return
    client = Client(HTTP_HOST="127.0.0.1:8000", HTTP_ACCEPT_LANGUAGE="de")
    client.cookies["pretix_language"] = "de-informal"
    paths = {"on": PATH, "off": "/OIC-BIE/ki-zivil-off/"}
    result = {"database": connection.vendor, "cache": caches["default"].__class__.__name__}
    events = {"on": on, "off": off}
    for state in STATES:
        for path in paths.values():  # warm up the processes' own caches (templates, settings)
            for _ in range(5):
                request(client, path)
        ratios, times = [], {"on": [], "off": []}
        for round_number in range(ROUNDS):
            order = ("on", "off") if round_number % 2 == 0 else ("off", "on")
            measured = {mode: timed(client, paths[mode], state, events[mode]) for mode in order}
            ratios.append(measured["on"] / measured["off"])
            for mode in measured:
                times[mode].append(measured[mode] * 1000)
        result[state] = {
            "ratio": summary(ratios),
            "ms_on": summary(times["on"]), "ms_off": summary(times["off"]),
            "queries_on": queries(client, paths["on"], state, on),
            "queries_off": queries(client, paths["off"], state, off),
        }
    set_speakers(on, 1)
    one = {state: queries(client, paths["on"], state, on) for state in STATES}
    set_speakers(on, 20)
    twenty = {state: queries(client, paths["on"], state, on) for state in STATES}
    result["speakers"] = {"1": one, "20": twenty}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
