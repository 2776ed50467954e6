"""The meetup data as one JSON document: read, validated and written the same way by the REST API,
the data-file loader (``oicmeetup_load``, used by the demo) and the post importer."""
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from i18nfield.rest_framework import I18nField
from i18nfield.strings import LazyI18nString
from rest_framework import serializers

from pretix.base.forms.validators import PlaceholderValidator
from pretix.base.services.placeholders import get_available_placeholders

from .changeset import (
    comparable_value,
    diff,
    event_locales,
    log_data,
    match_speakers,
    snapshot,
    stored_snapshot,
)
from .meetupdata import (
    DESCRIPTION_MAX_LENGTH,
    LOCATION_MAX_LENGTH,
    MEETUP_SETTINGS,
    PRIVATE_SETTINGS,
    SETTINGS_BY_NAME,
    SPEAKER_BIO_MAX_LENGTH,
    SPEAKER_NAME_MAX_LENGTH,
    SPEAKER_ROLE_MAX_LENGTH,
    SPEAKERS_MAX,
    SPEAKERS_MAX_MESSAGE,
    TITLE_MAX_LENGTH,
    read_settings,
)
from .models import Speaker
from .validators import I18nMaxLengthValidator, validate_http_url
from .widget import sync_essentials_token, without_essentials_token

EVENT_FIELDS = ("date_from", "date_to", "date_admission", "location", "is_remote")
SCHEDULE_FIELDS = ("date_from", "date_to", "date_admission", "location")


class HttpURLField(serializers.URLField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)
        self.validators.append(validate_http_url)


class LimitedI18nField(I18nField):
    """An i18n text of at most ``limit`` characters per language (i18nfield takes but ignores max_length)."""

    def __init__(self, limit=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        if limit:
            self.validators.append(I18nMaxLengthValidator(limit))


class TextOnlyCharField(serializers.CharField):
    """A name is text: DRF would turn the number 5 into "5"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def _setting_field(name):
    return LimitedI18nField(limit=SETTINGS_BY_NAME[name].max_length, allow_null=True)


class SpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    name = TextOnlyCharField(max_length=SPEAKER_NAME_MAX_LENGTH)
    role = LimitedI18nField(limit=SPEAKER_ROLE_MAX_LENGTH, allow_null=True)
    bio = LimitedI18nField(limit=SPEAKER_BIO_MAX_LENGTH, allow_null=True)
    profile_url = HttpURLField()
    photo_url = serializers.SerializerMethodField()

    def get_photo_url(self, speaker):
        return urljoin(settings.SITE_URL, default_storage.url(speaker.photo.name)) if speaker.photo else None


class MeetupSerializer(serializers.Serializer):
    title = LimitedI18nField(limit=TITLE_MAX_LENGTH, source="name")
    description = LimitedI18nField(limit=DESCRIPTION_MAX_LENGTH, allow_null=True)
    date_from = serializers.DateTimeField(required=False)
    date_to = serializers.DateTimeField(required=False, allow_null=True)
    date_admission = serializers.DateTimeField(required=False, allow_null=True)
    location = LimitedI18nField(limit=LOCATION_MAX_LENGTH, allow_null=True)
    is_remote = serializers.BooleanField(required=False)
    teaser = _setting_field("teaser")
    format = _setting_field("format")
    prerequisites = _setting_field("prerequisites")
    hint = _setting_field("hint")
    outcomes_intro = _setting_field("outcomes_intro")
    outcomes = _setting_field("outcomes")
    materials = _setting_field("materials")
    series_name = _setting_field("series_name")
    series_number = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=9999)
    series_url = HttpURLField()
    series_info = _setting_field("series_info")
    contact = _setting_field("contact")
    online_url = HttpURLField()
    widget_essentials = serializers.BooleanField(required=False, allow_null=True)
    speakers = SpeakerSerializer(many=True, required=False)

    def __init__(self, *args, event=None, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def validate_speakers(self, speakers):
        if len(speakers) > SPEAKERS_MAX:
            raise serializers.ValidationError(SPEAKERS_MAX_MESSAGE.format(limit=SPEAKERS_MAX))
        # partial=True (PATCH) would let a speaker without a name through
        if any(not (s.get("name") or "").strip() for s in speakers):
            raise serializers.ValidationError(_("Every speaker needs a name."))
        names = [s["name"].strip().lower() for s in speakers]
        if len(names) != len(set(names)):
            raise serializers.ValidationError(_("Each speaker can only be listed once."))
        return speakers

    def validate_description(self, value):
        """As pretix's own settings form checks the front page text: placeholders that exist, braces that
        match (a literal brace is written twice)."""
        if value is None or self.event is None:
            return value
        placeholders = get_available_placeholders(self.event, ["event"])
        try:
            PlaceholderValidator([f"{{{name}}}" for name in placeholders])(value)
        except DjangoValidationError as e:
            raise serializers.ValidationError(list(e.messages)) from None
        return value

    def validate(self, data):
        event = self.event
        if event is not None and event.has_subevents and any(f in data for f in SCHEDULE_FIELDS):
            raise serializers.ValidationError({
                f: _("This event is a series of dates; set this for each date instead.")
                for f in SCHEDULE_FIELDS if f in data
            })

        def current(name):
            if name in data:
                return data[name]
            if name in EVENT_FIELDS:
                return getattr(event, name, None) if event is not None else None
            return event.settings.get("oicmeetup_" + name) if event is not None else None

        start, end, admission = current("date_from"), current("date_to"), current("date_admission")
        errors = {}
        if start and end and end < start:
            errors["date_to"] = _("The end of the meetup has to be later than its start.")
        if start and admission and admission > start:
            errors["date_admission"] = _("Admission cannot be later than the start of the meetup.")
        if current("online_url") and not current("is_remote"):
            errors["online_url"] = _("An online meeting link needs an online event (is_remote).")
        if errors:
            raise serializers.ValidationError(errors)
        return data


def meetup_data(event, include_private: bool) -> dict:
    """The current meetup data in the serializer's shape."""
    values = read_settings(event)
    data = {
        "name": event.name,  # the serializer calls it "title"
        "description": without_essentials_token(event.settings.frontpage_text),
        **{f: getattr(event, f) for f in EVENT_FIELDS},
        **values,
    }
    with scopes_disabled():
        data["speakers"] = list(Speaker.objects.filter(event=event).order_by("position", "id"))
    with timezone.override(event.timezone):  # times as the organiser thinks of them, same in every request
        serialized = MeetupSerializer(data, event=event).data
    if not include_private:
        for name in PRIVATE_SETTINGS:
            serialized.pop(name, None)
    return serialized


def _is_empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, LazyI18nString) and not value)


