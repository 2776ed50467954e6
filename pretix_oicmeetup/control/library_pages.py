"""The organizer's speaker library in the control panel: every person with the editions they spoke at, and
adding or changing a person. Any team of the organizer sees the list; changing needs pretix's permission for
the organizer's settings. A change stays in the library: each edition takes it over on its meetup page."""
import os

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_scopes import scopes_disabled

from pretix.base.forms import I18nMarkdownTextarea, I18nModelForm
from pretix.base.forms.widgets import DatePickerWidget
from pretix.control.forms import ExtFileField
from pretix.control.permissions import OrganizerPermissionRequiredMixin
from pretix.control.views.organizer import OrganizerDetailViewMixin

from ..languages import organizer_locales
from ..library.log import PERSON_CHANGED, PERSON_CREATED
from ..library.people import find_person, library_differences
from ..meetup import fields as registry
from ..meetup.store import delete_files_after_commit
from ..meetup.validators import I18nMaxLengthValidator
from ..models import Person, Speaker
from .forms import SPEAKER_PHOTO_EXTENSIONS, SPEAKER_PHOTO_MAX_SIZE, HttpURLField
from .mixins import OrganizerPluginActiveMixin
from .series_pages import SERIES_PERMISSION

LIBRARY_PERMISSION = SERIES_PERMISSION


class PersonForm(I18nModelForm):
    profile_url = HttpURLField(label=registry.get("profile_url").label)
    photo = ExtFileField(
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


class LibraryListView(OrganizerDetailViewMixin, OrganizerPermissionRequiredMixin, OrganizerPluginActiveMixin,
                 TemplateView):
    permission = None  # any team of the organizer: who spoke where is on the public posts already
    template_name = "pretix_oicmeetup/control/library_list.html"

    def get_context_data(self, **kwargs):
        organizer = self.request.organizer
        with scopes_disabled():
            people = list(Person.objects.filter(organizer=organizer))
        return {
            **super().get_context_data(**kwargs),
            "rows": [{"person": p, "appearances": appearances(p)} for p in people],
            "may_change": self.request.user.has_organizer_permission(organizer, LIBRARY_PERMISSION,
                                                                     request=self.request),
        }


class PersonEditView(OrganizerDetailViewMixin, OrganizerPermissionRequiredMixin, OrganizerPluginActiveMixin,
                 TemplateView):
    permission = LIBRARY_PERMISSION
    template_name = "pretix_oicmeetup/control/person_edit.html"

    def get_person(self):
        if "person" not in self.kwargs:
            return None
        with scopes_disabled():
            return get_object_or_404(Person, organizer=self.request.organizer, pk=self.kwargs["person"])

    def get_form(self, person):
        post = self.request.method == "POST"
        return PersonForm(data=self.request.POST if post else None, files=self.request.FILES if post else None,
                          instance=person, organizer=self.request.organizer)

    def get_context_data(self, form=None, person=None, **kwargs):
        return {**super().get_context_data(**kwargs), "form": form, "person": person,
                "appearances": appearances(person) if person else [],
                "list_url": library_url(self.request.organizer)}

    def get(self, request, *args, **kwargs):
        person = self.get_person()
        return self.render_to_response(self.get_context_data(form=self.get_form(person), person=person))

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        old_photo = person.photo.name if person and person.photo else None
        form = self.get_form(person)
        if not form.is_valid():
            messages.error(request, _("We could not save your changes. See below for details."))
            return self.render_to_response(self.get_context_data(form=form, person=person))
        if person is not None and not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return redirect(library_url(request.organizer))
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.organizer = request.organizer
            if "photo" in form.changed_data and saved.photo and not saved.photo._committed:
                saved.photo.name = os.path.basename(saved.photo.name or "photo")
            saved.save()
            request.organizer.log_action(PERSON_CREATED if person is None else PERSON_CHANGED, user=request.user,
                                         data={"id": saved.pk, "fields": form.changed_data})
            if old_photo and "photo" in form.changed_data:
                delete_files_after_commit([old_photo])
        messages.success(request, _("The speaker library has been saved. Editions take the change over on "
                                    "their meetup page."))
        return redirect(library_url(request.organizer))
