"""The wording of change notices: what changed, as table rows for the organiser and as the
``{meetup_changes}`` placeholder (HTML list and plain text) for attendees, plus the default texts."""
from dateutil.parser import isoparse
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_noop, pgettext, pgettext_lazy
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


SPEAKER_PART_LABELS = {
    "name": pgettext_lazy("oicmeetup", "Name"),
    "role": pgettext_lazy("oicmeetup", "Role or affiliation"),
    "bio": pgettext_lazy("oicmeetup", "Biography"),
    "profile_url": pgettext_lazy("oicmeetup", "Profile link"),
    "photo_url": pgettext_lazy("oicmeetup", "Photo"),
}
# Shown as "updated": too long for a line, or not text at all.
LONG_SPEAKER_PARTS = ("bio", "photo_url")
PRIVATE_FIELDS = ("online_url",)


def _speaker_parts(change, speaker, event, locale, with_long: bool) -> str:
    """"Rolle: …; Biografie aktualisiert": values of the short parts, a note for the long ones."""
    texts = []
    for part in change.parts:
        label = SPEAKER_PART_LABELS[part]
        if part not in LONG_SPEAKER_PARTS:
            texts.append(f"{label}: {_value_text(part, speaker.get(part), event, locale)}")
        elif with_long:
            texts.append(pgettext("oicmeetup", "{part} updated").format(part=label))
    return "; ".join(texts)


def change_rows(changes, event, locale=None, show_private=True) -> list[tuple[str, str, str]]:
    """(label, before, after) per change, in the active language. ``show_private=False`` hides the
    values of the private online link (for organisers who may not see it)."""
    locale = locale or translation.get_language()
    rows = []
    for change in changes:
        if change.field == "speaker_added":
            rows.append((pgettext("oicmeetup", "Speaker added"), "", change.new["name"]))
        elif change.field == "speaker_removed":
            rows.append((pgettext("oicmeetup", "Speaker removed"), change.old["name"], ""))
        elif change.field == "speaker_changed":
            label = pgettext("oicmeetup", "Speaker {name}").format(name=change.new["name"])
            rows.append((label, _speaker_parts(change, change.old, event, locale, with_long=False),
                         _speaker_parts(change, change.new, event, locale, with_long=True)))
        elif change.field == "speakers_reordered":
            rows.append((pgettext("oicmeetup", "Order of the speakers"), ", ".join(change.old),
                         ", ".join(change.new)))
        elif change.field in LONG_FIELDS:
            rows.append((field_label(change.field), "", pgettext("oicmeetup", "updated, see the announcement")))
        elif change.field in PRIVATE_FIELDS and not show_private:
            rows.append((field_label(change.field), "", pgettext("oicmeetup", "changed (hidden)")))
        else:
            rows.append((field_label(change.field), _value_text(change.field, change.old, event, locale),
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
