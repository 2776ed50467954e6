"""What the parser reads from a post."""
from dataclasses import dataclass, field
from datetime import date

MAX_POST_SIZE = 1024 * 1024


@dataclass
class ParsedPost:
    """The facts of an announcement post in plain text (``as_json``), and in ``values`` what the import
    writes: registry key to the post's markdown (``description``, ``hint``, ``outcomes`` one item per line,
    ...), to a plain value (``series_number``, ``is_remote``) or, for times, to a naive local datetime."""
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
    warnings: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    front_matter: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """Exactly the keys of ``python -m pretix oicmeetup_parse``."""
        return {
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
        }
