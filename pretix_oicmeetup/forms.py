from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from i18nfield.forms import I18nFormField, I18nTextarea, I18nTextInput

from pretix.base.forms import I18nInlineFormSet, I18nMarkdownTextarea, I18nModelForm, SettingsForm
from pretix.base.forms.widgets import SplitDateTimePickerWidget
from pretix.base.models import Event
from pretix.base.services.placeholders import FormPlaceholderMixin
from pretix.control.forms import ExtFileField, SplitDateTimeField

from .meetupdata import (
    DESCRIPTION_MAX_LENGTH,
    MEETUP_SETTINGS,
    SPEAKER_BIO_MAX_LENGTH,
    SPEAKER_ROLE_MAX_LENGTH,
    SPEAKERS_MAX,
    SPEAKERS_MAX_MESSAGE,
)
from .models import Speaker
from .postparser import MAX_POST_SIZE as POST_MAX_SIZE
from .validators import HTTP_URL_MESSAGE, I18nMaxLengthValidator, validate_http_url

# Speaker photos are shown small; anything bigger than this is a mistake, not a need.
SPEAKER_PHOTO_MAX_SIZE = min(2 * 1024 * 1024, settings.FILE_UPLOAD_MAX_SIZE_IMAGE)
SPEAKER_PHOTO_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif")


class HttpURLField(forms.URLField):
    """A web link attendees may click: http(s) only, with one clear message for anything else."""
    default_validators = [validate_http_url]
    default_error_messages = {"invalid": HTTP_URL_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)


