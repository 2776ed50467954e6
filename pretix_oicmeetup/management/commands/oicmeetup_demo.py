"""``python -m pretix oicmeetup_demo``: the reference meetup and its next edition for ``make demo`` and the
benchmarks, as OIC has them at this time of the year: the reference meetup (``ki-zivil-10``, 11 November 2025)
held, with the team's announcement and Rückblick posts imported from the website, and the next edition of the
series (``ki-zivil-11``, made by pretix's event copy) open for registration some weeks ahead."""
from datetime import datetime, time, timedelta
from pathlib import Path

import dateutil.parser
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Event, Item, Organizer, Quota, Team, User

from ...mail.confirmation import apply_confirmation_templates
from ...meetup.access import PLUGIN_NAME
from ...meetup.datafile import MeetupDataError, load_meetup_data, read_data_file
from ...meetup.store import write
from ...posts.importer import import_post
from ...posts.structure import PostParseError
from ...presale.free_setup import apply_free_setup

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "ki-zivil-10.json"
PLUGINS = f"pretix.plugins.sendmail,pretix.plugins.ticketoutputpdf,{PLUGIN_NAME}"


class Command(BaseCommand):
    help = ("Create the reference meetup from a demo data file (organizer, event, free ticket, data, the website's "
            "posts) and its next edition. An existing event is left as it is, so the organiser's edits survive "
            "a restart of the demo.")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEMO_FILE))
        parser.add_argument("--user", default="admin@localhost", help="user that gets a team with all permissions")

    def handle(self, *args, file, user, **options):
        folder = Path(file).parent
        try:
            document = read_data_file(file)
            following = read_data_file(folder / document["next_edition"]) if document.get("next_edition") else None
        except MeetupDataError as e:
            raise CommandError(str(e)) from e
        reference = self._reference(document, folder, file, user)
        if following is not None:
            self._next_edition(reference, following)

    def _reference(self, document, folder, file, user):
        with transaction.atomic():  # an event is created complete with its demo data, or not at all
            with scopes_disabled():
                event, created = self._event(document, document["event"])
                self._team(event.organizer, user, created)
            if created:
                with scope(organizer=event.organizer):
                    try:
                        load_meetup_data(event, document["meetup"])
                    except MeetupDataError as e:
                        raise CommandError(str(e)) from e
                    apply_confirmation_templates(event)
                    apply_free_setup(event)  # as OIC runs a free meetup: a registration, not a purchase
                    for name in document.get("posts", []):  # the website's posts, as the organisers import them
                        self._import(event, folder / name)
                    if document.get("held"):  # registration closed at the start, the Rückblick may go to attendees
                        event.presale_end = event.date_from
                        write(event, {"retrospective_for_attendees": True})
                    event.live = True
                    event.save(update_fields=["live", "presale_end"])
        self._report(event, created, file)
        return event

    def _import(self, event, path):
        try:
            import_post(event, path.read_text(encoding="utf-8"), source=path.name)
        except (OSError, PostParseError) as e:
            raise CommandError(f"{path}: {e}") from e

    def _next_edition(self, reference, following):
        """The next edition as an organiser makes it: pretix's copy of the last one (which takes the meetup
        along and counts the series on), then its own date, some weeks ahead, and its own texts."""
        with scopes_disabled():
            existing = Event.objects.filter(organizer=reference.organizer, slug=following["slug"]).first()
        if existing is not None:
            self._report(existing, False, following["slug"])
            return
        tz = reference.timezone
        day = (now().astimezone(tz) + timedelta(weeks=following["weeks_ahead"])).date()
        day += timedelta(days=(1 - day.weekday()) % 7)  # OIC's meetups are on Tuesdays

        def at(hhmm):
            return datetime.combine(day, time.fromisoformat(hhmm)).replace(tzinfo=tz)

        with transaction.atomic(), scope(organizer=reference.organizer):
            event = Event.objects.create(
                organizer=reference.organizer, slug=following["slug"], name=reference.name, currency="EUR",
                date_from=at(following["start"]), date_to=at(following["end"]), plugins=reference.plugins,
                location=reference.location, is_remote=reference.is_remote,
            )
            event.copy_data_from(reference)
            event.date_admission, event.presale_end = at(following["admission"]), at(following["start"])
            event.save()
            try:
                load_meetup_data(event, following["meetup"])
            except MeetupDataError as e:
                raise CommandError(str(e)) from e
            event.live = True
            event.save(update_fields=["live"])
        self._report(event, True, following["slug"])

    def _report(self, event, created, source):
        if created:
            self.stdout.write(f"{event.organizer.slug}/{event.slug} created from {source}")
        else:
            # The demo data is the starting point, not the state: whatever the organiser changed since
            # (times, texts, an online link, taking the shop offline) stays.
            self.stdout.write(
                f"{event.organizer.slug}/{event.slug} exists already and is kept as it is. To start again "
                "from the demo data, delete the event (for `make demo`: stop it and delete the .demo/ "
                "directory)."
            )

    def _event(self, document, ev_data):
        org_data, meetup = document["organizer"], document["meetup"]
        organizer, created = Organizer.objects.get_or_create(slug=org_data["slug"],
                                                             defaults={"name": org_data["name"]})
        if created:  # the organizer's own pages (the series page) in the meetup's languages
            organizer.settings.locales = ev_data["locales"]
            organizer.settings.locale = ev_data["locales"][0]
            organizer.settings.timezone = ev_data["timezone"]
        if PLUGIN_NAME not in organizer.get_plugins():  # a hybrid plugin: on for the organizer, then its events
            organizer.enable_plugin(PLUGIN_NAME)
            organizer.save()
        event = Event.objects.filter(organizer=organizer, slug=ev_data["slug"]).first()
        if event is not None:
            return event, False
        event = Event.objects.create(
            organizer=organizer, slug=ev_data["slug"], name=LazyI18nString(meetup["title"]),
            date_from=dateutil.parser.isoparse(meetup["date_from"]),
            presale_end=dateutil.parser.isoparse(ev_data["presale_end"]),
            currency="EUR", plugins=PLUGINS,
        )
        event.settings.locales = ev_data["locales"]
        event.settings.locale = ev_data["locales"][0]
        event.settings.timezone = ev_data["timezone"]
        product = ev_data["product"]
        item = Item.objects.create(event=event, name=LazyI18nString(product["name"]), default_price=0,
                                   admission=True, active=True)
        quota = Quota.objects.create(event=event, name=str(LazyI18nString(product["name"])),
                                     size=product["quota"])
        quota.items.add(item)
        return event, True

    def _team(self, organizer, email, created):
        user = User.objects.filter(email=email).first()
        if user is None:
            return
        if created:  # the organisers' language; later choices of the user are kept
            user.locale = "de-informal"
            user.timezone = "Europe/Berlin"
            user.save(update_fields=["locale", "timezone"])
        team, _ = Team.objects.get_or_create(
            organizer=organizer, name="Admins",
            defaults={"all_events": True, "all_event_permissions": True, "all_organizer_permissions": True},
        )
        team.members.add(user)
