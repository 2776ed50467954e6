"""Every file the website needs for an organizer's meetups, in the website's own structure:

- ``_data/events.yml``: the team's list of events with one entry per meetup edited into it (``events_list``);
- ``_beitraege/<name>.md``: each meetup's announcement post and, once there is one, its Rückblick post, the
  team's own where they were imported (``posts.export``);
- the Rückblick's uploaded photos under the folder its gallery include shows.

Only public meetups are in it: live, listed (pretix's "show in lists"), not in test mode, with the plugin
active. The same organiser data gives the same bytes, so a website build can fetch it as often as it likes.

``Site`` is what the website has now (its event list, its posts, the list of files the plugin wrote there);
``website_files`` takes it into account, and ``WebsiteFiles.conflicts`` names what may not be written: a file
the plugin did not derive from its own data is never replaced.
"""
import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

import yaml
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_scopes import scope

from ..meetup.access import public_meetups
from ..posts.export import announcement_file
from ..posts.export_retrospective import retrospective_file
from ..posts.names import pin_post_names_and_dates
from ..posts.team_posts import KINDS, name_found, team_post
from ..posts.yaml_text import load_yaml
from ..render.cache import announcement_for
from .addresses import DEFAULT_PERMALINK, POSTS_FOLDER, post_address
from .events_list import edit_list, entry, meetup_date

EVENT_LIST = "_data/events.yml"
# In the website's folder: the files the plugin wrote there, each with the digest of what it wrote (Jekyll
# leaves files beginning with "." alone).
MANIFEST = ".oicmeetup-files"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same files give the same zip
_LINK_KEYS = ("retrospective_post", "related_post")


def content_key(path: str, content: bytes) -> str:
    """A digest of a file's content that leaves out what an editor or git may change unasked in a text file
    (line endings, trailing spaces, the last newline)."""
    if path.endswith((".md", ".yml", ".yaml")):
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
            content = "\n".join(lines).strip("\n").encode("utf-8")
    return hashlib.sha256(content).hexdigest()


@dataclass
class Site:
    """What the website's folder has now: ``posts`` (name -> content key of ``_beitraege/<name>.md``),
    ``event_list`` (the text of ``_data/events.yml``), ``written`` (path -> content key of what the plugin
    wrote there last, from ``MANIFEST``) and the posts' address rule."""
    posts: dict = field(default_factory=dict)
    event_list: str | None = None
    written: dict = field(default_factory=dict)
    permalink: str = DEFAULT_PERMALINK
    present: dict = field(default_factory=dict)  # path -> content key, of the files the plugin would write


@dataclass
class WebsiteFiles:
    files: dict  # path -> bytes
    replaceable: dict  # path -> content keys of the team's text as imported: the plugin may replace that
    notes: list  # what the team should know: facts not written into its posts, links to no post

    def manifest(self) -> str:
        return "".join(f"{content_key(path, content)}  {path}\n" for path, content in sorted(self.files.items())
                       if path != EVENT_LIST)

    def conflicts(self, site: Site) -> list[str]:
        """The files whose present content the plugin did not write and did not import: replacing them would
        lose the team's work. The event list is edited line by line, never replaced."""
        found = []
        for path, content in self.files.items():
            present = site.present.get(path)
            if path == EVENT_LIST or present is None or present == content_key(path, content):
                continue
            if present == site.written.get(path) or present in self.replaceable.get(path, ()):
                continue
            found.append(path)
        return sorted(found)


def read_manifest(text: str) -> dict:
    """path -> content key; a line with a path alone (the plugin's first versions) allows any content."""
    written = {}
    for line in text.splitlines():
        digest, _space, path = line.strip().partition("  ")
        if path:
            written[path] = digest
        elif digest:
            written[digest] = None
    return written


