#!/usr/bin/env python3
"""The meetups' files from pretix into the website's repository, for a shop on pretix's hosted service (no
shell there): run in the website's build (see pretix-meetups.yml beside this file), from the repository's root.

    PRETIX_TOKEN=... python3 pretix_meetups.py --url https://pretix.eu --organizer OIC-BIE [--site .]

It sends pretix what the website has (the texts of _config.yml, _data/events.yml and the posts in _beitraege/,
the digests of the photos under assets/images/events/ and of the files the plugin wrote earlier) and applies
what comes back: the files that change are written, the files the plugin wrote earlier and writes no more are
removed (as pretix lists them in .oicmeetup/plan.json), the list of what it wrote is kept in .oicmeetup-files.
Where pretix would have to replace a file it did not write or import, it answers 409: the script writes
nothing, prints the files and fails. Python 3.9 or newer, nothing else to install. Exit codes: 0 done, 1
pretix refused (a conflict or bad data), 2 pretix could not be reached or answered something else.
"""
import argparse
import hashlib
import io
import json
import os
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath

MANIFEST = ".oicmeetup-files"
PLAN = ".oicmeetup/plan.json"
TEXTS = ("_config.yml", "_data/events.yml", MANIFEST)
PHOTOS = "assets/images/events"
TEXT_SUFFIXES = (".md", ".yml", ".yaml")


def site_state(root: Path) -> dict:
    """What pretix needs to know of the website: texts it reads, digests of the other files it may write."""
    texts, digests = {}, {}
    paths = [root / name for name in TEXTS] + sorted((root / "_beitraege").glob("*.md"))
    manifest = root / MANIFEST
    if manifest.is_file():
        paths += [root / line.partition("  ")[2] for line in manifest.read_text(encoding="utf-8").splitlines()
                  if "  " in line]
    if (root / PHOTOS).is_dir():
        paths += sorted(p for p in (root / PHOTOS).rglob("*") if p.is_file())
    for path in paths:
        if not path.is_file() or root.resolve() not in path.resolve().parents:
            continue
        name = path.relative_to(root).as_posix()
        if name.endswith(TEXT_SUFFIXES) or name == MANIFEST:
            texts[name] = path.read_text(encoding="utf-8")
        else:
            digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"texts": texts, "digests": digests}


def ask_pretix(url: str, organizer: str, token: str, state: dict):
    request = urllib.request.Request(
        f"{url.rstrip('/')}/api/v1/organizers/{organizer}/meetup-website/", method="POST",
        data=json.dumps(state).encode("utf-8"),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def safe_path(root: Path, name: str) -> Path:
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts:
        raise ValueError(f"pretix sent a file outside the website: {name}")
    return root / Path(*parts)


def apply(root: Path, archive: zipfile.ZipFile) -> dict:
    plan = json.loads(archive.read(PLAN))
    for name in archive.namelist():
        if name == PLAN:
            continue
        target = safe_path(root, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(name))
    for name in plan.get("removed", []):
        target = safe_path(root, name)
        if target.is_file():
            target.unlink()
    return plan


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the pretix installation, e.g. https://pretix.eu")
    parser.add_argument("--organizer", required=True, help="the organizer's short name, e.g. OIC-BIE")
    parser.add_argument("--site", default=".", help="the website's repository (default: here)")
    args = parser.parse_args(argv)
    token = os.environ.get("PRETIX_TOKEN")
    if not token:
        print("PRETIX_TOKEN is not set: an API token of a team of the organizer.", file=sys.stderr)
        return 2
    root = Path(args.site)
    status, body = ask_pretix(args.url, args.organizer, token, site_state(root))
    if status == 200:
        plan = apply(root, zipfile.ZipFile(io.BytesIO(body)))
        print(f"{len(plan['changed'])} files written: {', '.join(plan['changed']) or 'none changed'}")
        if plan["removed"]:
            print(f"{len(plan['removed'])} removed: {', '.join(plan['removed'])}")
        for note in plan["notes"]:
            print(note)
        return 0
    try:
        answer = json.loads(body)
    except ValueError:
        answer = {"detail": body[:500].decode("utf-8", errors="replace")}
    if status == 409:
        print("Nothing was written: pretix would replace files it did not write or import: "
              + ", ".join(answer.get("conflicts", [])), file=sys.stderr)
        for note in answer.get("notes", []):
            print(note, file=sys.stderr)
        return 1
    print(f"pretix answered {status}: {answer.get('detail', answer)}", file=sys.stderr)
    return 1 if status == 400 else 2


if __name__ == "__main__":
    sys.exit(main())
