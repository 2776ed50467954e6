"""A Rückblick post: whether its title or categories say it is one, its gallery and its recap.

The recap is the body's markdown as written, without the series info section ("Info zur MeetUp-Reihe",
which the announcement carries too) and without the liquid includes (gallery, widget). Everything here is
linear in the post: the body is walked line by line once, and regular expressions only look at a title or
a category, cut to a bounded length.
"""
import re

from django.utils.translation import gettext as _

from ..structure import (
    _LIQUID_MARK_RE as LIQUID_MARK_RE,
    MAX_LIQUID_TAGS,
    line_text,
    parse_blocks,
    restore_liquid,
    section_of,
)

MAX_GALLERY_IMAGES = 1000
_MAX_TITLE_SCAN = 200
_WORD = r"(?:rückblick|rückschau)"
_ARTICLE = r"(?:ein|eine|unser|unsere|mein|meine|der|die|kurzer|kurze|kleiner|kleine)"
_NOT_OUTLOOK = r"(?!\s{0,3}(?:und|&|\+|/|,)\s{0,3}ausblick)"  # "Rückblick und Ausblick 2026" is an event
# "Rückblick: …", "Ein Rückblick auf …", "Rückschau …"
_TITLE_START_RE = re.compile(rf"^(?:{_ARTICLE}\s{{1,3}}){{0,2}}{_WORD}\b{_NOT_OUTLOOK}")
# "… - Rückschau", "… – Rückblick", "…: Ein Rückblick", "… (Rückblick)", "… | Rückblick"
_TITLE_END_RE = re.compile(rf"[-–—:|(\[/]\s{{0,3}}(?:{_ARTICLE}\s{{1,3}})?{_WORD}[)\]]?\s{{0,3}}[.!]?$")
# The word anywhere, alone or at the end of a compound: "… – Meetup-Rückblick –", "Jahresrückblick"
_TITLE_ANYWHERE_RE = re.compile(rf"{_WORD}(?:e|en)?(?!\w){_NOT_OUTLOOK}")
# a category that names the kind of post: "Rückblick", "Rückschau", "Event-Rückblick", "Rückblicke"
_CATEGORY_RE = re.compile(rf"(?<!\w){_WORD}(?:e|en)?(?!\w)")


def _normalised(text: str) -> str:
    return text.casefold().replace("rueck", "rück")


def title_names_retrospective(title: str | None, anywhere: bool = True) -> bool:
    """The title says the post looks back on an event: it begins or ends with the word Rückblick or Rückschau
    ("Ein Rückblick auf …", "… - Rückschau"), or, with ``anywhere``, has it anywhere ("… – Meetup-Rückblick
    –")."""
    if not title:
        return False
    text = _normalised(title).strip()
    if _TITLE_START_RE.search(text[:_MAX_TITLE_SCAN]) or _TITLE_END_RE.search(text[-_MAX_TITLE_SCAN:]):
        return True
    return anywhere and bool(_TITLE_ANYWHERE_RE.search(text[:_MAX_TITLE_SCAN * 2]))


def category_names_retrospective(category: str) -> bool:
    """The category is the website's kind of post for a look back ("Rückblick", "Rückschau")."""
    return bool(_CATEGORY_RE.search(_normalised(category)[:_MAX_TITLE_SCAN]))


# --- gallery -------------------------------------------------------------------------------------

def gallery_images(value: str) -> list[tuple[str, str]]:
    """``images="a.jpg|Caption,b.jpg"`` as the website's gallery include reads it: items split at commas,
    file name and caption at ``|``, both stripped; items without a file name are left out."""
    images = []
    for item in value.split(",", MAX_GALLERY_IMAGES * 2)[:MAX_GALLERY_IMAGES * 2]:
        parts = item.split("|", 2)
        name = parts[0].strip()
        if name:
            images.append((name, parts[1].strip() if len(parts) > 1 else ""))
    return images