def apply_meetup_data(event, data: dict) -> dict:
    """Writes validated data (partial updates allowed); the caller holds the transaction.

    Values whose shown form is already the current one are not written. Returns the changes, as the
    change engine sees them, in the shape the event log uses.
    """
    before = stored_snapshot(event)
    locales = event_locales(event)

    def differs(name, old, new):
        return comparable_value(name, old, locales) != comparable_value(name, new, locales)

    event_updates = []
    if "name" in data and differs("title", event.name, data["name"]):
        event.name = data["name"]
        event_updates.append("name")
    for name in EVENT_FIELDS:
        if name in data and differs(name, getattr(event, name), data[name]):
            value = data[name]
            if name == "location" and value is None:
                value = LazyI18nString("")
            setattr(event, name, value)
            event_updates.append(name)
    if event_updates:
        event.save(update_fields=event_updates)
    if "description" in data and differs("description", event.settings.frontpage_text, data["description"]):
        event.settings.set("frontpage_text", data["description"] or LazyI18nString(""))
    current = read_settings(event)
    for setting in MEETUP_SETTINGS:
        if setting.name not in data or not differs(setting.name, current[setting.name], data[setting.name]):
            continue
        if _is_empty(data[setting.name]):
            event.settings.delete(setting.key)
        else:
            event.settings.set(setting.key, data[setting.name])
    sync_essentials_token(event)
    if "speakers" in data:
        _replace_speakers(event, data["speakers"], locales)
    return log_data(diff(before, snapshot(event), locales))


def _replace_speakers(event, speakers: list, locales):
    """Makes the event's speakers exactly ``speakers``, in order. Existing ones are kept (and their photos
    with them) as the change engine pairs them: by id, by name, or renamed in place."""
    with scopes_disabled():
        existing = list(Speaker.objects.filter(event=event).order_by("position", "id"))
    pairs = match_speakers([{"id": s.pk, "name": s.name} for s in existing], speakers)
    kept_for = {j: existing[i] for i, j in pairs if i is not None and j is not None}
    kept = set()
    for position, item in enumerate(speakers):
        speaker = kept_for.get(position) or Speaker(event=event)
        values = {
            "name": item["name"],
            "role": item.get("role", speaker.role) or LazyI18nString(""),
            "bio": item.get("bio", speaker.bio) or LazyI18nString(""),
            "profile_url": item.get("profile_url", speaker.profile_url) or "",
        }
        unchanged = speaker.pk and speaker.position == position and all(
            comparable_value(k, getattr(speaker, k), locales) == comparable_value(k, v, locales)
            for k, v in values.items()
        )
        if not unchanged:
            for k, v in values.items():
                setattr(speaker, k, v)
            speaker.position = position
            speaker.save()
        kept.add(speaker.pk)
    for speaker in existing:
        if speaker.pk not in kept:
            speaker.delete()
