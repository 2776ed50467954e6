"""The meetup page's forms: the meetup's fields (built from the field registry) and the speakers."""
from functools import cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms import inlineformset_factory
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from i18nfield.fields import I18nFieldMixin
from i18nfield.forms import I18nForm, I18nFormField, I18nTextarea, I18nTextInput

from pretix.base.forms import I18nInlineFormSet, I18nMarkdownTextarea, I18nModelForm
from pretix.base.forms.widgets import SplitDateTimePickerWidget
from pretix.base.models import Event
from pretix.base.services.placeholders import FormPlaceholderMixin
from pretix.control.forms import ExtFileField, SplitDateTimeField

from ..library.people import library_differences, library_item, person_key
from ..meetup import fields as registry
from ..meetup.consistency import meetup_errors, speaker_list_errors
from ..meetup.images import reencoded_image
from ..meetup.store import read
from ..meetup.validators import HTTP_URL_MESSAGE, I18nMaxLengthValidator, validate_http_url, validate_slug
from ..models import Person, Series, Speaker
from ..series.records import series_of

# Speaker photos are shown small; anything bigger than this is a mistake, not a need.
SPEAKER_PHOTO_MAX_SIZE = min(2 * 1024 * 1024, settings.FILE_UPLOAD_MAX_SIZE_IMAGE)
SPEAKER_PHOTO_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif")
PREFIX = "meetup"


class PhotoField(ExtFileField):
    """pretix's upload field for images, storing a new file of the upload's pixels only (no EXIF, no second
    file hidden inside): see meetup/images.py. A kept or removed photo passes as it is."""

    def clean(self, *args, **kwargs):
        value = super().clean(*args, **kwargs)
        return reencoded_image(value) if isinstance(value, UploadedFile) else value


class HttpURLField(forms.URLField):
    """A web link attendees may click: http(s) only, with one clear message for anything else. (The API's is
    ``meetup.schema.HttpURLSerializerField``.)"""
    default_validators = [validate_http_url]
    default_error_messages = {"invalid": HTTP_URL_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", registry.URL_MAX_LENGTH)
        super().__init__(**kwargs)


def form_locales(codes) -> list[str]:
    """These languages in the order of pretix's languages, which numbers a text's inputs."""
    enabled = set(codes)
    return [code for code, _name in settings.LANGUAGES if code in enabled]


def form_field(field: registry.MeetupField, locales: list[str]) -> forms.Field:
    """The form field of a registry field; a text has an input for each of ``locales`` only (i18nfield's
    default, one for every language pretix offers, copies dozens of widgets per language and field)."""
    common = {"label": field.label, "help_text": field.help_text, "required": False}
    if field.i18n:
        if field.is_markdown:
            widget = I18nMarkdownTextarea
        else:
            widget = I18nTextarea if field.rows else I18nTextInput
        result = I18nFormField(widget=widget, widget_kwargs={"attrs": {"rows": str(field.rows)}} if field.rows else {},
                               locales=locales, **common)
        if field.max_length:
            result.validators.append(I18nMaxLengthValidator(field.max_length))
        return result
    if field.kind == registry.URL:
        return HttpURLField(**common)
    if field.kind == registry.NUMBER:
        return forms.IntegerField(min_value=1, max_value=field.max_value, **common)
    if field.kind == registry.FLAG:
        return forms.BooleanField(**common)
    if field.kind == registry.DATETIME:
        attrs = {}
        if field.key == "date_to":
            attrs["data-date-after"] = f"#id_{PREFIX}-date_from_0"
        elif field.key == "date_admission":
            attrs["data-date-default"] = f"#id_{PREFIX}-date_from_0"
        common["required"] = field.required
        return SplitDateTimeField(widget=SplitDateTimePickerWidget(attrs=attrs, without_seconds=True), **common)
    widget = forms.Textarea(attrs={"rows": str(field.rows)}) if field.rows else None
    validators = [validate_slug] if field.kind == registry.SLUG else []
    return forms.CharField(max_length=field.max_length, widget=widget, validators=validators, **common)


def page_fields(event, retrospective: bool = True) -> list[registry.MeetupField]:
    """The registry fields the meetup page edits (a series of dates sets its times and venue per date; the
    Rückblick's only where the page shows its part)."""
    return [f for f in registry.all_fields() if f.on_page and not (f.per_date and event.has_subevents)
            and (retrospective or f.group != registry.RETROSPECTIVE)]


@cache
def _base_fields_in(form_class, locales: tuple) -> dict:
    """``form_class``'s fields with its model's texts made for ``locales`` only."""
    meta = form_class._meta

    def formfield(model_field, **kwargs):
        if isinstance(model_field, I18nFieldMixin):
            kwargs["locales"] = list(locales)
        return model_field.formfield(**kwargs)

    texts = fields_for_model(meta.model, fields=meta.fields, exclude=meta.exclude, widgets=meta.widgets,
                             labels=meta.labels, help_texts=meta.help_texts, error_messages=meta.error_messages,
                             formfield_callback=formfield)
    return {name: texts[name] if isinstance(field, I18nFormField) and name not in form_class.declared_fields
            else field for name, field in form_class.base_fields.items()}


class LanguagesOnlyMixin:
    """A model form whose texts have an input for each of its ``locales`` only (the formsets and the organizer's
    pages pass them): a model's text field has one for each of pretix's languages, and every form copies all of
    them with their widgets, which made the meetup page cost several times pretix's own settings page."""

    def __init__(self, *args, **kwargs):
        if kwargs.get("locales"):
            self.base_fields = _base_fields_in(type(self), tuple(form_locales(kwargs["locales"])))
        super().__init__(*args, **kwargs)


class MeetupForm(FormPlaceholderMixin, I18nForm):
    """Every field of the meetup page, initialised from what is stored; the rules across fields are the
    same as for every other writer (``meetup.consistency``)."""

    def __init__(self, *args, event, retrospective: bool = True, **kwargs):
        self.event = event
        self.current = read(event)
        self.page_fields = page_fields(event, retrospective)
        kwargs.setdefault("prefix", PREFIX)
        kwargs["locales"] = event.settings.locales
        kwargs["initial"] = {f.key: self.current[f.key] for f in self.page_fields}
        super().__init__(*args, **kwargs)
        locales = form_locales(event.settings.locales)
        for field in self.page_fields:
            self.fields[field.key] = form_field(field, locales)
            if isinstance(self.fields[field.key], I18nFormField):
                self.fields[field.key].widget.enabled_locales = event.settings.locales
        self._set_field_placeholders("description", ["event"])

    def groups(self) -> dict[str, list]:
        """Bound fields by the part of the page they belong to."""
        result = {}
        for field in self.page_fields:
            result.setdefault(field.group, []).append(self[field.key])
        return result

    def clean(self):
        data = super().clean()
        values = {key: data[key] for key in self.fields if key in data}
        for key, messages in meetup_errors(self.event, values, self.current).items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)
        return data


