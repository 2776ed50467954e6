"""The public series page (``/<organizer>/_series/<topic>/``) and its calendar feed (``…/calendar.ics``).

The path begins with ``_`` because no event slug can, so the page never hides an event's pages. Only
public meetups appear; a topic nobody uses is a 404, as is an organizer without meetups. A series' former
topic (before a renaming) redirects permanently to the same page under its current topic.
"""
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from pretix.multidomain.urlreverse import build_absolute_uri, eventreverse, eventreverse_absolute

from ..meetup.validators import SLUG_RE
from ..render import WEB, render_announcement
from ..render.dates import format_date_time
from ..render.fragments import markdown_text
from ..render.ical import shop_url
from ..render.jsonld import script_safe
from .editions import editions, renamed_series, series_by_topic
from .outputs import series_calendar, series_jsonld


class SeriesMixin:
    url_name = ""  # the route of this page, to redirect a former topic to

    def dispatch(self, request, *args, **kwargs):
        # links, bookmarks and calendar subscriptions to the address before a renaming keep working
        topic = kwargs["topic"]
        renamed = renamed_series(request.organizer, topic) if SLUG_RE.match(topic) else None
        if renamed is not None:
            url = eventreverse(request.organizer, self.url_name, {"topic": renamed.topic})
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        return super().dispatch(request, *args, **kwargs)

    def series(self, request, topic):
        """The editions, the most recent edition that describes the series, and the series' name."""
        found = editions(request.organizer, topic) if SLUG_RE.match(topic) else []
        if not found:
            raise Http404(_("There is no meetup series with this name."))
        described = [e for e in found if str(e.announcement.series_info or "").strip()] or found
        latest = described[-1]
        named = [e for e in found if str(e.announcement.series_name or "").strip()]
        series = series_by_topic(request.organizer, topic)
        if series is not None and str(series.name).strip():
            name = str(series.name).strip()
        else:
            name = str(named[-1].announcement.series_name).strip() if named else topic
        return found, latest, name


def _row(edition) -> dict:
    a = edition.announcement
    ev = edition.subevent or edition.event
    return {
        "title": str(a.title), "when": format_date_time(a.local(a.date_from)), "url": shop_url(edition.event,
                                                                                            edition.subevent),
        "speakers": [speaker.name for speaker in a.speakers], "teaser": markdown_text(a.teaser, inline=True),
        "registration_open": ev.presale_is_running, "retrospective": a.has_retrospective,
        "retrospective_title": markdown_text(a.retrospective_teaser, inline=True) if a.has_retrospective else None,
    }


class SeriesPageView(SeriesMixin, TemplateView):
    url_name = "plugins:pretix_oicmeetup:series"
    template_name = "pretix_oicmeetup/presale/series.html"

    def get_context_data(self, **kwargs):
        request, topic = self.request, self.kwargs["topic"]
        found, latest, name = self.series(request, topic)
        page_url = build_absolute_uri(request.organizer, "plugins:pretix_oicmeetup:series", {"topic": topic})
        organizer_url = eventreverse_absolute(request.organizer, "presale:organizer.index")
        description = markdown_text(latest.announcement.series_info)
        return {
            **super().get_context_data(**kwargs),
            "organizer": request.organizer,
            "series_name": name,
            "series_info": render_announcement(latest.event, latest.subevent, purpose="series", medium=WEB),
            "upcoming": [_row(e) for e in found if e.is_upcoming],
            "past": [_row(e) for e in reversed(found) if not e.is_upcoming],
            "calendar_url": build_absolute_uri(request.organizer, "plugins:pretix_oicmeetup:series.ical",
                                               {"topic": topic}),
            "jsonld": script_safe(series_jsonld(request.organizer, name, description, page_url, organizer_url,
                                                found)),
        }


class SeriesCalendarView(SeriesMixin, View):
    url_name = "plugins:pretix_oicmeetup:series.ical"

    def get(self, request, *args, **kwargs):
        found, _latest, name = self.series(request, kwargs["topic"])
        response = HttpResponse(series_calendar(request.organizer, name, found), content_type="text/calendar")
        response["Content-Disposition"] = f'inline; filename="{kwargs["topic"]}.ics"'
        return response
