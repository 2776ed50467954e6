"""The widget's essentials on pretix's pages.

The embedded widget shows the event's front page text but nothing from plugins. With the widget option
on, the front page text starts with ``{meetup_essentials}`` (``meetup.store`` keeps it there). The shop
page shows all of it already, so there the placeholder stays empty: pretix's ``process_request`` marks
that request (``mark_shop_page``). Leaving it empty, rather than rendering and removing it, also spares
pretix's markdown sanitiser the block on every page view. ``strip_essentials`` removes the block should a
shop page have been rendered without the mark (no request id)."""
import re

from django.urls import Resolver404, resolve

from .html import ESSENTIALS_CLASS
from .request_memo import request_memo

SHOP_PAGE_URL_NAME = "event.index"
_ESSENTIALS_BLOCK = re.compile(rb'<div class="' + ESSENTIALS_CLASS.encode() + rb'">.*?</div>', re.DOTALL)


def mark_shop_page(request):
    memo = request_memo()
    if memo is None:
        return
    # pretix sends process_request from a middleware, before Django resolves the URL for the view
    try:
        match = resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
    except Resolver404:
        return
    if match.url_name == SHOP_PAGE_URL_NAME:
        memo["oicmeetup_shop_page"] = True


def on_shop_page() -> bool:
    memo = request_memo()
    return bool(memo and memo.get("oicmeetup_shop_page"))


def strip_essentials(content: bytes) -> bytes:
    return _ESSENTIALS_BLOCK.sub(b"", content)
