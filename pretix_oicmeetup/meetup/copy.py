"""The next edition: copying an event (pretix's "copy from event") takes the meetup along."""
import os

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from . import fields as registry
from .fields import POST_FRONT_MATTER_KEY
from .log import MEETUP_COPIED
from .store import write


def copy_meetup(event, source):
    """pretix copies the settings, the plugins and the Einlass (relative to the new start) itself; this adds
    the speakers with their photos and counts the series on, through the one write path."""
    from ..models import Speaker

    with scopes_disabled():
        speakers = []
        for speaker in Speaker.objects.filter(event=source).order_by("position", "id"):
            item = {"name": speaker.name, "role": speaker.role, "bio": speaker.bio,
                    "profile_url": speaker.profile_url}
            if speaker.photo:
                with speaker.photo.open("rb") as f:
                    item["photo"] = ContentFile(f.read(), name=os.path.basename(speaker.photo.name))
            speakers.append(item)
    number = source.settings.get(registry.get("series_number").setting_key, as_type=int)
    front_matter = event.settings.get(POST_FRONT_MATTER_KEY, as_type=dict)
    if front_matter and "date" in front_matter:  # the website post of the new edition gets its own date
        front_matter.pop("date")
        event.settings.set(POST_FRONT_MATTER_KEY, front_matter)
    write(event, {"series_number": number + 1} if number else {}, speakers, action=MEETUP_COPIED, log_extra={
        "source": source.slug, "series_number": number + 1 if number else None,
        "admission_moved": bool(event.date_admission),
    })
