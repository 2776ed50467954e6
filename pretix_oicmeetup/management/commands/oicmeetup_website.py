"""``python -m pretix oicmeetup_website ORGANIZER DIR``: write the website's files for every public meetup of
the organizer into DIR, the website's repository (``_data/events.yml``, ``_beitraege/``, the photos)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pretix.base.models import Organizer

from ...website.site import SiteError, plan, read_folder, write_plan


class Command(BaseCommand):
    help = ("Write the website's event list, posts and photos for every public meetup of an organizer into a "
            "folder (the website's repository): the meetups' entries are edited into the event list, the "
            "team's imported posts come back with what changed in pretix written into them, and a file the "
            "plugin did not write or import is never replaced.")

    def add_arguments(self, parser):
        parser.add_argument("organizer", help="organizer slug")
        parser.add_argument("directory", help="the website's folder")

    def handle(self, *args, organizer, directory, **options):
        with scopes_disabled():
            org = Organizer.objects.filter(slug=organizer).first()
        if org is None:
            raise CommandError(_("The organizer {organizer} does not exist.").format(organizer=organizer))
        with translation.override(org.settings.locale):  # the organiser's language, as pretix speaks to it
            self._write(org, Path(directory))

    def _write(self, org, root):
        try:
            result = plan(org, read_folder(root))
            write_plan(result, root)
        except SiteError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(_("{count} files, {written} written: {paths}").format(
            count=len(result.files), written=len(result.changed),
            paths=", ".join(result.changed) or _("none changed")))
        if result.removed:
            self.stdout.write(_("{count} written earlier and no longer written, removed: {paths}").format(
                count=len(result.removed), paths=", ".join(result.removed)))
        for note in result.notes:
            self.stdout.write(note)
