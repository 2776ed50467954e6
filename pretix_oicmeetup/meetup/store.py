"""Reading the meetup's values and the one write path.

``read`` gives every registry field's value from where pretix or the plugin keeps it. ``write`` is how
every writer changes the meetup (the meetup page, the REST API, the data file, the post import, the event
copy): in one transaction it writes what differs from what is shown, keeps the widget option's
placeholder in the front page text, replaces the speakers in order (keeping each speaker and photo that
pairs up), announces what it wrote (``signals.meetup_written``: the series and the speaker library follow it
there), logs what the change engine saw and returns that account. It loads the settings once
(``settings_loaded_once``) and takes its "after" from what it wrote and the rows it saved, not from reading them again.
"""
import copy
import os

from django.core.files.storage import default_storage
from django.db import transaction
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.settings import settings_hierarkey

from ..languages import event_locales
from ..models import RetrospectiveMaterial, RetrospectivePhoto, Speaker
from . import fields as registry
from .changes import ESSENTIALS_TOKEN, comparable_value, diff, log_data, match_speakers, snapshot_of
from .dialect import pretix_items, pretix_markdown
from .log import MEETUP_CHANGED
from .settings_once import settings_loaded_once
from .signals import meetup_written

_SETTING_TYPES = {registry.NUMBER: int, registry.FLAG: bool}
KEEP = object()  # a speaker's photo that stays as it is


def setting_type(field) -> type:
    return LazyI18nString if field.i18n else _SETTING_TYPES.get(field.kind, str)


def register_setting_types():
    for field in registry.setting_fields():
        settings_hierarkey.add_default(field.setting_key, None, setting_type(field))
    settings_hierarkey.add_default(registry.POST_FRONT_MATTER_KEY, None, dict)
    settings_hierarkey.add_default(registry.RETROSPECTIVE_FRONT_MATTER_KEY, None, dict)
    settings_hierarkey.add_default(registry.TEAM_POSTS_KEY, None, dict)
    settings_hierarkey.add_default(registry.WEBSITE_POSTS_KEY, None, dict)


def is_empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, LazyI18nString) and not value)


def without_token(text):
    """The organiser's description: the front page text without the widget option's placeholder."""
    data = getattr(text, "data", text)
    if isinstance(data, dict):
        return LazyI18nString({k: (v or "").replace(ESSENTIALS_TOKEN, "").strip() for k, v in data.items()})
    return LazyI18nString((data or "").replace(ESSENTIALS_TOKEN, "").strip()) if data else text


def front_page_text(event, subevent=None):
    """pretix's front page text of the event, or of the date where it has its own."""
    if subevent is not None and subevent.frontpage_text:
        return subevent.frontpage_text
    return event.settings.frontpage_text


def read(event, subevent=None) -> dict:
    """Every field's value (empty ones as ``None``), for ``subevent``'s date where a field is per date."""
    with settings_loaded_once(event) as settings:
        return _read(event, subevent, settings)


def _read(event, subevent, settings) -> dict:
    values = {}
    for field in registry.all_fields():
        if field.storage == registry.EVENT:
            source = subevent if subevent is not None and hasattr(subevent, field.event_attribute) else event
            value = getattr(source, field.event_attribute, None)
        elif field.storage == registry.FRONT_PAGE:
            value = without_token(front_page_text(event, subevent))
        else:
            value = settings.get(field.setting_key, as_type=setting_type(field))
        values[field.key] = bool(value) if field.kind == registry.FLAG and field.storage == registry.EVENT \
            else (None if is_empty(value) else value)
    return values


def stored_rows(event) -> dict:
    """The meetup's rows as stored: speakers, the Rückblick's photos and materials, in order."""
    with scopes_disabled():
        return {
            "speakers": list(Speaker.objects.filter(event=event).order_by("position", "id")),
            "retrospective_photos": list(event.oicmeetup_photos.all()),
            "retrospective_materials": list(event.oicmeetup_materials.all()),
        }


