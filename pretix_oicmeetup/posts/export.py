"""The event as a website post (Jekyll), in the seed's structure and the event's German.

The body is the announcement's sections, formatted as markdown by the one renderer; the front matter
carries what the website shows outside the body (title, teaser) and, under ``meetup:``, the structured
values the body only mentions in prose, so importing the export gives back the same data.
"""
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

FRONT_MATTER_KEY = registry.POST_FRONT_MATTER_KEY


def export_post(event) -> tuple[str, str]:
    """(file name, text) of the post."""
    locale = german_locale(event)
    with language(locale, event.settings.region):
        announcement = build_announcement(event)
        body = render_markdown(build_sections(announcement, "post"))
        registration = pgettext("oicmeetup", "Free registration") if announcement.is_free else \
            pgettext("oicmeetup", "Registration")
        front = _front_matter(event, announcement, locale)
    widget = f'{{% include pretix-widget.html event="{event.slug}" %}}'
    front_yaml = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    text = f"---\n{front_yaml}---\n\n{body}\n\n### {registration}\n{widget}\n"
    return f"{announcement_post_name(event)}.md", text


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
