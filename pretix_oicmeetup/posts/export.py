"""The event as a website post (Jekyll), in the seed's structure and the event's German.

A post the team wrote and the organiser imported comes back as the team wrote it, with what changed in pretix
since written into it where it stands (``write_back``). A meetup entered in pretix gets the plugin's own
post: the announcement's sections, formatted as markdown by the one renderer; the front matter carries what
the website shows outside the body (title, teaser) and, under ``meetup:``, the structured values the body
only mentions in prose, so importing the export gives back the same data.
"""
import logging
from dataclasses import dataclass, field as dataclass_field
from datetime import date

import yaml
from django.utils.translation import pgettext

from pretix.base.i18n import language

from ..languages import german_locale
from ..meetup import fields as registry
from ..meetup.announcement import build_announcement
from ..render.markdown import render_markdown
from ..render.sections import build_sections
from .extract.schedule import as_date
from .names import announcement_post_name, retrospective_post_name
from .structure import PostParseError
from .team_posts import changed_facts, team_post
from .write_back import WriteBackError, written_back

logger = logging.getLogger(__name__)
FRONT_MATTER_KEY = registry.POST_FRONT_MATTER_KEY


@dataclass
class PostFile:
    name: str  # without ".md"
    text: str
    not_written: list = dataclass_field(default_factory=list)  # facts that changed but could not be written into it


def export_post(event) -> tuple[str, str]:
    """(file name, text) of the announcement post."""
    post = announcement_file(event)
    return f"{post.name}.md", post.text


def announcement_file(event) -> PostFile:
    return in_team_post(event, "announcement", announcement_post_name(event), own_post(event))


def in_team_post(event, kind: str, name: str, own: str) -> PostFile:
    """The team's post of ``kind`` with what changed since its import, or ``own`` where none was imported."""
    team = team_post(event, kind)
    if team is None:
        return PostFile(name, own)
    changed = changed_facts(event, team)
    try:
        text, not_written = written_back(team.text, own, changed)
    except (WriteBackError, PostParseError):
        logger.warning("Could not write the changes of event %s into the team's %s post", event.pk, kind,
                       exc_info=True)
        text, not_written = team.text, sorted(changed)
    return PostFile(name, text, not_written)


def own_post(event) -> str:
    """The plugin's own post of the meetup as it is now."""
    locale = german_locale(event)
    with language(locale, event.settings.region):
        announcement = build_announcement(event)
        body = render_markdown(build_sections(announcement, "post"))
        registration = pgettext("oicmeetup", "Free registration") if announcement.is_free else \
            pgettext("oicmeetup", "Registration")
        front = _front_matter(event, announcement, locale)
    widget = f'{{% include pretix-widget.html event="{event.slug}" %}}'
    front_yaml = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return f"---\n{front_yaml}---\n\n{body}\n\n### {registration}\n{widget}\n"


def _front_matter(event, a, locale) -> dict:
    stored = event.settings.get(FRONT_MATTER_KEY, as_type=dict) or {}
    front = {"title": a.title.localize(locale)}
    if a.teaser:
        front["teaser"] = a.teaser.localize(locale)
    for key, value in stored.items():
        if key in ("title", "teaser", "author", "category", "meetup"):
            continue
        front[key] = value
    if isinstance(front.get("date"), str) and as_date(front["date"]):
        front["date"] = as_date(front["date"])  # stored as text: back to a YAML date
    front.setdefault("date", date.today())
    if "author" in stored and "authors" not in front:
        front["authors"] = [stored["author"]] if isinstance(stored["author"], str) else stored["author"]
    if "category" in stored and "categories" not in front:
        front["categories"] = [stored["category"]] if isinstance(stored["category"], str) else stored["category"]
    meta = {}
    for field in registry.all_fields():
        value = a.values.get(field.key)
        if field.post == registry.POST_META and value:
            meta[field.key] = value.localize(locale) if field.i18n else value
    if meta:
        front["meetup"] = meta
    if "retrospective_post" not in front and (a.retrospective_recap or a.retrospective_photos):
        front["retrospective_post"] = retrospective_post_name(event)
    return front
