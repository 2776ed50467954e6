"""The widget's essentials on pretix's pages.

The embedded widget shows the event's front page text but nothing from plugins. With the widget option
on, the front page text starts with ``{meetup_essentials}`` (``meetup.store`` keeps it there). The shop
page shows all of it already, so there the placeholder stays empty: pretix's ``process_request`` keeps
the request (``mark_shop_page``) and the placeholder asks ``on_shop_page``. Leaving it empty, rather than
rendering and removing it, also spares pretix's markdown sanitiser the block on every page view.
``strip_essentials`` removes the block should a shop page have been rendered without the mark (no request
id)."""
import re

from django.urls import Resolver404, resolve

from .html import ESSENTIALS_CLASS
from .request_memo import request_memo

SHOP_PAGE_URL_NAME = "event.index"
_ESSENTIALS_BLOCK = re.compile(rb'<div class="' + ESSENTIALS_CLASS.encode() + rb'">.*?</div>', re.DOTALL)


def mark_shop_page(request):
    """Keeps the request for the rest of it: whether it is the shop page is only asked where the essentials
    placeholder is formatted, by then Django has resolved the URL (no second resolution on every page)."""
    memo = request_memo()
    if memo is not None:
        memo["oicmeetup_request"] = request


def on_shop_page() -> bool:
    memo = request_memo()
    request = memo.get("oicmeetup_request") if memo else None
    if request is None:
        return False
    match = getattr(request, "resolver_match", None)
    if match is None:  # formatted before the view (a middleware): resolve it here
        try:
            match = resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
        except Resolver404:
            return False
    return match.url_name == SHOP_PAGE_URL_NAME


def strip_essentials(content: bytes) -> bytes:
    return _ESSENTIALS_BLOCK.sub(b"", content)
