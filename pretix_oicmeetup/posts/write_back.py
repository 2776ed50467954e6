"""A team's post written back with what changed in pretix, and nothing else.

An imported post is the website team's text: its wording, its front matter (authors, categories, header
image, date), its order of sections. Writing the website's files, the plugin gives that text back unchanged;
where a fact changed in pretix since the import, only the lines where that fact stands change:

- a time, the date or the venue: on its line, in the post's own format ("**Einlass:** 16:15 Uhr");
- a text (the introduction, Hinweis, Inhalt, Materialien, the series info, the contact): the lines of its
  blocks, the heading as the team wrote it; a text the post did not have gets the export's section, in the
  export's order; an emptied text loses its section;
- a speaker: the speaker's role or biography in the speaker's own sentence, else the speaker's paragraph;
  a speaker added or removed, a paragraph more or less;
- title, teaser, authors: their front matter line; a fact the post says only in prose (format, series
  name and number): a line under ``meetup:`` in the front matter, which the import reads first.

Each change is taken from the plugin's own post of the meetup as it is now (``current``) and checked by
reading the result again: the changed facts read as in ``current``, every other fact as in ``original``.
What cannot be written back so is reported, never guessed.
"""
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import yaml

from ..meetup import fields as registry
from ..meetup.changes import comparable_value
from ..meetup.dialect import pretix_markdown
from .extract.schedule import _DATE_RE, _TIME_LABEL_RE, _TIME_RANGE_RE
from .extract.words import MONTHS, WEEKDAYS
from .model import ParsedPost, ParsedRetrospective
from .parse import parse_post
from .structure import (
    PostParseError,
    extract_liquid,
    group_sections,
    original_line,
    parse_blocks,
    restore_liquid,
)
from .yaml_text import load_yaml

# The sections of an announcement in the export's order, by the keys of the parser and the renderer.
SECTION_ORDER = ("hint", "speakers", "outcomes", "materials", "series", "schedule", "contact", "registration")
# Text fields and the section that holds them.
SECTION_OF = {"hint": "hint", "materials": "materials", "series_info": "series", "contact": "contact"}
SCHEDULE_FIELDS = ("date_from", "date_to", "date_admission", "location", "is_remote")
FRONT_FIELDS = {"title": "title", "teaser": "teaser", "retrospective_title": "title",
                "retrospective_teaser": "teaser", "retrospective_authors": "authors"}
# Facts a post may say only in prose, which the import reads under ``meetup:`` first.
PROSE_FACTS = {f.key for f in registry.all_fields() if f.post == registry.POST_META}


class WriteBackError(Exception):
    """A change that cannot be written into the team's post."""


@dataclass
class Layout:
    """A post's lines and where its parts stand: front matter keys, sections, blocks (original lines)."""
    text: str
    lines: list  # without line endings
    newline: str
    front_start: int  # the line after the opening ---
    front_end: int  # the closing --- line
    sections: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    post: object = None

    @property
    def body_start(self) -> int:
        return self.front_end + 1

    def block_lines(self, block) -> tuple[int, int]:
        """A block's lines in the whole text: [start, end)."""
        start = self.body_start + original_line(self.tags, block.start)
        end = self.body_start + original_line(self.tags, max(block.end - 1, block.start)) + 1
        return start, end

    def heading_line(self, section) -> int:
        return self.body_start + original_line(self.tags, section.start)

    def section(self, key):
        found = [s for s in self.sections if s.key == key]
        return found[0] if found else None


def layout(text: str) -> Layout:
    newline = "\r\n" if "\r\n" in text else "\n"
    if "\r" in text.replace("\r\n", ""):
        raise WriteBackError("lone carriage returns")
    lines = text.replace("\r\n", "\n").split("\n")
    start = 1 if lines and lines[0].lstrip("\ufeff").strip() == "---" else None
    if start is None:
        raise WriteBackError("no front matter")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise WriteBackError("front matter not closed")
    result = Layout(text, lines, newline, start, end)
    body, result.tags = extract_liquid("\n".join(lines[end + 1:]))
    result.sections = group_sections(parse_blocks(body))
    result.post = parse_post(text)
    return result