def website_files(organizer, site: Site | None = None) -> WebsiteFiles:
    """The files for ``site`` (the website as it is; ``None``: nothing known of it, as for the zip download)."""
    site = site or Site()
    files, replaceable, notes, listed = {}, {}, [], []
    meetups = {}  # announcement name -> its events
    with scope(organizer=organizer):
        for event in public_meetups(organizer):
            _names_from_site(event, site)
            has_retrospective = announcement_for(event).has_retrospective
            pin_post_names_and_dates(event, has_retrospective)
            post = announcement_file(event)
            meetups.setdefault(post.name, []).append((event, post, has_retrospective))
        for name, events in meetups.items():
            event, post, has_retrospective = _the_one(events, notes)
            _add_post(files, replaceable, notes, event, "announcement", post)
            retrospective_name = None
            if has_retrospective:
                retrospective, photos = retrospective_file(event)
                retrospective_name = retrospective.name
                _add_post(files, replaceable, notes, event, "retrospective", retrospective)
                for path, stored_name in photos:
                    with default_storage.open(stored_name, "rb") as f:
                        files[path] = f.read()
            shown_event, subevent = meetup_date([e for e, _p, _r in events])
            addresses = [post_address(n, site.permalink) for n in (name, retrospective_name) if n]
            listed.append((shown_event, entry(shown_event, subevent, name, retrospective_name, site.permalink),
                           addresses))
    files[EVENT_LIST] = edit_list(site.event_list, listed).encode("utf-8")
    notes += dead_links(files, site)
    return WebsiteFiles(dict(sorted(files.items())), replaceable, notes)


def _names_from_site(event, site):
    """A team post imported as pasted text has no file name of its own; the website's file with the same text
    is that post."""
    if not site.posts:
        return
    for kind in KINDS:
        team = team_post(event, kind)
        if team is None or team.name:
            continue
        key = content_key(".md", team.text.encode("utf-8"))
        found = sorted(name for name, present in site.posts.items() if present == key)
        if found:
            name_found(event, kind, found[0])


def _the_one(events, notes):
    """Of the events that are one meetup on the website (one announcement post), the one that writes it:
    the one the team's post was imported into, else the latest."""
    chosen = max(events, key=lambda e: (team_post(e[0], "announcement") is not None, e[0].date_from, e[0].pk))
    others = [e[0].slug for e in events if e is not chosen]
    if others:
        notes.append(_("The events {others} are the same meetup on the website as {event} (post {name}.md): the "
                       "website gets it from {event}.").format(others=", ".join(others), event=chosen[0].slug,
                                                               name=chosen[1].name))
    return chosen


def _add_post(files, replaceable, notes, event, kind, post):
    path = f"{POSTS_FOLDER}/{post.name}.md"
    files[path] = post.text.encode("utf-8")
    team = team_post(event, kind)
    if team is not None:
        replaceable[path] = {content_key(path, team.text.encode("utf-8"))}
    if post.not_written:
        notes.append(_("{path}: the team's post says as before what changed in pretix: {facts}. Please write it "
                       "into the post on the website, or import the post again.").format(
            path=path, facts=", ".join(post.not_written)))


def links_of(text: str) -> dict:
    """The post links of a post's front matter (``retrospective_post``, ``related_post``)."""
    match = re.match(r"^\ufeff?---\r?\n(.*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)", text, re.DOTALL)
    try:
        front = load_yaml(match.group(1)) if match else {}
    except yaml.YAMLError:
        return {}
    if not isinstance(front, dict):
        return {}
    return {key: str(front[key]).strip() for key in _LINK_KEYS if isinstance(front.get(key), str | int)
            and str(front[key]).strip()}


def dead_links(files: dict, site: Site) -> list[str]:
    """Links in the posts written that lead to no post: the website's banner finds the first post whose
    address contains the link's text, so a link is dead where no post's address contains it."""
    names = {path[len(POSTS_FOLDER) + 1:-3] for path in files if path.startswith(POSTS_FOLDER + "/")}
    addresses = [post_address(name, site.permalink) for name in names | set(site.posts)]
    notes = []
    for path, content in sorted(files.items()):
        if not path.startswith(POSTS_FOLDER + "/"):
            continue
        for key, value in links_of(content.decode("utf-8", errors="replace")).items():
            if not any(value.strip("/") in address for address in addresses):
                notes.append(_("{path}: {key} “{value}” leads to no post of the website; the plugin writes no "
                               "post of that name.").format(path=path, key=key, value=value))
    return notes


def zip_files(files: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            info = zipfile.ZipInfo(path, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
