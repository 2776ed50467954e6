"""The one place that decides what the announcement says: section order, headings and wording.

``build_sections`` turns an ``Announcement`` into sections made of a few block types; the formatters
(``html``, ``text``, ``markdown``) only lay them out. Each output takes the sections of its purpose
(``purposes``): the shop, an email, the order page, a calendar entry, the widget's essentials, the website
post.
"""
import logging
import re
from urllib.parse import urljoin

from django.conf import settings
from django.utils.translation import pgettext

from pretix.base.services.placeholders import PlaceholderContext

from ..meetup import tokens
from ..meetup.fields import split_items
from ..posts.structure import Section
from .blocks import Context, Facts, Items, Paragraph, SpeakerBlock
from .dates import admission_text, format_date, format_time, format_time_on
from .fragments import (
    EMAIL,
    WEB,
    Fragment,
    lines_fragment,
    link_fragment,
    markdown_fragment,
    plain_fragment,
    profile_label,
    profile_site,
)
from .purposes import PURPOSES
from .retrospective import BUILDERS as RETROSPECTIVE_BUILDERS

logger = logging.getLogger(__name__)

# The canonical order, following the website's posts (intro, Hinweis, Fachexpertise, Inhalt,
# Materialien, Info zur MeetUp-Reihe, Ort und Zeit, Kostenlose Anmeldung).
SECTION_ORDER = (
    # the Rückblick, after the meetup: above the original announcement
    "retrospective", "recap", "gallery", "slides", "recording", "feedback", "announcement_heading",
    # the announcement
    "intro", "overview", "hint", "speakers", "outcomes", "materials", "series", "schedule", "online",
    "contact", "registration",
    "next_edition",
)
REGISTRATION_ANCHOR = "oicmeetup-registration"


# --- sections ----------------------------------------------------------------------------------

def _description_source(a) -> str:
    # The front page text may hold the plugin's own placeholders (for the widget); they must not
    # recurse into the announcement. Other pretix placeholders are filled as on the shop page.
    text = tokens.PATTERN.sub("", str(a.description or ""))
    if "{" in text or "}" in text:  # a literal brace is stored doubled, as pretix's format wants it
        ev = a.subevent or a.event
        try:
            text = PlaceholderContext(event_or_subevent=ev, event=a.event).format(text)
        except ValueError:
            # Braces that do not pair up (stored before the plugin checked them): pretix's own shop page
            # cannot show such a text; the announcement shows it as it was typed.
            logger.warning("The description of event %s has unmatched braces", a.event.pk)
    return text


def series_line(a) -> Fragment | None:
    """E.g. "Das 9. Meetup aus der Reihe KI und Zivilgesellschaft" (the link is in the series section)."""
    name = str(a.series_name or "").strip()
    if not name:
        return None
    if not a.series_number:
        return plain_fragment(name)
    return plain_fragment(pgettext("oicmeetup", "Meetup no. {number} of the series {series}").format(
        number=a.series_number, series=name,
    ))


def _intro_fragment(a, medium):
    """The intro, compiled once per announcement and medium: the overview reads its words (in the email's
    medium, where the section below then uses the same fragment)."""
    key = f"intro_fragment:{medium}"
    if key not in a.memo:
        a.memo[key] = markdown_fragment(_description_source(a), medium)
    return a.memo[key]


def _intro(a, ctx):
    return _single("intro", None, _intro_fragment(a, ctx.medium))


def _intro_words(a) -> set[str]:
    """The words of the intro as people read it (markdown and case aside), once per announcement."""
    if "intro_words" not in a.memo:
        fragment = _intro_fragment(a, EMAIL)
        a.memo["intro_words"] = set(_WORD_RE.findall(fragment.text.casefold())) if fragment else set()
    return a.memo["intro_words"]


_WORD_RE = re.compile(r"\w[\w-]*")


def said_in_intro(a, text, share=1.0) -> bool:
    """Whether the intro already says ``text``: all its words (or ``share`` of its longer words) are there."""
    words = set(_WORD_RE.findall(str(text or "").casefold()))
    if share < 1.0:
        words = {w for w in words if len(w) > 3 or w.isdigit()}
    if not words:
        return False
    return len(words & _intro_words(a)) >= share * len(words)


