"""Calendar files that carry the meetup: Einlass, speakers and materials in the description.

The public file (pretix's "Add to calendar" download and the file pretix attaches to emails) never has
the online link. The attendee's own files have it when ``meetup.access.attendee_may_see_online_link`` allows:
one for the whole order (behind the order's secret link) and one per ticket (behind the position's
secret link, for whoever holds only that ticket). No file ever contains a secret link: calendar entries
get shared and synced, so each one links to the public shop page only.

"""
from datetime import timedelta
from urllib.parse import urlparse

import vobject
from django.utils.timezone import now

from pretix.multidomain.urlreverse import eventreverse_absolute

from ..meetup.access import attendee_may_see_online_link
from ..meetup.announcement import build_announcement
from . import EMAIL, render_announcement


def calendar_description(event, subevent=None, attendee=False) -> str:
    return render_announcement(event, subevent, purpose="calendar", medium=EMAIL, attendee=attendee, fmt="text")


def add_to_public_description(ical_text: str, event, subevent=None) -> str:
    """pretix's public calendar file, with the meetup in front of pretix's own description lines."""
    calendar = vobject.readOne(ical_text)
    for vevent in calendar.vevent_list:
        original = vevent.description.value if hasattr(vevent, "description") else ""
        text = calendar_description(event, subevent)
        if hasattr(vevent, "description"):
            vevent.description.value = f"{text}\n\n{original}".strip()
        else:
            vevent.add("description").value = text
    return calendar.serialize()


def shop_url(event, subevent=None) -> str:
    """The public page of the meetup (of one date of a series), as pretix's own calendar file links it."""
    if subevent is not None:
        return eventreverse_absolute(event, "presale:event.index", kwargs={"subevent": subevent.pk})
    return eventreverse_absolute(event, "presale:event.index")


def attendee_calendar(order) -> str:
    """The order's file: one entry per date booked, with the online link for valid registrations."""
    event = order.event
    positions = order.positions.select_related("subevent")
    subevents = {p.subevent for p in positions} if event.has_subevents else {None}
    return _calendar(order, subevents, attendee_may_see_online_link(order))


def position_calendar(position) -> str:
    """One ticket's file: its date only, with the online link while the ticket is valid."""
    order = position.order
    subevent = position.subevent if order.event.has_subevents else None
    return _calendar(order, {subevent}, attendee_may_see_online_link(order, position))


def _calendar(order, subevents, attendee: bool) -> str:
    event = order.event
    calendar = vobject.iCalendar()
    calendar.add("prodid").value = f"-//pretix_oicmeetup//{event.organizer.slug}//"
    for subevent in sorted(subevents, key=lambda se: se.date_from if se else event.date_from):
        # the same entry whether imported from the order's or a ticket's file; the order code is no secret
        add_meetup(calendar, event, subevent, uid_suffix=f"-{order.code}", attendee=attendee)
    return calendar.serialize()


def add_meetup(calendar, event, subevent=None, uid_suffix: str = "", attendee: bool = False):
    """One entry: the meetup (one date of a series) with its description; the online link only for an
    ``attendee`` whose registration allows it, the public shop page otherwise."""
    a = build_announcement(event, subevent, related=False)
    url = shop_url(event, subevent)
    vevent = calendar.add("vevent")
    vevent.add("summary").value = str(a.title)
    vevent.add("dtstamp").value = now()
    date_key = subevent.pk if subevent else 0
    vevent.add("uid").value = (f"oicmeetup-{event.organizer.slug}-{event.slug}-{date_key}{uid_suffix}"
                               f"@{urlparse(url).netloc}")
    start = a.local(a.date_from)
    vevent.add("dtstart").value = start
    vevent.add("dtend").value = a.local(a.date_to) if a.date_to else start + timedelta(hours=1)
    location = ", ".join(a.location_lines)
    if attendee and a.has_online_access:
        location = f"{location} ({a.online_url})" if location else a.online_url
        vevent.add("url").value = a.online_url
    else:
        vevent.add("url").value = url
    if location:
        vevent.add("location").value = location
    vevent.add("description").value = f"{calendar_description(event, subevent, attendee)}\n\n{url}".strip()
    return vevent
