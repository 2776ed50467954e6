"""From a parsed website post to the event's meetup data: the data to apply and the preview of changes.

The post is the website's truth: what it says replaces the event's values in the event's German
(``de-informal`` if the shop uses it, else ``de``), and sections it lacks are cleared. Dates and times
are only set when the post names them; the online meeting link is never touched (posts don't have it).
"""
from dataclasses import dataclass
from datetime import datetime, time

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _, pgettext
from i18nfield.strings import LazyI18nString

from .changeset import comparable_value, diff, event_locales, snapshot, stored_snapshot
from .logtypes import MEETUP_IMPORTED
from .meetupdata import POST_FRONT_MATTER_KEY as FRONT_MATTER_KEY, read_settings
from .models import Speaker
from .postparser import ParsedPost
from .rendering import format_date, format_time
from .serializers import MeetupSerializer, apply_meetup_data

SIGNING_SALT = "pretix_oicmeetup.post_import"
PAYLOAD_MAX_AGE = 3600


def german_locale(event) -> str:
    locales = event.settings.locales
    for locale in ("de-informal", "de"):
        if locale in locales:
            return locale
    return event.settings.locale


def _i18n(current, text, locale, name="") -> dict:
    """The current translations with the post's German put in. If the post says what the event shows in
    that language already, everything stays as it is (a Sie translation included); if it says something
    new, the other German variant is emptied so it falls back to the new text instead of keeping an
    outdated one."""
    data = dict(current.data) if isinstance(current, LazyI18nString) and isinstance(current.data, dict) else {}
    if isinstance(current, str) and current:
        data = {locale: current}
    data = {k: v for k, v in data.items() if v}
    shown = LazyI18nString(data).localize(locale) if data else ""
    if comparable_value(name, {locale: shown}, [locale]) == comparable_value(name, {locale: text or ""}, [locale]):
        return data
    for variant in ("de", "de-informal"):
        data.pop(variant, None)
    if text:
        data[locale] = text
    return data


def escape_braces(text: str | None) -> str:
    """A post's text as pretix's front page text: braces doubled, as pretix's format reads them."""
    return (text or "").replace("{", "{{").replace("}", "}}")


def _local_datetime(event, day, hhmm):
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=event.timezone).isoformat()


def post_to_data(event, post: ParsedPost) -> dict:
    """The serializer's input (JSON-able) for ``post``; validated like any other meetup data."""
    locale = german_locale(event)
    current = read_settings(event)

    def text(name, value):
        return _i18n(current.get(name), value or "", locale, name) or None

    data = {
        "title": _i18n(event.name, post.title, locale, "title"),
        # pretix's front page text takes placeholders: the post's own braces are literal text there
        "description": _i18n(event.settings.frontpage_text, escape_braces(post.description_md), locale,
                             "description"),
        "teaser": text("teaser", post.teaser),
        "format": text("format", post.format),
        "prerequisites": text("prerequisites", post.prerequisites),
        "hint": text("hint", post.hint_md),
        "outcomes_intro": text("outcomes_intro", post.outcomes_intro_md),
        "outcomes": text("outcomes", "\n".join(post.outcomes_md)),
        "materials": text("materials", "\n".join(post.materials_md)),
        "series_name": text("series_name", post.series),
        "series_number": post.series_number,
        "series_url": post.series_url or "",
        "series_info": text("series_info", post.series_info_md),
        "contact": text("contact", post.contact_md),
        "is_remote": post.online,
    }
    if post.widget_essentials is not None:
        data["widget_essentials"] = post.widget_essentials
    if not event.has_subevents:
        if post.venue:
            data["location"] = _i18n(event.location, post.venue, locale, "location")
        if post.event_date and post.start:
            data["date_from"] = _local_datetime(event, post.event_date, post.start)
            data["date_to"] = _local_datetime(event, post.event_date, post.end) if post.end else None
            data["date_admission"] = (_local_datetime(event, post.event_date, post.admission)
                                      if post.admission else None)
    existing = {s.name.strip().lower(): s for s in Speaker.objects.filter(event=event)}
    data["speakers"] = []
    for speaker in post.speakers:
        old = existing.get(speaker.name.strip().lower())
        data["speakers"].append({
            "name": speaker.name,
            "profile_url": speaker.profile_url or "",
            "role": _i18n(old.role if old else None, speaker.role, locale, "role"),
            "bio": _i18n(old.bio if old else None, speaker.bio, locale, "bio"),
        })
    return data


