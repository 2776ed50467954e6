"""Saving the meetup page: event fields, meetup settings and speakers; what changed comes from ``changeset``."""
from django.core.files.storage import default_storage
from django.db import transaction

from .changeset import diff, event_locales, log_data, snapshot, stored_snapshot
from .widget import sync_essentials_token


def save_speakers(event, formset):
    """Applies the speaker formset in the organiser's order."""
    old_photos = []
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance.delete()  # its photo goes with it (signals.speaker_deleted)
    for position, form in enumerate(formset.ordered_forms_to_save()):
        previous_photo = form.initial.get("photo")
        if "photo" in form.changed_data and previous_photo:
            old_photos.append(previous_photo.name)
        speaker = form.save(commit=False)
        speaker.event = event
        speaker.position = position
        speaker.save()
    delete_files_after_commit(old_photos)


def delete_files_after_commit(names):
    # Only once the new state is committed: a rollback must not leave speakers without their photo.
    def delete():
        for name in names:
            if name:
                default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


def save_meetup(event, event_form, settings_form, speaker_formset) -> dict:
    """Saves all three forms (the caller holds the transaction) and returns the changes for the log, as
    the change engine sees them (so a form's "changed data", which counts line endings and untouched
    languages, never reaches the log)."""
    before = stored_snapshot(event)
    if event_form.changed_data:
        event_form.save()
    if settings_form.changed_data:
        settings_form.save()
    sync_essentials_token(event)
    save_speakers(event, speaker_formset)
    locales = event_locales(event)
    return log_data(diff(before, snapshot(event), locales))
