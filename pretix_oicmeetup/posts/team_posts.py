"""The website team's posts as they were imported: their text, their file name and what the meetup said right
after the import, so that writing the website's files gives the team's text back, with only what changed in
pretix since then written into it (``write_back``)."""
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from ..languages import event_locales
from ..meetup import fields as registry
from ..meetup.changes import ChangeKind, diff, snapshot

TEAM_POSTS_KEY = registry.TEAM_POSTS_KEY
KINDS = ("announcement", "retrospective")
# What a post of each kind says, so what can change in it (the meetup's display options and the website's
# event list are not in a post).
_ANNOUNCEMENT_FIELDS = {f.key for f in registry.all_fields() if f.post in (registry.POST_PARSED, registry.POST_META)
                        and f.group != registry.WEBSITE and f.key != "widget_essentials"}
_RETROSPECTIVE_FIELDS = {f.key for f in registry.all_fields() if f.post == registry.POST_RETROSPECTIVE} | \
    {"series_info"}
_NAME_RE = re.compile(r"^[\w.-]{1,200}$")


@dataclass(frozen=True)
class TeamPost:
    kind: str
    text: str
    name: str | None  # the file name without ".md", where the import knew it
    base: dict  # the meetup's snapshot right after the import


def name_of_source(source: str) -> str | None:
    """The post's file name without ".md", from the name of an uploaded file or the address it was fetched
    from (a raw file, or the post's page on the website: ``/beitraege/ki-kompetenz/``)."""
    if not source:
        return None
    path = unquote(urlsplit(source).path) if "://" in source else source
    name = PurePosixPath(path.rstrip("/")).name
    for suffix in (".md", ".markdown", ".txt", ".html"):
        if name.lower().endswith(suffix):
            name = name[:-len(suffix)]
    return name if _NAME_RE.match(name or "") and not name.startswith(".") else None


def _stored(event) -> dict:
    value = event.settings.get(TEAM_POSTS_KEY, as_type=dict)
    return value if isinstance(value, dict) else {}


def team_post(event, kind: str) -> TeamPost | None:
    entry = _stored(event).get(kind)
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        return None
    return TeamPost(kind, entry["text"], entry.get("name"), entry.get("base") or {})


def remember_import(event, kind: str, text: str, source: str):
    """Called in the import's transaction, after the import was written."""
    stored = _stored(event)
    stored[kind] = {"text": text, "name": name_of_source(source), "base": snapshot(event)}
    event.settings.set(TEAM_POSTS_KEY, stored)


def name_found(event, kind: str, name: str):
    """The file name of a post imported without one (pasted text), found on the website."""
    stored = _stored(event)
    if isinstance(stored.get(kind), dict) and _NAME_RE.match(name):
        stored[kind] = {**stored[kind], "name": name}
        event.settings.set(TEAM_POSTS_KEY, stored)


def changed_facts(event, team: TeamPost) -> set:
    """What the meetup says otherwise now than right after the post's import, among what the post says."""
    carried = _RETROSPECTIVE_FIELDS if team.kind == "retrospective" else _ANNOUNCEMENT_FIELDS
    changed = set()
    for change in diff(team.base, snapshot(event), event_locales(event)):
        if change.kind is not ChangeKind.FIELD:
            photo_only = change.kind is ChangeKind.SPEAKER_CHANGED and set(change.parts) <= {"photo_url"}
            if team.kind == "announcement" and not photo_only:  # a speaker's photo is not in the post
                changed.add("speakers")
        elif change.field in carried:
            changed.add(change.field)
    return changed
