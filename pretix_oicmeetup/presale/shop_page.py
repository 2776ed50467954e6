"""The meetup on pretix's shop page: its top block (the meetup at a glance and the link to the registration)
and its schema.org Event.

The top block comes through pretix's ``front_page_top`` hook (``page_top``), so it is on the page whatever
pretix's markup. That hook is rendered below the front page text and pretix's own event info
(``pretixpresale/event/index.html``); the block belongs above the description (the Rückblick above the
announcement it looks back on, the jump link before everything), and pretix has no hook there. So
``rewrite_shop_page`` moves it up, right after pretix's JSON-LD script, the first thing of the page's
content; wherever that script is not found, the block simply stays where the hook put it.

The schema.org Event has no hook at all: pretix prints ``Event.event_microdata`` (``json.dumps`` of a dict
beginning with the two keys below, or the ``event_microdata`` setting verbatim) into the first JSON-LD
script of the content. That setting is one stored string for every language, date and availability, and
it is the organiser's; ``html_head`` could only add a second Event for the same event (and sees nothing of
the products pretix lists in this response, which give the offers). So the block is replaced in the
response, found by its place and shape rather than by computing pretix's JSON again; if it is not where
it used to be, pretix has changed its markup: pretix's block stays and a warning tells the administrator.
"""
import logging

from django.template.loader import get_template
from django.utils.safestring import mark_safe

from ..render import WEB, render_announcement
from ..render.cache import announcement_for, cached
from ..render.jsonld import jsonld_payload
from ..render.sections import REGISTRATION_ANCHOR

logger = logging.getLogger(__name__)
PAGE_SCRIPT = b'<script type="application/ld+json">'
PRETIX_EVENT_START = b'{"@context": "http://schema.org", "@type": "Event"'
# Around the top block where the hook puts it, so the rewrite finds the plugin's own bytes, never pretix's.
# Every text in the block is escaped or sanitised (no comments survive), so these cannot occur inside it.
TOP_START = "<!-- oicmeetup:top -->"
TOP_END = "<!-- /oicmeetup:top -->"


def page_top(event, subevent, request) -> str:
    """The top block for ``front_page_top``; none in the widget's iframe, which has no registration heading to
    jump to (pretix renders the hook there for a date of a series)."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.kwargs.get("cart_namespace"):
        return ""
    try:
        top = shop_top(event, subevent)
    except Exception:
        # pretix does not guard a hook's receivers: a failure here costs the block, never pretix's page
        logger.warning("Could not render the meetup's top block for event %s", event.pk, exc_info=True)
        return ""
    return mark_safe(TOP_START + top + TOP_END) if top else ""  # a rendered (safe) template


def rewrite_shop_page(content: bytes, event, subevent=None, listing=None) -> bytes:
    """The shop page with the meetup's JSON-LD instead of pretix's (unless the organiser wrote their own
    ``event_microdata``) and the top block moved up right after it. ``listing``: the products pretix
    listed on the page, if its response still carries them."""
    start = content.find(PAGE_SCRIPT)
    json_start = start + len(PAGE_SCRIPT)
    json_end = content.find(b"</script>", json_start) if start >= 0 else -1
    own = event.settings.event_microdata
    found = content[json_start:json_end].strip() if json_end >= 0 else b""
    if not found or not (found.startswith(PRETIX_EVENT_START) or (own and found == own.strip().encode())):
        logger.warning("pretix's schema.org block was not found on the shop page of event %s; the meetup's "
                       "JSON-LD was not added and its top block stays below the description (has pretix's page "
                       "markup changed?)", event.pk)
        return content
    payload = content[json_start:json_end]
    if not own:
        payload = b"\n" + jsonld_payload(event, subevent, listing).encode() + b"\n"
    after = json_end + len(b"</script>")
    head, rest = content[:json_start] + payload + content[json_end:after], content[after:]
    top_start = rest.find(TOP_START.encode())
    top_end = rest.find(TOP_END.encode(), top_start) if top_start >= 0 else -1
    if top_end < 0:  # no top block on this page (the widget's iframe, a series' list of dates, nothing to say)
        return head + rest
    top = rest[top_start + len(TOP_START):top_end]
    return head + top + rest[:top_start] + rest[top_end + len(TOP_END):]


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
