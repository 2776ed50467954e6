"""``python -m pretix oicmeetup_load ORGANIZER EVENT FILE``: load meetup data from a JSON file into an event."""
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope, scopes_disabled

from pretix.base.models import Event

from ...meetup.changes import ChangeKind
from ...meetup.datafile import MeetupDataError, load_meetup_data, read_data_file


class Command(BaseCommand):
    help = "Load meetup data (the REST API's JSON shape, or a document with a 'meetup' key) into an event."

    def add_arguments(self, parser):
        parser.add_argument("organizer", help="organizer slug")
        parser.add_argument("event", help="event slug")
        parser.add_argument("file", help="JSON file")

    def handle(self, *args, organizer, event, file, **options):
        try:
            with scopes_disabled():
                ev = Event.objects.select_related("organizer").get(organizer__slug=organizer, slug=event)
        except Event.DoesNotExist:
            raise CommandError(f"Event {organizer}/{event} does not exist.") from None
        try:
            document = read_data_file(file)
            with scope(organizer=ev.organizer):
                changes = load_meetup_data(ev, document.get("meetup", document))
        except MeetupDataError as e:
            raise CommandError(str(e)) from e
        fields = [c.field for c in changes if c.kind is ChangeKind.FIELD]
        self.stdout.write("Changed: {}".format(", ".join(fields) or "nothing")
                          + ("; speakers updated" if len(fields) < len(changes) else ""))
