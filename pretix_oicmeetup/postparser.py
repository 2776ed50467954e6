"""Reading the meetup's fields from a website announcement post (Jekyll: YAML front matter + markdown).

``postmarkdown`` gives the post's structure (front matter, sections by heading, lines with their bold
text and links); regular expressions here only look at short, already isolated pieces (a date line, a
time line, one sentence). Nothing touches the database: ``parse_post`` turns text into a ``ParsedPost``
or raises ``PostParseError``.
"""
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import dateformat
from django.utils.translation import gettext as _

from .postmarkdown import (
    PostParseError,
    clean_inline,
    extract_liquid,
    group_sections,
    line_text,
    normalise_heading,
    parse_blocks,
    restore_liquid,
    split_front_matter,
    strip_list_marker,
)

MAX_POST_SIZE = 1024 * 1024

WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
MONTHS = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "dezember"]
ORDINALS = ["erste", "zweite", "dritte", "vierte", "fünfte", "sechste", "siebte", "achte", "neunte", "zehnte",
            "elfte", "zwölfte", "dreizehnte", "vierzehnte", "fünfzehnte", "sechzehnte", "siebzehnte",
            "achtzehnte", "neunzehnte", "zwanzigste"]
ONLINE_WORDS = ("zoom", "online", "webex", "teams", "jitsi", "bigbluebutton", "livestream")
PROFILE_LABELS = ("linkedin", "xing", "profil", "website", "homepage", "webseite", "mastodon", "orcid", "github",
                  "instagram", "bluesky")
NAME_PARTICLES = {"von", "van", "de", "der", "den", "zu", "di", "da", "del", "la", "le", "ten", "ter"}
NAME_TITLES = {"dr.", "prof.", "prof", "dr", "dipl.", "ing.", "phd"}
NOT_A_NAME_START = {"das", "der", "die", "ein", "eine", "wir", "mit", "im", "in", "am", "an", "zum", "zur", "und",
                    "alle", "offen", "impuls", "workshop"}

ABBREVIATIONS = ("dr", "prof", "dipl", "ing", "z. b", "z.b", "u. a", "u.a", "bzw", "ca", "inkl", "co", "st", "nr")

_DATE_RE = re.compile(
    r"(?:(?P<weekday>[A-Za-zÄÖÜäöü]+),?\s+)?(?P<day>\d{1,2})\.\s*(?:(?P<month_name>[A-Za-zÄÖÜäöü]+)|(?P<month>\d{1,2})\.)"
    r"\s*(?P<year>\d{4})"
)
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_TIME_RANGE_RE = re.compile(_TIME + r"\s*(?:Uhr\s*)?(?:-|–|—|bis)\s*" + _TIME + r"\s*Uhr")
_TIME_LABEL_RE = re.compile(r"^(?P<label>Beginn|Start|Ende|Einlass|Ende ca\.)\s*:?\s*(?:ab\s+|ca\.\s+)?" + _TIME,
                            re.IGNORECASE)
_AT_TIME_RE = re.compile(r"\bum\s+" + _TIME + r"\s*Uhr")
_REIHE_RE = re.compile(r"(?:aus\s+)?der\s+(?:Meetup-|MeetUp-)?Reihe\s+[„\"“]?(?P<name>[^.,;:!?„\"“”]+)")


@dataclass
class ParsedSpeaker:
    name: str
    profile_url: str | None = None
    role: str = ""  # markdown
    bio: str = ""  # markdown


