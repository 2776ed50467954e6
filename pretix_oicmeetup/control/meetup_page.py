"""The meetup page: every field of the meetup and its speakers on one page, with the shop page's preview
(the emails' previews are pages of their own), and applying the meetup's confirmation emails."""
from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from pretix.base.i18n import language
from pretix.control.permissions import EventPermissionRequiredMixin
from pretix.control.views.event import EventSettingsViewMixin

from ..mail.confirmation import apply_confirmation_templates, customised_keys, template_rows
from ..mail.log import EMAIL_TEMPLATE_APPLIED
from ..meetup import fields as registry
from ..meetup.access import SETTINGS_PERMISSION
from ..meetup.numbering import other_numbers
from ..meetup.store import write
from ..models import Speaker
from ..presale.free_setup import apply_free_setup, pending_changes
from ..presale.shop_page import shop_top
from ..render import WEB, render_announcement
from ..reports.figures import meetup_figures
from ..series.editions import series_page_url
from ..series.records import next_free_number, series_of, values_of
from .forms import KEEP_SERIES, LibraryPickForm, MeetupForm, SeriesChoiceForm, SpeakerFormSet
from .mixins import MeetupPluginActiveMixin, meetup_settings_url
from .retrospective_forms import MaterialFormSetFactory, PhotoFormSetFactory
from .retrospective_page import PART_MARKER, panel_context, part_shown


class ApplyEmailTemplateForm(forms.Form):
    confirm_replace = forms.BooleanField(
        required=False,
        label=_("Replace the customised confirmation texts of this event"),
    )


