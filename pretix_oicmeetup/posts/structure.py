"""The structure of a website post: YAML front matter, Jekyll includes and markdown blocks by section.

The front matter goes through a YAML parser and the body through a markdown parser (markdown-it, the
CommonMark reference implementation in Python); sections are found by their headings. ``posts.extract``
reads the meetup's fields from this structure.
"""
import html
import re
from dataclasses import dataclass, field
from datetime import date

import yaml
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from .yaml_text import YamlAliasError, YamlDateError, load_yaml

MAX_FRONT_MATTER_SIZE = 64 * 1024

# Section headings of the website, by meaning. A heading matches when its normalised text starts with
# one of these (so "Hinweis:" and "Info zur MeetUp-Reihe" work, "Ort & Zeit" too).
SECTION_ALIASES = {
    "hint": ("hinweis", "wichtiger hinweis", "bitte beachten"),
    "speakers": ("fachexpertise", "expertise", "referent", "referentin", "referierende", "speaker", "mit dabei",
                 "vortragende", "impulsgeber"),
    "outcomes": ("am ende", "inhalt", "lernziele", "was du lernst", "was du mitnimmst", "das nimmst du mit"),
    "materials": ("materialien", "material", "mitbringen", "was du mitbringen", "bitte mitbringen"),
    "series": ("info zur meetup reihe", "info zur reihe", "über die reihe", "zur meetup reihe", "die meetup reihe",
               "meetup reihe"),
    "schedule": ("ort und zeit", "zeit und ort", "wann und wo", "wo und wann", "termin", "datum und ort"),
    "contact": ("kontakt", "fragen", "ansprechpartner", "ansprechpartnerin", "ansprechperson"),
    "registration": ("kostenlose anmeldung", "anmeldung", "jetzt anmelden", "tickets"),
}
_md = MarkdownIt("commonmark")
_LIQUID_MARK = "OICLIQUID{}X"
_LIQUID_MARK_RE = re.compile(r"OICLIQUID(\d+)X")
_ATTR_START_RE = re.compile(r'\b(\w{1,64})[ \t\n]{0,64}=[ \t\n]{0,64}"')
MAX_LIQUID_TAGS = 1000
MAX_LINES = 20000
MAX_MARKUP_CHARACTERS = 20000
_MARKUP_CHARACTERS = "\\`*_[]!<&{}%#$+-:=>@^~"  # markdown-it's text rule stops at each of them
# Over the budget, markup characters become private-use characters (markdown-it reads them as text) and
# are turned back into themselves in the lines' text.
_TO_PLAIN = {ord(char): 0xE000 + index for index, char in enumerate(_MARKUP_CHARACTERS)}
_FROM_PLAIN = {value: key for key, value in _TO_PLAIN.items()}

class PostParseError(Exception):
    """The text is not an announcement post; the message is one line, fit for a person."""


# --- front matter ------------------------------------------------------------------------------

def split_front_matter(text: str) -> tuple[dict, str]:
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise PostParseError(_("This is not a website post: it does not begin with front matter (---)."))
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            raw, body = "\n".join(lines[1:index]), "\n".join(lines[index + 1:])
            break
    else:
        raise PostParseError(_("This is not a website post: its front matter is not closed with ---."))
    if len(raw) > MAX_FRONT_MATTER_SIZE:
        raise PostParseError(_("The front matter of this post is too long."))
    try:
        data = load_yaml(raw) if raw.strip() else {}
    except YamlAliasError as e:
        raise PostParseError(_("The front matter uses a YAML alias (*{name}). Please write the value out.").format(
            name=e.anchor)) from None
    except YamlDateError as e:
        raise PostParseError(_("The front matter names a date that does not exist: {value}.").format(
            value=e.value)) from None
    except yaml.YAMLError as e:
        problem = getattr(e, "problem", None) or _("invalid syntax")
        raise PostParseError(_("The front matter is not valid YAML: {problem}.").format(problem=problem)) from None
    except RecursionError:
        raise PostParseError(_("The front matter is nested too deeply.")) from None
    if not isinstance(data, dict):
        raise PostParseError(_("This is not a website post: its front matter is not a list of fields."))
    return data, body


