"""Reading the meetup's fields from a website announcement post (Jekyll: YAML front matter + markdown).

``postmarkdown`` gives the post's structure (front matter, sections by heading, lines with their bold
text and links); regular expressions here only look at short, already isolated pieces (a date line, a
time line, one sentence). Nothing touches the database: ``parse_post`` turns text into a ``ParsedPost``
or raises ``PostParseError``.
"""
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime

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
from .postspeakers import ParsedSpeaker, find_speakers, first_sentence, looks_like_name  # noqa: F401

MAX_POST_SIZE = 1024 * 1024

WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
MONTHS = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "dezember"]
ORDINALS = ["erste", "zweite", "dritte", "vierte", "fünfte", "sechste", "siebte", "achte", "neunte", "zehnte",
            "elfte", "zwölfte", "dreizehnte", "vierzehnte", "fünfzehnte", "sechzehnte", "siebzehnte",
            "achtzehnte", "neunzehnte", "zwanzigste"]
ONLINE_WORDS = ("zoom", "online", "webex", "teams", "jitsi", "bigbluebutton", "livestream")


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


def as_date(value) -> date | None:
    """The post's ``date:`` as a date, whatever YAML made of it: a date, a datetime, "2025-11-11",
    20251111 or 2025 (a year alone gives no date)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        text = value.strip()
        for candidate in (text[:10], text[:8]):
            if len(candidate) in (8, 10) and candidate[:4].isdigit():
                try:
                    return date.fromisoformat(candidate)
                except ValueError:
                    continue
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
    _schedule(post, sections, as_date(front.get("date")))
    find_speakers(post, sections, tags)
    _format_and_prerequisites(post, meta, sections)
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


def _description_blocks(sections):
    for section in sections:
        if section.key == "registration":
            return
        if section.key is None:
            yield from section.blocks


def _format_and_prerequisites(post, meta, sections):
    sentences = []
    for block in _description_blocks(sections):
        lines = block.lines or [ln for item in block.items for ln in item]
        text = " ".join(line.text for line in lines)[:MAX_SCAN * 4]
        while text:
            sentence, text = first_sentence(text.replace("\n", " "))
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
    r"|(?:ohne|auch\s{1,3}ohne)\s{1,3}Vorkenntnisse(?:\s{1,3}[\wäöüß]{1,20}){0,4}?\s{1,3}"
    r"(?:teilnehmen|mitmachen|dabei|möglich|geeignet|willkommen)"
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
        text = sentence.strip().rstrip(".!?")
    return text[:1].upper() + text[1:]


# --- command line ----------------------------------------------------------------------------------

def read_and_parse(file: str, stdin=None) -> ParsedPost:
    """The post in ``file`` ("-": standard input), parsed; ``PostParseError`` with one line otherwise."""
    try:
        if file == "-":
            text = (stdin or sys.stdin).read()
        else:
            with open(file, encoding="utf-8") as f:
                text = f.read(MAX_POST_SIZE + 1)
    except (OSError, UnicodeDecodeError) as e:
        raise PostParseError(f"cannot read {file}: {getattr(e, 'strerror', None) or e}") from None
    try:
        return parse_post(text)
    except PostParseError as e:
        raise PostParseError(f"{file}: {e}") from None


def main(argv=None) -> int:
    """``python -m pretix_oicmeetup.postparser FILE``: the post's meetup data as one JSON object, like
    ``python -m pretix oicmeetup_parse FILE`` but without pretix: no configuration, no data directory."""
    import argparse
    import json

    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    parser = argparse.ArgumentParser(prog="python -m pretix_oicmeetup.postparser",
                                     description="Parse a website announcement post (Jekyll markdown) and print "
                                                 "its meetup data as one JSON object.")
    parser.add_argument("file", help="the post (.md); - reads standard input")
    args = parser.parse_args(argv)
    try:
        post = read_and_parse(args.file)
    except PostParseError as e:
        print(" ".join(str(e).split()), file=sys.stderr)
        return 1
    print(json.dumps(post.as_json(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
