"""The few kinds of blocks sections (``posts.structure.Section``) are made of; the formatters (``html``,
``text``, ``markdown``) know how to lay out each of them."""
from dataclasses import dataclass

from .fragments import Fragment
from .purposes import Purpose


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
class Gallery:
    photos: list  # of (url, alt text, credit)
    kind: str = "gallery"


@dataclass(frozen=True)
class Context:
    purpose: Purpose
    medium: str
    attendee: bool  # may see the private online link