def clean_inline(value: str) -> str:
    """Front matter text as people read it: entities decoded, soft hyphens gone, spaces collapsed."""
    value = html.unescape(value).replace("\u00ad", "")
    return re.sub(r"\s+", " ", value).strip()


def text_value(value) -> str | None:
    """A front matter value as text people read, or None."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | date):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = clean_inline(value)
    return value or None


def list_value(data: dict, single: str, plural: str) -> list[str]:
    value = data.get(plural, data.get(single))
    if isinstance(value, str | int | float):
        value = [value]
    if not isinstance(value, list):
        return []
    return [t for t in (text_value(v) for v in value[:50] if not isinstance(v, list | dict)) if t]


# --- markdown structure ------------------------------------------------------------------------

@dataclass
class Line:
    """One visual line of a paragraph or list item: plain text, markdown source, bold/link details."""
    text: str
    source: str
    leading_bold: str | None = None  # text of a strong run that opens the line
    bold_only: bool = False
    links: list = field(default_factory=list)  # (text, href, right after the leading bold?)
    link_in_bold: str | None = None


@dataclass
class Block:
    kind: str  # heading, paragraph, list, quote, other
    source: str
    lines: list = field(default_factory=list)
    level: int = 0
    items: list = field(default_factory=list)  # list items: each a list of Line
    ordered: bool = False
    start: int = 0  # its lines in the body as parsed: [start, end)
    end: int = 0


def _inline_lines(token, source_lines) -> list[Line]:
    """Splits an inline token at its line breaks and collects plain text and markup details."""
    lines, current = [], []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and re.match(r"<br\s*/?>", child.content, re.I)
        ):
            lines.append(current)
            current = []
        else:
            current.append(child)
    lines.append(current)
    start = token.map[0] if token.map else 0
    result = []
    for index, children in enumerate(lines):
        src_index = start + index
        source = source_lines[src_index] if 0 <= src_index < len(source_lines) else ""
        line = _describe_line(children, source)
        if line.text or line.links:
            result.append(line)
    return result


_BOUNDARY = "\x01"  # where emphasis started or ended; becomes a space only between two letters


def _describe_line(children, source) -> Line:
    parts, links = [], []
    strong = 0
    leading = None  # None: nothing seen yet; list: collecting the opening bold run; str: done; False: none
    leading_parts = []
    bold_only = True
    open_link = None  # (href, index in parts, directly after the leading bold)
    link_in_bold = None
    right_after_leading = False
    for child in children:
        kind = child.type
        if kind in ("strong_open", "em_open", "strong_close", "em_close"):
            parts.append(_BOUNDARY)
            if kind == "strong_open":
                strong += 1
                if leading is None and strong == 1:
                    leading = []
            elif kind == "strong_close":
                strong = max(0, strong - 1)
                if strong == 0 and isinstance(leading, list):
                    leading = clean_inline("".join(leading_parts).replace(_BOUNDARY, ""))
                    right_after_leading = True
        elif kind == "link_open":
            open_link = (child.attrGet("href") or "", len(parts), right_after_leading)
            if isinstance(leading, list):
                link_in_bold = child.attrGet("href")
        elif kind == "link_close" and open_link:
            href, start, follows = open_link
            links.append((clean_inline("".join(parts[start:]).replace(_BOUNDARY, "")), href, follows))
            open_link = None
        elif kind in ("text", "code_inline", "image"):
            content = (child.content or "").translate(_FROM_PLAIN)
            if content.strip():
                if not strong:
                    bold_only = False
                    if leading is None:
                        leading = False
                    if open_link is None:
                        right_after_leading = False
            if isinstance(leading, list):
                leading_parts.append(content)
            parts.append(content)
    joined = "".join(parts)
    joined = re.sub(r"(?<=\w)\x01+(?=\w)", " ", joined).replace(_BOUNDARY, "")
    text = clean_inline(joined)
    return Line(text=text, source=source.strip(), leading_bold=leading if isinstance(leading, str) else None,
                bold_only=bold_only and bool(text), links=links, link_in_bold=link_in_bold)


def parse_blocks(body: str) -> list[Block]:
    source_lines = body.split("\n")
    if len(source_lines) > MAX_LINES:
        raise PostParseError(_("The post has more than {count} lines.").format(count=f"{MAX_LINES:,}"))
    tokens = _md.parse(_within_markup_budget(source_lines))
    blocks, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        src = "\n".join(source_lines[token.map[0]:token.map[1]]) if token.map else ""
        where = {"start": token.map[0], "end": token.map[1]} if token.map else {}
        if token.type == "heading_open":
            inline = tokens[index + 1]
            blocks.append(Block("heading", src, lines=_inline_lines(inline, source_lines),
                                level=int(token.tag[1]), **where))
            index += 3
        elif token.type == "paragraph_open":
            blocks.append(Block("paragraph", src, lines=_inline_lines(tokens[index + 1], source_lines), **where))
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            depth, items, end = 0, [], index
            for end in range(index, len(tokens)):
                t = tokens[end]
                if t.type == token.type:
                    depth += 1
                elif t.type == token.type.replace("_open", "_close"):
                    depth -= 1
                    if depth == 0:
                        break
                elif t.type == "inline" and t.level == token.level + 3:
                    # first paragraph of each top-level item; continuation lines stay with it
                    items.append(_inline_lines(t, source_lines))
            blocks.append(Block("list", src, items=items, ordered=token.type.startswith("ordered"), **where))
            index = end + 1
        elif token.type == "blockquote_open":
            depth, end = 0, index
            for end in range(index, len(tokens)):
                if tokens[end].type == "blockquote_open":
                    depth += 1
                elif tokens[end].type == "blockquote_close":
                    depth -= 1
                    if depth == 0:
                        break
            blocks.append(Block("quote", src, **where))
            index = end + 1
        else:
            if token.map and token.level == 0 and token.type not in ("hr",):
                blocks.append(Block("other", src, **where))
            index += 1
    return blocks


def _within_markup_budget(source_lines: list[str]) -> str:
    """The body as markdown-it gets it: in paragraphs (runs of lines between blank lines) after the first
    ``MAX_MARKUP_CHARACTERS`` inline markup characters, markup characters are replaced, so they read as text.

    markdown-it-py needs 10 to 30 µs for every bracket, asterisk or angle bracket (more for runs of
    ``![`` or ``[[``); real posts have a few hundred of them, a pathological megabyte a million. Line
    numbers stay the same, so every block's source is still the original text."""
    budget, result, chunk = MAX_MARKUP_CHARACTERS, [], []

    def flush():
        nonlocal budget
        count = sum(line.count(char) for line in chunk for char in _MARKUP_CHARACTERS)
        if count > budget:
            budget = 0
            result.extend(line.translate(_TO_PLAIN) for line in chunk)
        else:
            budget -= count
            result.extend(chunk)
        chunk.clear()

    for line in source_lines:
        if line.strip():
            chunk.append(line)
        else:
            flush()
            result.append(line)
    flush()
    return "\n".join(result)


def normalise_heading(text: str) -> str:
    text = text.lower().replace("&", " und ").replace("-", " ")
    text = re.sub(r"[^\wäöüß ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def section_of(text: str) -> str | None:
    normalised = normalise_heading(text)
    for key, aliases in SECTION_ALIASES.items():
        for alias in aliases:
            if normalised == alias or normalised.startswith(alias + " "):
                return key
    return None


@dataclass
class Section:
    """A part of the announcement under its heading, keyed by what it says (``SECTION_ALIASES``,
    ``render.sections.SECTION_ORDER``): read from a website post here, made by the renderer there (with
    its blocks of ``render.blocks``). Defined here, where nothing of pretix is imported: the parser runs
    without it."""
    key: str | None  # None: part of a post's description
    heading: str | None = ""
    blocks: list = field(default_factory=list)
    level: int = 7  # read: of its heading; a bold line as heading is below every real heading
    start: int | None = None  # read: the line of its heading (None: the description, which has none)
    anchor: str = ""  # rendered: the id a link on the page leads to


def group_sections(blocks: list[Block]) -> list[Section]:
    """Sections by heading; a bold-only first line that names a known section counts as a heading."""
    sections = [Section(None)]
    for block in blocks:
        if block.kind == "heading":
            heading = " ".join(line.text for line in block.lines)
            key = section_of(heading)
            if key:
                sections.append(Section(key, heading, level=block.level, start=block.start))
            elif sections[-1].key == "speakers" and block.level > sections[-1].level:
                sections[-1].blocks.append(block)  # "### Fachexpertise" then "#### Ada Lovelace"
            else:
                if sections[-1].key is not None:
                    sections.append(Section(None))
                sections[-1].blocks.append(block)
            continue
        if block.kind == "paragraph" and block.lines and block.lines[0].bold_only:
            key = section_of(block.lines[0].text)
            if key:
                sections.append(Section(key, block.lines[0].text, start=block.start))
                rest = block.lines[1:]
                if rest:
                    sections[-1].blocks.append(Block("paragraph", "\n".join(line.source for line in rest),
                                                     lines=rest, start=block.start + 1, end=block.end))
                continue
        sections[-1].blocks.append(block)
    return sections


# --- liquid tags (Jekyll includes) ---------------------------------------------------------------

@dataclass
class LiquidTag:
    raw: str
    name: str
    attrs: dict
    line: int = 0  # the line of its marker in the body as parsed


def original_line(tags, line: int) -> int:
    """The line of the body as written for ``line`` of the body as parsed (a tag over several lines is one
    marker there)."""
    return line + sum(tag.raw.count("\n") for tag in tags if tag.line < line)


def extract_liquid(body: str) -> tuple[str, list[LiquidTag]]:
    """Replaces every {% ... %} by a one-word marker, so includes cannot confuse the markdown parser.

    A scan with ``str.find``, linear in the body: a tag ends at the first ``%}`` after its ``{%``, and
    once no ``%}`` follows, no later ``{%`` can open a tag either."""
    tags, parts, position, line = [], [], 0, 0
    while len(tags) < MAX_LIQUID_TAGS:
        start = body.find("{%", position)
        if start < 0:
            break
        end = body.find("%}", start + 2)
        if end < 0:
            break
        content = body[start + 2:end]
        content = content[1:] if content.startswith("-") else content
        content = content[:-1] if content.endswith("-") else content
        content = content.strip()
        words = content.split(None, 2)
        name = words[1] if len(words) > 1 and words[0] == "include" else (words[0] if words else "")
        parts.append(body[position:start])
        line += parts[-1].count("\n")
        tags.append(LiquidTag(body[start:end + 2], name, liquid_attributes(content), line))
        parts.append(_LIQUID_MARK.format(len(tags) - 1))
        position = end + 2
    parts.append(body[position:])
    return "".join(parts), tags


def liquid_attributes(content: str) -> dict:
    """``name="value"`` pairs of a tag; linear: every quote is looked for once."""
    attrs, position = {}, 0
    while match := _ATTR_START_RE.search(content, position):
        end = content.find('"', match.end())
        if end < 0:
            break
        attrs[match.group(1)] = content[match.end():end]
        position = end + 1
    return attrs


def restore_liquid(source: str, tags: list[LiquidTag]) -> str:
    """Markdown for pretix: quotes become block quotes, other includes (the widget) disappear."""
    def replace(match):
        index = int(match.group(1))
        tag = tags[index] if index < len(tags) else None
        if tag is not None and tag.name.startswith("quote") and tag.attrs.get("text"):
            lines = [ln.strip() for ln in tag.attrs["text"].strip().split("\n")]
            quote = "\n".join("> " + ln if ln else ">" for ln in lines)
            author = tag.attrs.get("author", "").strip()
            return quote + (f"\n>\n> — {author}" if author else "")
        return ""

    return _LIQUID_MARK_RE.sub(replace, source).strip()


# --- small helpers -------------------------------------------------------------------------------

def strip_list_marker(source: str) -> str:
    return re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", source).strip()


def line_text(lines) -> str:
    return " ".join(line.text for line in lines).strip()
