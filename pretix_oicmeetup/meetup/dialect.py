"""A post's markdown rewritten into pretix's dialect, meaning what it means on the website.

Three readers see the same text. The website builds its posts with kramdown (Jekyll's GFM input); the
parser reads them with markdown-it (CommonMark), which on the organisers' posts reads lists, emphasis, links
and headings as kramdown does; pretix shows the imported texts, on the shop page and in every email, with its
own Python-Markdown (``pretix.base.templatetags.rich_text``). Python-Markdown disagrees with the other two
on real posts:

- a list right under a paragraph line ("… geraten:" then "- Kontext bereit stellen"): the website shows a
  list, pretix the paragraph's lines with their dashes; so with a list right after another list, or right
  before a block that is not a list ("---");
- a nested list indented by 2 or 3 spaces: a nested list on the website, more items of the same list in
  pretix (which wants 4 spaces per level);
- a ``*`` or ``_`` that CommonMark leaves as text ("Expert/*innen **Kerstin Schmidt**"): pretix pairs it
  with the next one and sets the words between in italics;
- a paragraph line that begins with ``#`` ("##Führung durch …", no space): text on the website, a heading
  in pretix;
- a fenced code block (```): code on the website; pretix knows no fences and reads the lines inside as
  markdown (a "### Info zur MeetUp-Reihe" in an example becomes a heading).

``pretix_markdown`` rewrites a text so that pretix reads it as the website does: a blank line between a list
and the block it touches, nested lists indented by 4 spaces a level, a backslash before
the characters CommonMark leaves as text, an indented code block for a fence. Every rewrite is one kramdown
and markdown-it read alike, and the result is checked: if markdown-it reads it otherwise than the text as
written, the text stays as written. The import stores texts so (``posts.parse``); the team's post itself is
kept and written back as it is (``posts.team_posts``), and a text changed in pretix goes back in this form,
which the website shows alike.

Left as they are, since pretix's dialect has its own answer: pretix makes links of bare addresses and domain
names ("duck.ai"), shows the address instead of a link text that looks like another address, turns single
line breaks into breaks on the web (not in emails), and shows no images (its sanitiser escapes them).
"""
import re
from bisect import bisect_right

from markdown_it import MarkdownIt
from markdown_it.rules_inline import autolink, emphasis, escape, image

MAX_MARKUP_CHARACTERS = 5000  # a real post's text has a few hundred; beyond, the text stays as written
_MARKUP_CHARACTERS = "\\`*_[]!<&{}%#$+-:=>@^~"
_LIST_OPEN = ("bullet_list_open", "ordered_list_open")
_LIST_CLOSE = ("bullet_list_close", "ordered_list_close")
_INDENT = 4  # Python-Markdown's tab length: a nested list is indented by 4 spaces a level
_CODE_LANGUAGE_RE = re.compile(r'<code class="language-[^"]*">')
# Backslash escapes that CommonMark knows and Python-Markdown shows with their backslash ("\"Community of
# Practice\""); the backslash goes where the character means nothing to any of the three readers.
_NEEDLESS_ESCAPES = set("\"',/;?%")


def _positioned_emphasis(state, silent):
    """markdown-it's emphasis rule, which also notes where in the inline text each ``*``/``_`` stands."""
    start = state.pos
    found = emphasis.tokenize(state, silent)
    if found:  # one token a character, the last ones pushed (pending text may have gone before them)
        run = state.pos - start
        for offset, token in enumerate(state.tokens[len(state.tokens) - run:]):
            token.meta = {"at": start + offset}
    return found


def _positioned_escape(state, silent):
    """markdown-it's escape rule, which also notes where a backslash escape stands."""
    start, count = state.pos, len(state.tokens)
    found = escape(state, silent)
    if found and len(state.tokens) > count and state.tokens[-1].type == "text_special":
        state.tokens[-1].meta = {"at": start}
    return found


def _positioned_autolink(state, silent):
    """markdown-it's autolink rule (``<https://…>``, ``<name@host>``), which also notes where the link stands."""
    start, count = state.pos, len(state.tokens)
    found = autolink(state, silent)
    opening = [token for token in state.tokens[count:] if token.type == "link_open"] if found else []
    if opening:  # pending text may have gone before it
        opening[0].meta = {"at": start, "end": state.pos}
    return found


def _positioned_image(state, silent):
    """markdown-it's image rule, which also notes where the image stands."""
    start, count = state.pos, len(state.tokens)
    found = image(state, silent)
    if found and not silent and len(state.tokens) > count and state.tokens[-1].type == "image":
        state.tokens[-1].meta = {"at": start, "end": state.pos}
    return found