# --- what a post says, for the check ------------------------------------------------------------------

def facts(post) -> dict:
    """What the import takes from a post, by fact, compared as attendees see it."""
    values = {key: comparable_value(key, value, ["de"]) for key, value in post.values.items()}
    if isinstance(post, ParsedPost):
        values["speakers"] = [_speaker_facts(s) for s in post.speakers]
    return values


def check(text: str, original, current, changed: set) -> list:
    """The facts of ``text`` that do not read as they should: changed ones as in ``current``, the others as
    in ``original`` (both parsed posts)."""
    try:
        written = facts(parse_post(text))
    except PostParseError:
        return ["the whole post"]
    wanted_now, wanted_before = facts(current), facts(original)
    return sorted(key for key in set(wanted_now) | set(wanted_before)
                  if written.get(key) != (wanted_now.get(key) if key in changed else wanted_before.get(key)))


# --- edits on lines ------------------------------------------------------------------------------------

@dataclass
class Edit:
    start: int
    end: int  # lines [start, end) replaced by ``lines``
    lines: list


def apply(lay: Layout, edits: list) -> str:
    lines = list(lay.lines)
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        lines[edit.start:edit.end] = least_change(lines[edit.start:edit.end], edit.lines)
    return lay.newline.join(lines)


def least_change(old: list, new: list) -> list:
    """``new`` where it says something else than ``old``, else ``old``'s own lines: a line that differs only in
    trailing spaces, and the blank lines between unchanged lines, stay as the team wrote them."""
    old_text = [i for i, line in enumerate(old) if line.strip()]
    new_text = [j for j, line in enumerate(new) if line.strip()]
    matcher = SequenceMatcher(None, [old[i].rstrip() for i in old_text], [new[j].rstrip() for j in new_text],
                              autojunk=False)
    result, at_old, at_new, from_new = [], 0, 0, False
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":  # the blank lines before come from the side the lines before came from
            before = new[at_new:new_text[j1]] if from_new else old[at_old:old_text[i1]]
            result += before + old[old_text[i1]:old_text[i2 - 1] + 1]
            at_old, at_new, from_new = old_text[i2 - 1] + 1, new_text[j2 - 1] + 1, False
            continue
        if i2 > i1:
            at_old = old_text[i2 - 1] + 1
        if j2 > j1:
            result += new[at_new:new_text[j2 - 1] + 1]
            at_new, from_new = new_text[j2 - 1] + 1, True
    return result + (new[at_new:] if from_new or not old_text else old[at_old:])


def _overlapping(edits) -> bool:
    spans = sorted((e.start, e.end) for e in edits)
    return any(b[0] < a[1] for a, b in zip(spans, spans[1:], strict=False) if a[1] > a[0])


# --- front matter ---------------------------------------------------------------------------------------

_FRONT_KEY_RE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):(?P<space>[ \t]*)(?P<value>.*)$")
DOUBLE_QUOTE = '"'


def _front_key_span(lay: Layout, key: str) -> tuple[int, int] | None:
    for index in range(lay.front_start, lay.front_end):
        match = _FRONT_KEY_RE.match(lay.lines[index])
        if match and match.group("key") == key:
            end = index + 1
            while end < lay.front_end and (lay.lines[end].startswith((" ", "\t", "-")) or not lay.lines[end].strip()):
                end += 1
            return index, end
    return None


def _yaml_scalar(value: str, like: str) -> str:
    """``value`` as a YAML scalar quoted as the line it replaces was (double quotes, the team's habit)."""
    if like.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    return yaml.safe_dump(value, allow_unicode=True, width=10**6, default_style='"').strip()