def _overview(a, ctx) -> Section | None:
    """The meetup at a glance: the teaser and the facts the intro does not say already."""
    blocks = []
    intro_shown = ctx.purpose.shows_intro
    teaser = markdown_fragment(a.teaser, ctx.medium, inline=True)
    if teaser and not (intro_shown and said_in_intro(a, a.teaser, share=0.7)):
        blocks.append(Paragraph(teaser, css_class="lead"))
    rows = []
    if a.format and not (intro_shown and said_in_intro(a, a.format)):
        rows.append(("format", pgettext("oicmeetup", "Format"), plain_fragment(a.format)))
    series = series_line(a)
    if series and not (intro_shown and said_in_intro(a, a.series_name)):
        rows.append(("series", pgettext("oicmeetup", "Series"), series))
    prerequisites = markdown_fragment(a.prerequisites, ctx.medium, inline=True)
    if prerequisites and not (intro_shown and said_in_intro(a, prerequisites.text)):
        rows.append(("prerequisites", pgettext("oicmeetup", "Prerequisites"), prerequisites))
    if a.is_remote and ctx.purpose.online_in_overview:
        rows.append(("online", pgettext("oicmeetup", "Online"), plain_fragment(
            pgettext("oicmeetup", "You will receive the access link after registering."))))
    if rows:
        blocks.append(Facts(rows))
    return Section("overview", None, blocks) if blocks else None


def _hint(a, ctx):
    return _single("hint", pgettext("oicmeetup", "Note"), markdown_fragment(a.hint, ctx.medium))


def _speakers(a, ctx) -> Section | None:
    blocks = []
    for s in a.speakers:
        role = markdown_fragment(s.role, ctx.medium, inline=True)
        if ctx.purpose.compact_speakers:
            blocks.append(SpeakerBlock(s.name, role, None, None, None))
            continue
        photo = s.photo_url
        if photo and ctx.medium == EMAIL:
            photo = urljoin(settings.SITE_URL, photo)
        blocks.append(SpeakerBlock(
            name=s.name,
            role=role,
            bio=markdown_fragment(s.bio, ctx.medium),
            # a link of its own, named with the person: "Barbara Hammer auf LinkedIn" (the post says "LinkedIn")
            profile_link=link_fragment(s.profile_url, pgettext("oicmeetup", "{name} on {site}").format(
                name=s.name, site=profile_site(s.profile_url)), post_label=profile_label(s.profile_url))
            if s.profile_url else None,
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


def _outcomes(a, ctx):
    return _items_section("outcomes", pgettext("oicmeetup", "What you will learn"), a.outcomes_intro, a.outcomes,
                          ctx.medium)


def _materials(a, ctx):
    return _items_section("materials", pgettext("oicmeetup", "Materials"), None, a.materials, ctx.medium)


def _series(a, ctx) -> Section | None:
    blocks = []
    info = markdown_fragment(a.series_info, ctx.medium)
    if info:
        blocks.append(Paragraph(info))
    if a.series_url and a.series_url not in str(a.series_info or ""):
        link = link_fragment(a.series_url, a.series_url)
        blocks.append(Facts([("series_url", pgettext("oicmeetup", "More about the series"), link)]))
    return Section("series", pgettext("oicmeetup", "About the meetup series"), blocks) if blocks else None


def _schedule(a, ctx) -> Section | None:
    rows = []
    if a.location_lines:
        rows.append(("venue", pgettext("oicmeetup", "Venue"), lines_fragment(a.location_lines)))
    if a.is_remote:
        rows.append(("online", pgettext("oicmeetup", "Online"), plain_fragment(
            pgettext("oicmeetup", "see below") if ctx.attendee and a.online_url
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


def _online(a, ctx) -> Section | None:
    if not (ctx.attendee and a.has_online_access):
        return None
    link = link_fragment(a.online_url, a.online_url)
    intro = plain_fragment(pgettext("oicmeetup", "Join the meetup with this link:"))
    return Section("online", pgettext("oicmeetup", "Online access"), [Paragraph(intro), Paragraph(link)])


def _contact(a, ctx):
    return _single("contact", pgettext("oicmeetup", "Contact"), markdown_fragment(a.contact, ctx.medium))


def registration_heading(a) -> str:
    return pgettext("oicmeetup", "Free registration") if a.is_free else pgettext("oicmeetup", "Registration")


def _registration(a, ctx) -> Section | None:
    """The heading over pretix's registration form, where the page's top link leads, while one can register."""
    if not (a.subevent or a.event).presale_is_running:
        return None
    return Section("registration", registration_heading(a), [], anchor=REGISTRATION_ANCHOR)


def _single(key: str, heading: str | None, fragment) -> Section | None:
    return Section(key, heading, [Paragraph(fragment)]) if fragment else None


BUILDERS = {
    "intro": _intro, "overview": _overview, "hint": _hint, "speakers": _speakers,
    "outcomes": _outcomes, "materials": _materials, "series": _series, "schedule": _schedule, "online": _online,
    "contact": _contact, "registration": _registration,
    **RETROSPECTIVE_BUILDERS,
}


def build_sections(a, purpose: str, medium: str = WEB, attendee: bool = False) -> list[Section]:
    """The sections of ``purpose`` in canonical order; ``attendee`` unlocks the private online link."""
    ctx = Context(PURPOSES[purpose], medium, attendee)
    wanted = ctx.purpose.sections
    sections = (BUILDERS[key](a, ctx) for key in SECTION_ORDER if key in wanted)
    return [section for section in sections if section is not None]
