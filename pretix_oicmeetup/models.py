"""The plugin's own tables: the organizer's meetup series and which event is an edition of which, the
speakers of a meetup, the photos and materials of its Rückblick, and which version of the announcement each
registration was told about (for change notices)."""
import os
import uuid

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from django_scopes import ScopedManager, scopes_disabled
from i18nfield.fields import I18nCharField, I18nTextField

from pretix.base.models import Event, Organizer

from .meetup.names import name_key, profile_key
from .meetup.validators import validate_http_url, validate_slug

# a key is at most three times as long as its text (casefold: "ß" is "ss", "ΐ" three characters)
NAME_KEY_MAX_LENGTH = 3 * 200
PROFILE_KEY_MAX_LENGTH = 3 * 500


def with_keys(kwargs: dict, changed: str, keys: tuple) -> dict:
    """``save``'s arguments: a save of some fields that include ``changed`` stores its ``keys`` as well."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and changed in update_fields:
        kwargs["update_fields"] = {*update_fields, *keys}
    return kwargs


def public_path(instance, filename: str, kind: str) -> str:
    """Where pretix's storage keeps an uploaded file of the meetup: in the event's public folder, under a
    random name (photos and slides are public; their names must not be guessable)."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "bin"
    event = instance.event
    return f"pub/{event.organizer.slug}/{event.slug}/oicmeetup-{kind}-{uuid.uuid4().hex}.{extension}"


def speaker_photo_upload_to(instance, filename: str) -> str:
    return public_path(instance, filename, "speaker")


def person_photo_upload_to(instance, filename: str) -> str:
    # the library's photos are not public until an edition shows them (as its speaker's own copy)
    extension = os.path.splitext(filename)[1].lower().lstrip(".") or "bin"
    return f"oicmeetup/{instance.organizer.slug}/person-{uuid.uuid4().hex}.{extension}"


def retrospective_photo_upload_to(instance, filename: str) -> str:
    return public_path(instance, filename, "photo")


def retrospective_material_upload_to(instance, filename: str) -> str:
    return public_path(instance, filename, "material")


class Series(models.Model):
    """A meetup series of the organizer, kept once: its name, the topic that addresses its public page and
    the website's list, its link and what it is about. Each edition carries a copy of these in its own fields
    (what its announcement said); a change here is written into the upcoming editions only."""

    organizer = models.ForeignKey(Organizer, on_delete=models.CASCADE, related_name="oicmeetup_series")
    name = I18nCharField(verbose_name=pgettext_lazy("oicmeetup", "Series name"), max_length=200)
    topic = models.CharField(
        verbose_name=pgettext_lazy("oicmeetup", "Series topic on the website"), max_length=100,
        validators=[validate_slug],
        help_text=_("The address of the series' page and its topic in the website's event list, e.g. "
                    "ki-zivilgesellschaft."),
    )
    url = models.URLField(verbose_name=pgettext_lazy("oicmeetup", "Series link"), max_length=500, blank=True,
                          validators=[validate_http_url])
    info = I18nTextField(verbose_name=pgettext_lazy("oicmeetup", "About the series"), blank=True)
    # the name as an edition is matched to its series by (``meetup.names.name_key``), kept by ``save``
    name_key = models.CharField(max_length=NAME_KEY_MAX_LENGTH, editable=False, default="")

    objects = ScopedManager(organizer="organizer")

    class Meta:
        ordering = ("topic",)
        constraints = [models.UniqueConstraint(fields=["organizer", "topic"], name="oicmeetup_series_topic")]
        indexes = [models.Index(fields=["organizer", "name_key"], name="oicmeetup_series_name_key")]

    def __str__(self):
        return str(self.name)

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        kwargs = with_keys(kwargs, "name", ("name_key",))
        # Here rather than in each writer (the series page, an edition renamed through the API or the data
        # file), so that no path can change the topic without the old address leading to the series.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "topic" not in update_fields:
            return super().save(*args, **kwargs)
        with scopes_disabled(), transaction.atomic():
            before = Series.objects.filter(pk=self.pk).values_list("topic", flat=True).first() if self.pk else None
            super().save(*args, **kwargs)
            # the live topic wins: a former topic that a series takes as its own is no longer a way elsewhere
            SeriesFormerTopic.objects.filter(organizer_id=self.organizer_id, topic=self.topic).delete()
            if before and before != self.topic:
                SeriesFormerTopic.objects.update_or_create(organizer_id=self.organizer_id, topic=before,
                                                           defaults={"series": self})


class SeriesFormerTopic(models.Model):
    """A topic the series had before it was renamed: its old public address redirects to the current one,
    until another series of the organizer takes the topic as its own."""

    organizer = models.ForeignKey(Organizer, on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="former_topics")
    topic = models.CharField(max_length=100)

    objects = ScopedManager(organizer="organizer")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organizer", "topic"], name="oicmeetup_series_former_topic")]

    def __str__(self):
        return f"{self.topic} -> {self.series_id}"


