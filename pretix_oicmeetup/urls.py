from django.urls import re_path

from .api import MeetupAPIView
from .noticeviews import CreateReminderView, NoticeView, SendNoticeView
from .postviews import ExportPostView, ImportPostView
from .presaleviews import AttendeeCalendarView, PositionCalendarView
from .views import ApplyEmailTemplateView, MeetupSettingsView

CONTROL_PREFIX = r"^control/event/(?P<organizer>[^/]+)/(?P<event>[^/]+)/oicmeetup/"

urlpatterns = [
    re_path(CONTROL_PREFIX + r"$", MeetupSettingsView.as_view(), name="settings"),
    re_path(CONTROL_PREFIX + r"email-template/$", ApplyEmailTemplateView.as_view(), name="email_template"),
    re_path(CONTROL_PREFIX + r"import/$", ImportPostView.as_view(), name="import"),
    re_path(CONTROL_PREFIX + r"export/$", ExportPostView.as_view(), name="export"),
    re_path(CONTROL_PREFIX + r"notice/$", NoticeView.as_view(), name="notice"),
    re_path(CONTROL_PREFIX + r"notice/send/$", SendNoticeView.as_view(), name="notice.send"),
    re_path(CONTROL_PREFIX + r"reminder/$", CreateReminderView.as_view(), name="reminder"),
    # next to pretix's own event resources, e.g. .../events/<event>/settings/
    re_path(r"^api/v1/organizers/(?P<organizer>[^/]+)/events/(?P<event>[^/]+)/meetup/$", MeetupAPIView.as_view(),
            name="api.meetup"),
]

# shop pages under /<organizer>/<event>/, only served while the plugin is active
event_patterns = [
    re_path(r"^oicmeetup/calendar/(?P<order>[A-Z0-9]+)/(?P<secret>[a-z0-9]+)\.ics$", AttendeeCalendarView.as_view(),
            name="attendee_calendar"),
    # one ticket's file, under that ticket's own secret as pretix's ticket page (event.order.position)
    re_path(r"^oicmeetup/calendar/(?P<order>[A-Z0-9]+)/(?P<position>\d+)/(?P<secret>[A-Za-z0-9]+)\.ics$",
            PositionCalendarView.as_view(), name="position_calendar"),
]
