from django.urls import re_path

from .views import ApplyEmailTemplateView, MeetupSettingsView

CONTROL_PREFIX = r"^control/event/(?P<organizer>[^/]+)/(?P<event>[^/]+)/oicmeetup/"

urlpatterns = [
    re_path(CONTROL_PREFIX + r"$", MeetupSettingsView.as_view(), name="settings"),
    re_path(CONTROL_PREFIX + r"email-template/$", ApplyEmailTemplateView.as_view(), name="email_template"),
]
