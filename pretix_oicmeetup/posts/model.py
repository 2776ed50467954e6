"""What the parser reads from a post: an announcement (``ParsedPost``) or a Rückblick (``ParsedRetrospective``)."""
import datetime
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

MAX_POST_SIZE = 1024 * 1024


@dataclass
class ParsedPost:
    """The facts of an announcement post in plain text (``as_json``), and in ``values`` what the import
    writes: registry key to the post's markdown (``description``, ``hint``, ``outcomes`` one item per line,
    ...), to a plain value (``series_number``, ``is_remote``) or, for times, to a naive local datetime."""
    kind: ClassVar[str] = "announcement"
    title: str | None = None
    teaser: str | None = None
    authors: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    pretix_event: str | None = None
    event_date: date | None = None
    start: str | None = None
    end: str | None = None
    admission: str | None = None
    venue: str | None = None
    speakers: list = field(default_factory=list)
    learning_outcomes: list = field(default_factory=list)
    materials: list = field(default_factory=list)
    hint: str | None = None
    retrospective_post: str | None = None  # front matter: the Rückblick post that looks back on this one
    warnings: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    front_matter: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """Exactly the keys of ``python -m pretix oicmeetup_parse`` for an announcement."""
        return {
            "kind": self.kind,
            "title": self.title,
            "teaser": self.teaser,
            "authors": self.authors,
            "categories": self.categories,
            "pretix_event": self.pretix_event,
            "series": self.values.get("series_name"),
            "series_number": self.values.get("series_number"),
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "start": self.start,
            "end": self.end,
            "admission": self.admission,
            "venue": self.venue,
            "online": bool(self.values.get("is_remote")),
            "speakers": [{"name": s.name, "profile_url": s.profile_url} for s in self.speakers],
            "learning_outcomes": self.learning_outcomes,
            "materials": self.materials,
            "hint": self.hint,
            "warnings": self.warnings,
            "retrospective_post": self.retrospective_post,
        }


@dataclass
class ParsedRetrospective:
    """A Rückblick post: the facts in plain text (``as_json``); in ``values`` what the import writes (registry
    key to text or markdown: ``retrospective_title``, ``retrospective_teaser``, ``retrospective_authors`` one
    name per line, ``retrospective_recap``, and ``series_info`` if the post has that section)."""
    kind: ClassVar[str] = "retrospective"
    title: str | None = None
    teaser: str | None = None
    authors: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    date: datetime.date | None = None  # the post's own date (front matter)
    related_post: str | None = None  # the announcement post it looks back on (its file name without .md)
    gallery: str | None = None  # folder of the post's first gallery include
    gallery_images: list = field(default_factory=list)  # (file name, caption or "") of that include's images
    header_image: str | None = None
    recap: str = ""  # the body's markdown without the series info and the liquid includes
    warnings: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    front_matter: dict = field(default_factory=dict)  # JSON-able: dates as ISO text

    def as_json(self) -> dict:
        """Exactly the keys of ``python -m pretix oicmeetup_parse`` for a Rückblick."""
        return {
            "kind": self.kind,
            "title": self.title,
            "teaser": self.teaser,
            "authors": self.authors,
            "categories": self.categories,
            "date": self.date.isoformat() if self.date else None,
            "related_post": self.related_post,
            "gallery": self.gallery,
            "header_image": self.header_image,
            "recap": self.recap,
        }
