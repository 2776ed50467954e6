"""The embedded widget shows the event's front page text but nothing from plugins. With the option on,
the front page text starts with ``{meetup_essentials}``; the shop block then leaves out its schedule, so
the page does not show date and venue twice."""
from i18nfield.strings import LazyI18nString

from .meetupdata import SETTINGS_PREFIX

ESSENTIALS_TOKEN = "{meetup_essentials}"
OPTION_KEY = SETTINGS_PREFIX + "widget_essentials"


def essentials_in_front_page(event, subevent=None) -> bool:
    text = subevent.frontpage_text if subevent is not None and subevent.frontpage_text else \
        event.settings.frontpage_text
    return ESSENTIALS_TOKEN in str(text or "")


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
