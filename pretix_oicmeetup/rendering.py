"""The one renderer: section order, headings and wording of the announcement live here.

``build_sections`` turns an ``Announcement`` into a list of sections made of a few block types.
``render_html`` (one template) and ``render_text`` format those sections; the post export formats
the same sections as markdown. Outputs differ only in which sections they take (``PURPOSES``) and
in the medium: on the web, links go through pretix's redirector; in emails they stay absolute.
"""
import logging
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

import bleach
import markdown
from django.conf import settings
from django.template.loader import get_template
from django.utils import dateformat
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext, pgettext

from pretix.base.services.placeholders import PlaceholderContext
from pretix.base.templatetags.rich_text import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
    ALLOWED_TAGS_SNIPPET,
    rich_text,
    rich_text_snippet,
)

from .announcement import Announcement
from .meetupdata import split_items
from .plaintext import html_to_text
from .validators import is_http_url

logger = logging.getLogger(__name__)

WEB = "web"
EMAIL = "email"

# The canonical order, following the website's posts (intro, Hinweis, Fachexpertise, Inhalt,
# Materialien, series info, Ort und Zeit).
SECTION_ORDER = (
    "title", "intro", "overview", "hint", "speakers", "outcomes", "materials", "series", "schedule", "online",
    "contact",
)
PURPOSES = {
    # pretix itself shows the event name and the front page text above the plugin's block.
    "shop": ("overview", "hint", "speakers", "outcomes", "materials", "series", "schedule", "contact"),
    "full": SECTION_ORDER,
    # the website post: title, teaser and the overview's facts go into its front matter
    "post": ("intro", "hint", "speakers", "outcomes", "materials", "series", "schedule", "contact"),
    "order": ("schedule", "materials", "online"),
    "speakers": ("speakers",),
    "schedule": ("schedule",),
    "materials": ("materials",),
    "online": ("online",),
    # calendar entries: the practical part, speakers by name only
    "calendar": ("schedule", "speakers", "materials", "online"),
}
MEETUP_PLACEHOLDER_RE = re.compile(r"\{meetup_[a-z_]+\}")


@dataclass(frozen=True)
class Fragment:
    """One piece of content, already safe as HTML, with its plain-text twin."""
    html: SafeString
    text: str
    is_block: bool = False  # True when the HTML brings its own paragraphs
    source: str = ""  # markdown, for the website post export


@dataclass
class Paragraph:
    content: Fragment
    css_class: str = ""
    kind: str = "paragraph"


@dataclass
class Facts:
    rows: list  # of (key, label, Fragment)
    kind: str = "facts"


@dataclass
class Items:
    items: list  # of Fragment
    kind: str = "items"


@dataclass
class SpeakerBlock:
    name: str
    role: Fragment | None
    bio: Fragment | None
    profile_link: Fragment | None
    photo_url: str | None
    kind: str = "speaker"


@dataclass
class Section:
    key: str
    heading: str | None
    blocks: list = field(default_factory=list)
    level: int = 3


# --- fragments ---------------------------------------------------------------------------------

def plain_fragment(value) -> Fragment:
    value = str(value)
    return Fragment(escape(value), value, source=escape_markdown(value))