@dataclass
class ParsedPost:
    title: str | None = None
    teaser: str | None = None
    authors: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    pretix_event: str | None = None
    series: str | None = None
    series_number: int | None = None
    event_date: date | None = None
    start: str | None = None
    end: str | None = None
    admission: str | None = None
    venue: str | None = None
    online: bool = False
    speakers: list = field(default_factory=list)
    learning_outcomes: list = field(default_factory=list)
    materials: list = field(default_factory=list)
    hint: str | None = None
    warnings: list = field(default_factory=list)
    # markdown sources for the import into pretix
    description_md: str = ""
    hint_md: str = ""
    outcomes_intro_md: str = ""
    outcomes_md: list = field(default_factory=list)
    materials_md: list = field(default_factory=list)
    series_info_md: str = ""
    series_url: str | None = None
    contact_md: str = ""
    format: str | None = None
    prerequisites: str | None = None
    widget_essentials: bool | None = None  # a shop option, carried in the export's front matter
    front_matter: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """Exactly the keys of ``python -m pretix oicmeetup_parse``."""
        return {
            "title": self.title,
            "teaser": self.teaser,
            "authors": self.authors,
            "categories": self.categories,
            "pretix_event": self.pretix_event,
            "series": self.series,
            "series_number": self.series_number,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "start": self.start,
            "end": self.end,
            "admission": self.admission,
            "venue": self.venue,
            "online": self.online,
            "speakers": [{"name": s.name, "profile_url": s.profile_url} for s in self.speakers],
            "learning_outcomes": self.learning_outcomes,
            "materials": self.materials,
            "hint": self.hint,
            "warnings": self.warnings,
        }


# --- small helpers -------------------------------------------------------------------------------

def looks_like_name(text: str | None) -> bool:
    if not text or len(text) > 80 or any(ch.isdigit() for ch in text) or not re.search(r"[A-Za-zÄÖÜäöü]", text):
        return False
    words = text.replace(",", " ").split()
    if not 2 <= len(words) <= 6 or words[0].lower() in NOT_A_NAME_START:
        return False
    for word in words:
        lower = word.lower()
        if lower in NAME_PARTICLES or lower in NAME_TITLES:
            continue
        if not (word[0].isupper() and re.fullmatch(r"[\w.'’-]+", word)):
            return False
    return True


def _ordinal_value(word: str) -> int | None:
    word = word.lower()
    for index, ordinal in enumerate(ORDINALS, start=1):
        stem = ordinal[:-1]  # "sechste" -> "sechst", so "sechsten", "sechster" match too
        if word == ordinal or (word.startswith(stem) and word[len(stem):] in ("e", "en", "er", "es", "em")):
            return index
    return None


def normalise_time(hour: str, minute: str | None) -> str | None:
    h, m = int(hour), int(minute or 0)
    if 0 <= h <= 23 and 0 <= m <= 59:
        return f"{h:02d}:{m:02d}"
    return None


def _post_date(value) -> date | None:
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    if isinstance(value, str):
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
        if match:
            try:
                return date(*map(int, match.groups()))
            except ValueError:
                return None
    return None


def _text_value(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | date):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = clean_inline(value)
    return value or None


def _list_value(data: dict, single: str, plural: str) -> list[str]:
    value = data.get(plural, data.get(single))
    if isinstance(value, str | int | float):
        value = [value]
    if not isinstance(value, list):
        return []
    return [t for t in (_text_value(v) for v in value[:50] if not isinstance(v, list | dict)) if t]



# --- the post ------------------------------------------------------------------------------------

