"""The meetup fields the plugin stores as event settings (hierarkey), with their types.

Fields pretix already has (name, dates, Einlass, location, remote flag, front page text) are not
repeated here: the announcement reads them from the event or the chosen date directly.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy
from i18nfield.strings import LazyI18nString

from pretix.base.settings import settings_hierarkey

SETTINGS_PREFIX = "oicmeetup_"


@dataclass(frozen=True)
class MeetupSetting:
    name: str
    type: type
    markdown: bool = False
    multiline_items: bool = False
    max_length: int | None = None  # characters per language; the same in the form, the API and the import

    @property
    def key(self) -> str:
        return SETTINGS_PREFIX + self.name


MEETUP_SETTINGS = (
    MeetupSetting("teaser", LazyI18nString, max_length=500),
    MeetupSetting("format", LazyI18nString, max_length=200),
    MeetupSetting("prerequisites", LazyI18nString, markdown=True, max_length=500),
    MeetupSetting("hint", LazyI18nString, markdown=True, max_length=5000),
    MeetupSetting("outcomes_intro", LazyI18nString, markdown=True, max_length=300),
    MeetupSetting("outcomes", LazyI18nString, markdown=True, multiline_items=True, max_length=5000),
    MeetupSetting("materials", LazyI18nString, markdown=True, multiline_items=True, max_length=2000),
    MeetupSetting("series_name", LazyI18nString, max_length=200),
    MeetupSetting("series_number", int),
    MeetupSetting("series_url", str),
    MeetupSetting("series_info", LazyI18nString, markdown=True, max_length=5000),
    MeetupSetting("contact", LazyI18nString, markdown=True, max_length=2000),
    MeetupSetting("online_url", str),
    MeetupSetting("widget_essentials", bool),
)
SETTINGS_BY_NAME = {s.name: s for s in MEETUP_SETTINGS}
# Limits of what is not a meetup setting: pretix's own where pretix has one (Event.name and location
# allow 200 characters), otherwise what a meetup needs with room to spare. Enough for any real post
# and small enough that no page slows down.
TITLE_MAX_LENGTH = 200
LOCATION_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 20000
SPEAKERS_MAX = 50
SPEAKER_NAME_MAX_LENGTH = 200
SPEAKER_ROLE_MAX_LENGTH = 300
SPEAKER_BIO_MAX_LENGTH = 5000
SPEAKERS_MAX_MESSAGE = gettext_lazy("A meetup can have at most {limit} speakers.")
# Never shown publicly: only registered attendees (order page, their emails) get it.
PRIVATE_SETTINGS = frozenset({"online_url"})
# How the announcement is shown, not what it says: no change notice for these.
DISPLAY_SETTINGS = frozenset({"widget_essentials"})
# Website-only front matter of an imported post (authors, categories, header image), kept for the export.
POST_FRONT_MATTER_KEY = SETTINGS_PREFIX + "post_front_matter"


def register_setting_types():
    for setting in MEETUP_SETTINGS:
        settings_hierarkey.add_default(setting.key, None, setting.type)
    settings_hierarkey.add_default(POST_FRONT_MATTER_KEY, None, dict)


def read_settings(event) -> dict:
    """All meetup settings of an event, empty values normalised to ``None``."""
    values = {}
    for setting in MEETUP_SETTINGS:
        value = event.settings.get(setting.key, as_type=setting.type)
        values[setting.name] = value if value not in ("", None) and (not isinstance(value, LazyI18nString) or value) \
            else None
    return values


def split_items(text: str) -> list[str]:
    """Items such as materials are stored one per line; leading list markers are tolerated."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line[:2] in ("- ", "* ", "+ "):
            line = line[2:].strip()
        if line:
            items.append(line)
    return items
