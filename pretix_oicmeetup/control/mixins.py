"""What every page of the plugin in the control panel shares."""
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..meetup.access import plugin_active, plugin_active_for_organizer
from ..meetup.settings_once import settings_loaded_once


class MeetupPluginActiveMixin:
    """Control URLs are not gated by pretix on plugin activation; the meetup pages are. Each page reads the
    event's settings once, whatever its forms, previews and writes ask of them."""

    def dispatch(self, request, *args, **kwargs):
        if not plugin_active(request.event):
            raise Http404(_("The meetup plugin is not enabled for this event or its organizer."))
        with settings_loaded_once(request.event):
            return super().dispatch(request, *args, **kwargs)


class OrganizerPluginActiveMixin:
    """The organizer's pages of the plugin (series, speaker library, defaults, website files)."""

    def dispatch(self, request, *args, **kwargs):
        if not plugin_active_for_organizer(request.organizer):
            raise Http404(_("The meetup plugin is not enabled for this organizer."))
        return super().dispatch(request, *args, **kwargs)


def plugin_url(event, name: str) -> str:
    return reverse(f"plugins:pretix_oicmeetup:{name}", kwargs={
        "organizer": event.organizer.slug, "event": event.slug,
    })


def meetup_settings_url(event) -> str:
    return plugin_url(event, "settings")
