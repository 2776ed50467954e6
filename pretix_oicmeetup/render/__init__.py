"""Everything the attendee reads, from one renderer: ``sections`` decides what the announcement says,
``html``, ``text`` and ``markdown`` lay it out, ``jsonld`` and ``ical`` carry it to search engines and
calendars. ``render_announcement`` and ``render_essentials`` are the entry points, cached (``cache``)."""
from django.utils.safestring import mark_safe

from .cache import announcement_for, cached
from .fragments import EMAIL, WEB
from .html import render_essentials as essentials_html, render_html
from .purposes import PURPOSES
from .sections import build_sections
from .text import render_text


def render_announcement(event, subevent=None, purpose="full", medium=WEB, attendee=False, fmt="html"):
    """HTML (``fmt="html"``, safe) or plain text of the announcement for ``purpose`` (a name of
    ``purposes.PURPOSES``), in the active language."""
    name = f"{purpose}:{medium}:{int(attendee)}"
    output = PURPOSES[purpose]

    def produce():
        sections = build_sections(announcement_for(event, subevent), purpose, medium=medium, attendee=attendee)
        both = medium == EMAIL and output.both_parts
        result = {}
        if fmt == "html" or both:
            result[f"{name}:html"] = render_html(sections, medium)
        if fmt == "text" or both:  # read off the fragments' HTML just made, not compiled again
            result[f"{name}:text"] = render_text(sections)
        return result

    if output.live:
        value = produce()[f"{name}:{fmt}"]
    else:
        value = cached(event, subevent, f"{name}:{fmt}", produce)
    return mark_safe(value) if fmt == "html" else value


def render_essentials(event, subevent=None):
    """The widget's top lines (Einlass, the speakers, free of charge) as one HTML block."""
    def produce():
        a = announcement_for(event, subevent)
        settings = event.settings
        # pretix's widget shows the start and the end with the date when these are on
        times_shown = settings.show_times and (settings.show_date_to or not a.date_to)
        return essentials_html(build_sections(a, "essentials", medium=WEB), times_shown, a.is_free)

    return mark_safe(cached(event, subevent, "essentials", produce))