class SpeakerForm(LanguagesOnlyMixin, I18nModelForm):
    profile_url = HttpURLField(
        label=registry.get("profile_url").label,
        help_text=_("For example the LinkedIn profile. Must start with https:// or http://."),
    )
    photo = PhotoField(
        label=registry.get("photo_url").label, required=False,
        ext_whitelist=SPEAKER_PHOTO_EXTENSIONS, max_size=SPEAKER_PHOTO_MAX_SIZE,
        help_text=_("PNG, JPEG or GIF, at most 2 MB. Shown small next to the biography."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "role", "bio"):
            declared = registry.get(name)
            self.fields[name].label = declared.label
            if declared.i18n and declared.max_length:
                self.fields[name].validators.append(I18nMaxLengthValidator(declared.max_length))
        differences = library_differences(self.instance) if self.instance.pk else []
        if differences:
            self.fields["take_over"] = forms.BooleanField(
                required=False, label=_("Take over what the speaker library says"),
                help_text=_("The speaker library has for this person: {parts}. This edition keeps its own texts "
                            "unless you tick this.").format(
                    parts=", ".join(str(registry.label("photo_url" if p == "photo" else p)) for p in differences)),
            )

    class Meta:
        model = Speaker
        fields = ["name", "role", "profile_url", "bio", "photo"]
        widgets = {
            "role": I18nTextInput,
            "bio": I18nMarkdownTextarea,
        }


class OrderedRowsFormSet(I18nInlineFormSet):
    """Rows the organiser arranges (speakers, photos, materials), handed to the write path as a list in
    their order: ``ITEM_KEYS`` as entered, the row's ``id``, and its file only when a new one came."""
    ITEM_KEYS: tuple = ()
    FILE_KEY = ""
    REMOVE_LABEL = ""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django's "Order" label reads "Bestellung" in pretix's German; these are for screen readers only
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = pgettext_lazy("oicmeetup", "Position in the list")
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.REMOVE_LABEL

    def clean(self):
        super().clean()
        # The rows are replaced by what comes back, so a list that came back shorter than the page sent it
        # (a TOTAL_FORMS of -1 deleted every speaker) or that another save changed meanwhile is refused.
        if self.is_bound and self.management_form.is_valid():
            counts = self.management_form.cleaned_data
            sent, total = counts.get("INITIAL_FORMS"), counts.get("TOTAL_FORMS")
            if total is None or sent is None or total < sent or sent != self.get_queryset().count():
                raise ValidationError(_("This list has changed since the page was opened or came back incomplete. "
                                        "Nothing was saved: please reload the page and enter your changes again."),
                                      code="rows_out_of_step")

    def kept_forms(self):
        return [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]

    def items(self) -> list[dict]:
        ordered = sorted(self.kept_forms(), key=lambda f: (f.cleaned_data.get("ORDER") is None,
                                                            f.cleaned_data.get("ORDER") or 0))
        items = []
        for form in ordered:
            item = {key: form.cleaned_data.get(key) for key in self.ITEM_KEYS}
            item["id"] = form.instance.pk
            if self.FILE_KEY in form.changed_data:
                item[self.FILE_KEY] = form.cleaned_data.get(self.FILE_KEY) or None
            items.append(item)
        return items


class BaseSpeakerFormSet(OrderedRowsFormSet):
    ITEM_KEYS = ("name", "role", "bio", "profile_url")
    FILE_KEY = "photo"
    REMOVE_LABEL = pgettext_lazy("oicmeetup", "Remove this speaker")

    def clean(self):
        super().clean()
        errors = speaker_list_errors([f.cleaned_data.get("name", "") for f in self.kept_forms()])
        if errors:
            raise ValidationError(errors)

    def speakers(self) -> list[dict]:
        """The speakers as the write path takes them, in the order the organiser arranged them; a speaker
        whose row asks to take over the library's texts comes as the library has them."""
        items = self.items()
        rows = {form.instance.pk: form for form in self.kept_forms() if form.instance.pk}
        for position, item in enumerate(items):
            form = rows.get(item["id"])
            if form is not None and form.cleaned_data.get("take_over") and form.instance.person_id:
                taken = library_item(form.instance.person, with_photo=not form.instance.photo)
                items[position] = {**item, **taken}  # a photo of its own stays
        return items


SpeakerFormSet = inlineformset_factory(
    Event, Speaker, form=SpeakerForm, formset=BaseSpeakerFormSet,
    can_order=True, can_delete=True, extra=0,
    # pretix's own formsets cap at 1000 forms; a few more than the limit are parsed so it can be reported
    max_num=registry.SPEAKERS_MAX + 10, absolute_max=registry.SPEAKERS_MAX + 10,
)


class SeriesChoiceForm(forms.Form):
    """Which of the organizer's series this meetup is an edition of. Picking one takes over its fields."""

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("prefix", "series")
        super().__init__(*args, **kwargs)
        self.current = series_of(event)
        self.fields["series"] = forms.ModelChoiceField(
            queryset=Series.objects.filter(organizer=event.organizer), required=False, initial=self.current,
            label=pgettext_lazy("oicmeetup", "Series"), empty_label=_("(not part of a series)"),
            help_text=_("Picking a series fills in its name, link, topic and what it is about, and the next free "
                        "number. The organizer's series are kept under Meetup series."),
        )

    def picked(self):
        """The series picked instead of the current one (``None`` for none), or ``KEEP`` when unchanged."""
        chosen = self.cleaned_data.get("series")
        return KEEP_SERIES if chosen == self.current else chosen


KEEP_SERIES = object()


class LibraryPickForm(forms.Form):
    """A speaker to add from the organizer's speaker library, with the library's texts and (with a recorded
    consent) a copy of the photo."""

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("prefix", "library")
        super().__init__(*args, **kwargs)
        speaking = Speaker.objects.filter(event=event, person__isnull=False).values_list("person_id", flat=True)
        self.fields["person"] = forms.ModelChoiceField(
            queryset=Person.objects.filter(organizer=event.organizer).exclude(pk__in=list(speaking)),
            required=False, label=_("Add a speaker from the library"), empty_label="—",
            help_text=_("Added at the end of the list when you save. Every speaker of a meetup is in the "
                        "organizer's speaker library."),
        )

    def items(self, speakers: list[dict]) -> list[dict]:
        """The picked person as a speaker to add after ``speakers``, unless one of them already is that person."""
        person = self.cleaned_data.get("person")
        if person is None or any(person_key(s.get("name"), s.get("profile_url")) ==
                                 person_key(person.name, person.profile_url) for s in speakers):
            return []
        return [library_item(person)]