def front_edit(lay: Layout, key: str, value) -> Edit:
    """The front matter line(s) of ``key`` with ``value`` (text or a list of texts)."""
    span = _front_key_span(lay, key)
    if isinstance(value, list):
        indent = "  "
        if span:
            items = [line for line in lay.lines[span[0] + 1:span[1]] if line.lstrip().startswith("-")]
            if items:
                indent = items[0][:len(items[0]) - len(items[0].lstrip())]
        lines = [f"{key}:"] + [f"{indent}- {_yaml_scalar(v, DOUBLE_QUOTE)}" for v in value]
    else:
        like = _FRONT_KEY_RE.match(lay.lines[span[0]]).group("value").strip() if span else '"'
        lines = [f"{key}: {_yaml_scalar(str(value), like)}"]
    if span:
        return Edit(span[0], span[1], lines)
    return Edit(lay.front_end, lay.front_end, lines)


def meta_edit(lay: Layout, values: dict) -> Edit:
    """The front matter's ``meetup:`` block (where the import reads a fact the post says only in prose)."""
    span = _front_key_span(lay, "meetup")
    current = {}
    if span:
        try:
            current = load_yaml("\n".join(lay.lines[span[0]:span[1]])).get("meetup") or {}
        except (yaml.YAMLError, AttributeError):
            current = {}
    merged = {**(current if isinstance(current, dict) else {}), **values}
    merged = {k: v for k, v in merged.items() if v not in (None, "")}
    lines = yaml.safe_dump({"meetup": merged}, allow_unicode=True, sort_keys=False, width=10**6).rstrip(
        "\n").split("\n") if merged else []
    if span:
        return Edit(span[0], span[1], lines)
    return Edit(lay.front_end, lay.front_end, lines)


# --- body ---------------------------------------------------------------------------------------------

def _blocks_span(lay: Layout, blocks) -> tuple[int, int] | None:
    """The lines from the first block's to the last block's last line that is not blank (the parser counts the
    blank line after a list to the list)."""
    if not blocks:
        return None
    spans = [lay.block_lines(b) for b in blocks]
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    while end > start + 1 and not lay.lines[end - 1].strip():
        end -= 1
    return start, end


def _section_span(lay: Layout, section) -> tuple[int, int]:
    """A section's lines from its heading to its last block."""
    start = lay.heading_line(section)
    body = _blocks_span(lay, section.blocks)
    return start, max(start + 1, body[1] if body else start + 1)


def _section_lines(lay: Layout, section, with_heading=True) -> list:
    start, end = _section_span(lay, section)
    if not with_heading:
        body = _blocks_span(lay, section.blocks)
        if body is None:
            return []
        start, end = body
    return lay.lines[start:end]


def _description_blocks(lay: Layout):
    result = []
    for section in lay.sections:
        if section.key == "registration":
            break
        if section.key is None:
            result += section.blocks
    return result


def blocks_edit(lay: Layout, mine: list, now: Layout, theirs: list) -> Edit:
    """The lines of the blocks ``mine`` with what the blocks ``theirs`` say: a block that says the same (an
    include the import read as the quote the current post writes in markdown, too) keeps its lines, and so do
    the blank lines between two kept blocks. Blocks are compared as pretix stores them (``dialect``): the team's
    "Teilnehmer*innen" is the current post's "Teilnehmer\\*innen"."""
    def key(lay_, block):
        source = "\n".join(line.rstrip() for line in restore_liquid(block.source, lay_.tags).split("\n")).strip()
        return pretix_markdown(source)

    start, end = _blocks_span(lay, mine)
    matcher = SequenceMatcher(None, [key(lay, b) for b in mine], [key(now, b) for b in theirs], autojunk=False)
    result, at = [], start
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            first, last = _blocks_span(lay, mine[i1:i1 + 1])[0], _blocks_span(lay, mine[i2 - 1:i2])[1]
            result += (lay.lines[at:first] if at < first or not result else [""]) + lay.lines[first:last]
            at = last
            continue
        if i2 > i1:
            at = _blocks_span(lay, mine[i2 - 1:i2])[1]
        new_span = _blocks_span(now, theirs[j1:j2]) if j2 > j1 else None
        if new_span:
            result += ([""] if result else []) + now.lines[new_span[0]:new_span[1]]
    result += lay.lines[at:end]
    return Edit(start, end, result)