def parse_post(text) -> ParsedPost:
    if not isinstance(text, str):
        raise PostParseError(_("This is not a website post: it is not text."))
    if len(text.encode("utf-8", errors="replace")) > MAX_POST_SIZE:
        raise PostParseError(_("The post is larger than 1 MB."))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    front, body = split_front_matter(text)
    post = ParsedPost()
    post.title = _text_value(front.get("title"))
    if not post.title:
        raise PostParseError(_("This is not an announcement post: its front matter has no title."))
    post.teaser = _text_value(front.get("teaser"))
    post.authors = _list_value(front, "author", "authors")
    post.categories = _list_value(front, "category", "categories")
    post.front_matter = {
        key: value for key, value in front.items()
        if isinstance(key, str) and isinstance(value, str | int | float | bool | date | list) and key != "meetup"
        and (not isinstance(value, list) or all(isinstance(v, str | int | float) for v in value[:50]))
    }
    meta = front.get("meetup") if isinstance(front.get("meetup"), dict) else {}

    body, tags = extract_liquid(body)
    for tag in tags:
        if tag.name.startswith("pretix-widget") and tag.attrs.get("event"):
            post.pretix_event = tag.attrs["event"].strip().strip("/").split("/")[-1] or None
    try:
        sections = group_sections(parse_blocks(body))
    except RecursionError:
        raise PostParseError(_("The post is nested too deeply to be read.")) from None

    _description_and_contact(post, sections, tags)
    _hint(post, sections, tags)
    _outcomes(post, sections, tags)
    _materials(post, sections, tags)
    _series(post, sections, tags, meta)
    _schedule(post, sections, _post_date(front.get("date")))
    _speakers(post, sections, tags)
    _format_and_prerequisites(post, meta)
    if isinstance(meta.get("widget_essentials"), bool):
        post.widget_essentials = meta["widget_essentials"]
    if not post.pretix_event:
        post.warnings.append(_("The post has no pretix widget, so it names no pretix event."))
    return post


def _sections(sections, key):
    return [s for s in sections if s.key == key]


def _description_and_contact(post, sections, tags):
    description, contact, after_registration = [], [], False
    for section in sections:
        if section.key == "registration":
            after_registration = True
            continue
        if section.key is not None:
            continue
        for block in section.blocks:
            source = restore_liquid(block.source, tags)
            if not source:
                continue
            if after_registration and "mailto:" in source:
                contact.append(source)
            else:
                description.append(source)
    for section in _sections(sections, "contact"):
        contact += [restore_liquid(block.source, tags) for block in section.blocks]
    post.description_md = "\n\n".join(description)
    post.contact_md = "\n\n".join(c for c in contact if c)


def _paragraph_lines(section):
    for block in section.blocks:
        if block.kind in ("paragraph", "heading"):
            yield from block.lines
        elif block.kind == "list":
            for item in block.items:
                yield from item


def _hint(post, sections, tags):
    texts, sources = [], []
    for section in _sections(sections, "hint"):
        for block in section.blocks:
            if block.kind in ("paragraph", "list", "quote"):
                texts.append(line_text(block.lines) if block.lines else
                             " ".join(line_text(item) for item in block.items))
                sources.append(restore_liquid(block.source, tags))
    post.hint = "\n\n".join(t for t in texts if t) or None
    post.hint_md = "\n\n".join(s for s in sources if s)


def _outcomes(post, sections, tags):
    best = None
    for section in _sections(sections, "outcomes"):
        intro_lines, intro_sources, items = [], [], None
        for block in section.blocks:
            if block.kind == "list" and items is None:
                items = block.items
                break
            if block.kind == "paragraph":
                intro_lines += block.lines
                intro_sources.append(restore_liquid(block.source, tags))
        if not items:
            continue
        intro = line_text(intro_lines)
        heading = normalise_heading(section.heading)
        priority = 2 if heading.startswith("am ende") or intro.lower().startswith("am ende") else 1
        if best is None or priority > best[0]:
            intro_md = "\n\n".join(intro_sources) if intro_sources else (
                section.heading if heading.startswith("am ende") else "")
            best = (priority, intro_md, items)
    if best:
        _, post.outcomes_intro_md, items = best
        post.learning_outcomes = [line_text(item) for item in items if line_text(item)]
        post.outcomes_md = [strip_list_marker(" ".join(line.source for line in item)) for item in items
                            if line_text(item)]


def _materials(post, sections, tags):
    for section in _sections(sections, "materials"):
        for block in section.blocks:
            if block.kind == "list":
                for item in block.items:
                    if line_text(item):
                        post.materials.append(line_text(item))
                        post.materials_md.append(strip_list_marker(" ".join(line.source for line in item)))
            elif block.kind == "paragraph":
                for line in block.lines:
                    post.materials.append(line.text)
                    post.materials_md.append(strip_list_marker(restore_liquid(line.source, tags)))