@transaction.atomic
def write(event, values: dict, speakers: list | None = None, *, photos: list | None = None,
          materials: list | None = None, action=MEETUP_CHANGED, user=None, auth=None, log_extra=None,
          log_unchanged: bool | None = None) -> list:
    """Applies ``values`` (registry key to value, validated) and, if given, ``speakers`` (dicts in order:
    ``id`` where known, ``name``, ``role``, ``bio``, ``profile_url``, ``photo`` a file or ``None`` to
    remove it), the Rückblick's ``photos`` (``id``, ``alt``, ``credit``, ``image`` a file) and ``materials``
    (``id``, ``title``, ``url``, ``file`` a file or ``None``). Logs under ``action`` when something changed,
    or (unless ``log_unchanged`` is False) always when ``log_extra`` is given. Sends ``meetup_written``
    before logging."""
    values, speakers = _in_pretix_dialect(values, speakers)
    with settings_loaded_once(event) as settings:
        current = read(event)
        rows = stored_rows(event)
        locales = event_locales(event)
        before = snapshot_of(event, current, rows)
        changed_attributes = []
        for key, value in values.items():
            field = registry.by_key()[key]
            if comparable_value(key, current[key], locales) == comparable_value(key, value, locales):
                continue
            if field.storage == registry.EVENT:
                if value is None and field.i18n:
                    value = LazyI18nString("")
                setattr(event, field.event_attribute, value)
                changed_attributes.append(field.event_attribute)
            elif field.storage == registry.FRONT_PAGE:
                settings.set("frontpage_text", value or LazyI18nString(""))
            elif is_empty(value):
                settings.delete(field.setting_key)
            else:
                settings.set(field.setting_key, value)
        if changed_attributes:
            event.save(update_fields=changed_attributes)
        sync_essentials_token(event)
        written_speakers = None
        if speakers is not None:
            rows["speakers"] = _replace_speakers(event, rows["speakers"], speakers, locales)
            written_speakers = list(zip(rows["speakers"], speakers, strict=True))
        if photos is not None:
            rows["retrospective_photos"] = _replace_rows(
                event, RetrospectivePhoto, rows["retrospective_photos"], photos, ("alt", "credit"), "image")
        if materials is not None:
            rows["retrospective_materials"] = _replace_rows(
                event, RetrospectiveMaterial, rows["retrospective_materials"], materials, ("title", "url"), "file")
        after = read(event)
        changes = diff(before, snapshot_of(event, after, rows), locales)
        meetup_written.send(sender=event, changes=changes, values=after, speakers=written_speakers)
        if log_unchanged is None:
            log_unchanged = log_extra is not None
        if changes or log_unchanged:
            event.log_action(action, user=user, auth=auth, data={**log_data(changes), **(log_extra or {})})
    transaction.on_commit(event.cache.clear)
    return changes


def sync_essentials_token(event) -> bool:
    """Puts the widget option's placeholder in front of every filled-in translation of the front page text,
    or takes it out, as the option says. Returns whether the text changed."""
    with settings_loaded_once(event) as settings:
        return _sync_essentials_token(settings)


def _sync_essentials_token(settings) -> bool:
    wanted = settings.get(registry.get("widget_essentials").setting_key, as_type=bool, default=False)
    current = settings.frontpage_text
    data = dict(current.data) if isinstance(current, LazyI18nString) and isinstance(current.data, dict) else {}
    filled = [locale for locale, value in data.items() if value and value.strip()]
    targets = filled or ([settings.locale] if wanted else [])
    changed = False
    for locale in targets:
        value = data.get(locale) or ""
        if wanted and ESSENTIALS_TOKEN not in value:
            data[locale] = f"{ESSENTIALS_TOKEN}\n\n{value}".strip()
            changed = True
        elif not wanted and ESSENTIALS_TOKEN in value:
            data[locale] = value.replace(ESSENTIALS_TOKEN, "").strip()
            changed = True
    if changed:
        settings.set("frontpage_text", LazyI18nString(data))
    return changed


def in_pretix_dialect(field, value):
    """A markdown ``value`` rewritten so that pretix's markdown shows it as the website does (``dialect``):
    stored alike whether it was typed on the meetup page, sent through the API or imported from a post. The
    rewrite changes nothing in a text already so, hence nothing in what was stored before."""
    if value is None or field is None or not field.is_markdown:
        return value
    rewrite = pretix_items if field.kind == registry.ITEMS else pretix_markdown
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return LazyI18nString({k: rewrite(v) if isinstance(v, str) else v for k, v in data.items()})
    if isinstance(data, str):
        return LazyI18nString(rewrite(data)) if isinstance(value, LazyI18nString) else rewrite(data)
    return value


def _in_pretix_dialect(values: dict, speakers: list | None):
    values = {key: in_pretix_dialect(registry.get(key), value) for key, value in values.items()}
    if speakers is not None:
        speakers = [{**item, **{key: in_pretix_dialect(registry.get(key), item[key])
                                for key in ("role", "bio") if key in item}} for item in speakers]
    return values, speakers


def _speaker_values(speaker, item: dict) -> dict:
    """What a speaker row holds once ``item`` is applied to it (what the item leaves out stays)."""
    return {
        "name": item["name"].strip(),
        "role": item.get("role", speaker.role) or LazyI18nString(""),
        "bio": item.get("bio", speaker.bio) or LazyI18nString(""),
        "profile_url": item.get("profile_url", speaker.profile_url) or "",
    }


