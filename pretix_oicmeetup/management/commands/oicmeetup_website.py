"""``python -m pretix oicmeetup_website ORGANIZER DIR``: write the website's files for every public meetup of
the organizer into DIR, the website's repository (``_data/events.yml``, ``_beitraege/``, the photos)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from pretix.base.models import Organizer

from ...website.events_list import EventListError
from ...website.files import EVENT_LIST, remove_stale, website_files, write_files


class Command(BaseCommand):
    help = ("Write the website's event list, posts and photos for every public meetup of an organizer into a "
            "folder (the website's repository). Entries of other events in an existing event list are kept.")

    def add_arguments(self, parser):
        parser.add_argument("organizer", help="organizer slug")
        parser.add_argument("directory", help="the website's folder")

    def handle(self, *args, organizer, directory, **options):
        with scopes_disabled():
            org = Organizer.objects.filter(slug=organizer).first()
        if org is None:
            raise CommandError(f"Organizer {organizer} does not exist.")
        root = Path(directory)
        if not root.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        current = root / EVENT_LIST
        try:
            files = website_files(org, current.read_text(encoding="utf-8") if current.exists() else None)
        except EventListError as e:
            raise CommandError(f"{current} is not an event list the plugin can read, so it was not touched: "
                               f"{e}") from None
        written = write_files(files, root)
        removed = remove_stale(files, root)
        self.stdout.write(f"{len(files)} files, {len(written)} written: " + (", ".join(written) or "none changed"))
        if removed:
            self.stdout.write(f"{len(removed)} written earlier under another name removed: " + ", ".join(removed))