def _series(post, sections, tags, meta):
    info_sources, link_candidates, bold_names = [], [], []
    for section in _sections(sections, "series"):
        for block in section.blocks:
            info_sources.append(restore_liquid(block.source, tags))
            for line in block.lines:
                for text, href, _follows in line.links:
                    link_candidates.append((text, href))
                if line.leading_bold:
                    bold_names.append(line.leading_bold)
    post.series_info_md = "\n\n".join(s for s in info_sources if s)

    texts = [post.teaser or "", post.title or ""] + [
        line.text for section in sections if section.key is None for line in _paragraph_lines(section)
    ] + [line.text for section in _sections(sections, "series") for line in _paragraph_lines(section)]
    series, number = None, None
    for candidate in texts:
        match = _REIHE_RE.search(candidate)
        if match:
            series = _series_name(match.group("name"), post.categories)
            number = _number_before(candidate[:match.start()], None)
            break
    if series is None:
        for category in post.categories:
            if post.title and category.lower() in post.title.lower():
                series = category
                break
    if series is not None and number is None:
        for candidate in texts:
            number = _number_before_name(candidate, series)
            if number:
                break
    if isinstance(meta.get("series"), str) and meta["series"].strip():
        series = clean_inline(meta["series"])
    if isinstance(meta.get("series_number"), int) and not isinstance(meta.get("series_number"), bool):
        number = meta["series_number"]
    post.series = series
    post.series_number = number if number and 0 < number < 10000 else None
    for text, href in link_candidates:
        if href and href.startswith(("http://", "https://")) and series and text.lower() == series.lower():
            post.series_url = href
            break
    else:
        http_links = [href for _t, href in link_candidates if href and href.startswith(("http://", "https://"))]
        post.series_url = http_links[0] if http_links else None
    if isinstance(meta.get("series_url"), str) and meta["series_url"].startswith(("http://", "https://")):
        post.series_url = meta["series_url"].strip()


def _series_name(raw: str, categories) -> str | None:
    raw = raw.strip()
    for category in categories:
        if raw.lower().startswith(category.lower()):
            return category
    words = []
    for word in raw.split():
        if word[:1].isupper() or word in ("und", "für", "der", "die", "das", "&", "of", "and") or not words:
            words.append(word)
        else:
            break
    while words and words[-1] in ("und", "für", "der", "die", "das", "&", "of", "and"):
        words.pop()
    return " ".join(words) or None


def _number_before(prefix: str, _series) -> int | None:
    """The number just before "Meetup ... Reihe": "Das 9. Meetup", "Das sechste Meetup"."""
    match = re.search(r"(?:(\d{1,3})\.|\b([A-Za-zäöüß]+))\s+(?:Meetup|MeetUp|Treffen|Ausgabe)\s*$", prefix.strip())
    if not match:
        return None
    if match.group(1):
        return int(match.group(1))
    return _ordinal_value(match.group(2))


def _number_before_name(text: str, series: str) -> int | None:
    """ "2. Open Innovation Hour", "In der zweiten Open Innovation Hour"."""
    match = re.search(r"(?:(\d{1,3})\.|\b([A-Za-zäöüß]+))\s+" + re.escape(series), text, re.IGNORECASE)
    if not match:
        return None
    if match.group(1):
        return int(match.group(1))
    return _ordinal_value(match.group(2))


