"""The organizer's defaults for its meetups: values of the website's event list (target audience,
"featured") that every meetup of the organizer has unless its meetup page sets its own. They are organizer
settings under the meetup field's key, so pretix's settings hand them to each event that has none."""
from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from i18nfield.forms import I18nForm, I18nFormField

from ..languages import organizer_locales
from ..meetup import fields as registry
from ..meetup.log import DEFAULTS_CHANGED
from ..meetup.store import is_empty, setting_type
from ..website.addresses import DEFAULT_PERMALINK, PERMALINK_SETTING, validate_permalink
from .forms import form_field, form_locales
from .organizer_pages import OrganizerPage


class DefaultsForm(I18nForm):
    def __init__(self, *args, organizer, **kwargs):
        kwargs["locales"] = organizer_locales(organizer)
        kwargs["initial"] = {f.key: organizer.settings.get(f.setting_key, as_type=setting_type(f))
                             for f in registry.organizer_default_fields()}
        kwargs["initial"][PERMALINK_KEY] = organizer.settings.get(PERMALINK_SETTING) or DEFAULT_PERMALINK
        super().__init__(*args, **kwargs)
        for field in registry.organizer_default_fields():
            self.fields[field.key] = form_field(field, form_locales(kwargs["locales"]))
            if isinstance(self.fields[field.key], I18nFormField):
                self.fields[field.key].widget.enabled_locales = kwargs["locales"]
        self.fields[PERMALINK_KEY] = forms.CharField(
            label=registry.label(PERMALINK_KEY), max_length=200, validators=[validate_permalink], required=False,
            help_text=_("The address pattern of the website's posts, as the website's _config.yml gives it for "
                        "the collection beitraege. The zip download and the API use it for the links in the "
                        "event list; the command that writes into the website reads it from _config.yml."))


PERMALINK_KEY = "website_permalink"


def defaults_url(organizer) -> str:
    return reverse("plugins:pretix_oicmeetup:defaults", kwargs={"organizer": organizer.slug})


class DefaultsView(OrganizerPage):
    template_name = "pretix_oicmeetup/control/defaults.html"

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return DefaultsForm(data=data, organizer=self.request.organizer)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            messages.error(request, _("We could not save your changes. See below for details."))
            return self.render_to_response(self.get_context_data(form=form))
        organizer = request.organizer
        changed = [key for key in form.changed_data if (registry.get(key) and registry.get(key).organizer_default)
                   or key == PERMALINK_KEY]
        with transaction.atomic():
            for key in changed:
                if key == PERMALINK_KEY:
                    value = form.cleaned_data[key].strip()
                    if value in ("", DEFAULT_PERMALINK):
                        organizer.settings.delete(PERMALINK_SETTING)
                    else:
                        organizer.settings.set(PERMALINK_SETTING, value)
                    continue
                field, value = registry.get(key), form.cleaned_data[key]
                if is_empty(value) or (field.kind == registry.FLAG and not value):
                    organizer.settings.delete(field.setting_key)
                else:
                    organizer.settings.set(field.setting_key, value)
            if changed:
                organizer.log_action(DEFAULTS_CHANGED, user=request.user, data={"fields": changed})
        if changed:
            messages.success(request, _("The defaults have been saved. Meetups without a value of their own "
                                        "use them."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect(defaults_url(organizer))
