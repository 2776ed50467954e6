"""The meetup the benchmarks measure: the demo's next edition (open for registration, dates ahead) with the
reference meetup's texts and speakers, so that the numbers stay those of the reference announcement's page
while the demo's reference meetup itself is held (its archive). For the benchmark processes (Django set up)."""
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from pretix.base.models import Event

from pretix_oicmeetup.meetup.datafile import load_meetup_data, read_data_file

SLUG = "ki-zivil-11"
PATH = f"/OIC-BIE/{SLUG}/"
DATES = ("date_from", "date_to", "date_admission")


def reference_content(**overrides) -> dict:
    document = read_data_file("pretix_oicmeetup/demo/ki-zivil-10.json")
    return {**{k: v for k, v in document["meetup"].items() if k not in DATES and k != "series_number"},
            **overrides}


def open_meetup():
    """The demo, created if it is not there, and the open meetup with the reference meetup's content."""
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("oicmeetup_demo", stdout=open("/dev/null", "w"))
    with scopes_disabled():
        event = Event.objects.select_related("organizer").get(organizer__slug="OIC-BIE", slug=SLUG)
    with scope(organizer=event.organizer):
        load_meetup_data(event, reference_content())
    return event