def _schedule(post, sections, post_date):
    lines = [line for section in _sections(sections, "schedule") for line in _paragraph_lines(section)]
    for line in lines:
        match = _DATE_RE.search(line.text)
        if match and post.event_date is None:
            post.event_date = _checked_date(post, match, post_date)
            continue
        labelled = _TIME_LABEL_RE.match(line.text)
        if labelled:
            value = normalise_time(labelled.group(2), labelled.group(3))
            label = labelled.group("label").lower()
            if label in ("beginn", "start"):
                post.start = post.start or value
            elif label.startswith("ende"):
                post.end = post.end or value
            else:
                post.admission = post.admission or value
            continue
        time_range = _TIME_RANGE_RE.search(line.text)
        if time_range:
            post.start = post.start or normalise_time(time_range.group(1), time_range.group(2))
            post.end = post.end or normalise_time(time_range.group(3), time_range.group(4))
            continue
        if post.venue is None and line.text:
            post.venue = line.leading_bold or line.text
    if post.event_date is None:  # no schedule section: a date in the teaser or the text still counts
        for candidate in [post.teaser or ""] + [
            line.text for section in sections if section.key is None for line in _paragraph_lines(section)
        ]:
            match = _DATE_RE.search(candidate)
            if match:
                post.event_date = _checked_date(post, match, post_date)
                if post.event_date:
                    break
    if post.start is None:
        for section in sections:
            if section.key is None:
                match = next((m for m in (_AT_TIME_RE.search(line.text) for line in _paragraph_lines(section))
                              if m), None)
                if match:
                    post.start = normalise_time(match.group(1), match.group(2))
                    break
    schedule_text = " ".join([post.venue or ""] + [line.text for line in lines]).lower()
    post.online = any(re.search(r"\b" + word, schedule_text) for word in ONLINE_WORDS)


def _checked_date(post, match, post_date) -> date | None:
    month = match.group("month")
    if match.group("month_name"):
        name = match.group("month_name").lower()
        if name not in MONTHS:
            return None
        month = MONTHS.index(name) + 1
    try:
        value = date(int(match.group("year")), int(month), int(match.group("day")))
    except (TypeError, ValueError):
        post.warnings.append(_("The date “{date}” does not exist.").format(date=match.group(0)))
        return None
    weekday = (match.group("weekday") or "").lower()
    if weekday in WEEKDAYS and WEEKDAYS.index(weekday) != value.weekday():
        actual = dateformat.format(value, "l")  # in the reader's language
        message = _("The weekday “{weekday}” does not match {date}, which is a {actual}.").format(
            weekday=match.group("weekday"), date=value.strftime("%d.%m.%Y"), actual=actual)
        for year in (value.year + 1, value.year - 1):
            try:
                other = value.replace(year=year)
            except ValueError:
                continue
            if other.weekday() == WEEKDAYS.index(weekday):
                message += " " + _("In {year} it is a {weekday}: is the year wrong?").format(
                    year=year, weekday=match.group("weekday"))
                break
        post.warnings.append(message)
    if post_date and (value - post_date).days < -14:
        post.warnings.append(_("The meetup on {date} lies before the post's own date {post_date}: is the year "
                               "wrong?").format(date=value.strftime("%d.%m.%Y"),
                                                post_date=post_date.strftime("%d.%m.%Y")))
    elif post_date and (value - post_date).days > 2 * 366:
        post.warnings.append(_("The meetup on {date} lies more than two years after the post's date {post_date}: "
                               "is the year wrong?").format(date=value.strftime("%d.%m.%Y"),
                                                           post_date=post_date.strftime("%d.%m.%Y")))
    return value


_SPEAKER_HEAD_RE = re.compile(r"^\*\*(?:\[[^\]]*\]\([^)]*\)|[^*]|\*(?!\*))+\*\*\s*(?:\[[^\]]*\]\([^)]*\))?\s*")
_TRAILING_PROFILE_RE = re.compile(r"\s*\(?\[(?:" + "|".join(PROFILE_LABELS) + r")[^\]]*\]\([^)]*\)\)?\s*\.?\s*$",
                                  re.IGNORECASE)
_IMPULSE_NAME_RE = re.compile(r"^\*\*[^*]*Impuls[^*]*\*\*\s*:?\s*(?:Wir freuen uns auf\s+|mit\s+)?"
                              r"(?:\*\*(?P<bold>[^*]+)\*\*|(?P<plain>[A-ZÄÖÜ][\w.'’-]+(?:\s+[A-ZÄÖÜ][\w.'’-]+){1,3}),)")


