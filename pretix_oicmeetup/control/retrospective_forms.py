"""The Rückblick's lists on the meetup page: photos (with the text that describes each) and slides or
materials (a title with a link or an uploaded PDF)."""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from i18nfield.forms import I18nTextInput

from pretix.base.forms import I18nModelForm
from pretix.base.models import Event
from pretix.control.forms import ExtFileField

from ..meetup.validators import I18nMaxLengthValidator
from ..models import RetrospectiveMaterial, RetrospectivePhoto
from .forms import HttpURLField, LanguagesOnlyMixin, OrderedRowsFormSet, PhotoField

PHOTO_MAX_SIZE = settings.FILE_UPLOAD_MAX_SIZE_IMAGE
PHOTO_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif")
MATERIAL_MAX_SIZE = settings.FILE_UPLOAD_MAX_SIZE_OTHER
PHOTOS_MAX = 100
CREDIT_LABEL = re.compile(r"^\s*(?:fotos?|photos?|bild(?:er)?|credits?)\s*:\s*", re.IGNORECASE)
MATERIALS_MAX = 30


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


class PhotoForm(LanguagesOnlyMixin, I18nModelForm):
    image = PhotoField(
        label=pgettext_lazy("oicmeetup", "Photo"), required=False, ext_whitelist=PHOTO_EXTENSIONS,
        max_size=PHOTO_MAX_SIZE,
        help_text=_("JPEG, PNG or GIF, at most {size}.").format(size=_size(PHOTO_MAX_SIZE)),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt"].validators.append(I18nMaxLengthValidator(300))
        self.fields["alt"].help_text = _("What the photo shows, for those who cannot see it (screen readers, "
                                         "blocked images). Required.")
        self.fields["credit"].help_text = _("Who took the photo, e.g. OIC. It is shown as \"Photo: OIC\".")

    def clean_credit(self):
        # The pages put "Photo:" before the credit; a credit typed with its own "Foto:" read "Foto: Foto: OIC".
        return CREDIT_LABEL.sub("", self.cleaned_data.get("credit") or "").strip()

    def clean(self):
        data = super().clean()
        if not data.get("image") and not self.instance.image and self.has_changed():
            self.add_error("image", _("Please choose the photo."))
        return data

    class Meta:
        model = RetrospectivePhoto
        fields = ["image", "alt", "credit"]
        widgets = {"alt": I18nTextInput}


class MaterialForm(LanguagesOnlyMixin, I18nModelForm):
    url = HttpURLField(label=pgettext_lazy("oicmeetup", "Link"),
                       help_text=_("For example the slides on a public website. Must start with https://."))
    file = ExtFileField(
        label=pgettext_lazy("oicmeetup", "Or a PDF"), required=False, ext_whitelist=(".pdf",),
        max_size=MATERIAL_MAX_SIZE,
        help_text=_("A PDF of at most {size}; it is public, like the photos.").format(size=_size(MATERIAL_MAX_SIZE)),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].validators.append(I18nMaxLengthValidator(300))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read") and "file" in self.changed_data:
            start = upload.read(5)
            upload.seek(0)
            if start != b"%PDF-":
                raise ValidationError(_("This file is not a PDF."))
        return upload

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("file")) if "file" in self.changed_data else bool(self.instance.file)
        if data.get("url") and has_file:
            self.add_error("url", _("Please give either a link or a PDF, not both."))
        elif not data.get("url") and not has_file and self.has_changed():
            self.add_error("url", _("Please give a link or upload a PDF."))
        return data

    class Meta:
        model = RetrospectiveMaterial
        fields = ["title", "url", "file"]
        widgets = {"title": I18nTextInput}


class PhotoFormSet(OrderedRowsFormSet):
    ITEM_KEYS = ("alt", "credit")
    FILE_KEY = "image"
    REMOVE_LABEL = pgettext_lazy("oicmeetup", "Remove this photo")


class MaterialFormSet(OrderedRowsFormSet):
    ITEM_KEYS = ("title", "url")
    FILE_KEY = "file"
    REMOVE_LABEL = pgettext_lazy("oicmeetup", "Remove this material")


def _formset(model, form, formset, limit):
    # a few more than the limit are parsed, so that going over it is reported, not silently cut
    return inlineformset_factory(Event, model, form=form, formset=formset, can_order=True, can_delete=True,
                                 extra=0, max_num=limit, validate_max=True, absolute_max=limit + 10)


PhotoFormSetFactory = _formset(RetrospectivePhoto, PhotoForm, PhotoFormSet, PHOTOS_MAX)
MaterialFormSetFactory = _formset(RetrospectiveMaterial, MaterialForm, MaterialFormSet, MATERIALS_MAX)
