"""The outputs of the announcement and what each of them shows: one ``Purpose`` per output, all in
``PURPOSES``. ``sections`` builds what a purpose names, in the canonical order; ``render_announcement``
reads how it is made and kept."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Purpose:
    name: str
    sections: tuple[str, ...]  # the section keys it shows (``sections.SECTION_ORDER`` orders them)
    shows_intro: bool = False  # the intro is shown (or sits right above): a fact it says is not repeated
    compact_speakers: bool = False  # speakers by name and role only
    online_in_overview: bool = False  # the overview says the meetup is online (no schedule section says it)
    both_parts: bool = False  # an email placeholder: in an email, its HTML and text part are made together
    live: bool = False  # reads other events, which no key of this event's cache reflects: made afresh each time


_ALL = (
    # The shop page: pretix shows the event's name, the description (the intro) and, right below it, its own
    # block with venue, date, Beginn, Ende and Einlass (the one place for those on the page). The
    # overview goes to the top of the page ("shop_top"), the rest follows pretix's block in the post's order
    # and leads to the registration form.
    Purpose("shop", ("hint", "speakers", "outcomes", "materials", "series", "contact", "registration")),
    Purpose("shop_top", ("overview",), shows_intro=True, online_in_overview=True),
    Purpose("intro", ("intro",)),
    # emails: pretix's frame carries the title (header and subject)
    Purpose("full", ("intro", "overview", "hint", "speakers", "outcomes", "materials", "series", "schedule",
                     "online", "contact"), shows_intro=True, both_parts=True),
    # the website post: title, teaser and the overview's facts go into its front matter
    Purpose("post", ("intro", "hint", "speakers", "outcomes", "materials", "series", "schedule", "contact")),
    Purpose("order", ("slides", "recording", "schedule", "materials", "online")),
    Purpose("speakers", ("speakers",), both_parts=True),
    Purpose("schedule", ("schedule",), both_parts=True),
    Purpose("materials", ("materials",), both_parts=True),
    Purpose("online", ("online",), both_parts=True),
    # calendar entries: the practical part, speakers by name only
    Purpose("calendar", ("schedule", "speakers", "materials", "online"), compact_speakers=True),
    # the embedded widget's top lines: when, where, who (by name)
    Purpose("essentials", ("schedule", "speakers"), compact_speakers=True),
    # after the meetup: the shop page becomes the archive, the Rückblick first (inserted at the page's top)
    Purpose("shop_archive", ("retrospective", "gallery", "slides", "recording", "announcement_heading")),
    # the website's Rückblick post: the recap, then its photos (the website's gallery include, written by the
    # export) and the series info
    Purpose("recap", ("recap",)),
    Purpose("series", ("series",)),
    # placeholders of the emails after the meetup
    Purpose("retrospective", ("retrospective",)),
    Purpose("slides", ("slides",)),
    Purpose("recording", ("recording",)),
    Purpose("feedback", ("feedback",)),
    # whether the next edition is on sale: one query, in the emails after the meetup only
    Purpose("next_edition", ("next_edition",), live=True),
)
PURPOSES = {purpose.name: purpose for purpose in _ALL}
