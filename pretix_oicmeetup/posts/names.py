"""The names the website knows a meetup's two posts by (file names without ``.md``), and their dates.

A team post keeps its own name (the imported file's name). A post the plugin writes for a new meetup is named
as the team names its posts: the title in lower case, umlauts written out, words joined by hyphens
("ki-im-ehrenamt"); its Rückblick "rueckblick-<the announcement's name>". Name and date are pinned when the
website first gets a post, so later runs give the same files. A link in a post (``retrospective_post``,
``related_post``) never names a file of its own: it may be a typo ("rueckblick-ki-kompetenzt").
"""
import re
import unicodedata
from datetime import date

from ..meetup import fields as registry
from ..meetup.log import POSTS_DATED
from .extract.schedule import as_date
from .team_posts import team_post

# Key of the Rückblick's stored website data that holds its gallery include (not front matter).
GALLERY_KEY = "oicmeetup_gallery"
NAME_MAX_LENGTH = 60
_SPELLED_OUT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"}
_NOT_NAME = re.compile(r"[^a-z0-9]+")
_NAME_RE = re.compile(r"^[\w.-]{1,200}$")


def website_slug(text: str, limit: int = NAME_MAX_LENGTH) -> str:
    """A name for the website as its team writes names: lower case ASCII, umlauts and ß written out, words
    joined by hyphens, at most ``limit`` characters and never cut within a word."""
    text = "".join(_SPELLED_OUT.get(char, char) for char in str(text or ""))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_NAME.sub("-", text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug.strip("-")


def announcement_front_matter(event) -> dict:
    return event.settings.get(registry.POST_FRONT_MATTER_KEY, as_type=dict) or {}


def retrospective_front_matter(event) -> dict:
    return event.settings.get(registry.RETROSPECTIVE_FRONT_MATTER_KEY, as_type=dict) or {}


def _pinned(event) -> dict:
    value = event.settings.get(registry.WEBSITE_POSTS_KEY, as_type=dict)
    return value if isinstance(value, dict) else {}


def _valid(value) -> str | None:
    """A post's name as a link gives it (``related_post: "ki-kompetenz/"``), if it is one."""
    value = value.strip().strip("/") if isinstance(value, str) else ""
    return value if _NAME_RE.match(value) else None


def announcement_post_name(event) -> str:
    team = team_post(event, "announcement")
    return (team.name if team else None) \
        or _valid(retrospective_front_matter(event).get("related_post")) \
        or _valid(_pinned(event).get("announcement")) \
        or website_slug(str(event.name)) or event.slug


def retrospective_post_name(event) -> str:
    team = team_post(event, "retrospective")
    return (team.name if team else None) or _valid(_pinned(event).get("retrospective")) \
        or "rueckblick-" + announcement_post_name(event)


def pin_post_names_and_dates(event, has_retrospective: bool, today: date | None = None) -> list[str]:
    """A post's date is the day it was first published, its name the one it got then. Where no post was
    imported (which brings its date and name), the day the website first gets the post becomes its date and
    stays, and so does its name, also when the meetup's title changes later. Returns what was dated."""
    today = today or date.today()
    dated = []
    for key, kind, wanted in ((registry.POST_FRONT_MATTER_KEY, "announcement", True),
                              (registry.RETROSPECTIVE_FRONT_MATTER_KEY, "retrospective", has_retrospective)):
        stored = event.settings.get(key, as_type=dict) or {}
        if wanted and not as_date(stored.get("date")):
            event.settings.set(key, {**stored, "date": today.isoformat()})
            dated.append(key)
        if wanted and not _pinned(event).get(kind):
            name = announcement_post_name(event) if kind == "announcement" else retrospective_post_name(event)
            event.settings.set(registry.WEBSITE_POSTS_KEY, {**_pinned(event), kind: name})
    if dated:
        event.log_action(POSTS_DATED, data={"date": today.isoformat(), "posts": dated})
    return dated
