"""The field registry: every meetup field declared once.

Everything else is derived from these declarations: the meetup page's form, the REST API and data file
(``schema``), the ``Announcement`` the renderer reads and the key its outputs are cached under
(``render.cache``), the stored values (``store``), the change comparison and its wording (``changes``,
``notices.wording``), the log labels, and the website post's front matter (``posts``). Adding a field here
(plus a section in ``render.sections`` if it needs one) is all a new field takes, wherever it is stored.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _, pgettext_lazy

# What a value is (decides the form widget, the API field, how it is compared and rendered).
TEXT = "text"  # plain text
INLINE = "inline"  # one paragraph of markdown
MARKDOWN = "markdown"  # markdown with paragraphs and lists
ITEMS = "items"  # one item per line, each a line of markdown
URL = "url"  # an http(s) link
SLUG = "slug"  # a name in web addresses: lowercase letters, digits, hyphens
NUMBER = "number"
FLAG = "flag"
DATETIME = "datetime"

# Where a value is stored.
SETTING = "setting"  # the event setting "oicmeetup_<key>"
EVENT = "event"  # pretix's own field of the event (or of the date, in an event series)
FRONT_PAGE = "front_page"  # pretix's front page text

# The meetup page's parts.
SCHEDULE = "schedule"
ANNOUNCEMENT = "announcement"
SERIES = "series"
EMAILS = "emails"
WEBSITE = "website"  # what only the website's event list shows
RETROSPECTIVE = "retrospective"  # the Rückblick after the meetup

# How a website post carries a value.
POST_PARSED = "parsed"  # the post says it in its own words; the post parser reads it (``posts.extract``)
POST_RETROSPECTIVE = "retrospective"  # the Rückblick post carries it (``posts.parse.parse_retrospective``)
POST_META = "meta"  # written into the post's front matter under "meetup:" by the export, read back on import

SETTINGS_PREFIX = "oicmeetup_"
# The website-only front matter of an imported post (authors, categories, header image), kept for the export.
POST_FRONT_MATTER_KEY = SETTINGS_PREFIX + "post_front_matter"
# What the imported Rückblick post's front matter said beyond the fields (date, header image, categories,
# gallery folder, the announcement it belongs to), for the export.
RETROSPECTIVE_FRONT_MATTER_KEY = SETTINGS_PREFIX + "retrospective_front_matter"
# The team's posts as imported (their text, file name, and the meetup right after the import), and the names
# and dates the website's posts of a meetup got when first published.
TEAM_POSTS_KEY = SETTINGS_PREFIX + "team_posts"
WEBSITE_POSTS_KEY = SETTINGS_PREFIX + "website_posts"


@dataclass(frozen=True)
class MeetupField:
    key: str  # the name in the API, the data file and the ``Announcement``
    kind: str
    label: object
    help_text: object = ""
    i18n: bool = False
    storage: str = SETTING
    attribute: str = ""  # the Event attribute of an EVENT field, when it is named differently
    group: str = ANNOUNCEMENT
    max_length: int | None = None  # characters per language, the same in the form, the API and the import
    max_value: int | None = None
    private: bool = False  # never public: meetup/access.py says who sees it
    news: bool = True  # False: how the announcement is displayed, no news for attendees
    post: str | None = None
    per_date: bool = False  # set for each date of an event series
    on_page: bool = True  # False: edited in pretix's own settings, not on the meetup page
    copied: bool = True  # False: the next edition (an event copied from this one) starts without it
    rows: int = 0  # height of a text area on the meetup page (0: one line)
    required: bool = False  # cannot be emptied
    organizer_default: bool = False  # the organizer may set a default for its meetups (pretix's settings fall back)

    @property
    def setting_key(self) -> str:
        return SETTINGS_PREFIX + self.key

    @property
    def event_attribute(self) -> str:
        return self.attribute or self.key

    def holder(self, event, subevent=None):
        """What an EVENT field is read from: the date of an event series where pretix keeps the value per
        date, the event otherwise."""
        return subevent if subevent is not None and hasattr(subevent, self.event_attribute) else event

    @property
    def is_long(self) -> bool:
        """Too long for one line of a change notice: it says "updated", the announcement follows."""
        return self.kind in (MARKDOWN, ITEMS)

    @property
    def is_markdown(self) -> bool:
        return self.kind in (INLINE, MARKDOWN, ITEMS)


FIELDS = (
    MeetupField("title", TEXT, pgettext_lazy("oicmeetup", "Title"), i18n=True, storage=EVENT, attribute="name",
                max_length=200, on_page=False, post=POST_PARSED, required=True),
    MeetupField(
        "description", MARKDOWN, pgettext_lazy("oicmeetup", "Description"), i18n=True, storage=FRONT_PAGE,
        max_length=20000, rows=8, post=POST_PARSED,
        help_text=_("The introduction of the announcement. This is the event's front page text in pretix."),
    ),
    MeetupField("date_from", DATETIME, pgettext_lazy("oicmeetup", "Begin"), storage=EVENT, group=SCHEDULE,
                per_date=True, post=POST_PARSED, required=True),
    MeetupField("date_to", DATETIME, pgettext_lazy("oicmeetup", "End"), storage=EVENT, group=SCHEDULE,
                per_date=True, post=POST_PARSED),
    MeetupField(
        "date_admission", DATETIME, pgettext_lazy("oicmeetup", "Admission (Einlass)"), storage=EVENT,
        group=SCHEDULE, per_date=True, post=POST_PARSED,
        help_text=_("When the doors open. Shown as Einlass in the shop, on the order page and in the emails."),
    ),
    MeetupField(
        "location", TEXT, pgettext_lazy("oicmeetup", "Venue"), i18n=True, storage=EVENT, group=SCHEDULE,
        max_length=200, per_date=True, rows=3, post=POST_PARSED,
        help_text=_("Venue with address, e.g. Innovation Office, Alter Markt 13, 33602 Bielefeld. For online "
                    "meetups, e.g. Zoom."),
    ),
    MeetupField("is_remote", FLAG, pgettext_lazy("oicmeetup", "Online meetup"), storage=EVENT, group=SCHEDULE,
                post=POST_PARSED,
                help_text=_("The meetup takes place online, in part or in whole.")),
    MeetupField(
        "teaser", INLINE, pgettext_lazy("oicmeetup", "Teaser"), i18n=True, max_length=500, rows=2,
        post=POST_PARSED,
        help_text=_("One or two sentences that sum up the meetup, shown at the top of the announcement, in the "
                    "website's lists and in search engines. The shop page leaves it out where the description "
                    "begins by saying the same."),
    ),
    MeetupField("format", TEXT, pgettext_lazy("oicmeetup", "Format"), i18n=True, max_length=200,
                post=POST_META,
                help_text=_("For example: Impuls-Workshop. The duration is taken from the start and end time.")),
    MeetupField("prerequisites", INLINE, pgettext_lazy("oicmeetup", "Prerequisites"), i18n=True, max_length=500,
                post=POST_META, help_text=_("For example: No prior knowledge needed.")),
    MeetupField("hint", MARKDOWN, pgettext_lazy("oicmeetup", "Note"), i18n=True, max_length=5000, rows=3,
                post=POST_PARSED, help_text=_("Shown as Hinweis, e.g. what the meetup does not cover.")),
    MeetupField("outcomes_intro", MARKDOWN, pgettext_lazy("oicmeetup", "Learning outcomes: introduction"),
                i18n=True, max_length=300, post=POST_PARSED, help_text=_("For example: At the end of the workshop")),
    MeetupField("outcomes", ITEMS, pgettext_lazy("oicmeetup", "Learning outcomes"), i18n=True, max_length=5000,
                rows=4, post=POST_PARSED, help_text=_("One outcome per line. Shown as a list under Inhalt.")),
    MeetupField("materials", ITEMS, pgettext_lazy("oicmeetup", "Materials to bring"), i18n=True, max_length=2000,
                rows=2, post=POST_PARSED,
                help_text=_("One item per line, e.g. Laptop or smartphone. Also shown on the order page.")),
    MeetupField("series_name", TEXT, pgettext_lazy("oicmeetup", "Series name"), i18n=True, max_length=200,
                group=SERIES, post=POST_META,
                help_text=_("The series this meetup belongs to, e.g. KI und Zivilgesellschaft.")),
    MeetupField("series_number", NUMBER, pgettext_lazy("oicmeetup", "Number in the series"), max_value=9999,
                group=SERIES, post=POST_META,
                help_text=_("Which meetup of the series this is. A copy of the event for the next edition counts "
                            "it up by one.")),
    MeetupField("series_url", URL, pgettext_lazy("oicmeetup", "Series link"), group=SERIES,
                post=POST_META, help_text=_("The series' page on the website, e.g. https://oic-bielefeld.de/ki/.")),
    MeetupField("series_info", MARKDOWN, pgettext_lazy("oicmeetup", "About the series"), i18n=True,
                max_length=5000, rows=3, group=SERIES, post=POST_PARSED,
                help_text=_("What the series is about. Shown as Info zur MeetUp-Reihe near the end of the "
                            "announcement.")),
    MeetupField("series_topic", SLUG, pgettext_lazy("oicmeetup", "Series topic on the website"), max_length=100,
                group=SERIES, post=POST_META, news=False,
                help_text=_("The series' topic in the website's event list, e.g. ki-zivilgesellschaft: the website "
                            "shows the meetup on that topic's page.")),
    MeetupField("contact", MARKDOWN, pgettext_lazy("oicmeetup", "Contact"), i18n=True, max_length=2000, rows=2,
                post=POST_PARSED, help_text=_("Who attendees can ask, e.g. a name with an email link.")),
    MeetupField(
        "online_url", URL, pgettext_lazy("oicmeetup", "Online meeting link"), private=True, group=SCHEDULE,
        help_text=_("Only for online meetups. Never shown publicly: registered attendees see it on their order "
                    "page and in their emails."),
    ),
    MeetupField(
        "signature", TEXT, pgettext_lazy("oicmeetup", "Signature"), i18n=True, max_length=200, group=EMAILS,
        news=False,
        help_text=_("How the meetup's emails end, after the greeting. Empty: the organizer's name."),
    ),
    # The website's event list (_data/events.yml): not shown in the shop, no news for attendees.
    MeetupField("listing_description", TEXT, pgettext_lazy("oicmeetup", "Short description for event lists"),
                i18n=True, max_length=500, rows=2, group=WEBSITE, post=POST_META, news=False,
                help_text=_("One or two sentences for the website's list of events. Empty: the teaser.")),
    MeetupField("target_audience", TEXT, pgettext_lazy("oicmeetup", "Target audience"), i18n=True,
                max_length=300, group=WEBSITE, post=POST_META, news=False, organizer_default=True,
                help_text=_("For example: Zivilgesellschaftlich engagierte Menschen, Vereinsaktive und "
                            "Interessierte.")),
    MeetupField("featured", FLAG, pgettext_lazy("oicmeetup", "Featured in the website's event list"),
                group=WEBSITE, post=POST_META, news=False, organizer_default=True),
    # The Rückblick: after the meetup, from the same event. Not news for the announcement's change notices;
    # the next edition starts without it.
    MeetupField("retrospective_title", TEXT, pgettext_lazy("oicmeetup", "Title of the Rückblick"), i18n=True,
                max_length=300, post=POST_RETROSPECTIVE, group=RETROSPECTIVE, news=False, copied=False,
                help_text=_("Empty: “A look back at the meetup …” with the meetup's title.")),
    MeetupField("retrospective_teaser", INLINE, pgettext_lazy("oicmeetup", "Teaser of the Rückblick"), i18n=True,
                max_length=500, rows=2, post=POST_RETROSPECTIVE, group=RETROSPECTIVE, news=False, copied=False,
                help_text=_("One or two sentences for the website's lists and the email.")),
    MeetupField("retrospective_authors", ITEMS, pgettext_lazy("oicmeetup", "Authors"), max_length=500, rows=2,
                post=POST_RETROSPECTIVE, group=RETROSPECTIVE, news=False, copied=False,
                help_text=_("One name per line.")),
    MeetupField("retrospective_recap", MARKDOWN, pgettext_lazy("oicmeetup", "Rückblick"), i18n=True,
                max_length=30000, rows=12, post=POST_RETROSPECTIVE, group=RETROSPECTIVE, news=False, copied=False,
                help_text=_("What happened, what was discussed, how many came: the personal recap.")),
    MeetupField("retrospective_recording_url", URL, pgettext_lazy("oicmeetup", "Recording"), private=True,
                group=RETROSPECTIVE, news=False, copied=False,
                help_text=_("A link to the recording, if there is one.")),
    MeetupField("retrospective_recording_public", FLAG, _("The recording is public"), group=RETROSPECTIVE,
                news=False, copied=False,
                help_text=_("Shown on the shop page for everyone. Otherwise only those who registered see it, on "
                            "their order page and in their email.")),
    MeetupField("retrospective_feedback_url", URL, pgettext_lazy("oicmeetup", "Feedback form"),
                group=RETROSPECTIVE, news=False, copied=False,
                help_text=_("A link to a feedback form, for the email to those who came.")),
    MeetupField("retrospective_for_attendees", FLAG, _("The Rückblick may go to those who registered"),
                group=RETROSPECTIVE, news=False, copied=False,
                help_text=_("Only then do the emails after the meetup carry it.")),
    MeetupField(
        "widget_essentials", FLAG, _("Show Einlass and speakers in the embedded widget"),
        news=False, post=POST_META,
        help_text=_("The website's widget (with display-event-info) shows the name, date, times and venue, then "
                    "the description. This adds Einlass, the speakers and, for a free meetup, that it is free."),
    ),
)

# The speakers' fields, in the order of the API and the change notices.
SPEAKER_FIELDS = (
    MeetupField("name", TEXT, pgettext_lazy("oicmeetup", "Name"), max_length=200, storage="speaker", required=True),
    MeetupField("role", INLINE, pgettext_lazy("oicmeetup", "Role or affiliation"), i18n=True, max_length=300,
                storage="speaker"),
    MeetupField("bio", MARKDOWN, pgettext_lazy("oicmeetup", "Biography"), i18n=True, max_length=5000,
                storage="speaker"),
    MeetupField("profile_url", URL, pgettext_lazy("oicmeetup", "Profile link"), storage="speaker"),
    MeetupField("photo_url", URL, pgettext_lazy("oicmeetup", "Photo"), storage="speaker"),
)
SPEAKERS_MAX = 50
SPEAKERS_MAX_MESSAGE = _("A meetup can have at most {limit} speakers.")
URL_MAX_LENGTH = 500


def all_fields() -> tuple[MeetupField, ...]:
    """The registry as it stands (tests may add a field for the time of a test)."""
    return FIELDS


def by_key() -> dict[str, MeetupField]:
    return {f.key: f for f in all_fields()}


def get(key: str) -> MeetupField | None:
    return by_key().get(key) or {f.key: f for f in SPEAKER_FIELDS}.get(key)


def organizer_default_fields() -> tuple[MeetupField, ...]:
    """The fields whose value the organizer may set for all its meetups."""
    return tuple(f for f in all_fields() if f.organizer_default)


def setting_fields() -> tuple[MeetupField, ...]:
    return tuple(f for f in all_fields() if f.storage == SETTING)


def label(key: str) -> str:
    field = get(key)
    return str(field.label) if field else str({**LIST_LABELS, **OTHER_LABELS}.get(key, key))


# Lists of the Rückblick, kept as rows of their own (photos, slides and materials): their labels.
LIST_LABELS = {
    "retrospective_photos": pgettext_lazy("oicmeetup", "Photos"),
    "retrospective_materials": pgettext_lazy("oicmeetup", "Slides and materials"),
}
# Settings of the organizer that are no meetup field, as its log names them.
OTHER_LABELS = {"website_permalink": pgettext_lazy("oicmeetup", "Address of the website's posts")}


def split_items(text: str) -> list[str]:
    """An ITEMS value, one item per line; leading list markers are tolerated."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line[:2] in ("- ", "* ", "+ "):
            line = line[2:].strip()
        if line:
            items.append(line)
    return items
