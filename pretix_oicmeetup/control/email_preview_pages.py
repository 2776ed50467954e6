"""Email previews on pages of their own: each takes pretix's whole email rendering for a sample registration
(created and rolled back), so the meetup page links them instead of rendering them with every visit."""
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from pretix.base.middleware import add_to_response_csp
from pretix.control.permissions import EventPermissionRequiredMixin

from ..mail.preview import confirmation_preview
from ..meetup.access import SETTINGS_PERMISSION
from .mixins import MeetupPluginActiveMixin


class EmailPreviewView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, TemplateView):
    """One or more emails as attendees would get them: sender, subject, HTML and text part."""
    permission = SETTINGS_PERMISSION
    template_name = "pretix_oicmeetup/control/email_preview.html"
    title = ""
    back_anchor = ""

    def previews(self) -> list[dict]:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        # The HTML part is an email: its styles are inline, and a srcdoc frame inherits the page's policy.
        # pretix's own email view allows inline styles for the same reason; the frame stays sandboxed (no
        # scripts) and pretix's email pipeline has sanitised the HTML.
        add_to_response_csp(response, {"style-src": ["'unsafe-inline'"]})
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.title, "back_anchor": self.back_anchor,
                "previews": self.previews()}


class ConfirmationPreviewView(EmailPreviewView):
    title = pgettext_lazy("oicmeetup", "Preview: the confirmation email")
    back_anchor = "email-template"

    def previews(self):
        return [{"label": pgettext_lazy("oicmeetup", "the confirmation of a registration made now"),
                 **confirmation_preview(self.request.event)}]