def import_warnings(event, post: ParsedPost) -> list[str]:
    warnings = list(post.warnings)
    if post.pretix_event and post.pretix_event != event.slug:
        warnings.append(_("The post's registration widget names the event “{slug}”, not this one (“{this}”).")
                        .format(slug=post.pretix_event, this=event.slug))
    if event.has_subevents:
        warnings.append(_("This event is a series of dates: date, times and venue are not imported."))
    elif not (post.event_date and post.start):
        warnings.append(_("The post names no complete date and start time; the event's dates stay as they are."))
    return warnings


# --- preview ---------------------------------------------------------------------------------------

@dataclass
class FieldChange:
    label: str
    old: str
    new: str


class _Rollback(Exception):
    pass


def would_change(event, validated: dict) -> list:
    """The change engine's account of what applying ``validated`` (serializer output) changes: the import
    is applied inside a savepoint and rolled back, so the preview is what applying does, by construction."""
    changes = []
    try:
        with transaction.atomic():
            before = stored_snapshot(event)
            apply_meetup_data(event, validated)
            changes.extend(diff(before, snapshot(event), event_locales(event)))
            raise _Rollback
    except _Rollback:
        pass
    finally:
        # the rolled-back writes must not linger in memory or in the settings cache
        event.refresh_from_db()
        event.settings.flush()
    return changes


def _display(name, value, locale, event) -> str:
    if value in (None, "", {}, []):
        return ""
    if name in ("date_from", "date_to", "date_admission"):  # as the notice page and the notice say it
        moment = (value if isinstance(value, datetime) else datetime.fromisoformat(value)).astimezone(event.timezone)
        return pgettext("oicmeetup", "{date}, {time}").format(date=format_date(moment), time=format_time(moment))
    if isinstance(value, dict):
        return LazyI18nString(value).localize(locale)
    if isinstance(value, bool):
        return pgettext("oicmeetup", "yes") if value else pgettext("oicmeetup", "no")
    return str(value)


def preview_changes(event, validated: dict) -> list[FieldChange]:
    """What applying ``validated`` would change, row by row in the event's German, every text in full
    (speakers' biographies included)."""
    from .logtypes import field_label
    from .noticetext import SPEAKER_PART_LABELS

    locale = german_locale(event)
    rows = []
    for change in would_change(event, validated):
        if change.field == "speaker_added":
            speaker = change.new
            rows.append(FieldChange(pgettext("oicmeetup", "Speaker added"), "", "\n".join(
                p for p in (speaker["name"], _display("role", speaker.get("role"), locale, event),
                            speaker.get("profile_url") or "", _display("bio", speaker.get("bio"), locale, event))
                if p)))
        elif change.field == "speaker_removed":
            rows.append(FieldChange(pgettext("oicmeetup", "Speaker removed"), change.old["name"], ""))
        elif change.field == "speaker_changed":
            for part in change.parts:
                rows.append(FieldChange(
                    "{} – {}".format(change.new["name"], SPEAKER_PART_LABELS[part]),
                    _display(part, change.old.get(part), locale, event),
                    _display(part, change.new.get(part), locale, event),
                ))
        elif change.field == "speakers_reordered":
            rows.append(FieldChange(pgettext("oicmeetup", "Order of the speakers"), ", ".join(change.old),
                                    ", ".join(change.new)))
        else:
            rows.append(FieldChange(field_label(change.field), _display(change.field, change.old, locale, event),
                                    _display(change.field, change.new, locale, event)))
    return rows


# --- the payload between preview and apply ---------------------------------------------------------

def sign_payload(event, data: dict, front_matter: dict, source: str) -> str:
    return signing.dumps({"event": event.pk, "data": data, "front_matter": front_matter, "source": source},
                         salt=SIGNING_SALT, compress=True)


def read_payload(event, token: str) -> dict:
    payload = signing.loads(token, salt=SIGNING_SALT, max_age=PAYLOAD_MAX_AGE)
    if payload.get("event") != event.pk:
        raise signing.BadSignature("payload for another event")
    return payload


def validate(event, data: dict):
    serializer = MeetupSerializer(data=data, event=event, partial=True)
    serializer.is_valid()
    return serializer


def apply_import(event, validated: dict, front_matter: dict, source: str, user=None) -> dict:
    """One transaction, one log entry."""
    with transaction.atomic():
        changes = apply_meetup_data(event, validated)
        if front_matter != event.settings.get(FRONT_MATTER_KEY, as_type=dict):
            event.settings.set(FRONT_MATTER_KEY, front_matter)
        event.log_action(MEETUP_IMPORTED, user=user, data={**changes, "source": source})
    event.cache.clear()
    return changes


def jsonable_front_matter(post: ParsedPost) -> dict:
    """Front matter the website needs back on export (authors, categories, date, header image, ...)."""
    result = {}
    for key, value in post.front_matter.items():
        if key in ("title", "teaser"):
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()[:10]
        result[key] = value
    return result
