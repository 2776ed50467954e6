"""From a parsed website post to the event's meetup: the data to apply, the preview of what it changes, and
applying it, all through the meetup's one schema and write path.

The post is the website's truth: what it says replaces the event's values in the event's German
(``de-informal`` if the shop uses it, else ``de``), and texts it lacks are cleared. Which fields a post
carries is the field registry's ``post``; dates and times are only set when the post names them, the
online meeting link is never touched (posts don't have it).
"""

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _
from i18nfield.strings import LazyI18nString

from ..languages import german_locale
from ..meetup import fields as registry
from ..meetup.changes import comparable_value
from ..meetup.log import MEETUP_IMPORTED
from ..meetup.names import name_key
from ..meetup.schema import error_lines, validated
from ..meetup.store import planned_changes, read, write
from ..models import Speaker
from ..notices.wording import preview_rows
from .model import ParsedPost, ParsedRetrospective
from .names import GALLERY_KEY, announcement_front_matter
from .parse import parse_post
from .structure import PostParseError
from .team_posts import name_of_source, remember_import, team_post

SIGNING_SALT = "pretix_oicmeetup.post_import"
PAYLOAD_MAX_AGE = 3600


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


def post_to_data(event, post: ParsedPost | ParsedRetrospective) -> dict:
    """The schema's input (JSON-able) for ``post``; validated like any other meetup data. A Rückblick post
    fills the Rückblick's fields, an announcement the rest."""
    locale = german_locale(event)
    current = read(event)
    data = {}
    retrospective = isinstance(post, ParsedRetrospective)
    for field in registry.all_fields():
        if field.post is None or field.key not in post.values or (field.per_date and event.has_subevents):
            continue
        if (field.post == registry.POST_RETROSPECTIVE) != retrospective:
            continue
        value = post.values[field.key]
        if field.storage == registry.FRONT_PAGE:
            value = escape_braces(value)  # pretix's front page text takes placeholders: braces are literal
        if field.i18n:
            value = _i18n(current[field.key], value or "", locale, field.key) or (None if not field.required
                                                                                 else {})
        elif field.kind == registry.DATETIME:
            value = value.replace(tzinfo=event.timezone).isoformat() if value else None
        elif field.kind == registry.URL:
            value = value or ""
        data[field.key] = value
    if retrospective:
        return data
    existing = {name_key(s.name): s for s in _speakers(event)}
    data["speakers"] = []
    for speaker in post.speakers:
        old = existing.get(name_key(speaker.name))
        data["speakers"].append({
            "name": speaker.name,
            "profile_url": speaker.profile_url or "",
            "role": _i18n(old.role if old else None, speaker.role, locale, "role"),
            "bio": _i18n(old.bio if old else None, speaker.bio, locale, "bio"),
        })
    return data


def _speakers(event):
    return Speaker.objects.filter(event=event)


def import_warnings(event, post: ParsedPost | ParsedRetrospective, source: str = "") -> list[str]:
    warnings = list(post.warnings) + link_warnings(event, post, source)
    if isinstance(post, ParsedRetrospective):
        if post.gallery:
            warnings.append(_("The post's photos stay on the website (gallery “{folder}”): the export names the "
                              "same gallery. Upload photos on the meetup page to show them in the shop and the "
                              "emails.").format(folder=post.gallery))
        return warnings
    if post.pretix_event and post.pretix_event != event.slug:
        warnings.append(_("The post's registration widget names the event “{slug}”, not this one (“{this}”).")
                        .format(slug=post.pretix_event, this=event.slug))
    if event.has_subevents:
        warnings.append(_("This event is a series of dates: date, times and venue are not imported."))
    elif not (post.event_date and post.start):
        warnings.append(_("The post names no complete date and start time; the event's dates stay as they are."))
    return warnings


