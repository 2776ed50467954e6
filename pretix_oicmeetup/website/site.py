"""The website's repository as the plugin sees it, and what writing the meetups' files into it does.

The same ``Site`` comes from a folder (``python -m pretix oicmeetup_website``) or from what the website's
build sends to the API (``contrib/website``): the texts of its configuration, event list and posts, and the
digests of its photos. ``plan`` says, in one go and before anything is written, which files change, which
files the plugin wrote earlier and writes no more (removed), which present files it would have to replace
without having written them (then nothing is written at all) and what the team should know.
"""
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .addresses import DEFAULT_PERMALINK, POSTS_FOLDER, SiteConfigError, site_permalink
from .files import EVENT_LIST, MANIFEST, Site, content_key, read_manifest, website_files
from .list_file import ListFileError

CONFIG = "_config.yml"
PHOTOS_FOLDER = "assets/images/events"
MAX_TEXT_FILE = 2 * 1024 * 1024


class SiteError(ValueError):
    """The website's files cannot be read as the plugin needs them; nothing is written."""


def site_from(texts: dict, digests: dict) -> Site:
    """``texts``: path -> text of the configuration, the event list, the posts and the manifest; ``digests``:
    path -> SHA-256 of the other files the plugin may write (photos)."""
    permalink = DEFAULT_PERMALINK
    if texts.get(CONFIG) is not None:
        try:
            permalink = site_permalink(texts[CONFIG])
        except SiteConfigError as e:
            raise SiteError(_("{path} cannot be read: {problem}").format(path=CONFIG, problem=e)) from None
    posts = {path[len(POSTS_FOLDER) + 1:-3]: content_key(path, text.encode("utf-8"))
             for path, text in texts.items() if path.startswith(POSTS_FOLDER + "/") and path.endswith(".md")}
    present = {path: content_key(path, text.encode("utf-8")) for path, text in texts.items()}
    present.update({path: digest for path, digest in digests.items() if path not in present})
    return Site(posts=posts, event_list=texts.get(EVENT_LIST), written=read_manifest(texts.get(MANIFEST) or ""),
                permalink=permalink, present=present)


def read_folder(root: Path) -> Site:
    """The website's repository in ``root``."""
    if not root.is_dir():
        raise SiteError(_("{path} is not a folder.").format(path=root))
    texts, digests = {}, {}
    paths = [root / CONFIG, root / EVENT_LIST, root / MANIFEST, *sorted((root / POSTS_FOLDER).glob("*.md"))]
    manifest = root / MANIFEST
    if manifest.is_file():
        paths += [root / line.partition("  ")[2] for line in manifest.read_text(encoding="utf-8").splitlines()
                  if "  " in line]
    for path in paths:
        relative = path.relative_to(root).as_posix()
        if not _inside(root, path) or not path.is_file() or relative in texts or relative in digests:
            continue
        if relative.endswith((".md", ".yml", ".yaml")) or relative == MANIFEST:
            texts[relative] = _text(path, relative)
        else:
            digests[relative] = content_key(relative, path.read_bytes())
    photos = root / PHOTOS_FOLDER
    if photos.is_dir():
        for path in sorted(p for p in photos.rglob("*") if p.is_file() and _inside(root, p)):
            digests.setdefault(path.relative_to(root).as_posix(), content_key("", path.read_bytes()))
    return site_from(texts, digests)


def _inside(root: Path, path: Path) -> bool:
    return root.resolve() in path.resolve().parents


def _text(path: Path, relative: str) -> str:
    if path.stat().st_size > MAX_TEXT_FILE:
        raise SiteError(_("{path} is larger than 2 MB.").format(path=relative))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SiteError(_("{path} is not UTF-8 text.").format(path=relative)) from None


@dataclass
class Plan:
    files: dict  # path -> bytes, everything the plugin writes
    changed: list  # of those, the paths whose content differs from the website's
    removed: list  # paths the plugin wrote earlier, writes no more and nobody changed since
    conflicts: list  # present files the plugin would replace without having written or imported them
    notes: list = field(default_factory=list)
    manifest: str = ""


def plan(organizer, site: Site) -> Plan:
    try:
        result = website_files(organizer, site)
    except ListFileError as e:
        raise SiteError(_("{path} is not an event list the plugin can edit, so nothing was written: "
                          "{problem}").format(path=EVENT_LIST, problem=e)) from None
    changed = [path for path, content in result.files.items() if site.present.get(path) != content_key(path, content)]
    notes, removed = list(result.notes), []
    for path, digest in sorted(site.written.items()):
        if path in result.files or path == EVENT_LIST or path not in site.present:
            continue
        if digest is None or site.present[path] == digest:
            removed.append(path)
        else:
            notes.append(_("{path} was written by the plugin earlier and changed on the website since; it is "
                           "left as it is.").format(path=path))
    return Plan(result.files, changed, removed, result.conflicts(site), notes, result.manifest())


def write_plan(result: Plan, root: Path) -> None:
    """Writes ``result`` into ``root``; nothing at all where it has conflicts (the caller reports them)."""
    if result.conflicts:
        raise SiteError(_("These files on the website were not written by the plugin and would be replaced: "
                          "{paths}. Nothing was written. Import them (Import a website post) if they are the "
                          "meetup's posts, or rename them.").format(paths=", ".join(result.conflicts)))
    root = root.resolve()
    for path in result.changed:
        target = (root / path).resolve()
        if root not in target.parents:  # the paths are the plugin's own; never outside the folder anyway
            raise SiteError(f"{path} is outside {root}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(result.files[path])
    for path in result.removed:
        target = (root / path).resolve()
        if root in target.parents and target.is_file():
            target.unlink()
    manifest = root / MANIFEST
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != result.manifest:
        manifest.write_text(result.manifest, encoding="utf-8")