def text_edits(lay: Layout, now: Layout, key: str) -> list:
    """The post's lines of a text field (its section's blocks) replaced by the current post's."""
    if key == "description":
        mine, theirs = _description_blocks(lay), _description_blocks(now)
        old, new = _blocks_span(lay, mine), _blocks_span(now, theirs)
        new_lines = now.lines[new[0]:new[1]] if new else []
        if old and new:
            return [blocks_edit(lay, mine, now, theirs)]
        if old:
            return [Edit(old[0], old[1], new_lines)]
        first = lay.sections[1] if len(lay.sections) > 1 else None
        at = lay.heading_line(first) if first is not None and first.start is not None else len(lay.lines)
        return [Edit(at, at, new_lines + [""])] if new_lines else []
    section_key = SECTION_OF.get(key) or "outcomes"
    mine, theirs = lay.section(section_key), now.section(section_key)
    if key in ("outcomes", "outcomes_intro") and mine is not None and theirs is not None:
        return _outcomes_edits(lay, now, key, mine, theirs)
    if mine is None and theirs is None:
        return []
    if theirs is None:  # emptied: the section goes, with the blank line before it
        start, end = _section_span(lay, mine)
        while start > lay.body_start and not lay.lines[start - 1].strip():
            start -= 1
        return [Edit(start, end, [])]
    if mine is None:  # new: the current post's section, before the next section of the post in the order
        return [_insertion(lay, section_key, _section_lines(now, theirs))]
    old = _blocks_span(lay, mine.blocks)
    new_lines = _section_lines(now, theirs, with_heading=False)
    if old is None:
        at = lay.heading_line(mine) + 1
        return [Edit(at, at, new_lines)]
    if not theirs.blocks:
        return [Edit(old[0], old[1], [])]
    return [blocks_edit(lay, mine.blocks, now, theirs.blocks)]


def _outcomes_edits(lay, now, key, mine, theirs) -> list:
    """Inhalt: its introduction and its list are two facts with lines of their own."""
    def parts(lay_, section):
        lists = [b for b in section.blocks if b.kind == "list"]
        first_list = lists[0] if lists else None
        intro = [b for b in section.blocks if b.kind == "paragraph" and (
            first_list is None or b.start < first_list.start)]
        return intro, first_list
    my_intro, my_list = parts(lay, mine)
    their_intro, their_list = parts(now, theirs)
    if key == "outcomes" and my_list is not None and their_list is not None:
        start, end = lay.block_lines(my_list)
        new_start, new_end = now.block_lines(their_list)
        return [Edit(start, end, now.lines[new_start:new_end])]
    if key == "outcomes_intro":
        old, new = _blocks_span(lay, my_intro), _blocks_span(now, their_intro)
        new_lines = now.lines[new[0]:new[1]] if new else []
        if old:
            return [Edit(old[0], old[1], new_lines)]
        if new_lines:  # the heading itself may carry the introduction ("### Am Ende des Workshops")
            at = lay.heading_line(mine) + 1
            return [Edit(at, at, new_lines)]
        return []
    old, new = _blocks_span(lay, mine.blocks), _blocks_span(now, theirs.blocks)
    return [Edit(old[0], old[1], now.lines[new[0]:new[1]])] if old and new else []


def _insertion(lay: Layout, key: str, lines: list) -> Edit:
    """``lines`` (a whole section) before the first section of the post that comes later in the order, else
    before the registration widget's section or at the end."""
    later = SECTION_ORDER[SECTION_ORDER.index(key) + 1:] if key in SECTION_ORDER else ()
    for section in lay.sections:
        if section.key in later and section.start is not None:
            at = lay.heading_line(section)
            return Edit(at, at, lines + [""])
    end = len(lay.lines)
    while end > lay.body_start and not lay.lines[end - 1].strip():
        end -= 1
    return Edit(end, end, [""] + lines)


# --- the schedule: times, date and venue on their own lines ------------------------------------------------

def _schedule_lines(lay: Layout) -> list:
    """(line index, text) of the schedule section's lines."""
    section = lay.section("schedule")
    if section is None:
        return []
    span = _blocks_span(lay, section.blocks)
    return [(i, lay.lines[i]) for i in range(*span)] if span else []