def _as_read(field, value):
    """``value`` as ``read`` gives it back once ``write`` has stored it."""
    if field.kind == registry.FLAG and field.storage == registry.EVENT:
        return bool(value)
    if field.storage == registry.FRONT_PAGE:
        value = without_token(value or LazyI18nString(""))
    return None if is_empty(value) else value


def _planned_speakers(event, existing: list, speakers: list) -> list:
    """The speaker rows ``_replace_speakers`` would leave, as unsaved copies (paired the same way)."""
    pairs = match_speakers([{"id": s.pk, "name": s.name} for s in existing], speakers)
    kept_for = {j: existing[i] for i, j in pairs if i is not None and j is not None}
    result = []
    for position, item in enumerate(speakers):
        kept = kept_for.get(position)
        speaker = copy.copy(kept) if kept else Speaker(event=event)
        for key, value in _speaker_values(speaker, item).items():
            setattr(speaker, key, value)
        photo = item.get("photo", KEEP)
        if photo is not KEEP:
            speaker.photo = photo or None
        speaker.position = position
        result.append(speaker)
    return result


def planned_changes(event, values: dict, speakers: list | None = None) -> list:
    """What ``write(event, values, speakers)`` would change, worked out without writing anything: the import
    preview must not take the database's write lock while the shop is selling (on SQLite a rolled-back
    write blocked every other writer). ``tests/test_import_preview.py`` holds it equal to what ``write``
    reports."""
    values, speakers = _in_pretix_dialect(values, speakers)
    with settings_loaded_once(event):
        current = read(event)
        rows = stored_rows(event)
        before = snapshot_of(event, current, rows)
        by_key = registry.by_key()
        after = {**current, **{key: _as_read(by_key[key], value) for key, value in values.items()}}
        if speakers is not None:
            rows = {**rows, "speakers": _planned_speakers(event, rows["speakers"], speakers)}
        return diff(before, snapshot_of(event, after, rows), event_locales(event))


def _replace_speakers(event, existing: list, speakers: list, locales) -> list:
    """Makes the event's speakers (``existing``, in order) exactly ``speakers``, in order, and returns them.
    Existing ones are kept (and their photos with them) as the change engine pairs them: by id, by name, or
    renamed in place. (Linking each to its person of the speaker library is the library's: ``meetup_written``.)"""
    pairs = match_speakers([{"id": s.pk, "name": s.name} for s in existing], speakers)
    kept_for = {j: existing[i] for i, j in pairs if i is not None and j is not None}
    kept, replaced_photos, result = set(), [], []
    for position, item in enumerate(speakers):
        speaker = kept_for.get(position) or Speaker(event=event)
        values = _speaker_values(speaker, item)
        photo = item.get("photo", KEEP)
        unchanged = speaker.pk and speaker.position == position and photo is KEEP and all(
            comparable_value(k, getattr(speaker, k), locales) == comparable_value(k, v, locales)
            for k, v in values.items())
        if not unchanged:
            for k, v in values.items():
                setattr(speaker, k, v)
            speaker.position = position
            if photo is not KEEP:
                if speaker.photo:
                    replaced_photos.append(speaker.photo.name)
                if photo:
                    photo.name = os.path.basename(photo.name or "photo")
                Speaker._meta.get_field("photo").save_form_data(speaker, photo or False)
            speaker.save()
        kept.add(speaker.pk)
        result.append(speaker)
    for speaker in existing:
        if speaker.pk not in kept:
            speaker.delete()  # its photo goes with it (signals.row_changed)
    delete_files_after_commit(replaced_photos)
    return result


def _replace_rows(event, model, rows: list, items: list, names: tuple, file_field: str) -> list:
    """Makes the event's rows of a Rückblick list (``rows``) exactly ``items``, in order, paired by id, and
    returns them; a row's file is kept unless the item brings a new one (or ``None`` to remove it)."""
    existing = {row.pk: row for row in rows}
    kept, replaced_files, result = set(), [], []
    for position, item in enumerate(items):
        row = existing.get(item.get("id")) or model(event=event)
        for name in names:
            if name in item:
                setattr(row, name, item[name] if item[name] is not None else "")
        row.position = position
        upload = item.get(file_field, KEEP)
        if upload is not KEEP:
            if getattr(row, file_field):
                replaced_files.append(getattr(row, file_field).name)
            if upload:
                upload.name = os.path.basename(upload.name or file_field)
            model._meta.get_field(file_field).save_form_data(row, upload or False)
        row.save()
        kept.add(row.pk)
        result.append(row)
    for pk, row in existing.items():
        if pk not in kept:
            row.delete()  # its file goes with it (signals)
    delete_files_after_commit(replaced_files)
    return result


def delete_files_after_commit(names):
    # Only once the new state is committed: a rollback must not leave speakers without their photo.
    def delete():
        for name in names:
            if name:
                default_storage.delete(name)

    if names:
        transaction.on_commit(delete)
