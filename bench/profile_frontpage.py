"""Where the plugin's time and queries go on the front page (warm cache): the SQL that only the plugin's
page runs, and a profile of its request. A helper for bench/run.py's front page numbers."""
import cProfile
import pstats
import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

sys.path.insert(0, ".")
from bench.frontpage import setup  # noqa: E402
from bench.meetup import PATH, SLUG  # noqa: E402


def main():
    setup()
    client = Client(HTTP_HOST="127.0.0.1:8000")
    client.cookies["pretix_language"] = "de-informal"
    sql = {}
    for mode, path in (("on", PATH), ("off", "/OIC-BIE/ki-zivil-off/")):
        for _ in range(5):
            client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        sql[mode] = [q["sql"].replace("ki-zivil-off", SLUG) for q in ctx.captured_queries]
    print("-- queries only with the plugin:")
    off = list(sql["off"])
    for query in sql["on"]:
        if query in off:
            off.remove(query)
        else:
            print("  ", query[:300])
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(50):
        client.get(PATH)
    profile.disable()
    focus = "pretix_oicmeetup|event_microdata|social_image|get_template|eventsignal"
    pstats.Stats(profile).sort_stats("cumulative").print_stats(focus, 30)


if __name__ == "__main__":
    main()
