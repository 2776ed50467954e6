"""The widget's essentials on pretix's pages.

The embedded widget shows the event's front page text but nothing from plugins. With the widget option
on, the front page text starts with ``{meetup_essentials}`` (``meetup.store`` keeps it there). The shop
page shows all of it already, so there the placeholder stays empty.

pretix formats the front page text with the same context on the shop page and in the widget's data
(``PlaceholderContext(event_or_subevent=…, event=request.event)``, ``pretix/presale/views/event.py`` and
``views/widget.py``), so the context alone cannot tell them apart. What it does pass is ``request.event``:
pretix loads that object afresh for each request and hands it to ``process_request`` as the sender, and
later to the placeholder. ``mark_shop_page`` notes the request on it there, and ``on_shop_page`` reads
Django's own URL resolution of that request when the placeholder is formatted (no second resolution, no
memo outside the request's own event, nothing removed from the page afterwards). An event object without
the note (a task, an email, the meetup page's preview) is no shop page.
"""
import weakref

from django.urls import Resolver404, resolve

SHOP_PAGE_URL_NAME = "event.index"
_MARK = "_oicmeetup_request"


class _RequestNote:
    """The request an event object was loaded for, held weakly (no cycle request → event → request). A copy
    of the event (pickled into a cache) belongs to no request, so the note pickles as an empty one."""

    __slots__ = ("_ref",)

    def __init__(self, request=None):
        self._ref = weakref.ref(request) if request is not None else None

    def __reduce__(self):
        return (_RequestNote, ())

    def request(self):
        return self._ref() if self._ref is not None else None


def mark_shop_page(event, request):
    """Called from pretix's ``process_request`` with its sender, the request's own event object."""
    setattr(event, _MARK, _RequestNote(request))


def on_shop_page(event) -> bool:
    note = getattr(event, _MARK, None)
    request = note.request() if note is not None else None
    if request is None:
        return False
    match = getattr(request, "resolver_match", None)
    if match is None:  # formatted before the view (a middleware): resolve it here
        try:
            match = resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
        except Resolver404:
            return False
    return match.url_name == SHOP_PAGE_URL_NAME
