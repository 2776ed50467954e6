"""The one account of what changed in a meetup.

Every writer (the meetup page, the REST API, the data file, the post import, the event copy) takes a
``snapshot`` before and after it writes; ``diff`` of the two is what the event log records, what a
change notice tells attendees and what the import preview shows. Snapshots are compared by the values
attendees are shown (``comparable``), never by how they are stored: the same text in a language that
is stored or only falls back to another, trailing whitespace, Windows line endings, the widget token
in the description, a time given in another zone, a list marker in front of an item.
"""
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from dateutil.parser import isoparse
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from . import fields as registry
from .consistency import speaker_key
from .fields import split_items
from .tokens import ESSENTIALS_TOKEN

SPEAKER_PARTS = tuple(f.key for f in registry.SPEAKER_FIELDS)


class ChangeKind(Enum):
    """What a change is about. A speaker change's value is how log entries name it (``Change.logged_as``)."""
    FIELD = "field"  # a value of the snapshot (a meetup field or a list of the Rückblick): ``Change.field``
    SPEAKER_ADDED = "speaker_added"
    SPEAKER_REMOVED = "speaker_removed"
    SPEAKER_CHANGED = "speaker_changed"  # with the speaker's changed ``parts``
    SPEAKERS_REORDERED = "speakers_reordered"  # ``old`` and ``new`` are the names in order


@dataclass(frozen=True)
class Change:
    """One change between two snapshots; ``old`` and ``new`` are snapshot values (a speaker's, for a change
    of a speaker)."""
    kind: ChangeKind
    old: object
    new: object
    field: str | None = None  # the snapshot's key (``registry`` field or ``LIST_LABELS``), for a FIELD change
    parts: tuple = ()

    @property
    def logged_as(self) -> str:
        """The change's name in log entries (and the ones written before the kinds were an enum): the
        field's key, or the kind of a speaker change."""
        return self.field if self.kind is ChangeKind.FIELD else self.kind.value

    @property
    def speaker_name(self) -> str | None:
        speaker = self.new or self.old
        return speaker.get("name") if isinstance(speaker, dict) else None


def snapshot(event) -> dict:
    """The meetup as JSON (the REST API's shape, private link and speaker ids included)."""
    from .store import read, stored_rows

    return snapshot_of(event, read(event), stored_rows(event))


def snapshot_of(event, values: dict, rows: dict) -> dict:
    """The snapshot of ``values`` (as ``store.read`` gives them) and ``rows`` (``store.stored_rows``)."""
    from .schema import meetup_json

    with scopes_disabled():
        return _plain(dict(meetup_json(event, include_private=True, values=values, rows=rows)))


def _plain(value):
    """JSON types only, so a snapshot compares equal to itself after a database round trip."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _text(value: str) -> str:
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _shown_i18n(value, locales, transform=_text):
    """What each of the event's languages shows (fallbacks resolved), or None if all are empty."""
    if value in (None, "", {}):
        return None
    data = value.data if isinstance(value, LazyI18nString) else value
    if isinstance(data, dict):
        # A language without a text of its own falls back to the first filled one: the order of the keys
        # must not matter (PostgreSQL's JSON column stores them in an order of its own).
        data = dict(sorted(data.items()))
    string = LazyI18nString(data)
    shown = {locale: transform(string.localize(locale)) for locale in locales}
    return shown if any(shown.values()) else None


def _description(text: str) -> str:
    return _text((text or "").replace(ESSENTIALS_TOKEN, ""))


def _items(text: str) -> tuple:
    return tuple(_text(item) for item in split_items(text)) or ()


def comparable_value(name: str, value, locales):
    """One field's value as shown, so equal means "an attendee sees no difference"."""
    declared = registry.get(name)
    kind = declared.kind if declared else None
    if kind == registry.FLAG:  # not set and switched off read the same
        return bool(value)
    if kind == registry.DATETIME:
        if not value:
            return None
        return (value if isinstance(value, datetime) else isoparse(value)).timestamp()
    if declared is not None and declared.storage == registry.FRONT_PAGE:
        return _shown_i18n(value, locales, _description)
    if kind == registry.ITEMS:
        return _shown_i18n(value, locales, _items)
    if isinstance(value, list):  # the Rückblick's photos and materials, as rows (snapshots before them: none)
        return value or None
    if isinstance(value, dict | LazyI18nString):
        return _shown_i18n(value, locales)
    if isinstance(value, str):
        return _text(value) or None
    return value


def _speaker_key(speaker: dict) -> str:
    return speaker_key(speaker.get("name"))