class MeetupEventForm(I18nModelForm):
    """pretix's own fields for what the announcement calls Beginn, Ende, Einlass and Ort."""

    class Meta:
        model = Event
        localized_fields = "__all__"
        fields = ["date_from", "date_to", "date_admission", "location", "is_remote"]
        field_classes = {
            "date_from": SplitDateTimeField,
            "date_to": SplitDateTimeField,
            "date_admission": SplitDateTimeField,
        }
        widgets = {
            "date_from": SplitDateTimePickerWidget(without_seconds=True),
            "date_to": SplitDateTimePickerWidget(attrs={"data-date-after": "#id_event-date_from_0"},
                                                 without_seconds=True),
            "date_admission": SplitDateTimePickerWidget(attrs={"data-date-default": "#id_event-date_from_0"},
                                                        without_seconds=True),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_admission"].label = pgettext_lazy("oicmeetup", "Admission (Einlass)")
        self.fields["date_admission"].help_text = _(
            "When the doors open. Shown as Einlass in the shop, on the order page and in the emails."
        )
        self.fields["location"].widget.attrs["rows"] = "3"
        self.fields["location"].help_text = _("Venue with address, e.g. Innovation Office, Alter Markt 13, 33602 "
                                              "Bielefeld. For online meetups, e.g. Zoom.")
        if self.instance.has_subevents:
            # Dates and venue belong to each date of an event series and are edited there.
            for name in ("date_from", "date_to", "date_admission", "location"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        start, admission = data.get("date_from"), data.get("date_admission")
        if start and admission and admission > start:
            self.add_error("date_admission", _("Admission cannot be later than the start of the meetup."))
        return data


class MeetupSettingsForm(FormPlaceholderMixin, SettingsForm):
    auto_fields = ["frontpage_text"]

    oicmeetup_teaser = I18nFormField(
        label=pgettext_lazy("oicmeetup", "Teaser"), required=False, widget=I18nTextarea,
        widget_kwargs={"attrs": {"rows": "2"}},
        help_text=_("One or two sentences that sum up the meetup, shown at the top of the announcement."),
    )
    oicmeetup_format = I18nFormField(
        label=pgettext_lazy("oicmeetup", "Format"), required=False, widget=I18nTextInput,
        help_text=_("For example: Impuls-Workshop. The duration is taken from the start and end time."),
    )
    oicmeetup_prerequisites = I18nFormField(
        label=pgettext_lazy("oicmeetup", "Prerequisites"), required=False, widget=I18nTextInput,
        help_text=_("For example: No prior knowledge needed."),
    )
    oicmeetup_hint = I18nFormField(
        label=pgettext_lazy("oicmeetup", "Note"), required=False, widget=I18nMarkdownTextarea,
        widget_kwargs={"attrs": {"rows": "3"}},
        help_text=_("Shown as Hinweis, e.g. what the meetup does not cover."),
    )
    oicmeetup_outcomes_intro = I18nFormField(
        label=pgettext_lazy("oicmeetup", "Learning outcomes: introduction"), required=False, widget=I18nTextInput,
        help_text=_("For example: At the end of the workshop"),
    )
    oicmeetup_outcomes = I18nFormField(
        label=pgettext_lazy("oicmeetup", "Learning outcomes"), required=False, widget=I18nMarkdownTextarea,
        widget_kwargs={"attrs": {"rows": "4"}},
        help_text=_("One outcome per line. Shown as a list under Inhalt."),
    )
    oicmeetup_materials = I18nFormField(
        label=pgettext_lazy("oicmeetup", "Materials to bring"), required=False, widget=I18nTextarea,
        widget_kwargs={"attrs": {"rows": "2"}},
        help_text=_("One item per line, e.g. Laptop or smartphone. Also shown on the order page."),
    )
    oicmeetup_series_name = I18nFormField(
        label=pgettext_lazy("oicmeetup", "Series name"), required=False, widget=I18nTextInput,
    )
    oicmeetup_series_number = forms.IntegerField(
        label=pgettext_lazy("oicmeetup", "Number in the series"), required=False, min_value=1, max_value=9999,
    )
    oicmeetup_series_url = HttpURLField(label=pgettext_lazy("oicmeetup", "Series link"))
    oicmeetup_series_info = I18nFormField(
        label=pgettext_lazy("oicmeetup", "About the series"), required=False, widget=I18nMarkdownTextarea,
        widget_kwargs={"attrs": {"rows": "3"}},
    )
    oicmeetup_contact = I18nFormField(
        label=pgettext_lazy("oicmeetup", "Contact"), required=False, widget=I18nMarkdownTextarea,
        widget_kwargs={"attrs": {"rows": "2"}},
        help_text=_("Who attendees can ask, e.g. a name with an email link."),
    )
    oicmeetup_widget_essentials = forms.BooleanField(
        label=_("Show date, start, Einlass, venue and speakers in the embedded widget"), required=False,
        help_text=_("The website's widget (with display-event-info) shows only the description. This puts "
                    "{meetup_essentials} at its top; the shop page, which shows all of it anyway, leaves it out."),
    )
    oicmeetup_online_url = HttpURLField(
        label=pgettext_lazy("oicmeetup", "Online meeting link"),
        help_text=_("Only for online meetups. Never shown publicly: registered attendees see it on their order "
                    "page and in their emails."),
    )

    def __init__(self, *args, **kwargs):
        self.event = kwargs["obj"]
        super().__init__(*args, **kwargs)
        self.fields["frontpage_text"].label = pgettext_lazy("oicmeetup", "Description")
        self.fields["frontpage_text"].help_text = _(
            "The introduction of the announcement. This is the event's front page text in pretix."
        )
        self._set_field_placeholders("frontpage_text", ["event"])
        self.fields["frontpage_text"].validators.append(I18nMaxLengthValidator(DESCRIPTION_MAX_LENGTH))
        for setting in MEETUP_SETTINGS:
            field = self.fields.get(setting.key)
            if field is not None and setting.max_length:
                field.validators.append(I18nMaxLengthValidator(setting.max_length))


class SpeakerForm(I18nModelForm):
    profile_url = HttpURLField(
        label=pgettext_lazy("oicmeetup", "Profile link"),
        help_text=_("For example the LinkedIn profile. Must start with https:// or http://."),
    )
    photo = ExtFileField(
        label=pgettext_lazy("oicmeetup", "Photo"), required=False,
        ext_whitelist=SPEAKER_PHOTO_EXTENSIONS, max_size=SPEAKER_PHOTO_MAX_SIZE,
        help_text=_("Optional. PNG, JPEG or GIF, at most 2 MB. Shown small next to the biography."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].validators.append(I18nMaxLengthValidator(SPEAKER_ROLE_MAX_LENGTH))
        self.fields["bio"].validators.append(I18nMaxLengthValidator(SPEAKER_BIO_MAX_LENGTH))

    class Meta:
        model = Speaker
        fields = ["name", "role", "profile_url", "bio", "photo"]
        widgets = {
            "role": I18nTextInput,
            "bio": I18nMarkdownTextarea,
        }



class BaseSpeakerFormSet(I18nInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        if len(kept) > SPEAKERS_MAX:
            raise ValidationError(str(SPEAKERS_MAX_MESSAGE).format(limit=SPEAKERS_MAX))
        names = [f.cleaned_data.get("name", "").strip().lower() for f in self.forms
                 if f.cleaned_data and not self._should_delete_form(f)]
        if len(names) != len(set(names)):
            raise ValidationError(_("Each speaker can only be listed once."))

    def ordered_forms_to_save(self):
        """Forms that remain after deletion, in the order the organiser arranged them."""
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        return sorted(kept, key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER") or 0))


SpeakerFormSet = inlineformset_factory(
    Event, Speaker, form=SpeakerForm, formset=BaseSpeakerFormSet,
    can_order=True, can_delete=True, extra=0,
    # pretix's own formsets cap at 1000 forms; a few more than the limit are parsed so it can be reported
    max_num=SPEAKERS_MAX + 10, absolute_max=SPEAKERS_MAX + 10,
)


class ApplyEmailTemplateForm(forms.Form):
    confirm_replace = forms.BooleanField(
        required=False,
        label=_("Replace the customised confirmation texts of this event"),
    )


class PostImportForm(forms.Form):
    """One of three sources for a website post; exactly one must be given."""
    file = forms.FileField(
        label=_("Post file"), required=False,
        help_text=_("A .md file from the website repository, at most 1 MB."),
    )
    text = forms.CharField(
        label=_("Or paste the post"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
    )
    url = forms.CharField(
        label=_("Or fetch it from a web address"), required=False, max_length=2000,
        help_text=_("For example the raw file on GitHub. Only public http(s) addresses."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not upload.name.lower().endswith((".md", ".markdown", ".txt")):
            raise ValidationError(_("Please upload a markdown file (.md)."))
        if upload.size > POST_MAX_SIZE:
            raise ValidationError(_("The post is larger than 1 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None

    def clean(self):
        data = super().clean()
        given = [k for k in ("file", "text", "url") if data.get(k)]
        if len(given) != 1 and not self.errors:
            raise ValidationError(_("Please upload a file, paste the post or enter a web address – exactly one."))
        if data.get("text") and len(data["text"].encode()) > POST_MAX_SIZE:
            self.add_error("text", _("The post is larger than 1 MB."))
        return data


class ChangeNoticeForm(FormPlaceholderMixin, forms.Form):
    """Subject and introduction of a change notice, in each of the event's languages."""
    subject = I18nFormField(label=_("Subject"), widget=I18nTextInput, required=True)
    intro = I18nFormField(
        label=_("Introduction"), widget=I18nTextarea, required=True, widget_kwargs={"attrs": {"rows": "4"}},
        help_text=_("The list of changes and the whole current announcement follow this text."),
    )

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.enabled_locales = event.settings.locales
        context = ["event", "order", "meetup_changes"]
        self._set_field_placeholders("subject", context)
        self._set_field_placeholders("intro", context)
