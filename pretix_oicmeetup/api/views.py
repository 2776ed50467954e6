"""GET and PATCH of an event's meetup under pretix's API, authenticated the pretix way (team API tokens,
OAuth, devices, sessions) by pretix's ``EventPermission``; registered on pretix's event router."""
from django.http import Http404
from rest_framework import status, viewsets
from rest_framework.response import Response

from ..meetup.access import SETTINGS_PERMISSION, api_permission_holder, plugin_active, user_may_see_online_link
from ..meetup.schema import meetup_json, validated
from ..meetup.store import write
from ..reports.figures import meetup_figures


class MeetupViewSet(viewsets.ViewSet):
    """One resource per event, so its URL has no id: ``list`` answers GET, ``patch`` the changes."""
    # As pretix's own event settings endpoint: any access to the event may read, changing needs the
    # settings permission. The private online link follows the plugin's one rule (meetup/access.py).
    permission = None
    write_permission = SETTINGS_PERMISSION

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not plugin_active(request.event):  # pretix does not gate API views by plugin
            raise Http404("The meetup plugin is not active for this event.")

    def _data(self, request):
        may_see = user_may_see_online_link(api_permission_holder(request), request.event, request)
        return meetup_json(request.event, include_private=may_see)

    def list(self, request, *args, **kwargs):
        return Response(self._data(request))

    def patch(self, request, *args, **kwargs):
        schema = validated(request.event, request.data)
        if schema.errors:
            return Response(schema.errors, status=status.HTTP_400_BAD_REQUEST)
        values = dict(schema.validated_data)
        speakers = values.pop("speakers", None)
        write(request.event, values, speakers, user=request.user, auth=request.auth)
        return Response(self._data(request))


class MeetupFiguresViewSet(viewsets.ViewSet):
    """The meetup's numbers (``reports.figures``): registrations, cancelled by the attendees, seats passed on
    from the waiting list, check-ins, show-up rate. Numbers about orders: for those who may read orders."""
    permission = "event.orders:read"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not plugin_active(request.event):
            raise Http404("The meetup plugin is not active for this event.")

    def list(self, request, *args, **kwargs):
        return Response(meetup_figures(request.event).as_dict())