def _time_text(old: str, new: str) -> str:
    """``new`` ("09:15") written as ``old`` was ("16.00", "16:00", "16", "9:30")."""
    hour, minute = new.split(":")
    separator = "." if "." in old else ":"
    short_hour = str(int(hour)) if len(re.split(r"[:.]", old)[0]) == 1 else hour
    if separator not in old and minute == "00":
        return short_hour
    return f"{short_hour}{separator}{minute}"


_TIME_IN_LINE = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\b")


def schedule_edits(lay: Layout, now: Layout) -> list:
    """Times, date and venue changed on the schedule's lines; a time the post does not name gets a line of
    its own after the schedule's last time line."""
    old, new = lay.post, now.post
    edits, lines = {}, _schedule_lines(lay)
    labels = {"start": ("beginn", "start"), "end": ("ende",), "admission": ("einlass",)}
    for attribute, names in labels.items():
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before == after:
            continue
        found = None
        for index, line in lines:
            plain = re.sub(r"[*_]|<br\s*/?>", "", line).strip()
            match = _TIME_LABEL_RE.match(plain)
            if match and match.group("label").lower().startswith(names):
                found = index
                break
        if found is None and attribute in ("start", "end"):
            for index, line in lines:  # "16:30 - 18:00 Uhr"
                if _TIME_RANGE_RE.search(re.sub(r"[*_]", "", line)):
                    found = index
                    break
        if found is not None and after:
            line = edits.get(found, lay.lines[found])
            times = list(_TIME_IN_LINE.finditer(line))
            position = 1 if attribute == "end" and _TIME_RANGE_RE.search(re.sub(r"[*_]", "", line)) else 0
            if len(times) > position:
                match = times[position]
                edits[found] = line[:match.start()] + _time_text(match.group(0), after) + line[match.end():]
                continue
        if found is not None and not after:
            edits[found] = None
            continue
        if after and lines:
            last = max((i for i, text in lines if _TIME_IN_LINE.search(text)), default=lines[-1][0])
            label = {"start": "Beginn", "end": "Ende", "admission": "Einlass"}[attribute]
            template = lay.lines[last]
            bold = template.lstrip().startswith("**")
            text = f"**{label}:** {after} Uhr" if bold else f"{label}: {after} Uhr"
            previous = edits.get(last, template)
            if "<br" in "".join(t for _, t in lines) and not re.search(r"<br\s*/?>\s*$", previous):
                previous = previous.rstrip() + "<br>"
            edits[last] = previous + "\n" + text
            continue
        raise WriteBackError(attribute)
    if old.event_date != new.event_date and new.event_date:
        for index, line in lines:
            line = edits.get(index, line) or line
            match = _DATE_RE.search(line)
            if match:
                edits[index] = line[:match.start()] + _date_text(match, new.event_date) + line[match.end():]
                break
        else:
            raise WriteBackError("date")
    if (old.venue or "") != (new.venue or ""):
        for index, line in lines:
            line = edits.get(index, line) or line
            if old.venue and old.venue in line:
                edits[index] = line.replace(old.venue, new.venue or "", 1)
                break
        else:
            raise WriteBackError("location")
    result = []
    for index, text in sorted(edits.items()):
        result.append(Edit(index, index + 1, [] if text is None else text.split("\n")))
    return result


def _date_text(match, day) -> str:
    """``day`` in the format of the matched date ("Dienstag, 11. November 2025", "11.11.2025")."""
    text = ""
    if match.group("weekday"):
        weekday = WEEKDAYS[day.weekday()].capitalize()
        separator = match.group(0)[len(match.group("weekday")):match.group(0).index(match.group("day"))]
        text = weekday + separator
    if match.group("month_name"):
        text += f"{day.day}. {MONTHS[day.month - 1].capitalize()} {day.year}"
    else:
        text += f"{day.day:02d}.{day.month:02d}.{day.year}" if len(match.group("day")) == 2 else \
            f"{day.day}.{day.month}.{day.year}"
    return text


# --- speakers ---------------------------------------------------------------------------------------------

