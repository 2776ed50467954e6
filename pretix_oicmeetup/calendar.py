"""Calendar files that carry the meetup: Einlass, speakers and materials in the description.

The public file (pretix's "Add to calendar" download and the file pretix attaches to emails) never has
the online link; the attendee's own file, behind the order's secret link, has it.
"""
from datetime import timedelta
from urllib.parse import urlparse

import vobject
from django.utils.timezone import now

from pretix.multidomain.urlreverse import eventreverse_absolute

from .announcement import build_announcement, registration_is_valid
from .cached_rendering import render_announcement
from .rendering import EMAIL


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


def attendee_calendar(order) -> str:
    """The attendee's own file: one entry per date booked, with the online link for valid registrations."""
    event = order.event
    attendee = registration_is_valid(order)
    subevents = {p.subevent for p in order.positions.select_related("subevent")} if event.has_subevents else {None}
    calendar = vobject.iCalendar()
    calendar.add("prodid").value = f"-//pretix_oicmeetup//{event.organizer.slug}//"
    for subevent in sorted(subevents, key=lambda se: se.date_from if se else event.date_from):
        a = build_announcement(event, subevent, related=False)
        url = eventreverse_absolute(event, "presale:event.order", kwargs={"order": order.code,
                                                                          "secret": order.secret})
        vevent = calendar.add("vevent")
        vevent.add("summary").value = str(a.title)
        vevent.add("dtstamp").value = now()
        date_key = subevent.pk if subevent else 0
        vevent.add("uid").value = (f"oicmeetup-{event.organizer.slug}-{event.slug}-{date_key}-{order.code}"
                                   f"@{urlparse(url).netloc}")
        start = a.local(a.date_from)
        vevent.add("dtstart").value = start
        vevent.add("dtend").value = a.local(a.date_to) if a.date_to else start + timedelta(hours=1)
        location = ", ".join(line.strip() for line in str(a.location or "").splitlines() if line.strip())
        if attendee and a.has_online_access:
            location = f"{location} ({a.online_url})" if location else a.online_url
            vevent.add("url").value = a.online_url
        if location:
            vevent.add("location").value = location
        vevent.add("description").value = f"{calendar_description(event, subevent, attendee)}\n\n{url}"
    return calendar.serialize()