def _comparable_speaker(speaker: dict, locales) -> dict:
    return {name: comparable_value(name, speaker.get(name), locales) for name in SPEAKER_PARTS}


def match_speakers(old: list, new: list) -> list[tuple[int | None, int | None]]:
    """Pairs of (old index, new index): by id where both have one, then by name, then renamed in place
    (an unmatched speaker at the same position as an unmatched one). Unpaired ones are added or removed."""
    pairs, used_old, used_new = [], set(), set()

    def pair(i, j):
        pairs.append((i, j))
        used_old.add(i)
        used_new.add(j)

    old_ids = {s.get("id"): i for i, s in enumerate(old) if s.get("id") is not None}
    for j, speaker in enumerate(new):
        i = old_ids.get(speaker.get("id"))
        if i is not None and i not in used_old:
            pair(i, j)
    old_names = {}
    for i, speaker in enumerate(old):
        if i not in used_old:
            old_names.setdefault(_speaker_key(speaker), i)
    for j, speaker in enumerate(new):
        i = old_names.get(_speaker_key(speaker))
        if j not in used_new and i is not None and i not in used_old:
            pair(i, j)
    for j in range(len(new)):
        if j not in used_new and j < len(old) and j not in used_old:
            pair(j, j)
    pairs += [(i, None) for i in range(len(old)) if i not in used_old]
    pairs += [(None, j) for j in range(len(new)) if j not in used_new]
    return pairs


def diff(old: dict | None, new: dict, locales) -> list[Change]:
    """Field-by-field changes between two snapshots, in the snapshot's field order (``old`` None:
    everything filled in is new)."""
    old = old or {}
    changes = []
    for key, value in new.items():
        if key == "speakers":
            continue
        if comparable_value(key, old.get(key), locales) != comparable_value(key, value, locales):
            changes.append(Change(ChangeKind.FIELD, old.get(key), value, field=key))
    old_speakers, new_speakers = old.get("speakers") or [], new.get("speakers") or []
    pairs = match_speakers(old_speakers, new_speakers)
    for i, j in sorted(pairs, key=lambda p: (p[1] is None, p[1] if p[1] is not None else p[0])):
        if i is None:
            changes.append(Change(ChangeKind.SPEAKER_ADDED, None, new_speakers[j]))
        elif j is None:
            changes.append(Change(ChangeKind.SPEAKER_REMOVED, old_speakers[i], None))
        else:
            before = _comparable_speaker(old_speakers[i], locales)
            after = _comparable_speaker(new_speakers[j], locales)
            # a field a snapshot lacks (photo_url in those of plugin versions before 1.1) is not compared
            parts = tuple(name for name in SPEAKER_PARTS if before[name] != after[name]
                          and name in old_speakers[i] and name in new_speakers[j])
            if parts:
                changes.append(Change(ChangeKind.SPEAKER_CHANGED, old_speakers[i], new_speakers[j], parts=parts))
    kept = sorted((p for p in pairs if None not in p), key=lambda p: p[1])
    if [i for i, _j in kept] != sorted(i for i, _j in kept):
        changes.append(Change(ChangeKind.SPEAKERS_REORDERED, [s.get("name") for s in old_speakers],
                              [s.get("name") for s in new_speakers]))
    return changes


def same(old: dict | None, new: dict, locales) -> bool:
    return old is not None and not diff(old, new, locales)


def notice_changes(changes: list[Change]) -> list[Change]:
    """What attendees hear about: everything but how the announcement is displayed (the widget option)."""
    display_only = {f.key for f in registry.all_fields() if not f.news} | set(registry.LIST_LABELS)
    return [c for c in changes if c.field not in display_only]


def log_data(changes: list[Change]) -> dict:
    """The event log's account of ``changes`` (field names, speakers by name)."""
    data = {}
    fields = [c.field for c in changes if c.kind is ChangeKind.FIELD]
    if fields:
        data["fields"] = fields
    for kind, key in ((ChangeKind.SPEAKER_ADDED, "speakers_added"), (ChangeKind.SPEAKER_CHANGED, "speakers_changed"),
                      (ChangeKind.SPEAKER_REMOVED, "speakers_removed")):
        names = [c.speaker_name for c in changes if c.kind is kind]
        if names:
            data[key] = names
    changed_parts = {c.speaker_name: list(c.parts) for c in changes if c.kind is ChangeKind.SPEAKER_CHANGED}
    if changed_parts:
        data["speaker_fields"] = changed_parts
    if any(c.kind is ChangeKind.SPEAKERS_REORDERED for c in changes):
        data["speakers_reordered"] = True
    return data

