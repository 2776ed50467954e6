"""The series: its name and the meetup's number in it ("Das 9. Meetup aus der Reihe KI und
Zivilgesellschaft", "die sechste Open Innovation Hour"), its info text and link."""
import re

from ..structure import restore_liquid
from . import intro_lines, paragraph_lines, sections_of
from .tokens import MAX_SCAN
from .words import ordinal_value

_REIHE_RE = re.compile(r"\b(?:aus\s{1,3})?der\s{1,3}(?:Meetup-|MeetUp-)?Reihe\s{1,3}[„\"“]?"
                       r"(?P<name>[^.,;:!?„\"“”]{1,120})")
_NUMBER_BEFORE_RE = re.compile(r"(?:\b(\d{1,3})\.|\b([A-Za-zäöüß]{1,20}))\s{1,3}(?:Meetup|MeetUp|Treffen|Ausgabe)"
                               r"\s{0,3}$")
_LINKING_WORDS = ("und", "für", "der", "die", "das", "&", "of", "and")


def extract_series(post, sections, tags):
    info_sources, link_candidates = [], []
    for section in sections_of(sections, "series"):
        for block in section.blocks:
            info_sources.append(restore_liquid(block.source, tags))
            for line in block.lines:
                for text, href, _follows in line.links:
                    link_candidates.append((text, href))
    post.values["series_info"] = "\n\n".join(s for s in info_sources if s)

    texts = [post.teaser or "", post.title or ""] + [line.text for line in intro_lines(sections)] + [
        line.text for section in sections_of(sections, "series") for line in paragraph_lines(section)]
    series, number = None, None
    for candidate in texts:
        match = _REIHE_RE.search(candidate)
        if match:
            series = _series_name(match.group("name"), post.categories)
            number = _number_before(candidate[:match.start()])
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
    post.values["series_name"] = series
    post.values["series_number"] = number if number and 0 < number < 10000 else None
    http_links = [(text, href) for text, href in link_candidates if href and href.startswith(("http://", "https://"))]
    named = [href for text, href in http_links if series and text.lower() == series.lower()]
    post.values["series_url"] = (named or [href for _t, href in http_links] or [None])[0]


def _series_name(raw: str, categories) -> str | None:
    raw = raw.strip()
    for category in categories:
        if raw.lower().startswith(category.lower()):
            return category
    words = []
    for word in raw.split():
        if word[:1].isupper() or word in _LINKING_WORDS or not words:
            words.append(word)
        else:
            break
    while words and words[-1] in _LINKING_WORDS:
        words.pop()
    return " ".join(words) or None


def _number_before(prefix: str) -> int | None:
    """The number just before "Meetup ... Reihe": "Das 9. Meetup", "Das sechste Meetup"."""
    match = _NUMBER_BEFORE_RE.search(prefix.strip()[-60:])
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else ordinal_value(match.group(2))


def _number_before_name(text: str, series: str) -> int | None:
    """ "2. Open Innovation Hour", "In der zweiten Open Innovation Hour"."""
    match = re.search(r"(?:\b(\d{1,3})\.|\b([A-Za-zäöüß]{1,20}))\s{1,3}" + re.escape(series), text[:MAX_SCAN],
                      re.IGNORECASE)
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else ordinal_value(match.group(2))