def _reader() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    md.inline.ruler.at("emphasis", _positioned_emphasis)
    md.inline.ruler.at("escape", _positioned_escape)
    md.inline.ruler.at("autolink", _positioned_autolink)
    md.inline.ruler.at("image", _positioned_image)
    md.inline.ruler2.disable("fragments_join")  # a delimiter left as text stays a token of its own
    md.core.ruler.disable("text_join")
    return md


_md = _reader()
_plain = MarkdownIt("commonmark")


def website_html(text: str) -> str:
    """How the website reads ``text``, for the check (a fence's language only colours the code)."""
    return _CODE_LANGUAGE_RE.sub("<code>", _plain.render(text))


def pretix_markdown(text: str) -> str:
    """``text`` (markdown as the website reads it) rewritten so that pretix reads it alike."""
    if not text or not text.strip():
        return text
    if sum(text.count(char) for char in _MARKUP_CHARACTERS) > MAX_MARKUP_CHARACTERS:
        return text
    wanted = website_html(text)
    for rules in (_ALL_RULES, _SAFE_RULES):
        result = _rewrite(text, rules)
        if result == text or website_html(result) == wanted:
            return result
    return text


def without_images(text: str) -> str:
    """``text`` with each image (``![alt](src)``) replaced by its description, for pretix's pages and emails:
    pretix's sanitiser allows no image and would show its tag as text ("<img alt=…"), and the picture is the
    website's (a Rückblick's photos go to pretix as its gallery). The stored text keeps the image, so the
    website keeps it."""
    if "![" not in text or sum(text.count(char) for char in _MARKUP_CHARACTERS) > MAX_MARKUP_CHARACTERS:
        return text
    lines = _rewrite(text, ("images",)).split("\n")  # line for line: an image is on one line
    return "\n".join(new for old, new in zip(text.split("\n"), lines, strict=True) if new.strip() or not old.strip())


def pretix_items(text: str) -> str:
    """Items one a line (learning outcomes, materials), each a line of markdown, rewritten alike."""
    return "\n".join(pretix_markdown(line) for line in (text or "").split("\n"))


# --- the rewrites --------------------------------------------------------------------------------

_ALL_RULES = ("escapes", "indents", "blank lines", "fences")
_SAFE_RULES = ("escapes", "blank lines")


def _rewrite(text: str, rules) -> str:
    lines = text.split("\n")
    tokens = _md.parse(text)
    edits, indents, blank_before, fences = {}, {}, set(), []  # edits: line -> {column: (rule, edit)}
    containers = []  # the open containers: "list", "item", "quote"
    for index, token in enumerate(tokens):
        if token.nesting == 1 and token.type.endswith("_open"):
            kind = {"blockquote_open": "quote", "list_item_open": "item"}.get(token.type)
            if token.type in _LIST_OPEN:
                kind = "list"
                _list_rules(tokens, index, lines, containers, blank_before, indents)
            if kind:
                containers.append(kind)
        elif token.nesting == -1 and token.type in ("blockquote_close", "list_item_close") + _LIST_CLOSE:
            containers.pop()
            if token.type in _LIST_CLOSE:
                _after_list(tokens, index, lines, containers, blank_before)
        elif token.type == "inline" and token.map:
            _inline_edits(token, lines, edits)
        elif token.type == "fence" and token.map and not containers:
            fences.append(token)
    for number, at in edits.items():
        line = lines[number]
        for column in sorted(at, reverse=True):
            rule, edit = at[column]
            if rule not in rules:
                continue
            if edit == "escape":
                line = line[:column] + "\\" + line[column:]
            elif edit == "drop":
                line = line[:column] + line[column + 1:]
            else:  # (the span's end, its replacement)
                line = line[:column] + edit[1] + line[edit[0]:]
        lines[number] = line
    if "indents" in rules:
        for number, shift in indents.items():
            if shift > 0:
                lines[number] = " " * shift + lines[number]
            elif shift < 0:
                lines[number] = lines[number][min(-shift, _indentation(lines[number])):]
    replaced = {}
    if "fences" in rules:
        for token in fences:
            start, end = token.map
            code = token.content.split("\n")[:-1]
            if not any(line.strip() for line in code):
                continue
            block = [" " * _INDENT + line if line.strip() else "" for line in code]
            before = [""] if start > 0 and lines[start - 1].strip() else []
            after = [""] if end < len(lines) and lines[end].strip() else []
            replaced[start] = (end, before + block + after)
    result, number = [], 0
    while number < len(lines):
        if number in replaced:
            end, block = replaced[number]
            result += block
            number = end
            continue
        if "blank lines" in rules and number in blank_before and result and result[-1].strip():
            result.append("")
        result.append(lines[number])
        number += 1
    return "\n".join(result)