def _speakers(post, sections, tags):
    speakers = []
    for section in _sections(sections, "speakers"):
        for block in section.blocks:
            if block.kind != "paragraph" or not block.lines:
                if speakers and block.source.strip():
                    speakers[-1].bio = (speakers[-1].bio + "\n\n" + restore_liquid(block.source, tags)).strip()
                continue
            first = block.lines[0]
            if looks_like_name(first.leading_bold):
                speakers.append(_speaker_from_paragraph(block, first, tags, post.warnings))
            elif speakers:
                speakers[-1].bio = (speakers[-1].bio + "\n\n" + restore_liquid(block.source, tags)).strip()
    if not speakers:
        speakers = _speakers_elsewhere(sections, tags)
    post.speakers = speakers


def _speaker_from_paragraph(block, first, tags, warnings) -> ParsedSpeaker:
    links = [(text, href, follows) for line in block.lines for text, href, follows in line.links]
    url = first.link_in_bold or next((href for _t, href, follows in links if follows), None)
    if url is None:
        url = next((href for text, href, _f in reversed(links) if text.lower().startswith(PROFILE_LABELS)), None)
    if url is None and re.search(r"\]\(\s*(?!https?://|mailto:|tel:)[a-zA-Z][\w+.-]*:", block.source):
        url = "unsafe:"  # markdown-it refuses to link javascript: and friends; still tell the organiser
    if url and not url.startswith(("http://", "https://")):
        warnings.append(_("The profile link of {name} is not a web address and was left out.").format(
            name=first.leading_bold))
        url = None
    rest = _SPEAKER_HEAD_RE.sub("", restore_liquid(block.source, tags), count=1).strip()
    rest = _TRAILING_PROFILE_RE.sub("", rest).strip()
    role, bio = _split_role(rest)
    return ParsedSpeaker(name=first.leading_bold, profile_url=url, role=role, bio=bio)


def _split_role(text: str) -> tuple[str, str]:
    """ "ist Professorin für X. Ihr Schwerpunkt ..." -> ("Professorin für X", "Ihr Schwerpunkt ...")."""
    if not text.startswith("ist "):
        return "", text
    first_line = text.split("\n", 1)[0]
    for match in re.finditer(r"\.(?=\s|$)", first_line):
        before = first_line[:match.start()].lower()
        if any(before.endswith(" " + abbreviation) or before == abbreviation for abbreviation in ABBREVIATIONS):
            continue
        role = first_line[len("ist "):match.start()].strip()
        bio = text[match.end():].strip()
        return (role, bio) if role else ("", text)
    return "", text


def _speakers_elsewhere(sections, tags) -> list[ParsedSpeaker]:
    """Posts without a speaker section: quoted authors and "**Impuls**: Name, ..." lines."""
    names = []
    for tag in tags:
        author = clean_inline(tag.attrs.get("author", "")) if tag.name.startswith("quote") else ""
        if looks_like_name(author):
            names.append(author)
    for section in sections:
        for line in _paragraph_lines(section):
            match = _IMPULSE_NAME_RE.match(strip_list_marker(line.source))
            if match:
                name = clean_inline(match.group("bold") or match.group("plain"))
                if looks_like_name(name):
                    names.append(name)
    unique = []
    for name in names:
        if name.lower() not in {n.lower() for n in unique}:
            unique.append(name)
    return [ParsedSpeaker(name=name) for name in unique]


def _format_and_prerequisites(post, meta):
    description = " ".join(
        line.text for block in parse_blocks(post.description_md) for line in
        (block.lines or [ln for item in block.items for ln in item])
    ) if post.description_md else ""
    match = re.search(r"\b\d+[-\s]?minütige[nrs]?\s+([A-ZÄÖÜ][\w&-]*)", description)
    post.format = match.group(1) if match else None
    sentence = re.search(r"[^.!?]*\bVorkenntnisse\b[^.!?]*[.!?]?", description)
    post.prerequisites = sentence.group(0).strip() if sentence else None
    for key in ("format", "prerequisites"):
        if isinstance(meta.get(key), str) and meta[key].strip():
            setattr(post, key, clean_inline(meta[key]))