def extract_gallery(post, tags):
    """The folder of the post's first gallery include that names one, and the images it lists."""
    for tag in tags:
        if not tag.name.startswith("gallery"):
            continue
        folder = tag.attrs.get("folder", "").strip()
        if not folder:
            continue
        post.gallery = folder
        images = gallery_images(tag.attrs.get("images", ""))
        if len(images) > MAX_GALLERY_IMAGES:
            post.warnings.append(_("The gallery lists more than {count} images; only the first {count} are read.")
                                 .format(count=MAX_GALLERY_IMAGES))
            images = images[:MAX_GALLERY_IMAGES]
        post.gallery_images = images
        return


# --- recap ---------------------------------------------------------------------------------------

_SEAM = object()  # where a removed part was: the blank lines around it become one


def _block_starts(lines: list[str], blocks) -> list[int | None]:
    """The line each block starts on. Blocks come in order and each block's source is a run of whole
    lines, so one forward walk finds them; between blocks there are only lines markdown-it gives no
    block (blank lines, rules, link definitions)."""
    starts, cursor = [], 0
    for block in blocks:
        first = block.source.partition("\n")[0]
        index = cursor
        while index < len(lines) and lines[index] != first:
            index += 1
        if index == len(lines):  # not found (cannot happen for parse_blocks' blocks): stop looking
            return starts + [None] * (len(blocks) - len(starts))
        starts.append(index)
        cursor = index + 1 + block.source.count("\n")
    return starts


def _section_heading(block) -> str | None:
    """The section that starts at ``block``, as ``group_sections`` sees sections: its key ("series", ...)
    at a heading, or a paragraph's bold first line, that names one; "" at any other heading; None where no
    section starts."""
    if block.kind == "heading":
        return section_of(line_text(block.lines)) or ""
    if block.kind == "paragraph" and block.lines and block.lines[0].bold_only:
        return section_of(block.lines[0].text)
    return None


def _series_ranges(lines: list[str], blocks) -> list[tuple[int, int, int]]:
    """Each series section as (its first line, the first line after its heading, the line after its
    end): from its heading, or its paragraph's bold first line, to the next section."""
    ranges = []
    for block, line in zip(blocks, _block_starts(lines, blocks), strict=True):
        key = _section_heading(block) if line is not None else None
        if key is None:
            continue
        if ranges and ranges[-1][2] is None:
            ranges[-1][2] = line
        if key == "series":
            heading = block.source.count("\n") + 1 if block.kind == "heading" else 1
            ranges.append([line, line + heading, None])
    if ranges and ranges[-1][2] is None:
        ranges[-1][2] = len(lines)
    return [tuple(r) for r in ranges]


def _reading(items: list) -> tuple[list[str], list[int]]:
    """The recap's items as lines that markdown reads as it reads the recap, and for each line the index
    of its item: a seam is a blank line (a run of them one), a quote (an item of several lines, set apart
    by seams) its first line, so there are at most a few more lines than the body has."""
    lines, owners = [], []
    for index, item in enumerate(items):
        if item is _SEAM:
            if lines and lines[-1] == "" and items[owners[-1]] is _SEAM:
                continue
            line = ""
        else:
            line = item.partition("\n")[0]
        lines.append(line)
        owners.append(index)
    return lines, owners


def _without_series(items: list, owners: list[int], ranges) -> tuple[list, list[list]]:
    """The items with each series section (``_series_ranges`` of their lines, ``owners`` from
    ``_reading``) replaced by a seam, and the items of each section after its heading."""
    removed, info = [False] * len(items), []
    for first, after_heading, end in ranges:
        for line in range(first, end):
            removed[owners[line]] = True
        info.append(sorted({owners[line] for line in range(after_heading, end)}))
    result = []
    for index, item in enumerate(items):
        if not removed[index]:
            result.append(item)
        elif not result or result[-1] is not _SEAM:
            result.append(_SEAM)
    return result, [[items[index] for index in section] for section in info]


def _without_liquid(items: list, tags) -> list:
    """Liquid markers out of the lines: a line of only includes becomes a seam, an include within text
    disappears from it; a quote include becomes a block quote of its own, between seams, so text before
    it on its line stays above the quote and text after it goes below (not into the quote)."""
    result = []
    for line in items:
        if line is _SEAM or "OICLIQUID" not in line or not LIQUID_MARK_RE.search(line):
            result.append(line)
            continue
        parts, text, position = [], "", 0
        for match in LIQUID_MARK_RE.finditer(line):
            text += line[position:match.start()]
            position = match.end()
            quote = restore_liquid(match.group(0), tags)
            if quote:
                if text.strip():
                    parts.append(text.rstrip())
                parts += [_SEAM, quote, _SEAM]
                text = ""
        text += line[position:]
        if text.strip():
            parts.append(text.lstrip() if parts else text)
        result += parts or [_SEAM]
    return result