class MeetupSettingsView(EventSettingsViewMixin, EventPermissionRequiredMixin, MeetupPluginActiveMixin,
                         TemplateView):
    permission = SETTINGS_PERMISSION
    template_name = "pretix_oicmeetup/control/meetup.html"

    def _data(self):
        return (self.request.POST, self.request.FILES) if self.request.method == "POST" else (None, None)

    @cached_property
    def retrospective_shown(self) -> bool:
        """Saving reads the Rückblick's fields only where the page that was sent showed them."""
        if self.request.method == "POST":
            return PART_MARKER in self.request.POST
        return part_shown(self.request.event)

    @cached_property
    def form(self):
        data, files = self._data()
        return MeetupForm(data=data, event=self.request.event, retrospective=self.retrospective_shown)

    @cached_property
    def series_form(self):
        data, files = self._data()
        return SeriesChoiceForm(data=data, event=self.request.event)

    @cached_property
    def library_form(self):
        data, files = self._data()
        return LibraryPickForm(data=data, event=self.request.event)

    def suggested_number(self):
        """The next free number of the meetup's series, while the meetup has none."""
        if self.form.current.get("series_number"):
            return None
        series = series_of(self.request.event)
        return next_free_number(series) if series else None

    def _rows(self, factory, prefix):
        if not self.retrospective_shown:
            return None
        data, files = self._data()
        model = factory.model
        return factory(data=data, files=files, instance=self.request.event, prefix=prefix,
                       queryset=model.objects.filter(event=self.request.event), event=self.request.event)

    @cached_property
    def photo_formset(self):
        return self._rows(PhotoFormSetFactory, "photos")

    @cached_property
    def material_formset(self):
        return self._rows(MaterialFormSetFactory, "materials")

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
            preview_top = shop_top(event)
            preview_intro = render_announcement(event, purpose="intro", medium=WEB)
            preview_html = render_announcement(event, purpose="shop", medium=WEB)
        groups = self.form.groups()
        ctx.update(
            form=self.form,
            schedule_fields=groups.get(registry.SCHEDULE, []),
            announcement_fields=groups.get(registry.ANNOUNCEMENT, []),
            series_fields=groups.get(registry.SERIES, []),
            email_fields=groups.get(registry.EMAILS, []),
            website_fields=groups.get(registry.WEBSITE, []),
            retrospective_fields=groups.get(registry.RETROSPECTIVE, []),
            retrospective_shown=self.retrospective_shown,
            retrospective_marker=PART_MARKER,
            photo_formset=self.photo_formset,
            material_formset=self.material_formset,
            speaker_formset=self.speaker_formset,
            warnings=self._warnings(),
            # numbers about orders: for those who may read them
            figures=meetup_figures(event) if self.request.user.has_event_permission(
                self.request.organizer, event, "event.orders:read", request=self.request) else None,
            preview_top=preview_top,
            preview_intro=preview_intro,
            preview_html=preview_html,
            free_setup_changes=pending_changes(event),
            template_rows=template_rows(event),
            apply_template_form=ApplyEmailTemplateForm(),
            customised_template_keys=customised_keys(event),
            has_subevents=event.has_subevents,
            series_page_url=series_page_url(event),
            series_form=self.series_form,
            library_form=self.library_form,
            defaults_url=reverse("plugins:pretix_oicmeetup:defaults", kwargs={"organizer": event.organizer.slug}),
            library_url=reverse("plugins:pretix_oicmeetup:library.list", kwargs={"organizer": event.organizer.slug}),
            series_list_url=reverse("plugins:pretix_oicmeetup:series.list", kwargs={"organizer": event.organizer.slug}),
        )
        suggestion = self.suggested_number()
        if suggestion and "series_number" in self.form.fields:
            self.form.fields["series_number"].widget.attrs["placeholder"] = str(suggestion)
        if self.retrospective_shown:
            ctx.update(panel_context(event))
        return ctx

    def _warnings(self):
        event = self.request.event
        warnings = []
        if not event.has_subevents and not event.date_admission:
            warnings.append(_("No admission time (Einlass) is set. Attendees will not know when the doors open."))
        if not Speaker.objects.filter(event=event).exists():
            warnings.append(_("No speakers are listed. That is fine for formats without speakers, such as the "
                              "Open Innovation Hour."))
        if event.is_remote and not event.settings.get(registry.get("online_url").setting_key):
            warnings.append(_("The event is marked as online, but no online meeting link is set."))
        number = self.form.current.get("series_number")
        for other in other_numbers(self.form.current):
            warnings.append(_("“{field}” names meetup number {named}, but this meetup is number {number} in its "
                              "series. Please check the text.").format(field=other.field.label, named=other.named,
                                                                        number=number))
        return warnings

    def post(self, request, *args, **kwargs):
        formsets = [f for f in (self.speaker_formset, self.photo_formset, self.material_formset) if f is not None]
        submitted = [self.form, self.series_form, self.library_form, *formsets]
        valid = [f.is_valid() for f in submitted]  # every part validated, so that each shows its errors
        if not all(valid):
            messages.error(request, _("We could not save your changes. See below for details."))
            return self.render_to_response(self.get_context_data())
        values = {key: self.form.cleaned_data[key] for key in self.form.fields}
        values.update(self._series_values(values))
        rows = {}
        if self.retrospective_shown:
            rows = {"photos": self.photo_formset.items(), "materials": self.material_formset.items()}
        speakers = self.speaker_formset.speakers()
        speakers += self.library_form.items(speakers)
        write(request.event, values, speakers, user=request.user, **rows)
        messages.success(request, _("Your changes have been saved."))
        return redirect(meetup_settings_url(request.event))


    def _series_values(self, values) -> dict:
        """The fields a newly picked series brings: its own, and the next free number unless the meetup
        keeps its number into its first series. Picking no series takes the meetup out of its series."""
        picked = self.series_form.picked()
        if picked is KEEP_SERIES:
            return {}
        if picked is None:
            return dict.fromkeys(("series_name", "series_number", "series_url", "series_info", "series_topic"))
        taken = values_of(picked)
        if self.series_form.current is not None or not values.get("series_number"):
            taken["series_number"] = next_free_number(picked)
        return taken


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


class FreeSetupView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, View):
    """Applies the free meetup's shop set-up that the meetup page lists."""
    permission = SETTINGS_PERMISSION

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            changed = apply_free_setup(request.event, user=request.user)
        if changed:
            messages.success(request, _("The shop is now set up for a free meetup."))
        else:
            messages.info(request, _("The shop was set up for a free meetup already."))
        return redirect(meetup_settings_url(request.event) + "#free-setup")