def escape_markdown(value: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", value)


class MarkdownFragment:
    """A ``Fragment`` of user markdown whose HTML and text are made only when asked for: an output needs
    one of the two, and markdown plus sanitising is the costliest step of rendering."""

    def __init__(self, source: str, medium: str, inline: bool):
        self.source, self._medium, self._inline = source, medium, inline
        self.is_block = not inline

    @cached_property
    def html(self) -> SafeString:
        render = rich_text_snippet if self._inline else rich_text
        return mark_safe(render(self.source, safelinks=(self._medium == WEB)))

    @cached_property
    def text(self) -> str:
        return _plain_text(self.source, self._inline)


def markdown_fragment(source, medium: str, inline: bool = False) -> MarkdownFragment | None:
    """User markdown through pretix's sanitiser. The text part comes from the same markdown with pretix's
    allowed tags, but anything not allowed is dropped instead of shown escaped: plain text, no markup."""
    source = str(source or "").strip()
    if not source:
        return None
    return MarkdownFragment(source, medium, inline)


def _plain_text(source: str, inline: bool) -> str:
    html = markdown.markdown(source, extensions=["markdown.extensions.sane_lists", "markdown.extensions.nl2br"])
    html = bleach.clean(html, tags=ALLOWED_TAGS_SNIPPET if inline else ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True)
    return html_to_text(html)


def link_fragment(url: str, label: str) -> Fragment | None:
    if not is_http_url(url):
        return None
    html = format_html('<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', url, label)
    text = url if label == url else f"{label}: {url}"
    return Fragment(html, text, source=f"[{escape_markdown(label)}]({url})")


def profile_label(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for domain, label in (("linkedin.com", "LinkedIn"), ("xing.com", "XING"), ("github.com", "GitHub"),
                          ("orcid.org", "ORCID"), ("mastodon", "Mastodon")):
        if domain in host:
            return label
    return pgettext("oicmeetup", "Profile")


# --- dates -------------------------------------------------------------------------------------

def format_date(value) -> str:
    # Translators: a PHP-style date format (Django's "date" filter) for the meetup's weekday and date.
    return dateformat.format(value, pgettext("oicmeetup date format", "l, F j, Y"))


def format_time(value) -> str:
    # Translators: a PHP-style time format; German adds the literal word "Uhr" (escaped letters).
    return dateformat.format(value, pgettext("oicmeetup time format", "g:i A"))


def format_time_on(value, day) -> str:
    """Time only when on the meetup's day, otherwise with its own date."""
    if day is not None and value.date() == day.date():
        return format_time(value)
    return pgettext("oicmeetup", "{date}, {time}").format(date=format_date(value), time=format_time(value))


def admission_text(announcement: Announcement) -> str:
    if not announcement.date_admission:
        return ""
    return format_time_on(announcement.local(announcement.date_admission), announcement.local(announcement.date_from))


# --- sections ----------------------------------------------------------------------------------

def _description_source(announcement: Announcement) -> str:
    # The front page text may hold the plugin's own placeholders (for the widget); they must not
    # recurse into the announcement. Other pretix placeholders are filled as on the shop page.
    text = MEETUP_PLACEHOLDER_RE.sub("", str(announcement.description or ""))
    if "{" in text or "}" in text:  # a literal brace is stored doubled, as pretix's format wants it
        ev = announcement.subevent or announcement.event
        try:
            text = PlaceholderContext(event_or_subevent=ev, event=announcement.event).format(text)
        except ValueError:
            # Braces that do not pair up (stored before the plugin checked them): pretix's own shop page
            # cannot show such a text; the announcement shows it as it was typed.
            logger.warning("The description of event %s has unmatched braces", announcement.event.pk)
    return text


def series_line(announcement: Announcement) -> Fragment | None:
    """E.g. "Das 9. Meetup aus der Reihe KI und Zivilgesellschaft" (the link is in the series section)."""
    name = str(announcement.series_name or "").strip()
    if not name:
        return None
    if not announcement.series_number:
        return plain_fragment(name)
    return plain_fragment(pgettext("oicmeetup", "Meetup no. {number} of the series {series}").format(
        number=announcement.series_number, series=name,
    ))


def _overview(a: Announcement, medium: str) -> Section | None:
    blocks = []
    teaser = markdown_fragment(a.teaser, medium, inline=True)
    if teaser:
        blocks.append(Paragraph(teaser, css_class="lead"))
    rows = []
    if a.format:
        rows.append(("format", pgettext("oicmeetup", "Format"), plain_fragment(a.format)))
    if a.duration_minutes:
        rows.append(("duration", pgettext("oicmeetup", "Duration"), plain_fragment(
            ngettext("{minutes} minute", "{minutes} minutes", a.duration_minutes).format(minutes=a.duration_minutes)
        )))
    series = series_line(a)
    if series:
        rows.append(("series", pgettext("oicmeetup", "Series"), series))
    prerequisites = markdown_fragment(a.prerequisites, medium, inline=True)
    if prerequisites:
        rows.append(("prerequisites", pgettext("oicmeetup", "Prerequisites"), prerequisites))
    if a.is_free:
        rows.append(("price", pgettext("oicmeetup", "Participation"), plain_fragment(
            pgettext("oicmeetup", "free of charge, registration required"))))
    if rows:
        blocks.append(Facts(rows))
    return Section("overview", None, blocks) if blocks else None


def _speakers(a: Announcement, medium: str, compact: bool = False) -> Section | None:
    blocks = []
    for s in a.speakers:
        if compact:
            blocks.append(SpeakerBlock(s.name, markdown_fragment(s.role, medium, inline=True), None, None, None))
            continue
        photo = s.photo_url
        if photo and medium == EMAIL:
            photo = urljoin(settings.SITE_URL, photo)
        blocks.append(SpeakerBlock(
            name=s.name,
            role=markdown_fragment(s.role, medium, inline=True),
            bio=markdown_fragment(s.bio, medium),
            profile_link=link_fragment(s.profile_url, profile_label(s.profile_url)) if s.profile_url else None,
            photo_url=photo,
        ))
    return Section("speakers", pgettext("oicmeetup", "Speakers"), blocks) if blocks else None


def _items_section(key, heading, intro, items_source, medium) -> Section | None:
    blocks = []
    intro_fragment = markdown_fragment(intro, medium)
    if intro_fragment:
        blocks.append(Paragraph(intro_fragment))
    items = [markdown_fragment(i, medium, inline=True) for i in split_items(str(items_source or ""))]
    if items:
        blocks.append(Items(items))
    return Section(key, heading, blocks) if blocks else None


def _series(a: Announcement, medium: str) -> Section | None:
    blocks = []
    info = markdown_fragment(a.series_info, medium)
    if info:
        blocks.append(Paragraph(info))
    if a.series_url and a.series_url not in str(a.series_info or ""):
        link = link_fragment(a.series_url, a.series_url)
        blocks.append(Facts([("series_url", pgettext("oicmeetup", "More about the series"), link)]))
    return Section("series", pgettext("oicmeetup", "About the meetup series"), blocks) if blocks else None


def _schedule(a: Announcement, attendee: bool) -> Section | None:
    rows = []
    location = str(a.location or "").strip()
    if location:
        lines = [line.strip() for line in location.splitlines() if line.strip()]
        rows.append(("venue", pgettext("oicmeetup", "Venue"), Fragment(
            mark_safe("<br>".join(escape(line) for line in lines)), ", ".join(lines),
            source=escape_markdown(", ".join(lines)),
        )))
    if a.is_remote:
        rows.append(("online", pgettext("oicmeetup", "Online"), plain_fragment(
            pgettext("oicmeetup", "see below") if attendee and a.online_url
            else pgettext("oicmeetup", "You will receive the access link after registering.")
        )))
    start = a.local(a.date_from)
    if start:
        rows.append(("date", pgettext("oicmeetup", "Date"), plain_fragment(format_date(start))))
        rows.append(("begin", pgettext("oicmeetup", "Begin"), plain_fragment(format_time(start))))
    if a.date_to:
        rows.append(("end", pgettext("oicmeetup", "End"), plain_fragment(format_time_on(a.local(a.date_to), start))))
    if a.date_admission:
        rows.append(("admission", pgettext("oicmeetup", "Admission"), plain_fragment(admission_text(a))))
    return Section("schedule", pgettext("oicmeetup", "Venue and time"), [Facts(rows)]) if rows else None


def _online(a: Announcement, attendee: bool) -> Section | None:
    if not (attendee and a.has_online_access):
        return None
    link = link_fragment(a.online_url, a.online_url)
    intro = plain_fragment(pgettext("oicmeetup", "Join the meetup with this link:"))
    return Section("online", pgettext("oicmeetup", "Online access"), [Paragraph(intro), Paragraph(link)])


def _single(key: str, heading: str | None, fragment: Fragment | None) -> Section | None:
    return Section(key, heading, [Paragraph(fragment)]) if fragment else None


def build_sections(a: Announcement, purpose: str, medium: str = WEB, attendee: bool = False) -> list[Section]:
    """The sections of ``purpose`` in canonical order; ``attendee`` unlocks the private online link."""
    builders = {
        "title": lambda: Section("title", str(a.title), [], level=2),
        "intro": lambda: _single("intro", None, markdown_fragment(_description_source(a), medium)),
        "overview": lambda: _overview(a, medium),
        "hint": lambda: _single("hint", pgettext("oicmeetup", "Note"), markdown_fragment(a.hint, medium)),
        "speakers": lambda: _speakers(a, medium, compact=(purpose == "calendar")),
        "outcomes": lambda: _items_section(
            "outcomes", pgettext("oicmeetup", "What you will learn"), a.outcomes_intro, a.outcomes, medium),
        "materials": lambda: _items_section(
            "materials", pgettext("oicmeetup", "Materials"), None, a.materials, medium),
        "series": lambda: _series(a, medium),
        "schedule": lambda: _schedule(a, attendee),
        "online": lambda: _online(a, attendee),
        "contact": lambda: _single("contact", pgettext("oicmeetup", "Contact"), markdown_fragment(a.contact, medium)),
    }
    wanted = PURPOSES[purpose]
    sections = (builders[key]() for key in SECTION_ORDER if key in wanted)
    return [section for section in sections if section is not None]


# --- formatters --------------------------------------------------------------------------------

def render_html(sections: list[Section], medium: str = WEB) -> SafeString:
    if not sections:
        return mark_safe("")
    return get_template("pretix_oicmeetup/announcement.html").render({"sections": sections, "medium": medium})


def render_text(sections: list[Section]) -> str:
    parts = []
    for section in sections:
        if section.heading:
            underline = "=" if section.level <= 2 else "-"
            parts.append(f"{section.heading}\n{underline * min(len(section.heading), 72)}")
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


def render_markdown(sections: list[Section]) -> str:
    """Markdown in the website's post structure (``### Heading``, bold schedule lines with ``<br>``)."""
    parts = []
    for section in sections:
        body = "\n\n".join(p for p in (_block_markdown(block) for block in section.blocks) if p.strip())
        parts.append(f"### {section.heading}\n{body}" if section.heading else body)
    return "\n\n".join(p for p in parts if p.strip())


def _block_markdown(block) -> str:
    if block.kind == "paragraph":
        return block.content.source
    if block.kind == "items":
        return "\n".join("- " + item.source.replace("\n", " ") for item in block.items)
    if block.kind == "facts":
        lines, groups = [], []
        for key, label, fragment in block.rows:
            if key in ("venue", "date"):
                if lines:
                    groups.append(lines)
                lines = [f"**{fragment.source}**"]
                if key == "venue":
                    groups.append(lines)
                    lines = []
            else:
                lines.append(f"**{label}:** {fragment.source}")
        if lines:
            groups.append(lines)
        return "\n\n".join("<br>\n".join(group) for group in groups)
    if block.kind == "speaker":
        head = f"**{escape_markdown(block.name)}**"
        if block.profile_link:
            head += " " + block.profile_link.source
        if block.role:
            head += " " + pgettext("oicmeetup post", "is {role}.").format(role=block.role.source)
        return head + (" " + block.bio.source if block.bio else "")
    raise ValueError(f"Unknown block kind {block.kind}")


def essentials_html(a: Announcement) -> str:
    """Date, Beginn, Einlass, venue and speakers' names for the front page text that the embedded widget
    shows. An HTML block (pretix's markdown passes it through its sanitiser unchanged), marked so the
    shop page, which shows all of this already, can leave it out."""
    lines = []
    start = a.local(a.date_from)
    if start:
        when = [format_date(start), f"{pgettext('oicmeetup', 'Begin')}: {format_time(start)}"]
        if a.date_admission:
            when.append(f"{pgettext('oicmeetup', 'Admission')}: {admission_text(a)}")
        lines.append(escape(" · ".join(when)))
    location = ", ".join(line.strip() for line in str(a.location or "").splitlines() if line.strip())
    if location:
        lines.append(format_html("{}: {}", pgettext("oicmeetup", "Venue"), location))
    if a.speakers:
        lines.append(format_html("{}: {}", pgettext("oicmeetup", "Speakers"), ", ".join(s.name for s in a.speakers)))
    if not lines:
        return ""
    return format_html('<div class="{}">{}</div>', ESSENTIALS_CLASS, mark_safe("<br>".join(lines)))


ESSENTIALS_CLASS = "oicmeetup-essentials"