def _joined(items: list) -> str:
    """The lines as text: a run of blank lines that touches a removed part becomes one blank line, other
    runs stay as written; blank lines at the start and the end go."""
    lines, run, seam = [], [], False
    for item in items:
        if item is _SEAM:
            seam = True
        elif not item.strip():
            run.append(item)
        else:
            if lines:
                lines += [""] if seam else run
            lines.append(item)
            run, seam = [], False
    return "\n".join(lines).rstrip()


def _without_unclosed_tags(body: str) -> str:
    """The body (with liquid markers) without the ``{%`` that no ``%}`` follows, each with the rest of its
    line: ``extract_liquid`` leaves them as text (Jekyll refuses such a post). Below ``MAX_LIQUID_TAGS``
    every ``{%`` left in the marked body is one of them."""
    parts, position = [], 0
    while (start := body.find("{%", position)) >= 0:
        parts.append(body[position:start])
        line_end = body.find("\n", start)
        position = len(body) if line_end < 0 else line_end
    parts.append(body[position:])
    return "".join(parts)


def _strip_remaining_liquid(text: str) -> str:
    """Tags after the ``MAX_LIQUID_TAGS`` that ``extract_liquid`` marks, cut out in one scan (one that no
    ``%}`` closes with the rest of its line)."""
    parts, position, closed = [], 0, True
    while (start := text.find("{%", position)) >= 0:
        parts.append(text[position:start])
        end = text.find("%}", start + 2) if closed else -1
        if end >= 0:
            position = end + 2
        else:  # no "%}" follows: no later "{%" is closed either
            closed = False
            line_end = text.find("\n", start)
            position = len(text) if line_end < 0 else line_end
    parts.append(text[position:])
    return "".join(parts)


def _no_tag_opening(text: str) -> str:
    """A ``{%`` that is left only where a tag was cut out between its characters ("{{% a %}%") or in a
    quote's text: its braces go, so the text opens no tag."""
    pieces = text.split("%")
    return "%".join([piece.rstrip("{") for piece in pieces[:-1]] + pieces[-1:])


def extract_recap(post, body: str, tags, read_blocks=parse_blocks):
    """``post.recap`` and ``post.values["series_info"]`` from the body (with liquid markers, as
    ``extract_liquid`` returns it; ``read_blocks`` is ``parse_blocks`` or a wrapper of it): the body's
    lines without their includes (a quote include becomes a block quote), and then without the series
    sections, found in those lines as the recap reads them, so that the recap shows none; the series info
    is the text of those sections after their headings."""
    all_marked = len(tags) < MAX_LIQUID_TAGS
    if all_marked and "{%" in body:
        body = _without_unclosed_tags(body)
    items = _without_liquid(body.split("\n"), tags)
    if all_marked:  # a "{%" left where a tag was cut out between its characters, or in a quote's text
        items = [_no_tag_opening(item) if item is not _SEAM and "{%" in item else item for item in items]
    lines, owners = _reading(items)
    ranges = _series_ranges(lines, read_blocks("\n".join(lines)))
    items, info = _without_series(items, owners, ranges)
    post.recap = _recap_text(items, all_marked)
    info = [_recap_text(section, all_marked) for section in info]
    if any(info):
        post.values["series_info"] = "\n\n".join(text for text in info if text)
    if not post.recap:
        post.warnings.append(_("The post has no text besides its series info and its includes."))


def _recap_text(items: list, all_marked: bool) -> str:
    text = _joined(items)
    if not all_marked and "{%" in text:  # tags after the MAX_LIQUID_TAGS that extract_liquid marks
        lines = _strip_remaining_liquid(text).rstrip().split("\n")
        while lines and not lines[0].strip():  # a first line that was only a tag
            lines.pop(0)
        text = _no_tag_opening("\n".join(lines))
    return text
