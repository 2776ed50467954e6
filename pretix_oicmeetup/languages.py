"""Languages: the plugin's texts in every language pretix offers, and which of an event's languages
counts as its German."""
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from .meetup.access import PLUGIN_NAME


def in_every_language(render) -> LazyI18nString:
    """``render()`` once per language of pretix, with that language active: a message id (``str``, through
    the plugin's catalogs) or a function. Stored texts need concrete strings, not lazy translations."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = gettext(render) if isinstance(render, str) else render()
    return LazyI18nString(texts)


def event_locales(event) -> list[str]:
    return list(event.settings.locales)


def german_locale(event) -> str:
    """The event's German: Du (``de-informal``) if the shop offers it, else Sie (``de``), else its default."""
    locales = event.settings.locales
    for locale in ("de-informal", "de"):
        if locale in locales:
            return locale
    return event.settings.locale


def organizer_locales(organizer) -> list[str]:
    """The languages of the organizer's texts for all its meetups (series, speaker library): its own
    languages and those of its meetup events, in that order."""
    locales = list(organizer.settings.get("locales") or [])
    with scopes_disabled():
        for event in organizer.events.filter(plugins__contains=PLUGIN_NAME).order_by("-date_from")[:50]:
            locales += [locale for locale in event.settings.locales if locale not in locales]
    return locales
