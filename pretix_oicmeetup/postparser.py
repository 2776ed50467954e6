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
from .postspeakers import (
    MAX_SPEAKERS,
    ROLE_FUNCTION_WORDS,
    Person,
    is_profile_link,
    item_source,
    merge,
    name_key,
    people_in_lines,
    people_in_text,
    person_at,
    profile_for,
    tokens_of,
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

# Every quantifier is bounded and every pattern starts at a word boundary, so a search is linear in the
# text it looks at (no backtracking over long runs of letters or spaces).
_DATE_RE = re.compile(
    r"(?:\b(?P<weekday>[A-Za-zÄÖÜäöü]{2,12}),?\s{1,3})?\b(?P<day>\d{1,2})\.\s{0,3}"
    r"(?:(?P<month_name>[A-Za-zÄÖÜäöü]{3,12})|(?P<month>\d{1,2})\.)\s{0,3}(?P<year>\d{4})\b"
)
_TIME = r"\b(\d{1,2})(?:[:.](\d{2}))?"
_TIME_RANGE_RE = re.compile(_TIME + r"\s{0,3}(?:Uhr\s{0,3})?(?:-|–|—|bis)\s{0,3}" + _TIME + r"\s{0,3}Uhr")
_TIME_LABEL_RE = re.compile(r"^(?P<label>Beginn|Start|Ende|Einlass|Ende ca\.)\s{0,3}:?\s{0,3}(?:ab\s{1,3}|ca\.\s{1,3})?"
                            + _TIME, re.IGNORECASE)
_AT_TIME_RE = re.compile(r"\bum\s{1,3}" + _TIME + r"\s{0,3}Uhr")
_REIHE_RE = re.compile(r"\b(?:aus\s{1,3})?der\s{1,3}(?:Meetup-|MeetUp-)?Reihe\s{1,3}[„\"“]?"
                       r"(?P<name>[^.,;:!?„\"“”]{1,120})")
_NUMBER_BEFORE_RE = re.compile(r"(?:\b(\d{1,3})\.|\b([A-Za-zäöüß]{1,20}))\s{1,3}(?:Meetup|MeetUp|Treffen|Ausgabe)"
                               r"\s{0,3}$")
MAX_SCAN = 2000  # characters of one line that the patterns look at; no date or name sits further in


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
    match = _NUMBER_BEFORE_RE.search(prefix.strip()[-60:])
    if not match:
        return None
    if match.group(1):
        return int(match.group(1))
    return _ordinal_value(match.group(2))


def _number_before_name(text: str, series: str) -> int | None:
    """ "2. Open Innovation Hour", "In der zweiten Open Innovation Hour"."""
    match = re.search(r"(?:\b(\d{1,3})\.|\b([A-Za-zäöüß]{1,20}))\s{1,3}" + re.escape(series), text[:MAX_SCAN],
                      re.IGNORECASE)
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


# --- speakers -------------------------------------------------------------------------------------

def _speakers(post, sections, tags):
    """The speaker section if the post has one; otherwise whoever the running text presents as a speaker,
    in the order of the post (teaser last), plus the authors of quotes."""
    speakers = []
    for section in _sections(sections, "speakers"):
        speakers += _section_speakers(section, tags, post.warnings)
    if not speakers:
        people = []
        for section in sections:
            if section.key in (None, "schedule", "outcomes", "series", "hint", "speakers"):
                merge(people, _people_in_blocks(section.blocks, claimed=set()))
        merge(people, people_in_text(post.teaser or ""))
        for tag in tags:
            author = clean_inline(tag.attrs.get("author", "")) if tag.name.startswith("quote") else ""
            if looks_like_name(author) and person_at(tokens_of(author), 0):
                merge(people, [Person(author)])
        speakers = [ParsedSpeaker(name=p.name, profile_url=p.profile_url, role=p.role) for p in people]
    for speaker in speakers:
        if speaker.profile_url and not speaker.profile_url.startswith(("http://", "https://")):
            post.warnings.append(_("The profile link of {name} is not a web address and was left out.").format(
                name=speaker.name))
            speaker.profile_url = None
    post.speakers = speakers[:MAX_SPEAKERS]


def _people_in_blocks(blocks, claimed):
    """People presented in running text, lists after "Auf dem Podium:" included."""
    people, list_follows = [], False
    for block in blocks:
        if block.kind == "list":
            for item in block.items:
                merge(people, people_in_lines(item[:1], label_context=list_follows, claimed=claimed))
                merge(people, people_in_lines(item[1:], claimed=claimed))
            list_follows = False
        elif block.kind in ("paragraph", "heading"):
            merge(people, people_in_lines(block.lines, claimed=claimed))
            last = block.lines[-1].text if block.lines else ""
            list_follows = last.endswith(":") and bool(
                {t.lower.rstrip(":") for t in tokens_of(last[-300:])} & _LIST_CUES)
    return people


_LIST_CUES = {"podium", "panel", "diskutieren", "sprechen", "referierende", "referentinnen", "referenten",
              "gäste", "dabei", "expertinnen", "experten", "impulse", "impulsgebende", "speaker", "speakers",
              "mitwirkende", "diskutanten", "mit", "von", "podiumsgäste"}


def _section_speakers(section, tags, warnings) -> list[ParsedSpeaker]:
    speakers = []

    def add_bio(source):
        if speakers and source:
            speakers[-1].bio = (speakers[-1].bio + "\n\n" + source).strip()

    for block in section.blocks:
        source = restore_liquid(block.source, tags)
        if block.kind == "heading" and block.lines:
            heading = line_text(block.lines)
            found = person_at(tokens_of(heading), 0)
            if found and found[2] == len(tokens_of(heading)):
                speakers.append(ParsedSpeaker(name=found[0], profile_url=profile_for(
                    found[0], block.lines[0].links, set())))
            continue
        if block.kind == "list":
            for item in block.items:
                if not item:
                    continue
                speaker = _speaker_from_lines(item, item_source(item), warnings)
                if speaker:
                    speakers.append(speaker)
                else:
                    people = people_in_lines(item, label_context=True)
                    if people:
                        speakers += [ParsedSpeaker(name=p.name, profile_url=p.profile_url, role=p.role)
                                     for p in people]
                    else:
                        add_bio(item_source(item))
            continue
        if block.kind != "paragraph" or not block.lines:
            add_bio(source)
            continue
        speaker = _speaker_from_lines(block.lines, source, warnings)
        if speaker:
            if speakers and not speakers[-1].bio and not speakers[-1].role and speakers[-1].name == speaker.name:
                speakers[-1] = speaker  # "#### Ada Lovelace" then "**Ada Lovelace** ist …"
            else:
                speakers.append(speaker)
            continue
        people = people_in_lines(block.lines)
        if people and not (speakers and len(people) == 1 and
                           name_key(people[0].name) == name_key(speakers[-1].name)):
            known = {name_key(s.name) for s in speakers}
            speakers += [ParsedSpeaker(name=p.name, profile_url=p.profile_url, role=p.role) for p in people
                         if name_key(p.name) not in known]
        elif speakers and speakers[-1].bio == "" and speakers[-1].role == "" and \
                line_text(block.lines).startswith(speakers[-1].name.split()[-1]):
            _, role, bio = _role_and_bio(speakers[-1].name, source[len(speakers[-1].name):].strip()
                                         if source.startswith(speakers[-1].name) else source)
            speakers[-1].role, speakers[-1].bio = role, bio
        else:
            add_bio(source)
    return speakers


def _speaker_from_lines(lines, source, warnings) -> ParsedSpeaker | None:
    """A speaker paragraph or list item: the name first (bold, linked or plain), then the role, the bio."""
    first = lines[0]
    name, role_in_bold, head_end = None, "", None
    if first.leading_bold:
        bold = first.leading_bold
        if looks_like_name(bold) and _name_tokens_only(bold):
            name = bold
        elif "," in bold and looks_like_name(bold.split(",", 1)[0]) and _name_tokens_only(bold.split(",", 1)[0]):
            name, role_in_bold = bold.split(",", 1)[0].strip(), bold.split(",", 1)[1].strip()
        if name:
            head_end = _bold_head_end(source)
    if name is None:
        tokens = tokens_of(first.text)
        found = person_at(tokens, 0)
        if not found:
            return None
        after = tokens[found[2]].lower if found[2] < len(tokens) else ""
        if not (found[3] and after in ("ist", "hat", ",", "(", "–", "—", "-", "arbeitet", "forscht", "leitet", "")):
            return None
        name = found[0]
        head_end = _plain_head_end(source, name)
        if head_end is None:
            return None
    links = [(text, href, follows) for line in lines for text, href, follows in line.links]
    url = first.link_in_bold or next((href for _t, href, follows in links if follows), None)
    if url is None:
        url = profile_for(name, links, set())
    if url is None:
        url = next((href for text, href, _f in reversed(links) if is_profile_link(text, href, name)), None)
    if url is None and re.search(r"\]\(\s{0,10}(?!https?://|mailto:|tel:)[a-zA-Z][\w+.-]{0,30}:", source):
        url = "unsafe:"  # markdown-it refuses to link javascript: and friends; still tell the organiser
    rest = source[head_end:].strip()
    rest = _skip_link(rest)
    rest = _strip_trailing_profile(rest, name)
    if role_in_bold:
        rest = ", " + role_in_bold + ("" if rest.startswith((",", ".")) else ". ") + rest
    _, role, bio = _role_and_bio(name, rest)
    return ParsedSpeaker(name=name, profile_url=url, role=role, bio=bio)


def _name_tokens_only(text):
    tokens = tokens_of(text)
    found = person_at(tokens, 0)
    return bool(found) and found[2] == len(tokens)


def _bold_head_end(source: str) -> int:
    """Where the markdown source's opening bold run ends ("**Name**" or "**[Name](url)**")."""
    if not source.startswith(("**", "__")):
        return 0
    end = source.find(source[:2], 2)
    return end + 2 if end >= 0 else 0


def _plain_head_end(source: str, name: str) -> int | None:
    if source.startswith(name):
        return len(name)
    if source.startswith("[" + name + "]("):
        end = source.find(")", len(name) + 3)
        return end + 1 if end >= 0 else None
    return None


def _skip_link(rest: str) -> str:
    """The profile link right after the name: "[LinkedIn](…)" or "([LinkedIn](…))"."""
    text = rest[1:] if rest.startswith("(") else rest
    if text.startswith("["):
        close = text.find("](")
        end = text.find(")", close + 2) if close >= 0 else -1
        if 0 <= close <= 60 and end >= 0:
            text = text[end + 1:]
            if rest.startswith("(") and text.startswith(")"):
                text = text[1:]
            return text.strip()
    return rest


_TRAILING_LINK_RE = re.compile(r"\(?\[([^\]\n]{1,100})\]\(([^)\s]{1,500})\)\)?[\s.]{0,5}$")
_TRAILING_LABEL_RE = re.compile(r"(?:^|\s)(?:[A-ZÄÖÜ][\wäöüß]{0,20}\s){0,3}?[\wäöüß]{0,20}:$")


def _strip_trailing_profile(rest: str, name: str) -> str:
    tail = rest[-700:]
    match = _TRAILING_LINK_RE.search(tail)
    if match and is_profile_link(match.group(1), match.group(2), name):
        rest = rest[:len(rest) - len(tail) + match.start()].rstrip()
        label = _TRAILING_LABEL_RE.search(rest[-60:])
        if label and len(label.group(0).split()) <= 4:
            rest = rest[:len(rest) - len(label.group(0))].rstrip()
    return rest


_HAS_INNE_RE = re.compile(r"^hat\s{1,3}(?:die|den|das|eine|einen|ein)\s{1,3}(.{3,300}?)\s{1,3}inne$")
_AS_RE = re.compile(r"^(?:ist|arbeitet|forscht|lehrt|wirkt)\s{1,3}(?:seit\s{1,3}\S{1,12}\s{1,3})?als\s{1,3}(.{3,300}?)"
                    r"(?:\s{1,3}tätig)?$")
_SINCE_RE = re.compile(r"^seit\s{1,3}(?:\d{4}|\S{1,12}\s{1,3}Jahren)\s{1,3}")


def _role_and_bio(name: str, rest: str) -> tuple[str, str, str]:
    """(name, role, bio) from what follows the name: "ist Professorin für X.", "hat die Juniorprofessur für
    X inne.", "(Professorin für X) forscht …", ", Professorin für X, forscht …", "– Professorin für X"."""
    rest = rest.strip()
    if rest.startswith("("):
        close = rest.find(")")
        if 0 < close <= 300:
            return name, rest[1:close].strip(), _bio(name, rest[close + 1:])
        return name, "", rest
    if rest.startswith((",", "–", "—", "- ")):
        body = rest.lstrip(",–—- ").strip()
        sentence, after = _first_sentence(body)
        cut = _verb_cut(sentence)
        if cut is not None:
            return name, sentence[:cut].rstrip(" ,"), _bio(name, sentence[cut:] + " " + after)
        return name, sentence.rstrip(" ,"), _bio(name, after)
    sentence, after = _first_sentence(rest)
    match = _HAS_INNE_RE.match(sentence) or _AS_RE.match(sentence)
    if match:
        return name, match.group(1).strip(), _bio(name, after)
    if sentence.startswith("ist "):
        role = _SINCE_RE.sub("", sentence[len("ist "):].strip())
        cut = _verb_cut(role, conjunction_only=True)
        if cut is not None:
            return name, role[:cut].rstrip(" ,").removesuffix(" und").strip(), _bio(name, role[cut:] + " " + after)
        if role:
            return name, role, _bio(name, after)
    return name, "", _bio(name, rest)


def _first_sentence(text: str) -> tuple[str, str]:
    """The text up to the first sentence end (not after "Dr.", "z. B." or "9."), and the rest."""
    first_line, newline, later = text.partition("\n")
    for match in re.finditer(r"[.!?](?=\s|$)", first_line[:MAX_SCAN]):
        before = first_line[max(0, match.start() - 12):match.start()].lower()
        word = re.split(r"[\s(]", before)[-1]
        if word.isdigit() or word.rstrip(".") in _ABBREVIATION_WORDS or (len(word) == 1 and word.isalpha()):
            continue
        return first_line[:match.start()].strip(), (first_line[match.end():] + newline + later).strip()
    return first_line.strip(), later.strip()


_ABBREVIATION_WORDS = {"dr", "prof", "dipl", "ing", "bzw", "ca", "inkl", "co", "st", "nr", "z. b", "b", "u. a", "a",
                       "evtl", "ggf", "jun", "apl", "usw", "etc", "vgl", "bspw", "sog", "e. v", "v", "e.v", "u.a",
                       "z.b"}


def _verb_cut(text: str, conjunction_only=False) -> int | None:
    """Where a role stops and a clause begins: ", forscht …" or " und leitet …"."""
    tokens = tokens_of(text)
    for index, token in enumerate(tokens[1:], start=1):
        previous = tokens[index - 1].text
        if previous not in (",", "und") or (conjunction_only and previous != "und"):
            continue
        word = token.text
        if word[:1].islower() and token.lower not in ROLE_FUNCTION_WORDS and not (
                index + 1 < len(tokens) and tokens[index + 1].text[:1].isupper()
                and token.lower.endswith(("e", "en", "er", "es", "em"))):
            return token.start if previous == "," or not conjunction_only else token.start
    return None


def _bio(name: str, text: str) -> str:
    text = text.strip().lstrip(",.;: ").strip()
    if text[:1].islower():  # "(Professorin) forscht zu …": the sentence needs its subject back
        text = f"{name} {text}"
    return text


def _format_and_prerequisites(post, meta):
    sentences = []
    for block in parse_blocks(post.description_md) if post.description_md else []:
        lines = block.lines or [ln for item in block.items for ln in item]
        text = " ".join(line.text for line in lines)[:MAX_SCAN * 4]
        while text:
            sentence, text = _first_sentence(text.replace("\n", " "))
            sentences.append(sentence)
    post.format = None
    for sentence in sentences:
        match = _FORMAT_RE.search(sentence)
        if match:
            post.format = match.group(1)
            break
    post.prerequisites = next((p for p in map(_prerequisite, sentences) if p), None)
    for key in ("format", "prerequisites"):
        if isinstance(meta.get(key), str) and meta[key].strip():
            setattr(post, key, clean_inline(meta[key]))


_FORMAT_RE = re.compile(r"\b\d{1,3}[-\s]?minütige[nrs]?\s{1,3}([A-ZÄÖÜ][\w&-]{0,40})")
_PREREQUISITE_RE = re.compile(
    r"\b(?:(?:es\s{1,3}(?:sind|werden)\s{1,3})?(?:keine|keinerlei)\s{1,3}(?:besonderen\s{1,3}|technischen\s{1,3})?"
    r"Vorkenntnisse\s{1,3}(?:notwendig|nötig|erforderlich|vorausgesetzt|benötigt|gebraucht)"
    r"|Vorkenntnisse\s{1,3}(?:sind|werden)\s{1,3}(?:nicht|keine)\s{1,3}(?:notwendig|nötig|erforderlich|vorausgesetzt)"
    r"|(?:ohne|auch\s{1,3}ohne)\s{1,3}Vorkenntnisse\s{1,3}(?:teilnehmen|mitmachen|dabei|möglich|geeignet)"
    r"|Vorkenntnisse\s{1,3}(?:in|im|zu|über|mit|von)\b.{0,120}?\s(?:sind|wären)\s{1,3}"
    r"(?:hilfreich|von\s{1,3}Vorteil|erwünscht|notwendig|nötig|erforderlich|vorausgesetzt))",
    re.IGNORECASE)


def _prerequisite(sentence: str) -> str | None:
    """What the meetup asks of its participants, if the sentence says so; "Es sind keine Vorkenntnisse
    notwendig." -> "Keine Vorkenntnisse notwendig". A sentence about something else ("Die Handreichung ist
    ohne Vorkenntnisse nutzbar") is not one."""
    if "orkenntnis" not in sentence:
        return None
    match = _PREREQUISITE_RE.search(sentence)
    if not match:
        return None
    text = re.sub(r"^(?:es\s+(?:sind|werden)\s+)", "", match.group(0), flags=re.IGNORECASE)
    if match.start() > 0 and not text.lower().startswith(("keine", "keinerlei")):
        text = sentence.strip()
    return text[:1].upper() + text[1:]
