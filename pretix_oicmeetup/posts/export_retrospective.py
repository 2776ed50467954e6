"""The Rückblick as a website post, in the structure of the website's Rückblick posts, with its photos.

A Rückblick the team wrote and the organiser imported comes back as the team wrote it, with what changed in
pretix since written into it (``write_back``); uploaded photos go into the folder its gallery include shows
(an include that names only the folder shows every photo in it; one that lists its photos gets the new ones
added to its list, so the team's photos are never hidden). A Rückblick entered in pretix gets the plugin's own
post, as the team writes theirs: front matter ``title``, ``teaser``, ``authors``, ``categories``, ``date``,
``header_image``, ``related_post`` (the announcement post) and ``is_retrospective: false`` (the team's posts
all say false: true would hide the post from the website's list of posts); the body: the recap, the website's
gallery include and the series info at the end. With uploaded photos the download is a zip laid out like the
website's repository (``_beitraege/<name>.md`` and the photos under ``assets/images/events/<folder>/``), so
it can be unpacked into it; without, it is the post alone.
"""
import io
import os
import re
import zipfile
from datetime import date

import yaml
from django.core.files.storage import default_storage
from django.utils.translation import pgettext
from django_scopes import scopes_disabled

from pretix.base.i18n import language

from ..languages import german_locale
from ..meetup.announcement import build_announcement
from ..meetup.fields import split_items
from ..render.markdown import render_markdown
from ..render.retrospective import retrospective_heading
from ..render.sections import build_sections
from .export import PostFile, in_team_post
from .extract.schedule import as_date
from .names import (
    GALLERY_KEY,
    announcement_front_matter,
    announcement_post_name,
    retrospective_front_matter,
    retrospective_post_name,
    website_slug,
)
from .structure import extract_liquid

POSTS_FOLDER = "_beitraege"
DEFAULT_CATEGORIES = ["Rückblick"]
_SAFE_SEGMENT_RE = re.compile(r"^[\w.-]{1,100}$")
# What the fields say; the stored front matter never overrides these.
OWN_KEYS = ("title", "teaser", "author", "authors", "related_post", "is_retrospective", GALLERY_KEY)


def export_retrospective(event) -> tuple[str, bytes, str]:
    """(file name, content, content type): the post, or a zip of the post and its photos."""
    post, photos = retrospective_file(event)
    name, text = post.name, post.text
    if not photos:
        return f"{name}.md", text.encode("utf-8"), "text/markdown; charset=utf-8"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{POSTS_FOLDER}/{name}.md", text)
        for path, stored_name in photos:
            with default_storage.open(stored_name, "rb") as f:
                archive.writestr(path, f.read())
    return f"{name}.zip", buffer.getvalue(), "application/zip"


def retrospective_file(event) -> tuple[PostFile, list]:
    """The post and its photos as (path in the website, name in pretix's storage)."""
    locale = german_locale(event)
    stored = retrospective_front_matter(event)
    with language(locale, event.settings.region):
        a = build_announcement(event)
        front = _front_matter(event, a, locale, stored)
        recap = render_markdown(build_sections(a, "recap"))
        series = render_markdown(build_sections(a, "series"))
        photos, include, files = _gallery(event, a, stored)
    front_yaml = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    body = "\n\n".join(part for part in (recap, include, series) if part)
    post = in_team_post(event, "retrospective", retrospective_post_name(event), f"---\n{front_yaml}---\n\n{body}\n")
    post.text = with_photos_listed(post.text, files)
    return post, photos


def _front_matter(event, a, locale, stored) -> dict:
    front = {"title": str(retrospective_heading(a))}
    teaser = a.retrospective_teaser.localize(locale) if a.retrospective_teaser else ""
    if teaser.strip():
        front["teaser"] = teaser.strip()
    front["authors"] = split_items(str(a.retrospective_authors or ""))
    front["categories"] = stored.get("categories") or ([stored["category"]] if stored.get("category") else
                                                       DEFAULT_CATEGORIES)
    for key, value in stored.items():
        if key not in OWN_KEYS and key not in ("category", "categories"):
            front[key] = value
    front["date"] = as_date(stored.get("date")) or date.today()
    if "header_image" not in front and announcement_front_matter(event).get("header_image"):
        front["header_image"] = announcement_front_matter(event)["header_image"]
    front["related_post"] = announcement_post_name(event)
    front["is_retrospective"] = False
    return front


def _gallery(event, a, stored) -> tuple[list, str, list]:
    """The photo files for the website, the include of the plugin's own post and the entries (file and
    caption) an include that lists its photos needs. The team's include names a folder whose photos are on
    the website already: the uploaded ones join them there."""
    imported = stored.get(GALLERY_KEY) if isinstance(stored.get(GALLERY_KEY), dict) else {}
    folder = _safe_folder(imported.get("folder")) or \
        f"/assets/images/events/{website_slug(retrospective_post_name(event)) or 'meetup'}/"
    with scopes_disabled():
        rows = [p for p in event.oicmeetup_photos.all() if p.image]
    if not rows:
        return [], (f'{{% include gallery.html folder="{_attribute(imported["folder"])}" %}}'
                    if imported.get("folder") else ""), []
    photos, entries = [], []
    for index, photo in enumerate(rows, start=1):
        extension = os.path.splitext(photo.image.name)[1].lower() or ".jpg"
        file = f"{index:02d}-{website_slug(str(photo.alt), 40) or 'foto'}{extension}"
        photos.append((folder.strip("/") + "/" + file, photo.image.name))
        credit = pgettext("oicmeetup", "Photo: {credit}").format(credit=photo.credit) if photo.credit else ""
        caption = _caption(f"{photo.alt} ({credit})" if credit else str(photo.alt))
        entries.append(f"{file}|{caption}" if caption else file)
    include = f'{{% include gallery.html\n   images="{",".join(entries)}"\n   folder="{folder}" %}}'
    return photos, include, entries


def with_photos_listed(text: str, entries: list) -> str:
    """A gallery include that lists its photos (``images="…"``) with the uploaded photos added to its list;
    one that names only its folder shows them anyway and stays as it is."""
    if not entries:
        return text
    _body, tags = extract_liquid(text)
    for tag in tags:
        if not tag.name.startswith("gallery") or "images" not in tag.attrs:
            continue
        listed = {item.split("|")[0].strip() for item in tag.attrs["images"].split(",")}
        missing = [entry for entry in entries if entry.split("|")[0] not in listed]
        if not missing:
            return text
        old = f'images="{tag.attrs["images"]}"'
        if old not in tag.raw:
            return text
        separator = "," if tag.attrs["images"].strip() else ""
        new_tag = tag.raw.replace(old, f'images="{tag.attrs["images"]}{separator}{",".join(missing)}"', 1)
        return text.replace(tag.raw, new_tag, 1)
    return text


def _safe_folder(folder) -> str | None:
    """A folder of the website as the gallery include names it, if it is one (no way out of the zip)."""
    if not isinstance(folder, str):
        return None
    segments = [s for s in folder.strip().split("/") if s]
    if not segments or any(s in (".", "..") or not _SAFE_SEGMENT_RE.match(s) for s in segments):
        return None
    return "/" + "/".join(segments) + "/"


def _caption(text: str) -> str:
    """A caption as the gallery include can carry it: it splits at commas and ``|`` and ends at quotes."""
    text = " ".join(text.split())
    return text.replace('"', "“").replace("|", "/").replace(",", " –").replace("%}", "%")


def _attribute(value: str) -> str:
    return " ".join(str(value).split()).replace('"', "").replace("%}", "")
