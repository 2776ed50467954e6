"""How changes are worded: as rows for the organiser's notice page and the import preview, and as the
``{meetup_changes}`` placeholder (HTML list and plain text) for attendees; plus the notice's default texts.

The rows come from the change engine's ``Change`` objects; a value reads the same everywhere
(``value_text``): times in the event's zone, the online flag as a word, texts in the reader's language.
"""
from dataclasses import dataclass
from datetime import datetime

from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_noop, pgettext
from i18nfield.strings import LazyI18nString

from ..languages import in_every_language
from ..meetup import fields as registry
from ..meetup.changes import ChangeKind
from ..render.dates import format_date_time
from ..render.fragments import markdown_text

DEFAULT_SUBJECT = gettext_noop("Change to {event}")
DEFAULT_INTRO = gettext_noop("Hello,\n\nthe meetup “{event}” you registered for has changed.")
CLOSING = gettext_noop("Best regards,  \n{meetup_signature}")  # noqa: W291 (a markdown line break)
# Speaker parts a notice only names as "updated": too long for a line, or not text at all.
LONG_SPEAKER_PARTS = ("bio", "photo_url")


def value_text(key: str, value, event, locale, source=False) -> str:
    """A snapshot value as a person reads it ("" when empty). Markdown is given as plain text, or as its
    source with ``source=True`` (the import preview shows what would be stored)."""
    if value in (None, "", {}, []):
        return ""
    field = registry.get(key)
    if field is not None and field.kind == registry.DATETIME:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return format_date_time(moment.astimezone(event.timezone))
    if key == "is_remote":
        return pgettext("oicmeetup", "online") if value else pgettext("oicmeetup", "on site")
    if isinstance(value, bool):
        return pgettext("oicmeetup", "yes") if value else pgettext("oicmeetup", "no")
    if isinstance(value, dict):
        text = LazyI18nString(value).localize(locale)
        return text if source else (markdown_text(text) or "")
    return str(value)


def _short(key, value, event, locale) -> str:
    return value_text(key, value, event, locale) or pgettext("oicmeetup", "(none)")


def _speaker_parts(change, speaker, event, locale, with_long: bool) -> str:
    """"Rolle: …; Biografie aktualisiert": values of the short parts, a note for the long ones."""
    texts = []
    for part in change.parts:
        label = registry.label(part)
        if part not in LONG_SPEAKER_PARTS:
            texts.append(f"{label}: {_short(part, speaker.get(part), event, locale)}")
        elif with_long:
            texts.append(pgettext("oicmeetup", "{part} updated").format(part=label))
    return "; ".join(texts)


def change_rows(changes, event, locale=None, show_private=True) -> list[tuple[str, str, str]]:
    """(label, before, after) per change, for a notice, in the active language. Long texts are not repeated
    (the whole announcement follows). ``show_private=False`` hides the values of private fields (for
    organisers who may not see them)."""
    locale = locale or translation.get_language()
    rows = []
    for change in changes:
        field = registry.get(change.field)
        if change.kind is ChangeKind.SPEAKER_ADDED:
            rows.append((pgettext("oicmeetup", "Speaker added"), "", change.new["name"]))
        elif change.kind is ChangeKind.SPEAKER_REMOVED:
            rows.append((pgettext("oicmeetup", "Speaker removed"), change.old["name"], ""))
        elif change.kind is ChangeKind.SPEAKER_CHANGED:
            label = pgettext("oicmeetup", "Speaker {name}").format(name=change.new["name"])
            rows.append((label, _speaker_parts(change, change.old, event, locale, with_long=False),
                         _speaker_parts(change, change.new, event, locale, with_long=True)))
        elif change.kind is ChangeKind.SPEAKERS_REORDERED:
            rows.append((pgettext("oicmeetup", "Order of the speakers"), ", ".join(change.old),
                         ", ".join(change.new)))
        elif field is not None and field.is_long:
            rows.append((registry.label(change.field), "", pgettext("oicmeetup", "updated, see the announcement")))
        elif field is not None and field.private and not show_private:
            rows.append((registry.label(change.field), "", pgettext("oicmeetup", "changed (hidden)")))
        else:
            rows.append((registry.label(change.field), _short(change.field, change.old, event, locale),
                         _short(change.field, change.new, event, locale)))
    return rows


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


def preview_rows(changes, event, locale) -> list[FieldChange]:
    """What an import would change, row by row, every text in full as it would be stored (speakers'
    biographies included)."""
    rows = []
    for change in changes:
        if change.kind is ChangeKind.SPEAKER_ADDED:
            speaker = change.new
            rows.append(FieldChange(pgettext("oicmeetup", "Speaker added"), "", "\n".join(
                p for p in (speaker["name"], value_text("role", speaker.get("role"), event, locale, source=True),
                            speaker.get("profile_url") or "",
                            value_text("bio", speaker.get("bio"), event, locale, source=True)) if p)))
        elif change.kind is ChangeKind.SPEAKER_REMOVED:
            rows.append(FieldChange(pgettext("oicmeetup", "Speaker removed"), change.old["name"], ""))
        elif change.kind is ChangeKind.SPEAKER_CHANGED:
            for part in change.parts:
                rows.append(FieldChange(
                    "{} – {}".format(change.new["name"], registry.label(part)),
                    value_text(part, change.old.get(part), event, locale, source=True),
                    value_text(part, change.new.get(part), event, locale, source=True),
                ))
        elif change.kind is ChangeKind.SPEAKERS_REORDERED:
            rows.append(FieldChange(pgettext("oicmeetup", "Order of the speakers"), ", ".join(change.old),
                                    ", ".join(change.new)))
        else:
            rows.append(FieldChange(registry.label(change.field),
                                    value_text(change.field, change.old, event, locale, source=True),
                                    value_text(change.field, change.new, event, locale, source=True)))
    return rows


def changes_plain(rows) -> str:
    lines = []
    before = pgettext("oicmeetup", "before")
    for label, old, new in rows:
        if old and new and old != new:
            lines.append(f"- {label}: {new} ({before}: {old})")
        else:
            lines.append(f"- {label}: {new or old}")
    return "\n".join(lines)


def changes_html(rows):
    if not rows:
        return ""
    before = pgettext("oicmeetup", "before")
    items = format_html_join(
        "", "<li><strong>{}:</strong> {}{}</li>",
        ((label, new or old, format_html(" ({}: <s>{}</s>)", before, old) if old and new and old != new else "")
         for label, old, new in rows),
    )
    return format_html("<ul>{}</ul>", items)


def default_texts() -> tuple[dict, dict]:
    """Subject and intro in every language pretix has, from the plugin's catalogs."""
    return in_every_language(DEFAULT_SUBJECT).data, in_every_language(DEFAULT_INTRO).data


def notice_body(intro: dict) -> LazyI18nString:
    """The notice's email text: the organiser's intro, the changes, the whole announcement and the closing of
    the confirmation (pretix's frame adds the link to the registration)."""
    def body():
        text = LazyI18nString(intro).localize(translation.get_language()).strip()
        return f"{text}\n\n{{meetup_changes}}\n\n{{meetup_announcement}}\n\n{gettext(CLOSING)}"

    return in_every_language(body)
