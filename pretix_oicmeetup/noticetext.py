"""The wording of change notices: what changed, as table rows for the organiser and as the
``{meetup_changes}`` placeholder (HTML list and plain text) for attendees, plus the default texts."""
from dateutil.parser import isoparse
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_noop, pgettext
from i18nfield.strings import LazyI18nString

from .logtypes import field_label
from .notices import LONG_FIELDS, localized
from .rendering import EMAIL, format_date, format_time, markdown_fragment

DEFAULT_SUBJECT = gettext_noop("Change to {event}")
DEFAULT_INTRO = gettext_noop("Hello,\n\nthe meetup “{event}” you registered for has changed.")
FOOTER = gettext_noop("You can view your registration at any time at\n{url}")


def _value_text(field, value, event, locale) -> str:
    if value in (None, "", {}):
        return pgettext("oicmeetup", "(none)")
    if field in ("date_from", "date_to", "date_admission"):
        moment = isoparse(value).astimezone(event.timezone)
        return pgettext("oicmeetup", "{date}, {time}").format(date=format_date(moment), time=format_time(moment))
    if field == "is_remote":
        return pgettext("oicmeetup", "online") if value else pgettext("oicmeetup", "on site")
    if isinstance(value, dict):
        fragment = markdown_fragment(localized(value, locale), EMAIL)
        return fragment.text if fragment else pgettext("oicmeetup", "(none)")
    return str(value)


def change_rows(changes, event, locale=None) -> list[tuple[str, str, str]]:
    """(label, before, after) per change, in the active language."""
    locale = locale or translation.get_language()
    rows = []
    for change in changes:
        if change.field.startswith("speaker_"):
            speaker = change.new or change.old
            label = {
                "speaker_added": pgettext("oicmeetup", "Speaker added"),
                "speaker_removed": pgettext("oicmeetup", "Speaker removed"),
                "speaker_changed": pgettext("oicmeetup", "Speaker updated"),
            }[change.field]
            rows.append((label, "" if change.field == "speaker_added" else speaker["name"],
                         "" if change.field == "speaker_removed" else speaker["name"]))
            continue
        label = field_label(change.field)
        if change.field in LONG_FIELDS:
            rows.append((label, "", pgettext("oicmeetup", "updated, see the announcement")))
        else:
            rows.append((label, _value_text(change.field, change.old, event, locale),
                         _value_text(change.field, change.new, event, locale)))
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
    items = format_html_join(
        "", "<li><strong>{}:</strong> {}{}</li>",
        ((label, new or old, format_html(" <s>{}</s>", old) if old and new and old != new else "")
         for label, old, new in rows),
    )
    return format_html("<ul>{}</ul>", items)


def default_texts() -> tuple[dict, dict]:
    """Subject and intro in every language pretix has, from the plugin's catalogs."""
    subject, intro = {}, {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            subject[language] = gettext(DEFAULT_SUBJECT)
            intro[language] = gettext(DEFAULT_INTRO)
    return subject, intro


def notice_body(intro: dict) -> LazyI18nString:
    """The notice's email text: the organiser's intro, then the changes and the whole announcement."""
    body = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            text = LazyI18nString(intro).localize(language).strip()
            body[language] = f"{text}\n\n{{meetup_changes}}\n\n{{meetup_announcement}}\n\n{gettext(FOOTER)}"
    return LazyI18nString(body)
