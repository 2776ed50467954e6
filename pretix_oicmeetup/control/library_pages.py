"""The organizer's speaker library in the control panel: every person with the editions they spoke at, and
adding or changing a person. Any team of the organizer sees the list; changing needs pretix's permission for
the organizer's settings. A change stays in the library: each edition takes it over on its meetup page."""
import os

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from pretix.base.forms import I18nMarkdownTextarea, I18nModelForm
from pretix.base.forms.widgets import DatePickerWidget

from ..languages import organizer_locales
from ..library.log import PERSON_CHANGED, PERSON_CREATED
from ..library.people import find_person, library_differences
from ..meetup import fields as registry
from ..meetup.store import delete_files_after_commit
from ..meetup.validators import I18nMaxLengthValidator
from ..models import Person, Speaker
from .forms import SPEAKER_PHOTO_EXTENSIONS, SPEAKER_PHOTO_MAX_SIZE, HttpURLField, LanguagesOnlyMixin, PhotoField
from .organizer_pages import OrganizerPage, RecordPage


class PersonForm(LanguagesOnlyMixin, I18nModelForm):
    profile_url = HttpURLField(label=registry.get("profile_url").label)
    photo = PhotoField(
        label=registry.get("photo_url").label, required=False, ext_whitelist=SPEAKER_PHOTO_EXTENSIONS,
        max_size=SPEAKER_PHOTO_MAX_SIZE,
        help_text=_("PNG, JPEG or GIF, at most 2 MB. Given to an edition only with a recorded consent."),
    )

    class Meta:
        model = Person
        fields = ("name", "role", "bio", "profile_url", "photo", "photo_consent_on", "photo_consent_note")
        widgets = {"bio": I18nMarkdownTextarea, "photo_consent_on": DatePickerWidget}

    def __init__(self, *args, organizer, **kwargs):
        self.organizer = organizer
        kwargs["locales"] = organizer_locales(organizer)
        super().__init__(*args, **kwargs)
        for name in ("role", "bio"):
            self.fields[name].validators.append(I18nMaxLengthValidator(registry.get(name).max_length))

    def clean(self):
        data = super().clean()
        photo = data.get("photo") if "photo" in data else self.instance.photo
        if photo and not data.get("photo_consent_on"):
            self.add_error("photo_consent_on", _("A photo is only kept with the day the person agreed to "
                                                 "publish it. Record it, or leave out the photo."))
        name = (data.get("name") or "").strip()
        if name:
            other = find_person(self.organizer, {"name": name, "profile_url": data.get("profile_url")})
            if other is not None and other.pk != self.instance.pk:
                self.add_error("name", _("This person (same name and profile link) is already in the library."))
        return data


def library_url(organizer) -> str:
    return reverse("plugins:pretix_oicmeetup:library.list", kwargs={"organizer": organizer.slug})


def appearances(person) -> list[dict]:
    with scopes_disabled():
        speakers = Speaker.objects.filter(person=person).select_related("event", "person").order_by(
            "event__date_from")
        return [{"event": s.event, "role": s.role, "differs": library_differences(s),
                 "url": reverse("plugins:pretix_oicmeetup:settings",
                                kwargs={"organizer": s.event.organizer.slug, "event": s.event.slug})}
                for s in speakers]


class LibraryListView(OrganizerPage):
    permission = None  # any team of the organizer: who spoke where is on the public posts already
    template_name = "pretix_oicmeetup/control/library_list.html"

    def get_context_data(self, **kwargs):
        with scopes_disabled():
            people = list(Person.objects.filter(organizer=self.request.organizer))
        return {
            **super().get_context_data(**kwargs),
            "rows": [{"person": p, "appearances": appearances(p)} for p in people],
            "may_change": self.may_change(),
        }


class PersonEditView(RecordPage):
    template_name = "pretix_oicmeetup/control/person_edit.html"
    model, url_kwarg, form_class = Person, "person", PersonForm

    def record_context(self, person) -> dict:
        return {"person": person, "appearances": appearances(person) if person else [],
                "list_url": library_url(self.request.organizer)}

    def form_valid(self, form, saved, created):
        request = self.request
        if not created and not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return redirect(library_url(request.organizer))
        old_photo = form.initial.get("photo")
        if "photo" in form.changed_data and saved.photo and not saved.photo._committed:
            saved.photo.name = os.path.basename(saved.photo.name or "photo")
        saved.save()
        request.organizer.log_action(PERSON_CREATED if created else PERSON_CHANGED, user=request.user,
                                     data={"id": saved.pk, "fields": form.changed_data})
        if old_photo and "photo" in form.changed_data:
            delete_files_after_commit([old_photo.name])
        messages.success(request, _("The speaker library has been saved. Editions take the change over on their "
                                    "meetup page."))
        return redirect(library_url(request.organizer))
