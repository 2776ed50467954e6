"""The website's files as one zip: a download in the control panel (for any team of the organizer) and an
API resource for the website's build (any API token of the organizer). Everything in it is public already:
the shop pages and posts of public meetups."""
from datetime import date

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views import View
from rest_framework import viewsets

from pretix.control.permissions import OrganizerPermissionRequiredMixin

from ..control.mixins import OrganizerPluginActiveMixin
from ..meetup.access import plugin_active_for_organizer
from .files import website_files, zip_files


def zip_response(organizer) -> HttpResponse:
    response = HttpResponse(zip_files(website_files(organizer)), content_type="application/zip")
    name = f"website-{organizer.slug}-{date.today().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class WebsiteFilesDownload(OrganizerPermissionRequiredMixin, OrganizerPluginActiveMixin, View):
    permission = None  # any team of the organizer: the files hold nothing that is not public

    def get(self, request, *args, **kwargs):
        return zip_response(request.organizer)


class WebsiteFilesViewSet(viewsets.ViewSet):
    """GET ``/api/v1/organizers/<organizer>/meetup-website/``: the zip."""
    permission = None

    def list(self, request, *args, **kwargs):
        if not plugin_active_for_organizer(request.organizer):  # pretix does not gate API views by plugin
            raise Http404(_("The meetup plugin is not active for this organizer."))
        return zip_response(request.organizer)