def _speaker_groups(lay: Layout) -> dict:
    """Each speaker's blocks in the speaker section, by name, in order."""
    section = lay.section("speakers")
    if section is None:
        return {}
    names = [s.name for s in lay.post.speakers]
    groups, current = {}, None
    for block in section.blocks:
        head = ""
        if block.kind == "heading" and block.lines:
            head = " ".join(line.text for line in block.lines)
        elif block.lines:
            head = block.lines[0].leading_bold or block.lines[0].text
        named = next((n for n in names if head.startswith(n) and n not in groups), None)
        if named:
            current = named
            groups[current] = []
        if current is not None:
            groups[current].append(block)
    return groups


def speaker_edits(lay: Layout, now: Layout) -> list:
    mine, theirs = _speaker_groups(lay), _speaker_groups(now)
    old = {s.name: s for s in lay.post.speakers}
    new = {s.name: s for s in now.post.speakers}
    if lay.section("speakers") is None or set(mine) != set(old):
        # the post names its speakers in running text: the current post's speaker section takes over
        section = now.section("speakers")
        if section is None:
            raise WriteBackError("speakers")
        return [_insertion(lay, "speakers", _section_lines(now, section))]
    order_before = [n for n in old if n in new]
    order_after = [n for n in new if n in old]
    edits = []
    if order_before != order_after:
        span = _blocks_span(lay, lay.section("speakers").blocks)
        parts = []
        for name in new:
            source = (lay, mine[name]) if name in mine and _same_speaker(old[name], new[name]) else \
                (now, theirs.get(name, []))
            block_span = _blocks_span(*source)
            parts.append(source[0].lines[block_span[0]:block_span[1]] if block_span else [])
        lines = []
        for part in parts:
            lines += ([""] if lines else []) + part
        return [Edit(span[0], span[1], lines)]
    for name, speaker in old.items():
        span = _blocks_span(lay, mine[name])
        if name not in new:
            start, end = span
            if end < len(lay.lines) and not lay.lines[end].strip():
                end += 1
            edits.append(Edit(start, end, []))
        elif not _same_speaker(speaker, new[name]):
            edits.append(Edit(span[0], span[1], _changed_speaker(lay, span, speaker, new[name], now, theirs)))
    added = [name for name in new if name not in old]
    if added:
        last = _blocks_span(lay, [b for group in mine.values() for b in group])
        at = last[1] if last else lay.heading_line(lay.section("speakers")) + 1
        lines = []
        for name in added:
            block_span = _blocks_span(now, theirs.get(name, []))
            if block_span:
                lines += [""] + now.lines[block_span[0]:block_span[1]]
        edits.append(Edit(at, at, lines))
    return edits


def _speaker_facts(speaker) -> tuple:
    return (speaker.name, speaker.profile_url or "", comparable_value("role", speaker.role, ["de"]),
            comparable_value("bio", speaker.bio, ["de"]))


def _same_speaker(a, b) -> bool:
    return _speaker_facts(a) == _speaker_facts(b)


def _changed_speaker(lay, span, old, new, now, theirs) -> list:
    """The speaker's lines with the changed part replaced in the speaker's own words where it stands there,
    else the speaker's paragraph as the current post has it."""
    text = "\n".join(lay.lines[span[0]:span[1]])
    written = text
    for before, after in ((old.role, new.role), (old.bio, new.bio), (old.profile_url, new.profile_url)):
        if (before or "") != (after or ""):
            if before and before in written:
                written = written.replace(before, after or "", 1)
            else:
                written = None
                break
    if written is not None:
        return written.split("\n")
    block_span = _blocks_span(now, theirs.get(new.name, []))
    return now.lines[block_span[0]:block_span[1]] if block_span else []


# --- the whole post ---------------------------------------------------------------------------------------

ANNOUNCEMENT_TEXTS = ("description", "hint", "outcomes_intro", "outcomes", "materials", "series_info", "contact")


