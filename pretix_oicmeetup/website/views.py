"""The website's files as one zip: a download in the control panel (for any team of the organizer) and an
API resource for the website's build (any API token of the organizer). Everything in it is public already:
the shop pages and posts of public meetups.

``GET`` gives the posts and photos of every public meetup, and the meetups' entries of the event list as
``.oicmeetup/events.yml`` (the website's own list is edited, never replaced: the command, or ``POST``, does
that). ``POST`` is for the website's build (``contrib/website``): it sends what the website has (the texts of
its configuration, event list and posts, the digests of its photos) and gets the files that change, with
``.oicmeetup/plan.json`` saying what to remove and what the team should know; where a file would be replaced
that the plugin did not write, it gets 409 and nothing to write.
"""
import json
from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views import View
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from pretix.control.permissions import OrganizerPermissionRequiredMixin

from ..control.mixins import OrganizerPluginActiveMixin
from ..meetup.access import plugin_active_for_organizer
from ..meetup.validators import validate_text_characters
from .addresses import DEFAULT_PERMALINK, PERMALINK_SETTING
from .files import EVENT_LIST, MANIFEST, Site, website_files, zip_files
from .site import SiteError, plan, site_from

MAX_SITE_FILES = 5000


def _zip_response(organizer, files: dict) -> HttpResponse:
    response = HttpResponse(zip_files(files), content_type="application/zip")
    name = f"website-{organizer.slug}-{date.today().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def download(organizer) -> HttpResponse:
    result = website_files(organizer, Site(permalink=organizer.settings.get(PERMALINK_SETTING) or DEFAULT_PERMALINK))
    files = {(".oicmeetup/events.yml" if path == EVENT_LIST else path): content
             for path, content in result.files.items()}
    return _zip_response(organizer, files)


class WebsiteFilesDownload(OrganizerPermissionRequiredMixin, OrganizerPluginActiveMixin, View):
    permission = None  # any team of the organizer: the files hold nothing that is not public

    def get(self, request, *args, **kwargs):
        return download(request.organizer)


class SiteSerializer(serializers.Serializer):
    texts = serializers.DictField(child=serializers.CharField(allow_blank=True, trim_whitespace=False,
                                                             validators=[validate_text_characters]),
                                  required=False)
    digests = serializers.DictField(child=serializers.RegexField(r"^[0-9a-f]{64}$"), required=False)

    def validate(self, data):
        if len(data.get("texts", {})) + len(data.get("digests", {})) > MAX_SITE_FILES:
            raise serializers.ValidationError(_("Too many files."))
        for path in [*data.get("texts", {}), *data.get("digests", {})]:
            try:
                validate_text_characters(path)
            except DjangoValidationError as e:
                raise serializers.ValidationError({"texts": e.messages}) from None
        return data


class WebsiteFilesViewSet(viewsets.ViewSet):
    """GET and POST ``/api/v1/organizers/<organizer>/meetup-website/``."""
    permission = None

    def _active(self, request):
        if not plugin_active_for_organizer(request.organizer):  # pretix does not gate API views by plugin
            raise Http404(_("The meetup plugin is not active for this organizer."))

    def list(self, request, *args, **kwargs):
        self._active(request)
        return download(request.organizer)

    def create(self, request, *args, **kwargs):
        self._active(request)
        serializer = SiteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            site = site_from(serializer.validated_data.get("texts", {}), serializer.validated_data.get("digests", {}))
            result = plan(request.organizer, site)
        except SiteError as e:
            return Response({"detail": str(e)}, status=status.HTTP_400_BAD_REQUEST)
        report = {"changed": result.changed, "removed": result.removed, "conflicts": result.conflicts,
                  "notes": [str(note) for note in result.notes]}
        if result.conflicts:
            return Response(report, status=status.HTTP_409_CONFLICT)
        files = {path: result.files[path] for path in result.changed}
        files[MANIFEST] = result.manifest.encode("utf-8")
        files[".oicmeetup/plan.json"] = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
        return _zip_response(request.organizer, files)