class SeriesEdition(models.Model):
    """The event is an edition of the series. Kept apart from the event's copy of the series name, so that a
    past edition stays in its series when the series is renamed."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="oicmeetup_edition")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="editions")

    objects = ScopedManager(organizer="event__organizer")

    def __str__(self):
        return f"{self.series_id}/{self.event_id}"


class Person(models.Model):
    """A speaker in the organizer's library. An edition's speaker is a copy that may say something else for
    that edition (role, biography); the edition takes over later changes here when the organiser asks. The
    photo goes to an edition only with a recorded consent to publish it."""

    organizer = models.ForeignKey(Organizer, on_delete=models.CASCADE, related_name="oicmeetup_people")
    name = models.CharField(verbose_name=_("Name"), max_length=200)
    role = I18nCharField(verbose_name=pgettext_lazy("oicmeetup", "Role or affiliation"), max_length=300,
                         blank=True)
    bio = I18nTextField(verbose_name=pgettext_lazy("oicmeetup", "Biography"), blank=True)
    profile_url = models.URLField(verbose_name=pgettext_lazy("oicmeetup", "Profile link"), max_length=500,
                                  blank=True, validators=[validate_http_url])
    photo = models.FileField(verbose_name=pgettext_lazy("oicmeetup", "Photo"), null=True, blank=True,
                             max_length=255, upload_to=person_photo_upload_to)
    photo_consent_on = models.DateField(
        verbose_name=pgettext_lazy("oicmeetup", "Consent to publish the photo given on"), null=True, blank=True)
    photo_consent_note = models.CharField(
        verbose_name=pgettext_lazy("oicmeetup", "How the consent was given"), max_length=300, blank=True,
        help_text=_("For example: by email to the team, signed form."))
    # who the person is, as a speaker row is matched to them (``library.people.person_key``), kept by ``save``
    name_key = models.CharField(max_length=NAME_KEY_MAX_LENGTH, editable=False, default="")
    profile_key = models.CharField(max_length=PROFILE_KEY_MAX_LENGTH, editable=False, default="", blank=True)

    objects = ScopedManager(organizer="organizer")

    class Meta:
        ordering = ("name", "id")
        indexes = [models.Index(fields=["organizer", "name_key"], name="oicmeetup_person_name_key")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key, self.profile_key = name_key(self.name), profile_key(self.profile_url)
        kwargs = with_keys(kwargs, "name", ("name_key",))
        kwargs = with_keys(kwargs, "profile_url", ("profile_key",))
        super().save(*args, **kwargs)

    @property
    def photo_publishable(self) -> bool:
        return bool(self.photo) and self.photo_consent_on is not None


class Speaker(models.Model):
    """A person presenting at the meetup, shown under "Fachexpertise" in the given order."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="oicmeetup_speakers")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="appearances")
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


class AnnouncementVersion(models.Model):
    """A snapshot of the meetup data that attendees were told about: in their confirmation (recorded when an
    order is placed) or in a change notice (``is_notice``)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="oicmeetup_versions")
    number = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)
    data = models.JSONField()
    is_notice = models.BooleanField(default=False)
    notice_subject = models.JSONField(null=True, blank=True)  # i18n dicts the organiser wrote for the notice
    notice_intro = models.JSONField(null=True, blank=True)
    notice_started = models.DateTimeField(null=True, blank=True)
    notice_heartbeat = models.DateTimeField(null=True, blank=True)  # a sending task is alive ...
    notice_worker = models.CharField(max_length=200, blank=True)  # ... on this celery worker
    notice_finished = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("pretixbase.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ScopedManager(organizer="event__organizer")

    class Meta:
        ordering = ("number",)
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="oicmeetup_version_unique")]

    def __str__(self):
        return f"{self.event_id}/v{self.number}"


class AnnouncementReceipt(models.Model):
    """The order was told about this version. Unique per order and version, so a notice reaches each order
    at most once, however often the sending task runs."""

    order = models.ForeignKey("pretixbase.Order", on_delete=models.CASCADE, related_name="oicmeetup_receipts")
    version = models.ForeignKey(AnnouncementVersion, on_delete=models.CASCADE, related_name="receipts")
    created = models.DateTimeField(auto_now_add=True)
    outgoing_mails = models.JSONField(default=list, blank=True)  # OutgoingMail pks of the notice

    objects = ScopedManager(organizer="order__event__organizer")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order", "version"], name="oicmeetup_receipt_unique")]

    def __str__(self):
        return f"{self.order_id}@{self.version_id}"


class RetrospectivePhoto(models.Model):
    """A photo of the Rückblick's gallery, in the organiser's order, with the text that describes it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="oicmeetup_photos")
    position = models.PositiveIntegerField(default=0)
    image = models.FileField(verbose_name=pgettext_lazy("oicmeetup", "Photo"), max_length=255,
                             upload_to=retrospective_photo_upload_to)
    alt = I18nCharField(verbose_name=pgettext_lazy("oicmeetup", "What the photo shows"), max_length=300)
    credit = models.CharField(verbose_name=pgettext_lazy("oicmeetup", "Photo credit"), max_length=200, blank=True)

    objects = ScopedManager(organizer="event__organizer")

    class Meta:
        ordering = ("position", "id")

    def __str__(self):
        return str(self.alt)


class RetrospectiveMaterial(models.Model):
    """Slides or other material of the meetup: a title and a link or an uploaded PDF."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="oicmeetup_materials")
    position = models.PositiveIntegerField(default=0)
    title = I18nCharField(verbose_name=pgettext_lazy("oicmeetup", "Title"), max_length=300)
    url = models.URLField(verbose_name=pgettext_lazy("oicmeetup", "Link"), max_length=500, blank=True,
                          validators=[validate_http_url])
    file = models.FileField(verbose_name=pgettext_lazy("oicmeetup", "PDF"), null=True, blank=True, max_length=255,
                            upload_to=retrospective_material_upload_to)

    objects = ScopedManager(organizer="event__organizer")

    class Meta:
        ordering = ("position", "id")

    def __str__(self):
        return str(self.title)
