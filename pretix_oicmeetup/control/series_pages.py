"""The organizer's meetup series in the control panel: the list with each series' editions, and creating or
changing a series. Any team of the organizer sees the list; changing needs pretix's permission for the
organizer's settings, which includes plugin settings. A change is written into the upcoming editions."""
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _, ngettext
from django_scopes import scopes_disabled

from pretix.base.forms import I18nMarkdownTextarea, I18nModelForm

from ..languages import organizer_locales
from ..meetup.names import name_key
from ..meetup.validators import I18nMaxLengthValidator
from ..models import Series
from ..series.editions import series_page_url_for
from ..series.log import SERIES_CHANGED, SERIES_CREATED
from ..series.records import SERIES_FIELDS, edition_number, is_past, write_into_upcoming
from .forms import HttpURLField, LanguagesOnlyMixin
from .organizer_pages import OrganizerPage, RecordPage

FIELD_OF_ATTRIBUTE = {attribute: key for key, attribute in SERIES_FIELDS}


class SeriesForm(LanguagesOnlyMixin, I18nModelForm):
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
            others = Series.objects.filter(organizer=self.organizer, name_key=key).exclude(pk=self.instance.pk)
            if others.exists():
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


class SeriesListView(OrganizerPage):
    permission = None  # any team of the organizer: names and editions of its series
    template_name = "pretix_oicmeetup/control/series_list.html"

    def get_context_data(self, **kwargs):
        with scopes_disabled():
            records = list(Series.objects.filter(organizer=self.request.organizer))
        return {
            **super().get_context_data(**kwargs),
            "rows": [{"series": s, "editions": editions_rows(s), "public_url": series_page_url_for(s)}
                     for s in records],
            "may_change": self.may_change(),
        }


class SeriesEditView(RecordPage):
    template_name = "pretix_oicmeetup/control/series_edit.html"
    model, url_kwarg, form_class = Series, "series", SeriesForm

    def record_context(self, series) -> dict:
        rows = editions_rows(series) if series else []
        return {"series": series, "editions": rows, "upcoming_count": sum(1 for row in rows if not row["past"]),
                "past_count": sum(1 for row in rows if row["past"]),
                "list_url": series_list_url(self.request.organizer)}

    def form_valid(self, form, saved, created):
        request, organizer = self.request, self.request.organizer
        changed = [FIELD_OF_ATTRIBUTE[name] for name in form.changed_data if name in FIELD_OF_ATTRIBUTE]
        saved.save()
        if created:
            organizer.log_action(SERIES_CREATED, user=request.user,
                                 data={"id": saved.pk, "topic": saved.topic, "fields": changed})
            messages.success(request, _("The series has been created. Pick it on the meetup page of its editions."))
            return redirect(series_list_url(organizer))
        if not changed:
            messages.info(request, _("Nothing was changed."))
            return redirect(series_list_url(organizer))
        upcoming, past = write_into_upcoming(saved, changed, user=request.user)
        organizer.log_action(SERIES_CHANGED, user=request.user, data={
            "id": saved.pk, "topic": saved.topic, "fields": changed, "upcoming": len(upcoming), "past": len(past)})
        if upcoming:
            messages.success(request, ngettext(
                "The series and its {count} upcoming edition have been changed.",
                "The series and its {count} upcoming editions have been changed.", len(upcoming),
            ).format(count=len(upcoming)))
        else:
            messages.success(request, _("The series has been changed. It has no upcoming edition to change."))
        return redirect(series_list_url(organizer))
