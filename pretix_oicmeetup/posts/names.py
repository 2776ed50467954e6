"""The names the website knows the meetup's two posts by (file names without ``.md``).

The announcement and its Rückblick name each other in their front matter (``retrospective_post``,
``related_post``); what an imported post said is kept, otherwise the names follow the website's habit:
the announcement as the export names it, the Rückblick as ``rueckblick-<announcement>``.
"""
import re
from datetime import date

from ..meetup import fields as registry
from ..meetup.log import POSTS_DATED
from .extract.schedule import as_date

_DATE_PREFIX_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-")
# Key of the Rückblick's stored website data that holds its gallery include (not front matter).
GALLERY_KEY = "oicmeetup_gallery"


def announcement_front_matter(event) -> dict:
    return event.settings.get(registry.POST_FRONT_MATTER_KEY, as_type=dict) or {}


def retrospective_front_matter(event) -> dict:
    return event.settings.get(registry.RETROSPECTIVE_FRONT_MATTER_KEY, as_type=dict) or {}


def _name(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def announcement_post_name(event) -> str:
    named = _name(retrospective_front_matter(event).get("related_post"))
    if named:
        return named
    # the date the export writes into the post's front matter (today, where no post was imported)
    post_date = as_date(announcement_front_matter(event).get("date")) or date.today()
    return f"{post_date.isoformat()}-{event.slug}"


def retrospective_post_name(event) -> str:
    named = _name(announcement_front_matter(event).get("retrospective_post"))
    if named:
        return named
    return "rueckblick-" + _DATE_PREFIX_RE.sub("", announcement_post_name(event))


def pin_post_dates(event, has_retrospective: bool, today: date | None = None) -> list[str]:
    """A post's date is the day it was first published. Where no post was imported (which brings its date),
    the day the website first gets the post becomes its date and stays, so the announcement's name
    (``<date>-<slug>``) and both posts come out the same on every later run. Returns what was dated."""
    today = today or date.today()
    dated = []
    for key, wanted in ((registry.POST_FRONT_MATTER_KEY, True),
                        (registry.RETROSPECTIVE_FRONT_MATTER_KEY, has_retrospective)):
        stored = event.settings.get(key, as_type=dict) or {}
        if wanted and not as_date(stored.get("date")):
            event.settings.set(key, {**stored, "date": today.isoformat()})
            dated.append(key)
    if dated:
        event.log_action(POSTS_DATED, data={"date": today.isoformat(), "posts": dated})
    return dated