def _indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_sibling_close(tokens, index):
    """The token that closes the block before ``tokens[index]`` in the same container, or None."""
    previous = tokens[index - 1] if index > 0 else None
    if previous is None or previous.level != tokens[index].level:
        return None
    return previous


def _list_rules(tokens, index, lines, containers, blank_before, indents):
    token = tokens[index]
    if not token.map or "quote" in containers:
        return
    start, end = token.map
    previous = _previous_sibling_close(tokens, index)
    if previous is not None and start > 0 and lines[start - 1].strip() and (
            (previous.type == "paragraph_close" and not previous.hidden) or previous.type in _LIST_CLOSE):
        blank_before.add(start)
    depth = containers.count("list")
    tabs = any("\t" in line[:len(line) - len(line.lstrip())] for line in lines[start:end])
    if depth and not tabs:  # a nested list: 4 spaces a level, its lines moved along with it
        shift = _INDENT * depth - _indentation(lines[start]) - indents.get(start, 0)
        if shift:
            for number in range(start, end):
                if lines[number].strip():
                    indents[number] = indents.get(number, 0) + shift


def _after_list(tokens, index, lines, containers, blank_before):
    """A block right under a list's last line (no blank line between) belongs to that list's last item for
    Python-Markdown."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None or following.level != tokens[index].level or not following.map or "quote" in containers:
        return
    start = following.map[0]
    if start > 0 and lines[start - 1].strip() and following.nesting >= 0:
        blank_before.add(start)


def _inline_edits(token, lines, edits):
    """By line and column: the ``*``/``_`` that markdown-it reads as text and a ``#`` that begins a line of text
    (Python-Markdown would make a heading of it) get a backslash, a needless backslash goes, an address in
    angle brackets becomes a link with its text (rule "escapes"); an image its description ("images")."""
    content = token.content
    first = token.map[0]
    starts, columns = [], []
    position = 0
    for offset, part in enumerate(content.split("\n")):
        number = first + offset
        source = lines[number] if number < len(lines) else ""
        column = source.find(part) if part else -1
        if column < 0 or source[column:column + len(part)] != part:
            column = None  # a line markdown-it changed (tabs): nothing is escaped on it
        starts.append(position)
        columns.append(column)
        if column is not None and part.startswith("#"):
            edits.setdefault(number, {})[column] = ("escapes", "escape")
        position += len(part) + 1

    def place(at):
        line = bisect_right(starts, at) - 1
        return line, columns[line], at - starts[line]

    for child in token.children or []:
        if not (child.meta and "at" in child.meta):
            continue
        rule = "escapes"
        if child.type == "text" and child.content in ("*", "_"):
            if not _pairable(content, child.meta["at"]):
                continue
            edit = "escape"
        elif child.type == "text_special" and child.markup[1:] in _NEEDLESS_ESCAPES:
            edit = "drop"
        elif child.type == "link_open" and child.info == "auto" and child.attrGet("href").startswith("mailto:"):
            # pretix's emails turn Python-Markdown's <name@host> link into one to pretix's own site
            address = content[child.meta["at"] + 1:child.meta["end"] - 1]
            edit = (child.meta["end"] - child.meta["at"], f"[{_literal(address)}](mailto:{address})")
        elif child.type == "image":
            rule = "images"
            description = _plain.renderer.renderInlineAsText(child.children or [], _plain.options, {})
            edit = (child.meta["end"] - child.meta["at"], _literal(description))
        else:
            continue
        line, column, offset = place(child.meta["at"])
        if column is None or (isinstance(edit, tuple) and "\n" in content[child.meta["at"]:child.meta["end"]]):
            continue
        if isinstance(edit, tuple):  # a span on one line: its end as a column
            edit = (column + offset + edit[0], edit[1])
        edits.setdefault(first + line, {})[column + offset] = (rule, edit)


def _pairable(content: str, at: int) -> bool:
    """Whether Python-Markdown could pair the ``*``/``_`` at ``at`` with another: a ``*`` when there is another
    one; a ``_`` not within a word ("snake_case"), which Python-Markdown leaves alone as CommonMark does."""
    marker = content[at]
    if content.count(marker) < 2:
        return False
    if marker == "_":
        before, after = content[:at].rstrip("_")[-1:], content[at:].lstrip("_")[:1]
        return not (before.isalnum() and after.isalnum())
    return True


def _literal(text: str) -> str:
    """``text`` as markdown that shows it as it is, in pretix's Python-Markdown and in markdown-it."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_\[\]#!])", r"\\\1", text)
