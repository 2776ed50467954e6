"""Sections as plain text (the text part of emails, calendar entries), and plain text from the sanitised
HTML that pretix's markdown helpers produce.

Deriving the text of user markdown from the same HTML keeps one rendering path: whatever the sanitiser
allowed is what both email parts show, and no markdown syntax leaks into the text part.
"""
import re
from html.parser import HTMLParser
from urllib.parse import unquote

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "tr", "hr"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # finished lines of the current block live in self.line
        self.line = []
        self.lists = []  # stack of [tag, counter]
        self.links = []  # stack of (href, start index in self.line)
        self.pre = 0

    def _flush_block(self):
        text = "".join(self.line)
        self.line = []
        lines = [ln.rstrip() for ln in text.split("\n")]
        text = "\n".join(lines).strip("\n")
        if text.strip():
            self.blocks.append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            self.line.append("\n")
        elif tag in ("ul", "ol"):
            if not self.lists:
                self._flush_block()
            else:
                self.line.append("\n")
            self.lists.append([tag, int(attrs.get("start") or 1) - 1])
        elif tag == "li":
            if self.line and not "".join(self.line).endswith("\n"):
                self.line.append("\n")
            indent = "  " * (len(self.lists) - 1)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.line.append(f"{indent}{self.lists[-1][1]}. ")
            else:
                self.line.append(f"{indent}- ")
        elif tag == "a":
            self.links.append((attrs.get("href") or "", len(self.line)))
        elif tag in ("td", "th"):
            self.line.append(" ")
        elif tag == "pre":
            self._flush_block()
            self.pre += 1
        elif tag in BLOCK_TAGS and not self.lists:
            self._flush_block()
            if tag == "hr":
                self.blocks.append("-" * 20)

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self._flush_block()
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.line[start:]).strip()
            target = _link_target(href)
            if target and _normalise(target) not in _normalise(label):
                self.line.append(f" ({target})" if label else target)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self._flush_block()
        elif tag == "tr":
            self.line.append("\n")
        elif tag in BLOCK_TAGS and not self.lists:
            self._flush_block()

    def handle_data(self, data):
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if not self.line or "".join(self.line[-1:]).endswith(("\n", " ")):
                data = data.lstrip()
        self.line.append(data)

    def result(self) -> str:
        self._flush_block()
        return "\n\n".join(self.blocks)


def _link_target(href: str) -> str:
    if href.startswith("mailto:"):
        return unquote(href[len("mailto:"):])
    if href.startswith("tel:"):
        return href[len("tel:"):]
    return href


def _normalise(value: str) -> str:
    return re.sub(r"^(https?://)?(www\.)?", "", value.strip().lower()).rstrip("/")


def html_to_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(str(html))
    collector.close()
    return collector.result()


def render_text(sections) -> str:
    parts = []
    for section in sections:
        if section.heading:
            parts.append(f"{section.heading}\n{'-' * min(len(section.heading), 72)}")
        for block in section.blocks:
            parts.append(_block_text(block))
    return "\n\n".join(p for p in parts if p.strip())


def _block_text(block) -> str:
    if block.kind == "paragraph":
        return block.content.text
    if block.kind == "facts":
        return "\n".join(f"{label}: {fragment.text}" for _key, label, fragment in block.rows)
    if block.kind == "items":
        return "\n".join("- " + item.text.replace("\n", "\n  ") for item in block.items)
    if block.kind == "gallery":  # photos have no text of their own; their descriptions say what they show
        return "\n".join(f"- {alt}" for _url, alt, _credit in block.photos)
    if block.kind == "speaker":
        head = block.name
        if block.role:
            head += f" – {block.role.text}"
        lines = [head]
        if block.profile_link:
            lines.append(block.profile_link.text)
        if block.bio:
            lines.append(block.bio.text)
        return "\n".join(lines)
    raise ValueError(f"Unknown block kind {block.kind}")
