"""The website's ``_data/events.yml`` as the team keeps it, edited line by line.

The team writes the list by hand: one ``- title:`` block per event, keys indented by two spaces, values in
double quotes, a blank line between entries, comment lines to hide an event or a key, and an order of its own
(mostly appended at the end). The plugin changes only the lines of a meetup's own entry whose value pretix
holds and says otherwise, adds a missing key after its neighbour, and appends an entry for a new meetup at the
end in the team's layout. Every other byte stays as it was: other entries, their order, spacing, comments.
"""
import json
import re
from dataclasses import dataclass, field

import yaml

from ..posts.yaml_text import load_yaml

_ENTRY_START = re.compile(r"^-[ \t]")
_HIDDEN_KEY = re.compile(r"^#[ \t]*-?[ \t]*(?P<key>[A-Za-z_][\w-]*):")
_KEY_LINE = re.compile(
    r"^(?P<indent>[ \t]+|- )(?P<key>[A-Za-z_][\w-]*):(?P<space>[ \t]*)(?P<value>.*?)(?P<trail>[ \t]*)$")


class ListFileError(ValueError):
    """The file is not a list of events the plugin can edit safely."""


@dataclass
class Entry:
    start: int  # index of its first line in the file's lines
    end: int  # index after its last line (trailing blank and comment lines belong to it)
    values: dict
    key_lines: dict = field(default_factory=dict)  # key -> line index, for keys written on one line
    hidden_keys: set = field(default_factory=set)  # keys the team commented out: it decided, they stay out


@dataclass
class ListFile:
    lines: list  # the file's lines, each with its line ending
    entries: list

    @property
    def text(self) -> str:
        return "".join(self.lines)


def read_list(text: str) -> ListFile:
    """The list's entries with their lines. Refuses what YAML does not read as a list of mappings."""
    try:
        data = load_yaml(text) if text.strip() else []
    except yaml.YAMLError as e:
        raise ListFileError(str(e).splitlines()[0]) from None
    if data is None:
        data = []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ListFileError("not a list of events")
    lines = text.splitlines(keepends=True)
    starts = [index for index, line in enumerate(lines) if _ENTRY_START.match(line)]
    if len(starts) != len(data):  # an entry the plugin cannot see the lines of (flow style, anchors, ...)
        raise ListFileError("the list is not written one '- title:' block per event")
    entries = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        key_lines, hidden = {}, set()
        for index in range(start, end):
            match = _KEY_LINE.match(lines[index].rstrip("\r\n"))
            if match and (index == start) == (match.group("indent") == "- "):
                key_lines.setdefault(match.group("key"), index)
            commented = _HIDDEN_KEY.match(lines[index])
            if commented:
                hidden.add(commented.group("key"))
        entries.append(Entry(start, end, data[number], key_lines, hidden - set(key_lines)))
    return ListFile(lines, entries)


def scalar(value) -> str:
    """A value as the team writes it: text in double quotes, ``true``/``false`` bare."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(str(value), ensure_ascii=False)


def same_value(stored, wanted) -> bool:
    if isinstance(wanted, bool):
        return stored is wanted
    return stored is not None and not isinstance(stored, bool | list | dict) and \
        " ".join(str(stored).split()) == " ".join(str(wanted).split())


def _line_ending(lines) -> str:
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def update_entry(listing: ListFile, entry: Entry, wanted: dict, order: tuple) -> bool:
    """Writes ``wanted`` (key -> value) into the entry's lines: a key whose value is the same stays as it is,
    one written otherwise has its value replaced on its line (key, spacing and what follows kept; a value
    over several lines becomes one), a missing one is added after the key before it in ``order``, unless the
    team has it in a comment line (hidden on purpose). Returns whether a line changed."""
    changed = False
    newline = _line_ending(listing.lines)
    for key, value in wanted.items():
        if (key in entry.values and same_value(entry.values[key], value)) or key in entry.hidden_keys:
            continue
        index = entry.key_lines.get(key)
        if index is not None:
            line = listing.lines[index]
            match = _KEY_LINE.match(line.rstrip("\r\n"))
            ending = line[len(line.rstrip("\r\n")):] or newline
            continued = _value_end(listing.lines, index, entry.end)
            trail = "" if continued > index + 1 else match.group("trail")
            listing.lines[index:continued] = [f"{match.group('indent')}{key}:{match.group('space') or ' '}"
                                              f"{scalar(value)}{trail}{ending}"]
            _shift(listing, continued, index + 1 - continued)
        else:
            position = _insert_position(listing, entry, key, order)
            listing.lines.insert(position, f"  {key}: {scalar(value)}{newline}")
            _shift(listing, position, 1)
            entry.key_lines[key] = position
        entry.values[key] = value
        changed = True
    return changed


def _value_end(lines, index, end) -> int:
    """After the key's line and the lines its value goes on in (a block scalar, a folded string)."""
    following = index + 1
    while following < end and lines[following].startswith("    "):
        following += 1
    return following


def _insert_position(listing, entry, key, order) -> int:
    before = [k for k in order[:order.index(key)] if k in entry.key_lines] if key in order else []
    anchor = max((entry.key_lines[k] for k in before), default=None)
    if anchor is None:
        anchor = max(entry.key_lines.values(), default=entry.start)
    return _value_end(listing.lines, anchor, entry.end)


def _shift(listing, position, delta):
    """Every line index from ``position`` on moves by ``delta`` (lines inserted or removed there)."""
    if not delta:
        return
    for other in listing.entries:
        other.start += delta if other.start >= position else 0
        other.end += delta if other.end >= position else 0
        other.key_lines = {k: (i + delta if i >= position else i) for k, i in other.key_lines.items()}


def append_entry(listing: ListFile, values: dict) -> None:
    """A new entry at the end of the list, as the team adds one: a blank line, then the block."""
    newline = _line_ending(listing.lines)
    if listing.lines and not listing.lines[-1].endswith(("\n", "\r")):
        listing.lines[-1] += newline
    if listing.lines and listing.lines[-1].strip():
        listing.lines.append(newline)
    start = len(listing.lines)
    key_lines = {}
    for number, (key, value) in enumerate(values.items()):
        key_lines[key] = len(listing.lines)
        listing.lines.append(f"{'- ' if number == 0 else '  '}{key}: {scalar(value)}{newline}")
    listing.entries.append(Entry(start, len(listing.lines), dict(values), key_lines))
