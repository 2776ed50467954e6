from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from pretix.base.i18n import language
from pretix.control.permissions import EventPermissionRequiredMixin
from pretix.control.views.event import EventSettingsViewMixin

from .cached_rendering import render_announcement
from .changes import save_meetup
from .emails import apply_confirmation_templates, customised_keys, template_state
from .forms import ApplyEmailTemplateForm, MeetupEventForm, MeetupSettingsForm, SpeakerFormSet
from .logtypes import EMAIL_TEMPLATE_APPLIED, MEETUP_CHANGED
from .models import Speaker
from .rendering import EMAIL, WEB

PLUGIN_NAME = "pretix_oicmeetup"
SETTINGS_PERMISSION = "event.settings.general:write"


class MeetupPluginActiveMixin:
    """Control URLs are not gated by pretix on plugin activation; the meetup pages are."""

    def dispatch(self, request, *args, **kwargs):
        if PLUGIN_NAME not in request.event.get_plugins():
            raise Http404(_("The meetup plugin is not enabled for this event."))
        return super().dispatch(request, *args, **kwargs)


def meetup_settings_url(event) -> str:
    return reverse("plugins:pretix_oicmeetup:settings", kwargs={
        "organizer": event.organizer.slug, "event": event.slug,
    })


class MeetupSettingsView(EventSettingsViewMixin, EventPermissionRequiredMixin, MeetupPluginActiveMixin,
                         TemplateView):
    permission = SETTINGS_PERMISSION
    template_name = "pretix_oicmeetup/control/meetup.html"

    def _data(self):
        return (self.request.POST, self.request.FILES) if self.request.method == "POST" else (None, None)

    @cached_property
    def event_form(self):
        data, files = self._data()
        return MeetupEventForm(data=data, instance=self.request.event, event=self.request.event, prefix="event")

    @cached_property
    def settings_form(self):
        data, files = self._data()
        return MeetupSettingsForm(data=data, files=files, obj=self.request.event, prefix="meetup")

    @cached_property
    def speaker_formset(self):
        data, files = self._data()
        return SpeakerFormSet(
            data=data, files=files, instance=self.request.event, event=self.request.event, prefix="speakers",
            queryset=Speaker.objects.filter(event=self.request.event),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        event = self.request.event
        with language(event.settings.locale, event.settings.region):  # as the shop's visitors see it
            preview_html = render_announcement(event, purpose="shop", medium=WEB)
            preview_email_text = render_announcement(event, purpose="full", medium=EMAIL, attendee=True, fmt="text")
        ctx.update(
            event_form=self.event_form,
            settings_form=self.settings_form,
            speaker_formset=self.speaker_formset,
            warnings=self._warnings(),
            preview_html=preview_html,
            preview_email_text=preview_email_text,
            template_state=template_state(event),
            apply_template_form=ApplyEmailTemplateForm(),
            customised_template_keys=customised_keys(event),
            has_subevents=event.has_subevents,
        )
        return ctx

    def _warnings(self):
        event = self.request.event
        warnings = []
        if not event.has_subevents and not event.date_admission:
            warnings.append(_("No admission time (Einlass) is set. Attendees will not know when the doors open."))
        if not Speaker.objects.filter(event=event).exists():
            warnings.append(_("No speakers are listed. That is fine for formats without speakers, such as the "
                              "Open Innovation Hour."))
        if event.is_remote and not event.settings.get("oicmeetup_online_url"):
            warnings.append(_("The event is marked as online, but no online meeting link is set."))
        return warnings

    def post(self, request, *args, **kwargs):
        valid = all([self.event_form.is_valid(), self.settings_form.is_valid(), self.speaker_formset.is_valid()])
        if valid:
            valid = self._check_online_link()
        if not valid:
            messages.error(request, _("We could not save your changes. See below for details."))
            return self.render_to_response(self.get_context_data())
        with transaction.atomic():
            changes = save_meetup(request.event, self.event_form, self.settings_form, self.speaker_formset)
            if changes:
                request.event.log_action(MEETUP_CHANGED, user=request.user, data=changes)
        request.event.cache.clear()
        messages.success(request, _("Your changes have been saved."))
        return redirect(meetup_settings_url(request.event))

    def _check_online_link(self) -> bool:
        """The link lives in the settings form, the online flag in the event form: checked across both."""
        is_remote = self.event_form.cleaned_data.get("is_remote")
        if self.settings_form.cleaned_data.get("oicmeetup_online_url") and not is_remote:
            self.settings_form.add_error(
                "oicmeetup_online_url",
                _("An online meeting link needs an online event: tick the online option above or remove the link."),
            )
            return False
        return True


class ApplyEmailTemplateView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, View):
    permission = SETTINGS_PERMISSION

    def post(self, request, *args, **kwargs):
        form = ApplyEmailTemplateForm(data=request.POST)
        form.is_valid()
        if customised_keys(request.event) and not form.cleaned_data.get("confirm_replace"):
            messages.error(request, _(
                "This event has customised confirmation emails. Confirm that they may be replaced by the "
                "meetup template, then try again."
            ))
            return redirect(meetup_settings_url(request.event) + "#email-template")
        with transaction.atomic():
            changed = apply_confirmation_templates(request.event)
            if changed:
                request.event.log_action(EMAIL_TEMPLATE_APPLIED, user=request.user, data={"keys": changed})
        if changed:
            messages.success(request, _("The confirmation emails now contain the meetup announcement."))
        else:
            messages.info(request, _("The confirmation emails already use the meetup template."))
        return redirect(meetup_settings_url(request.event) + "#email-template")
