"""When and where: the date (checked against its weekday and the post's own date), Beginn, Ende, Einlass,
the venue and whether the meetup is online."""
import re
from datetime import date, datetime, time

from django.utils import dateformat
from django.utils.translation import gettext as _

from . import intro_lines, paragraph_lines, sections_of
from .words import MONTHS, ONLINE_WORDS, WEEKDAYS

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


def extract_schedule(post, sections, post_date):
    lines = [line for section in sections_of(sections, "schedule") for line in paragraph_lines(section)]
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
        for candidate in [post.teaser or ""] + [line.text for line in intro_lines(sections)]:
            match = _DATE_RE.search(candidate)
            if match:
                post.event_date = _checked_date(post, match, post_date)
                if post.event_date:
                    break
    if post.start is None:
        for section in sections:
            if section.key is None:
                match = next((m for m in (_AT_TIME_RE.search(line.text) for line in paragraph_lines(section))
                              if m), None)
                if match:
                    post.start = normalise_time(match.group(1), match.group(2))
                    break
    schedule_text = " ".join([post.venue or ""] + [line.text for line in lines]).lower()
    post.values["is_remote"] = any(re.search(r"\b" + word, schedule_text) for word in ONLINE_WORDS)
    if post.venue:
        post.values["location"] = post.venue
    if post.event_date and post.start:
        post.values["date_from"] = _moment(post.event_date, post.start)
        post.values["date_to"] = _moment(post.event_date, post.end)
        post.values["date_admission"] = _moment(post.event_date, post.admission)


def _moment(day, hhmm) -> datetime | None:
    """A local time of the post (no time zone: the event's is added on import)."""
    if not hhmm:
        return None
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hour, minute))


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
