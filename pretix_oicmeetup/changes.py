"""Saving the meetup page: event fields, meetup settings and speakers, and what changed (for the log)."""
from django.core.files.storage import default_storage
from django.db import transaction

from .widget import sync_essentials_token


def save_speakers(event, formset) -> dict:
    """Applies the speaker formset in the organiser's order; returns added/changed/removed names."""
    before = {s.pk: (s.name, s.position) for s in formset.get_queryset()}
    added, changed, removed = [], [], []
    old_photos = []
    for form in formset.deleted_forms:
        if form.instance.pk:
            removed.append(form.instance.name)
            form.instance.delete()  # its photo goes with it (signals.speaker_deleted)
    for position, form in enumerate(formset.ordered_forms_to_save()):
        speaker = form.instance
        is_new = speaker.pk is None
        previous_photo = form.initial.get("photo")
        if "photo" in form.changed_data and previous_photo:
            old_photos.append(previous_photo.name)
        speaker = form.save(commit=False)
        speaker.event = event
        speaker.position = position
        speaker.save()
        if is_new:
            added.append(speaker.name)
        elif form.has_changed() and set(form.changed_data) - {"ORDER"}:
            changed.append(speaker.name)
    after_order = [f.instance.pk for f in formset.ordered_forms_to_save() if f.instance.pk in before]
    before_order = sorted((pk for pk in before if pk in after_order), key=lambda pk: before[pk][1])
    delete_files_after_commit(old_photos)
    return speaker_changes(added, changed, removed, reordered=after_order != before_order)


def speaker_changes(added, changed, removed, reordered) -> dict:
    """The log entry's account of the speakers (names), the same from the meetup page and the API."""
    result = {}
    if added:
        result["speakers_added"] = added
    if changed:
        result["speakers_changed"] = changed
    if removed:
        result["speakers_removed"] = removed
    if reordered:
        result["speakers_reordered"] = True
    return result


def delete_files_after_commit(names):
    # Only once the new state is committed: a rollback must not leave speakers without their photo.
    def delete():
        for name in names:
            if name:
                default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


def save_meetup(event, event_form, settings_form, speaker_formset) -> dict:
    """Saves all three forms (the caller holds the transaction) and returns the changes for the log."""
    changes = {}
    event_fields = list(event_form.changed_data)
    if event_fields:
        event_form.save()
    settings_fields = list(settings_form.changed_data)
    if settings_fields:
        settings_form.save()
    if sync_essentials_token(event) and "frontpage_text" not in settings_fields:
        settings_fields.append("frontpage_text")
    fields = event_fields + settings_fields
    if fields:
        changes["fields"] = fields
    changes.update(save_speakers(event, speaker_formset))
    return changes
