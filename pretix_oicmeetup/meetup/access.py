"""Who may see what: the plugin's permissions and the private online meeting link, the one rule.

- An organiser sees it when allowed to change the event's settings (``event.settings.general:write``),
  the permission needed to set the link in the first place, or to read the event's orders
  (``event.orders:read``): pretix shows whoever reads orders every order's emails (its email history) and
  opens every attendee's order page for them, so the link reaches them there in any case.
- An attendee sees it while holding a valid registration: on the order page of a valid order (see
  ``registration.registration_counts``), on the ticket page of an active position of a valid order, in the
  calendar file behind either secret and in the emails of that order or position.

Every place that shows the link asks one of the two functions below.
"""
from django_scopes import scopes_disabled

from pretix.base.models import Device, TeamAPIToken

from .registration import registration_counts

PLUGIN_NAME = "pretix_oicmeetup"
# Changing the meetup and seeing its private link: pretix's permission for the event's settings.
SETTINGS_PERMISSION = "event.settings.general:write"
# Telling attendees about changes: like pretix's own "send out emails".
NOTICE_PERMISSION = "event.orders:write"
# Seeing the private links (online meeting, recording): either of these.
PRIVATE_LINK_PERMISSIONS = (SETTINGS_PERMISSION, "event.orders:read")


def plugin_active(event) -> bool:
    """As pretix decides it for a hybrid plugin: on for the event and for its organizer."""
    return PLUGIN_NAME in event.get_plugins() and PLUGIN_NAME in event.organizer.get_plugins()


def plugin_active_for_organizer(organizer) -> bool:
    return PLUGIN_NAME in organizer.get_plugins()


def public_meetups(organizer) -> list:
    """The organizer's meetups anyone may see: live, shown in lists, not in test mode, plugin on; by date."""
    if not plugin_active_for_organizer(organizer):
        return []
    with scopes_disabled():
        events = organizer.events.filter(live=True, is_public=True, testmode=False).order_by("date_from", "slug")
        return [event for event in events if PLUGIN_NAME in event.get_plugins()]


def meetup_dates(event) -> list:
    """The dates a public list shows of a meetup: ``[None]`` for a single event, else its active dates."""
    if not event.has_subevents:
        return [None]
    with scopes_disabled():
        return list(event.subevents.filter(active=True).order_by("date_from", "pk"))


def user_may_see_online_link(user_or_token_auth, event, request=None) -> bool:
    """An organiser's view (control panel, REST API).

    ``user_or_token_auth`` is whoever holds pretix's permissions: a ``User`` (control panel, session or
    OAuth API access) or the API's ``TeamAPIToken`` / ``Device``. ``request`` lets pretix recognise a
    staff session of an administrator, as pretix's own permission checks do.
    """
    if user_or_token_auth is None or not getattr(user_or_token_auth, "is_authenticated", True):
        return False
    has_permission = getattr(user_or_token_auth, "has_event_permission", None)
    if has_permission is None:
        return False
    return bool(has_permission(event.organizer, event, PRIVATE_LINK_PERMISSIONS, request=request))


def api_permission_holder(request):
    """Whose permissions an API request carries, as pretix's ``EventPermission`` decides it."""
    return request.auth if isinstance(request.auth, (Device, TeamAPIToken)) else request.user


def attendee_may_see_online_link(order, position=None) -> bool:
    """An attendee's view: the order's pages and emails, or (with ``position``) one ticket's.

    A position counts only while it belongs to the order, is not canceled and not blocked by pretix.
    """
    if not registration_counts(order):
        return False
    if position is None:
        return True
    return (getattr(position, "order_id", None) == order.pk and not getattr(position, "canceled", False)
            and not getattr(position, "blocked", None))
