"""Every file the website needs for an organizer's meetups, in the website's own structure:

- ``_data/events.yml``: the list of events (``events_list``), chronological;
- ``_beitraege/<name>.md``: each meetup's announcement post and, once there is one, its Rückblick post;
- the Rückblick's uploaded photos under the folder its gallery include names.

Only public meetups are in it: live, listed (pretix's "show in lists"), not in test mode, with the plugin
active. The same organiser data gives the same bytes, so a website build can fetch it as often as it likes.
"""
import zipfile
from io import BytesIO
from pathlib import Path

from django.core.files.storage import default_storage
from django_scopes import scope

from ..meetup.access import meetup_dates, public_meetups
from ..meetup.announcement import build_announcement
from ..posts.export import export_post
from ..posts.export_retrospective import POSTS_FOLDER, retrospective_post
from ..posts.names import pin_post_dates, retrospective_post_name
from .events_list import dump_entries, entry, merged, post_url, read_existing

EVENT_LIST = "_data/events.yml"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same files give the same zip


def website_files(organizer, existing_list: str | None = None) -> dict[str, bytes]:
    """Path in the website's repository → content. ``existing_list``: the website's current
    ``events.yml``, whose entries of other events (and comment lines) are kept."""
    files, entries, our_urls = {}, [], set()
    with scope(organizer=organizer):
        for event in public_meetups(organizer):
            has_retrospective = build_announcement(event, related=False).has_retrospective
            pin_post_dates(event, has_retrospective)
            file_name, text = export_post(event)
            files[f"{POSTS_FOLDER}/{file_name}"] = text.encode("utf-8")
            announcement_name = file_name[:-len(".md")]
            retrospective_name = retrospective_post_name(event)
            our_urls |= {post_url(announcement_name), post_url(retrospective_name)}
            if has_retrospective:
                retrospective_name, text, photos = retrospective_post(event)
                files[f"{POSTS_FOLDER}/{retrospective_name}.md"] = text.encode("utf-8")
                for path, stored_name in photos:
                    with default_storage.open(stored_name, "rb") as f:
                        files[path] = f.read()
            for subevent in meetup_dates(event):
                entries.append(entry(event, subevent, announcement_name,
                                     retrospective_name if has_retrospective else None))
    comments = []
    if existing_list:
        existing, comments = read_existing(existing_list)
        entries = merged(entries, existing, our_urls)
    else:
        entries.sort(key=lambda v: (v["date"], v["time"], v["title"]))
    files[EVENT_LIST] = dump_entries(entries, comments).encode("utf-8")
    return dict(sorted(files.items()))


# In the website's folder: the files the last run wrote (Jekyll leaves files beginning with "." alone).
MANIFEST = ".oicmeetup-files"


def write_files(files: dict[str, bytes], directory: Path) -> list[str]:
    """Writes the files below ``directory`` (a file whose content is unchanged is left alone); returns the
    paths written."""
    root = directory.resolve()
    written = []
    for path, content in files.items():
        target = (root / path).resolve()
        if root not in target.parents:  # the paths are the plugin's own; never outside the folder anyway
            raise ValueError(f"{path} is outside {root}")
        if target.exists() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(path)
    return written


def remove_stale(files: dict[str, bytes], directory: Path) -> list[str]:
    """Removes what an earlier run wrote and this one no longer writes (a post renamed, a photo taken out of
    the Rückblick), as the list ``MANIFEST`` in the folder remembers it; never the event list, never a file
    the plugin did not write. Returns the paths removed."""
    root = directory.resolve()
    manifest = root / MANIFEST
    listed = "".join(f"{path}\n" for path in sorted(files))
    before = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.exists() else set()
    removed = []
    for path in sorted(before - set(files) - {EVENT_LIST}):
        target = (root / path).resolve()
        if root in target.parents and target.is_file():
            target.unlink()
            removed.append(path)
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != listed:
        manifest.write_text(listed, encoding="utf-8")
    return removed


def zip_files(files: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            info = zipfile.ZipInfo(path, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
