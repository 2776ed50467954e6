"""The next edition: copying an event (pretix's "copy from event") takes the meetup along."""
import os

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from .logtypes import MEETUP_COPIED
from .meetupdata import POST_FRONT_MATTER_KEY, SETTINGS_BY_NAME
from .models import Speaker


def copy_meetup(event, source):
    """pretix copies settings, plugins and the Einlass (relative to the new start) itself; this adds the
    speakers with their photos and counts the series on."""
    with scopes_disabled():
        for speaker in Speaker.objects.filter(event=source).order_by("position", "id"):
            copy = Speaker(event=event, position=speaker.position, name=speaker.name, role=speaker.role,
                           bio=speaker.bio, profile_url=speaker.profile_url)
            if speaker.photo:
                with speaker.photo.open("rb") as f:
                    copy.photo.save(os.path.basename(speaker.photo.name), ContentFile(f.read()), save=False)
            copy.save()
    number_key = SETTINGS_BY_NAME["series_number"].key
    number = source.settings.get(number_key, as_type=int)
    if number:
        event.settings.set(number_key, number + 1)
    front_matter = event.settings.get(POST_FRONT_MATTER_KEY, as_type=dict)
    if front_matter and "date" in front_matter:  # the website post of the new edition gets its own date
        front_matter.pop("date")
        event.settings.set(POST_FRONT_MATTER_KEY, front_matter)
    event.log_action(MEETUP_COPIED, data={"source": source.slug, "series_number": number + 1 if number else None,
                                          "admission_moved": bool(event.date_admission)})
