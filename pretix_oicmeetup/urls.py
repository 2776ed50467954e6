"""The plugin's URLs: the control pages, the REST resources (on pretix's event and organizer routers) and
the attendee's calendar files in the shop."""
from django.urls import re_path

from pretix.api.urls import event_router, orga_router

from .api.views import MeetupFiguresViewSet, MeetupViewSet
from .control.defaults_page import DefaultsView
from .control.email_preview_pages import ConfirmationPreviewView
from .control.library_pages import LibraryListView, PersonEditView
from .control.meetup_page import ApplyEmailTemplateView, FreeSetupView, MeetupSettingsView
from .control.notice_page import CreateReminderView, NoticeView, SendNoticeView
from .control.post_pages import ExportPostView, ExportRetrospectiveView, ImportPostView
from .control.retrospective_page import RetrospectiveEmailPreviewView, RetrospectiveEmailsView
from .control.series_pages import SeriesEditView, SeriesListView
from .presale.calendar_views import AttendeeCalendarView, PositionCalendarView
from .series.views import SeriesCalendarView, SeriesPageView
from .website.views import WebsiteFilesDownload, WebsiteFilesViewSet

CONTROL_PREFIX = r"^control/event/(?P<organizer>[^/]+)/(?P<event>[^/]+)/oicmeetup/"
ORGANIZER_PREFIX = r"^control/organizer/(?P<organizer>[^/]+)/oicmeetup/"

urlpatterns = [
    re_path(CONTROL_PREFIX + r"$", MeetupSettingsView.as_view(), name="settings"),
    re_path(CONTROL_PREFIX + r"email-template/$", ApplyEmailTemplateView.as_view(), name="email_template"),
    re_path(CONTROL_PREFIX + r"email-template/preview/$", ConfirmationPreviewView.as_view(),
            name="email_template.preview"),
    re_path(CONTROL_PREFIX + r"free-setup/$", FreeSetupView.as_view(), name="free_setup"),
    re_path(CONTROL_PREFIX + r"import/$", ImportPostView.as_view(), name="import"),
    re_path(CONTROL_PREFIX + r"export/$", ExportPostView.as_view(), name="export"),
    re_path(CONTROL_PREFIX + r"export/retrospective/$", ExportRetrospectiveView.as_view(),
            name="export_retrospective"),
    re_path(CONTROL_PREFIX + r"retrospective/emails/$", RetrospectiveEmailsView.as_view(),
            name="retrospective_emails"),
    re_path(CONTROL_PREFIX + r"retrospective/emails/preview/$", RetrospectiveEmailPreviewView.as_view(),
            name="retrospective_emails.preview"),
    re_path(CONTROL_PREFIX + r"notice/$", NoticeView.as_view(), name="notice"),
    re_path(CONTROL_PREFIX + r"notice/send/$", SendNoticeView.as_view(), name="notice.send"),
    re_path(CONTROL_PREFIX + r"reminder/$", CreateReminderView.as_view(), name="reminder"),
    re_path(ORGANIZER_PREFIX + r"website\.zip$", WebsiteFilesDownload.as_view(), name="website"),
    re_path(ORGANIZER_PREFIX + r"series/$", SeriesListView.as_view(), name="series.list"),
    re_path(ORGANIZER_PREFIX + r"series/add/$", SeriesEditView.as_view(), name="series.add"),
    re_path(ORGANIZER_PREFIX + r"series/(?P<series>\d+)/$", SeriesEditView.as_view(), name="series.edit"),
    re_path(ORGANIZER_PREFIX + r"defaults/$", DefaultsView.as_view(), name="defaults"),
    re_path(ORGANIZER_PREFIX + r"speakers/$", LibraryListView.as_view(), name="library.list"),
    re_path(ORGANIZER_PREFIX + r"speakers/add/$", PersonEditView.as_view(), name="library.add"),
    re_path(ORGANIZER_PREFIX + r"speakers/(?P<person>\d+)/$", PersonEditView.as_view(), name="library.edit"),
]

# /api/v1/organizers/<organizer>/events/<event>/meetup/, next to pretix's own event resources
event_router.register(r"meetup", MeetupViewSet, basename="oicmeetup-meetup")
# /api/v1/organizers/<organizer>/events/<event>/meetup-figures/: the meetup's numbers (reports/figures.py)
event_router.register(r"meetup-figures", MeetupFiguresViewSet, basename="oicmeetup-meetup-figures")
# /api/v1/organizers/<organizer>/meetup-website/: the website's files of all public meetups, as a zip
orga_router.register(r"meetup-website", WebsiteFilesViewSet, basename="oicmeetup-website")

# shop pages under /<organizer>/<event>/, only served while the plugin is active
event_patterns = [
    re_path(r"^oicmeetup/calendar/(?P<order>[A-Z0-9]+)/(?P<secret>[a-z0-9]+)\.ics$", AttendeeCalendarView.as_view(),
            name="attendee_calendar"),
    # one ticket's file, under that ticket's own secret as pretix's ticket page (event.order.position)
    re_path(r"^oicmeetup/calendar/(?P<order>[A-Z0-9]+)/(?P<position>\d+)/(?P<secret>[A-Za-z0-9]+)\.ics$",
            PositionCalendarView.as_view(), name="position_calendar"),
]

# the organizer's public pages under /<organizer>/; "_" so that no event slug can collide
organizer_patterns = [
    re_path(r"^_series/(?P<topic>[a-z0-9-]+)/$", SeriesPageView.as_view(), name="series"),
    re_path(r"^_series/(?P<topic>[a-z0-9-]+)/calendar\.ics$", SeriesCalendarView.as_view(), name="series.ical"),
]