def written_back(original: str, current: str, changed: set) -> tuple[str, list]:
    """``original`` with the facts in ``changed`` (registry keys, "speakers") as ``current`` says them.
    Returns the text and the facts that could not be written back (the text then says them as before)."""
    if not changed:
        return original, []
    lay, now = layout(original), layout(current)
    if type(lay.post) is not type(now.post):
        raise WriteBackError("kind")
    edits, meta, unplaced = [], {}, []
    # the times, the date and the venue share the schedule's lines: written back together
    groups = {("schedule" if key in SCHEDULE_FIELDS and key != "is_remote" else key) for key in changed}
    for key in sorted(groups):
        try:
            edits += _edits_for(lay, now, key, meta)
        except WriteBackError:
            unplaced += [k for k in changed if k == key or (key == "schedule" and k in SCHEDULE_FIELDS)]
    text, wrong = _written(lay, now, edits, meta, changed)
    # A fact the post says in prose may read otherwise once other lines changed (the series' name in a new
    # title): it goes under meetup:, with what pretix says, as a fact of its own would.
    drifted = {key: now.post.values.get(key) for key in wrong if key in PROSE_FACTS}
    if drifted:
        text, wrong = _written(lay, now, edits, {**meta, **drifted}, changed | set(drifted))
    return text, sorted(set(unplaced) | set(wrong))


def _written(lay, now, edits, meta, changed) -> tuple[str, list]:
    edits = edits + ([meta_edit(lay, meta)] if meta else [])
    if _overlapping(edits):
        raise WriteBackError("overlapping changes")
    text = apply(lay, edits)
    if not lay.text.endswith(("\n", "\r")) and text.endswith(lay.newline):
        text = text[:-len(lay.newline)]
    return text, check(text, lay.post, now.post, changed)


def _edits_for(lay, now, key, meta) -> list:
    retrospective = isinstance(lay.post, ParsedRetrospective)
    if key in FRONT_FIELDS:
        front = FRONT_FIELDS[key]
        if front == "authors":
            key_present = "authors" if _front_key_span(lay, "authors") or not _front_key_span(lay, "author") \
                else "author"
            authors = now.post.authors
            return [front_edit(lay, key_present, authors if key_present == "authors" else ", ".join(authors))]
        value = getattr(now.post, front)
        return [front_edit(lay, front, value or "")]
    if retrospective:
        if key == "retrospective_recap":
            return [recap_edit(lay, now)]
        if key == "series_info":
            return text_edits(lay, now, key)
        raise WriteBackError(key)
    if key in ANNOUNCEMENT_TEXTS:
        return text_edits(lay, now, key)
    if key == "schedule":
        return schedule_edits(lay, now)
    if key == "is_remote":
        return _schedule_section(lay, now)
    if key == "speakers":
        return speaker_edits(lay, now)
    if key in now.post.values or key in lay.post.values:  # a fact the post says in prose: under meetup:
        meta[key] = now.post.values.get(key)
        return []
    raise WriteBackError(key)


def _schedule_section(lay, now) -> list:
    mine, theirs = lay.section("schedule"), now.section("schedule")
    if theirs is None:
        raise WriteBackError("schedule")
    if mine is None:
        return [_insertion(lay, "schedule", _section_lines(now, theirs))]
    old = _blocks_span(lay, mine.blocks)
    return [Edit(old[0], old[1], _section_lines(now, theirs, with_heading=False))]


def recap_edit(lay: Layout, now: Layout) -> Edit:
    """A Rückblick's recap: the body up to its first gallery include or series section."""
    def recap_span(lay_):
        end = len(lay_.lines)
        series = lay_.section("series")
        if series is not None and series.start is not None:
            end = lay_.heading_line(series)
        for tag in lay_.tags:
            if tag.name.startswith("gallery"):
                end = min(end, lay_.body_start + original_line(lay_.tags, tag.line))
                break
        start = lay_.body_start
        while start < end and not lay_.lines[start].strip():
            start += 1
        while end > start and not lay_.lines[end - 1].strip():
            end -= 1
        return start, end
    start, end = recap_span(lay)
    new_start, new_end = recap_span(now)
    return Edit(start, end, now.lines[new_start:new_end])
