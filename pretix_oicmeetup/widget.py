"""The embedded widget shows the event's front page text but nothing from plugins. With the option on,
the front page text starts with ``{meetup_essentials}``. The shop page shows all of it already (pretix's
date box, the plugin's Ort und Zeit), so there the placeholder stays empty: pretix's ``process_request``
marks that request (``mark_shop_page``). Leaving it empty, rather than rendering and removing it, also
spares pretix's markdown sanitiser the block on every page view. ``strip_essentials`` removes the block
should a shop page have been rendered without the mark (no request id)."""
import re

from django.urls import Resolver404, resolve
from i18nfield.strings import LazyI18nString

from .meetupdata import SETTINGS_PREFIX
from .rendering import ESSENTIALS_CLASS
from .request_local import request_memo

ESSENTIALS_TOKEN = "{meetup_essentials}"
OPTION_KEY = SETTINGS_PREFIX + "widget_essentials"
_ESSENTIALS_BLOCK = re.compile(rb'<div class="' + ESSENTIALS_CLASS.encode() + rb'">.*?</div>', re.DOTALL)


SHOP_PAGE_URL_NAME = "event.index"


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


def without_essentials_token(text):
    """The organiser's description: the front page text without the token the option puts there."""
    data = getattr(text, "data", text)
    if isinstance(data, dict):
        return LazyI18nString({k: (v or "").replace(ESSENTIALS_TOKEN, "").strip() for k, v in data.items()})
    return LazyI18nString((data or "").replace(ESSENTIALS_TOKEN, "").strip()) if data else text


def sync_essentials_token(event) -> bool:
    """Puts the token in front of every filled-in translation of the front page text, or takes it out,
    as the option says. Returns whether the text changed."""
    wanted = event.settings.get(OPTION_KEY, as_type=bool, default=False)
    current = event.settings.frontpage_text
    data = dict(current.data) if isinstance(current, LazyI18nString) and isinstance(current.data, dict) else {}
    filled = [locale for locale, value in data.items() if value and value.strip()]
    targets = filled or ([event.settings.locale] if wanted else [])
    changed = False
    for locale in targets:
        value = data.get(locale) or ""
        if wanted and ESSENTIALS_TOKEN not in value:
            data[locale] = f"{ESSENTIALS_TOKEN}\n\n{value}".strip()
            changed = True
        elif not wanted and ESSENTIALS_TOKEN in value:
            data[locale] = value.replace(ESSENTIALS_TOKEN, "").strip()
            changed = True
    if changed:
        event.settings.set("frontpage_text", LazyI18nString(data))
    return changed
