"""Where a meetup's texts name another edition than its number in the series: a next edition copied from
this one keeps "Beim 10. Meetup" while its number became 11, and nothing else would notice."""
import re
from dataclasses import dataclass

from i18nfield.strings import LazyI18nString

from . import fields as registry

# "Beim 10. Meetup", "das 10. KI-Meetup", "zum 3. Treffen"; "the 10th meetup". A date ("am 10. November",
# "10.11. Meetup") names no edition.
_GERMAN = re.compile(r"(?<![\d.])(\d{1,4})\.\s*(?:[\w-]*-)?(?:meetup|treffen|ausgabe|edition)\b", re.IGNORECASE)
_ENGLISH = re.compile(r"(?<![\d.])(\d{1,4})(?:st|nd|rd|th)\s+(?:[\w-]*-)?(?:meetup|edition)\b", re.IGNORECASE)
_TEXT_KINDS = (registry.TEXT, registry.INLINE, registry.MARKDOWN, registry.ITEMS)
# The series' own text may tell its history ("seit dem 1. Meetup 2024").
_ABOUT_THE_SERIES = {"series_info"}


@dataclass(frozen=True)
class OtherNumber:
    field: registry.MeetupField
    named: int


def numbers_named(text: str) -> set[int]:
    return {int(m.group(1)) for pattern in (_GERMAN, _ENGLISH) for m in pattern.finditer(text or "")}


def other_numbers(values: dict) -> list[OtherNumber]:
    """Each text field (any language) that names an edition number other than ``values["series_number"]``."""
    number = values.get("series_number")
    if not number:
        return []
    found = []
    for field in registry.FIELDS:
        if field.kind not in _TEXT_KINDS or field.key in _ABOUT_THE_SERIES or field.key not in values:
            continue
        value = values[field.key]
        texts = value.data.values() if isinstance(value, LazyI18nString) and isinstance(value.data, dict) \
            else [str(value or "")]
        named = set().union(*(numbers_named(str(t or "")) for t in texts)) if texts else set()
        found.extend(OtherNumber(field, n) for n in sorted(named - {number}))
    return found
