"""The organizer's meetup series in the control panel: the list with each series' editions, and creating or
changing a series. Any team of the organizer sees the list; changing needs pretix's permission for the
organizer's settings, which includes plugin settings. A change is written into the upcoming editions."""
from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _, ngettext
from django.views.generic import TemplateView
from django_scopes import scopes_disabled

from pretix.base.forms import I18nMarkdownTextarea, I18nModelForm
from pretix.control.permissions import OrganizerPermissionRequiredMixin
from pretix.control.views.organizer import OrganizerDetailViewMixin

from ..languages import organizer_locales
from ..meetup.validators import I18nMaxLengthValidator
from ..models import Series
from ..series.editions import series_page_url_for
from ..series.log import SERIES_CHANGED, SERIES_CREATED
from ..series.records import SERIES_FIELDS, edition_number, is_past, name_key, write_into_upcoming
from .forms import HttpURLField
from .mixins import OrganizerPluginActiveMixin

SERIES_PERMISSION = "organizer.settings.general:write"
FIELD_OF_ATTRIBUTE = {attribute: key for key, attribute in SERIES_FIELDS}


class SeriesForm(I18nModelForm):
    url = HttpURLField(label=Series._meta.get_field("url").verbose_name)

    class Meta:
        model = Series
        fields = ("name", "topic", "url", "info")
        widgets = {"info": I18nMarkdownTextarea}

    def __init__(self, *args, organizer, **kwargs):
        self.organizer = organizer
        kwargs["locales"] = organizer_locales(organizer)
        super().__init__(*args, **kwargs)
        self.fields["info"].validators.append(I18nMaxLengthValidator(5000))
        self.fields["info"].help_text = _("What the series is about. Shown as Info zur MeetUp-Reihe near the end "
                                          "of every announcement.")

    def clean_topic(self):
        topic = self.cleaned_data["topic"]
        with scopes_disabled():
            taken = Series.objects.filter(organizer=self.organizer, topic=topic).exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(_("Another series of this organizer already has this topic."))
        return topic

    def clean_name(self):
        name = self.cleaned_data["name"]
        key = name_key(name)
        if not key:
            raise forms.ValidationError(_("Please give the series a name."))
        with scopes_disabled():
            others = Series.objects.filter(organizer=self.organizer).exclude(pk=self.instance.pk)
            if any(name_key(other.name) == key for other in others):
                raise forms.ValidationError(_("Another series of this organizer already has this name."))
        return name


def editions_rows(series) -> list[dict]:
    with scopes_disabled():
        events = [link.event for link in series.editions.select_related("event").order_by("event__date_from")]
    return [{"event": event, "number": edition_number(event), "past": is_past(event),
             "url": reverse("plugins:pretix_oicmeetup:settings",
                            kwargs={"organizer": event.organizer.slug, "event": event.slug})}
            for event in events]


def series_list_url(organizer) -> str:
    return reverse("plugins:pretix_oicmeetup:series.list", kwargs={"organizer": organizer.slug})


class SeriesListView(OrganizerDetailViewMixin, OrganizerPermissionRequiredMixin, OrganizerPluginActiveMixin,
                 TemplateView):
    permission = None  # any team of the organizer: names and editions of its series
    template_name = "pretix_oicmeetup/control/series_list.html"

    def get_context_data(self, **kwargs):
        organizer = self.request.organizer
        with scopes_disabled():
            records = list(Series.objects.filter(organizer=organizer))
        return {
            **super().get_context_data(**kwargs),
            "rows": [{"series": s, "editions": editions_rows(s), "public_url": series_page_url_for(s)}
                     for s in records],
            "may_change": self.request.user.has_organizer_permission(organizer, SERIES_PERMISSION,
                                                                     request=self.request),
        }


class SeriesEditView(OrganizerDetailViewMixin, OrganizerPermissionRequiredMixin, OrganizerPluginActiveMixin,
                 TemplateView):
    permission = SERIES_PERMISSION
    template_name = "pretix_oicmeetup/control/series_edit.html"

    def get_series(self):
        if "series" not in self.kwargs:
            return None
        with scopes_disabled():
            return get_object_or_404(Series, organizer=self.request.organizer, pk=self.kwargs["series"])

    def get_form(self, series):
        data = self.request.POST if self.request.method == "POST" else None
        return SeriesForm(data=data, instance=series, organizer=self.request.organizer)

    def get_context_data(self, form=None, series=None, **kwargs):
        rows = editions_rows(series) if series else []
        return {
            **super().get_context_data(**kwargs), "form": form, "series": series, "editions": rows,
            "upcoming_count": sum(1 for row in rows if not row["past"]),
            "past_count": sum(1 for row in rows if row["past"]), "list_url": series_list_url(self.request.organizer),
        }

    def get(self, request, *args, **kwargs):
        series = self.get_series()
        return self.render_to_response(self.get_context_data(form=self.get_form(series), series=series))

    def post(self, request, *args, **kwargs):
        series = self.get_series()
        form = self.get_form(series)
        if not form.is_valid():
            messages.error(request, _("We could not save your changes. See below for details."))
            return self.render_to_response(self.get_context_data(form=form, series=series))
        organizer = request.organizer
        changed = [FIELD_OF_ATTRIBUTE[name] for name in form.changed_data if name in FIELD_OF_ATTRIBUTE]
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.organizer = organizer
            saved.save()
            if series is None:
                organizer.log_action(SERIES_CREATED, user=request.user,
                                     data={"id": saved.pk, "topic": saved.topic, "fields": changed})
                messages.success(request, _("The series has been created. Pick it on the meetup page of its "
                                            "editions."))
                return redirect(series_list_url(organizer))
            upcoming, past = write_into_upcoming(saved, changed, user=request.user) if changed else ([], [])
            if changed:
                organizer.log_action(SERIES_CHANGED, user=request.user, data={
                    "id": saved.pk, "topic": saved.topic, "fields": changed, "upcoming": len(upcoming),
                    "past": len(past)})
        if changed:
            messages.success(request, ngettext(
                "The series and its {count} upcoming edition have been changed.",
                "The series and its {count} upcoming editions have been changed.", len(upcoming),
            ).format(count=len(upcoming)) if upcoming else _("The series has been changed. It has no upcoming "
                                                             "edition to change."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect(series_list_url(organizer))
