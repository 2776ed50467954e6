import os
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from django_scopes import ScopedManager
from i18nfield.fields import I18nCharField, I18nTextField

from pretix.base.models import Event

from .validators import validate_http_url


def speaker_photo_upload_to(instance, filename: str) -> str:
    # Random names: photos are public files, their names must not be guessable from the speaker.
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "bin"
    return f"pub/{instance.event.organizer.slug}/{instance.event.slug}/oicmeetup-speaker-{uuid.uuid4().hex}.{extension}"


class Speaker(models.Model):
    """A person presenting at the meetup, shown under "Fachexpertise" in the given order."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="oicmeetup_speakers")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(verbose_name=_("Name"), max_length=200)
    role = I18nCharField(
        verbose_name=pgettext_lazy("oicmeetup", "Role or affiliation"), max_length=300, blank=True,
    )
    bio = I18nTextField(verbose_name=pgettext_lazy("oicmeetup", "Biography"), blank=True)
    profile_url = models.URLField(
        verbose_name=pgettext_lazy("oicmeetup", "Profile link"), max_length=500, blank=True,
        validators=[validate_http_url],
    )
    photo = models.FileField(
        verbose_name=pgettext_lazy("oicmeetup", "Photo"), null=True, blank=True, max_length=255,
        upload_to=speaker_photo_upload_to,
    )

    objects = ScopedManager(organizer="event__organizer")

    class Meta:
        ordering = ("position", "id")

    def __str__(self):
        return self.name
