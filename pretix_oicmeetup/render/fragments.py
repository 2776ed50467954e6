"""Fragments: one piece of content as safe HTML with its plain-text twin and its markdown source.

User markdown goes through pretix's own sanitising markdown, as pretix renders its own texts: on the web
``rich_text`` / ``rich_text_snippet`` (links through pretix's redirector, a line break where the text has
one), in emails ``markdown_compile_email`` (absolute links; a line break only after two spaces, as pretix's
email texts and the website have it). The text part is read off that same HTML (``text.html_to_text``), so
both email parts show exactly what the sanitiser allowed and no markdown syntax leaks into the text part.
Every text is stored in this dialect by the write path (``meetup.dialect``).
"""
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from pretix.base.templatetags.rich_text import markdown_compile_email, rich_text, rich_text_snippet

from ..meetup.dialect import without_images
from ..meetup.validators import is_http_url
from .text import html_to_text

WEB = "web"  # links go through pretix's redirector, as everywhere in the shop
EMAIL = "email"  # links stay absolute


@dataclass(frozen=True)
class Fragment:
    html: SafeString
    text: str
    is_block: bool = False  # True when the HTML brings its own paragraphs
    source: str = ""  # markdown, for the website post


class MarkdownFragment:
    """A ``Fragment`` of user markdown whose HTML and text are made only when asked for: an output needs
    one of the two, and markdown plus sanitising is the costliest step of rendering."""

    def __init__(self, source: str, medium: str, inline: bool):
        self.source, self._medium, self._inline = source, medium, inline
        self.is_block = not inline

    @cached_property
    def html(self) -> SafeString:
        if is_plain(self.source):  # what pretix's compile would return, without its cost
            return mark_safe(self.source if self._inline else f"<p>{self.source}</p>")
        source = without_images(self.source)  # pretix's sanitiser would show an image's tag as text
        if self._medium == EMAIL:
            return mark_safe(markdown_compile_email(source, snippet=self._inline))
        render = rich_text_snippet if self._inline else rich_text
        return mark_safe(render(source, safelinks=True))

    @cached_property
    def text(self) -> str:
        return html_to_text(self.html)


# One line in which neither markdown nor the sanitiser's linkifier finds anything: letters, digits, spaces
# and sentence punctuation; no "_", "*", "&", "<", "/", "@" or brackets; a full stop only before a space
# or at the end (so nothing reads as a domain name); no list marker at the start. pretix's compile gives
# such a line back as it is (inline) or as one paragraph; tests/test_plain_fragments.py holds the two
# against each other on generated and on real texts.
_PLAIN_CHARS = r"(?:[^\W_]|[ ,;:!?()%'\"\-–—„“”‚‘’])"
_PLAIN = re.compile(rf"(?![-+ ]|\d+[.)]){_PLAIN_CHARS}*(?:\.(?= |$){_PLAIN_CHARS}*)*")


def is_plain(source: str) -> bool:
    return _PLAIN.fullmatch(source) is not None


def markdown_fragment(source, medium: str, inline: bool = False) -> MarkdownFragment | None:
    source = str(source or "").strip()
    if not source:
        return None
    return MarkdownFragment(source, medium, inline)


def markdown_text(source, inline: bool = False) -> str | None:
    """User markdown as plain text (JSON-LD, change notices)."""
    fragment = markdown_fragment(source, EMAIL, inline=inline)
    return fragment.text if fragment else None


def plain_fragment(value) -> Fragment:
    value = str(value)
    return Fragment(escape(value), value, source=escape_markdown(value))


def lines_fragment(lines: list[str]) -> Fragment:
    """Lines of plain text, e.g. an address: line breaks in HTML, commas in text and markdown."""
    return Fragment(mark_safe("<br>".join(escape(line) for line in lines)), ", ".join(lines),
                    source=escape_markdown(", ".join(lines)))


def escape_markdown(value: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", value)


def link_fragment(url: str, label: str, post_label: str | None = None) -> Fragment | None:
    """A link; ``post_label`` is its text in the website post, where it may be shorter."""
    if not is_http_url(url):
        return None
    html = format_html('<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', url, label)
    text = url if label == url else f"{label}: {url}"
    return Fragment(html, text, source=f"[{escape_markdown(post_label or label)}]({url})")


KNOWN_PROFILE_SITES = (("linkedin.com", "LinkedIn"), ("xing.com", "XING"), ("github.com", "GitHub"),
                       ("orcid.org", "ORCID"), ("mastodon", "Mastodon"))


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def profile_label(url: str) -> str:
    """The link's text in a website post: the team writes "[LinkedIn](…)"."""
    host = _host(url)
    for domain, label in KNOWN_PROFILE_SITES:
        if domain in host:
            return label
    return pgettext("oicmeetup", "Profile")


def profile_site(url: str) -> str:
    """Where the profile is, for "<name> on <site>": a site of its own is named by its host ("Clara Beispiel
    on uni-bielefeld.de"), since "on Profile" says nothing."""
    host = _host(url)
    for domain, label in KNOWN_PROFILE_SITES:
        if domain in host:
            return label
    return host or pgettext("oicmeetup", "Profile")
