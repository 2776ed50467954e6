from django.urls import re_path

from .postviews import ExportPostView, ImportPostView
from .views import ApplyEmailTemplateView, MeetupSettingsView

CONTROL_PREFIX = r"^control/event/(?P<organizer>[^/]+)/(?P<event>[^/]+)/oicmeetup/"

urlpatterns = [
    re_path(CONTROL_PREFIX + r"$", MeetupSettingsView.as_view(), name="settings"),
    re_path(CONTROL_PREFIX + r"email-template/$", ApplyEmailTemplateView.as_view(), name="email_template"),
    re_path(CONTROL_PREFIX + r"import/$", ImportPostView.as_view(), name="import"),
    re_path(CONTROL_PREFIX + r"export/$", ExportPostView.as_view(), name="export"),
]
