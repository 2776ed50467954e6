"""The meetup in the parts of pretix's shop page that have no hook: the page's schema.org Event, and the
top of the page (the meetup at a glance and the link to the registration).

pretix prints its own Event (``Event.event_microdata``: ``json.dumps`` of a dict beginning with the two
keys below, with <, > and & escaped) into the first JSON-LD script of the page, first thing in its content.
That block is found by its place and shape rather than by computing pretix's JSON again; if it is not
where it used to be, pretix has changed its markup: the page stays as pretix made it and a warning tells
the administrator.
"""
import logging

from django.template.loader import get_template

from ..render import WEB, render_announcement
from ..render.cache import announcement_for, cached
from ..render.essentials import strip_essentials
from ..render.jsonld import jsonld_payload
from ..render.sections import REGISTRATION_ANCHOR

logger = logging.getLogger(__name__)
PAGE_SCRIPT = b'<script type="application/ld+json">'
PRETIX_EVENT_START = b'{"@context": "http://schema.org", "@type": "Event"'


def rewrite_shop_page(content: bytes, event, subevent=None, in_widget=False, listing=None) -> bytes:
    """The shop page with the meetup's JSON-LD instead of pretix's (unless the organiser wrote their own
    ``event_microdata``) and the meetup's top block right after it (not in the widget's iframe, which has
    no registration heading to jump to, nor on a series' list of dates). ``listing``: the products pretix
    listed on the page, if its response still carries them."""
    start = content.find(PAGE_SCRIPT)
    json_start = start + len(PAGE_SCRIPT)
    json_end = content.find(b"</script>", json_start) if start >= 0 else -1
    if json_end < 0 or not content[json_start:json_end].strip().startswith(PRETIX_EVENT_START):
        logger.warning("pretix's schema.org block was not found on the shop page of event %s; the meetup's "
                       "JSON-LD and top block were not added (has pretix's page markup changed?)", event.pk)
        return strip_essentials(content)
    payload = content[json_start:json_end]
    if not event.settings.event_microdata:
        payload = b"\n" + jsonld_payload(event, subevent, listing).encode() + b"\n"
    after = json_end + len(b"</script>")
    top = b""
    if not in_widget and (subevent is not None or not event.has_subevents):
        top = shop_top(event, subevent).encode()
    return strip_essentials(content[:json_start] + payload + content[json_end:after] + top + content[after:])


def shop_top(event, subevent=None) -> str:
    """After the meetup, its Rückblick with the heading of the original announcement below it; then the meetup
    at a glance (what the intro does not say already) and, while one can register, a link down to it. Kept
    like every rendered text (whether registration is open and the meetup has started are in the key)."""
    def produce():
        a = announcement_for(event, subevent)
        registration = (subevent or event).presale_is_running
        archive = render_announcement(event, subevent, purpose="shop_archive", medium=WEB) if a.has_started \
            else ""
        overview = render_announcement(event, subevent, purpose="shop_top", medium=WEB)
        if not (archive or overview or registration):
            return ""
        return get_template("pretix_oicmeetup/presale/shop_top.html").render({
            "archive": archive, "overview": overview, "registration": registration, "free": a.is_free,
            "anchor": REGISTRATION_ANCHOR,
        })

    return cached(event, subevent, "page_top", produce)
