"""The series for calendars and search engines, from the same announcement data as everything else: an
iCalendar feed of all editions (the public entries pretix's "Add to calendar" gives, with the meetup's
description) and a schema.org ``EventSeries`` whose ``subEvent``s are the editions' own ``Event``s."""
import vobject

from ..render.ical import add_meetup
from ..render.jsonld import event_jsonld


def series_calendar(organizer, name: str, editions) -> str:
    calendar = vobject.iCalendar()
    calendar.add("prodid").value = f"-//pretix_oicmeetup//{organizer.slug}//series//"
    calendar.add("x-wr-calname").value = name
    for edition in editions:
        add_meetup(calendar, edition.event, edition.subevent)
    return calendar.serialize()


def series_jsonld(organizer, name: str, description: str | None, url: str, organizer_url: str, editions) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "name": name,
        "url": url,
        "organizer": {"@type": "Organization", "name": str(organizer.name), "url": organizer_url},
    }
    if description:
        data["description"] = description
    sub_events = []
    for edition in editions:
        event = event_jsonld(edition.event, edition.subevent)
        event.pop("@context", None)
        sub_events.append(event)
    data["subEvent"] = sub_events
    if editions:
        data["startDate"] = sub_events[0].get("startDate")
    return data