def link_warnings(event, post, source: str = "") -> list[str]:
    """Links between the meetup's two posts that name no post pretix knows of it (a typo such as
    "rueckblick-ki-kompetenzt"): the website shows no link between them, the plugin makes no post of it."""
    this = name_of_source(source)
    if isinstance(post, ParsedRetrospective):
        other = team_post(event, "announcement")
        pairs = [(post.related_post, other.name if other else None),
                 (announcement_front_matter(event).get("retrospective_post") if other else None, this)]
    else:
        other = team_post(event, "retrospective")
        pairs = [(post.retrospective_post, other.name if other else None),
                 (other and _related_post(other.text), this)]
    return [_("A link between the meetup's posts names “{linked}”, but the post is “{name}”: the website shows no "
              "link between them, and the plugin makes no post of that name.").format(linked=linked, name=name)
            for linked, name in pairs if isinstance(linked, str) and linked.strip() and name
            and linked.strip().strip("/") != name]


def _related_post(text: str) -> str | None:
    try:
        return getattr(parse_post(text), "related_post", None)
    except PostParseError:
        return None


# --- preview ---------------------------------------------------------------------------------------

def would_change(event, values: dict) -> list:
    """The change engine's account of what applying ``values`` (validated) changes, worked out without
    writing (``store.planned_changes``)."""
    values = dict(values)
    speakers = values.pop("speakers", None)
    return planned_changes(event, values, speakers)


def preview_changes(event, values: dict):
    """What applying ``values`` would change, row by row in the event's German, every text in full."""
    return preview_rows(would_change(event, values), event, german_locale(event))


# --- the payload between preview and apply ---------------------------------------------------------

def sign_payload(event, data: dict, front_matter: dict, source: str, kind: str, text: str) -> str:
    return signing.dumps({"event": event.pk, "data": data, "front_matter": front_matter, "source": source,
                          "kind": kind, "text": text}, salt=SIGNING_SALT, compress=True)


def read_payload(event, token: str) -> dict:
    payload = signing.loads(token, salt=SIGNING_SALT, max_age=PAYLOAD_MAX_AGE)
    if payload.get("event") != event.pk:
        raise signing.BadSignature("payload for another event")
    return payload


FRONT_MATTER_KEYS = {
    "announcement": registry.POST_FRONT_MATTER_KEY,
    "retrospective": registry.RETROSPECTIVE_FRONT_MATTER_KEY,
}


def apply_import(event, values: dict, front_matter: dict, source: str, text: str, user=None,
                 kind="announcement") -> list:
    """One transaction, one log entry (also when nothing changed: the import happened). The post's text is
    kept, so that the website gets it back as the team wrote it (``team_posts``)."""
    values = dict(values)
    speakers = values.pop("speakers", None)
    key = FRONT_MATTER_KEYS[kind]
    with transaction.atomic():
        if front_matter != event.settings.get(key, as_type=dict):
            event.settings.set(key, front_matter)
        changes = write(event, values, speakers, action=MEETUP_IMPORTED, user=user,
                        log_extra={"source": source, "kind": kind})
        remember_import(event, kind, text, source)
    return changes


def jsonable_front_matter(post: ParsedPost | ParsedRetrospective) -> dict:
    """Front matter the website needs back on export (authors, categories, date, header image, ...)."""
    result = {}
    for key, value in post.front_matter.items():
        if key in ("title", "teaser"):
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()[:10]
        result[key] = value
    if isinstance(post, ParsedRetrospective) and post.gallery:
        # the photos stay on the website; the export names the same gallery
        result[GALLERY_KEY] = {"folder": post.gallery, "images": [list(i) for i in post.gallery_images]}
    return result




def import_post(event, text: str, source: str, user=None) -> list:
    """Reads a post (announcement or Rückblick) into the event as the import page does after its preview:
    validated like any other meetup data, one transaction, one log entry. ``PostParseError`` for a post
    that cannot be read or whose data is not valid; nothing is changed then."""
    post = parse_post(text)
    schema = validated(event, post_to_data(event, post))
    if schema.errors:
        raise PostParseError("\n".join(error_lines(schema.errors)))
    kind = "retrospective" if isinstance(post, ParsedRetrospective) else "announcement"
    return apply_import(event, dict(schema.validated_data), jsonable_front_matter(post), source, text, user=user,
                        kind=kind)
