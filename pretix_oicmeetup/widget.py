"""The embedded widget shows the event's front page text but nothing from plugins. With the option on,
the front page text starts with ``{meetup_essentials}``. The shop page shows all of it already (pretix's
date box, the plugin's Ort und Zeit), so there the block is taken out again (``strip_essentials``)."""
import re

from i18nfield.strings import LazyI18nString

from .meetupdata import SETTINGS_PREFIX
from .rendering import ESSENTIALS_CLASS

ESSENTIALS_TOKEN = "{meetup_essentials}"
OPTION_KEY = SETTINGS_PREFIX + "widget_essentials"
_ESSENTIALS_BLOCK = re.compile(rb'<div class="' + ESSENTIALS_CLASS.encode() + rb'">.*?</div>', re.DOTALL)


def strip_essentials(content: bytes) -> bytes:
    return _ESSENTIALS_BLOCK.sub(b"", content)


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
