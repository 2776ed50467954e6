"""REST API: GET and PATCH of an event's meetup data under pretix's API, authenticated the pretix way
(team API tokens, OAuth, devices, sessions) by pretix's ``EventPermission``."""
from django.db import transaction
from django.http import Http404
from rest_framework import status, views
from rest_framework.response import Response

from .logtypes import MEETUP_CHANGED
from .privacy import api_permission_holder, user_may_see_online_link
from .serializers import MeetupSerializer, apply_meetup_data, meetup_data

PLUGIN_NAME = "pretix_oicmeetup"
WRITE_PERMISSION = "event.settings.general:write"


class MeetupAPIView(views.APIView):
    # As pretix's own event settings endpoint: any access to the event may read, changing needs the
    # settings permission. The private online link follows the plugin's one rule (privacy.py).
    permission = None
    write_permission = WRITE_PERMISSION

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if PLUGIN_NAME not in request.event.get_plugins():  # pretix does not gate API views by plugin
            raise Http404("The meetup plugin is not active for this event.")

    def _may_see_online_link(self, request) -> bool:
        return user_may_see_online_link(api_permission_holder(request), request.event, request)

    def get(self, request, *args, **kwargs):
        return Response(meetup_data(request.event, include_private=self._may_see_online_link(request)))

    def patch(self, request, *args, **kwargs):
        serializer = MeetupSerializer(data=request.data, event=request.event, partial=True)
        if not serializer.is_valid():
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        with transaction.atomic():
            changes = apply_meetup_data(request.event, serializer.validated_data)
            if changes:
                request.event.log_action(MEETUP_CHANGED, user=request.user, auth=request.auth, data=changes)
        request.event.cache.clear()
        return Response(meetup_data(request.event, include_private=self._may_see_online_link(request)))
