"""The meetup fields the plugin stores as event settings (hierarkey), with their types.

Fields pretix already has (name, dates, Einlass, location, remote flag, front page text) are not
repeated here: the announcement reads them from the event or the chosen date directly.
"""
from dataclasses import dataclass

from i18nfield.strings import LazyI18nString

from pretix.base.settings import settings_hierarkey

SETTINGS_PREFIX = "oicmeetup_"


@dataclass(frozen=True)
class MeetupSetting:
    name: str
    type: type
    markdown: bool = False
    multiline_items: bool = False

    @property
    def key(self) -> str:
        return SETTINGS_PREFIX + self.name


MEETUP_SETTINGS = (
    MeetupSetting("teaser", LazyI18nString),
    MeetupSetting("format", LazyI18nString),
    MeetupSetting("prerequisites", LazyI18nString, markdown=True),
    MeetupSetting("hint", LazyI18nString, markdown=True),
    MeetupSetting("outcomes_intro", LazyI18nString, markdown=True),
    MeetupSetting("outcomes", LazyI18nString, markdown=True, multiline_items=True),
    MeetupSetting("materials", LazyI18nString, markdown=True, multiline_items=True),
    MeetupSetting("series_name", LazyI18nString),
    MeetupSetting("series_number", int),
    MeetupSetting("series_url", str),
    MeetupSetting("series_info", LazyI18nString, markdown=True),
    MeetupSetting("contact", LazyI18nString, markdown=True),
    MeetupSetting("online_url", str),
    MeetupSetting("widget_essentials", bool),
)
SETTINGS_BY_NAME = {s.name: s for s in MEETUP_SETTINGS}
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
