"""The meetup as one JSON document, derived from the field registry: the shape of the REST API, the
data file (``oicmeetup_load``, the demo), the post import's data and the change engine's snapshots.

Reading gives every field in registry order and the speakers in order; writing validates a partial
document (field rules here, rules across fields in ``consistency``) into the values ``store.write`` takes.
"""
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from i18nfield.rest_framework import I18nField
from rest_framework import serializers

from pretix.base.forms.validators import PlaceholderValidator
from pretix.base.services.placeholders import get_available_placeholders

from . import fields as registry
from .consistency import meetup_errors, speaker_list_errors
from .store import read, stored_rows
from .validators import I18nMaxLengthValidator, validate_http_url, validate_slug, validate_text_characters


class HttpURLSerializerField(serializers.URLField):
    """A web link attendees may click, in the API: the rule of the meetup page's form field
    (``control.forms.HttpURLField``), ``validate_http_url`` and ``URL_MAX_LENGTH``. A DRF field cannot be a
    Django form field, and DRF makes each declared field anew from its arguments for every serializer, so
    the check is added here in ``__init__``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("max_length", registry.URL_MAX_LENGTH)
        super().__init__(**kwargs)
        self.validators.append(validate_http_url)


class LimitedI18nField(I18nField):
    """An i18n text as an object of languages, at most ``limit`` characters per language (i18nfield takes but
    ignores max_length), never empty in all languages where ``text_required``."""
    default_error_messages = {
        "per_language": _("Please give this text per language, e.g. {example}."),
        "blank": _("This field may not be blank."),
    }

    def __init__(self, limit=None, text_required=False, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.text_required = text_required
        self.validators.append(I18nMaxLengthValidator(limit))

    def to_internal_value(self, data):
        if isinstance(data, str):  # i18nfield would take it for every language; the plugin stores per language
            self.fail("per_language", example='{"de-informal": "…"}')
        value = super().to_internal_value(data)
        if self.text_required and not any(isinstance(v, str) and v.strip() for v in (value.data or {}).values()):
            self.fail("blank")
        return value


class TextOnlyCharField(serializers.CharField):
    """A name is text: DRF would turn the number 5 into "5". And text any page can show."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(validate_text_characters)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def serializer_field(field: registry.MeetupField):
    """The DRF field of a registry field (every field is optional in a partial document; a ``required`` one
    cannot be emptied)."""
    if field.i18n:
        return LimitedI18nField(limit=field.max_length, allow_null=not field.required, text_required=field.required)
    if field.kind == registry.URL:
        return HttpURLSerializerField()
    if field.kind == registry.NUMBER:
        return serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=field.max_value)
    if field.kind == registry.FLAG:
        return serializers.BooleanField(required=False, allow_null=field.storage != registry.EVENT)
    if field.kind == registry.DATETIME:
        return serializers.DateTimeField(required=False, allow_null=not field.required)
    return TextOnlyCharField(required=False, max_length=field.max_length, allow_blank=not field.required,
                             allow_null=not field.required,
                             validators=[validate_slug] if field.kind == registry.SLUG else [])


def absolute_file_url(file) -> str | None:
    return urljoin(settings.SITE_URL, default_storage.url(file.name)) if file else None


class SpeakerSchema(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    name = serializer_field(registry.get("name"))
    role = serializer_field(registry.get("role"))
    bio = serializer_field(registry.get("bio"))
    profile_url = HttpURLSerializerField()
    photo_url = serializers.SerializerMethodField()

    def get_photo_url(self, speaker):
        return absolute_file_url(speaker.photo)


class PhotoSchema(serializers.Serializer):
    """A photo of the Rückblick (read only: photos are uploaded on the meetup page)."""
    id = serializers.IntegerField(read_only=True)
    image_url = serializers.SerializerMethodField()
    alt = I18nField(read_only=True)
    credit = serializers.CharField(read_only=True)

    def get_image_url(self, photo):
        return absolute_file_url(photo.image)


class MaterialSchema(serializers.Serializer):
    """Slides or material of the Rückblick (read only, as the photos)."""
    id = serializers.IntegerField(read_only=True)
    title = I18nField(read_only=True)
    url = serializers.CharField(read_only=True)
    file_url = serializers.SerializerMethodField()

    def get_file_url(self, material):
        return absolute_file_url(material.file)


class MeetupSchema(serializers.Serializer):
    """Fields in registry order, then the speakers. ``event`` is the event written to (for the rules
    across fields and the description's placeholders)."""

    def __init__(self, *args, event=None, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def get_fields(self):
        result = {f.key: serializer_field(f) for f in registry.all_fields()}
        result["speakers"] = SpeakerSchema(many=True, required=False)
        result["retrospective_photos"] = PhotoSchema(many=True, read_only=True)
        result["retrospective_materials"] = MaterialSchema(many=True, read_only=True)
        return result

    def validate_speakers(self, speakers):
        errors = speaker_list_errors([s.get("name") for s in speakers])
        if errors:
            raise serializers.ValidationError(errors)
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
        if self.event is not None:
            errors = meetup_errors(self.event, data, read(self.event))
            if errors:
                raise serializers.ValidationError(errors)
        return data


def meetup_json(event, include_private: bool, values: dict | None = None, rows: dict | None = None) -> dict:
    """The meetup as the API returns it: as stored, or ``values`` and ``rows`` as the write path has them."""
    values = {**(read(event) if values is None else values), **(stored_rows(event) if rows is None else rows)}
    with timezone.override(event.timezone):  # times as the organiser thinks of them, same in every request
        data = MeetupSchema(values, event=event).data
    if not include_private:
        for field in registry.all_fields():
            if field.private:
                data.pop(field.key, None)
    return data


def validated(event, data: dict):
    """A partial document checked against ``event``; the schema, with ``errors`` or ``validated_data``."""
    schema = MeetupSchema(data=data, event=event, partial=True)
    schema.is_valid()
    return schema


def error_lines(errors, prefix="") -> list[str]:
    """DRF's nested errors as "field: message" lines."""
    lines = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = key if key != "non_field_errors" else ""
            lines += error_lines(value, f"{prefix}{name}." if name else prefix)
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            if isinstance(value, dict | list) and value:
                lines += error_lines(value, f"{prefix}{index}.")
            elif value:
                lines.append(f"{prefix.rstrip('.')}: {value}" if prefix else str(value))
    else:
        lines.append(f"{prefix.rstrip('.')}: {errors}" if prefix else str(errors))
    return lines
