"""The next edition: copying an event (pretix's "copy from event") takes the meetup along. Glue between the
meetup core, the series (the next free number) and the emails after the meetup, above all of them."""
import os

from django.core.files.base import ContentFile
from django.db import transaction
from django_scopes import scopes_disabled

from pretix.plugins.sendmail.models import Rule

from .mail.retrospective_rules import RULES_MARKER, existing_rules
from .meetup import fields as registry
from .meetup.fields import POST_FRONT_MATTER_KEY, RETROSPECTIVE_FRONT_MATTER_KEY
from .meetup.log import MEETUP_COPIED
from .meetup.store import write
from .models import Speaker
from .series.records import next_free_number, series_of


def copy_meetup(event, source):
    """pretix copies the settings, the plugins and the Einlass (relative to the new start) itself; this adds
    the speakers with their photos and counts the series on, through the one write path. The Rückblick
    belongs to the edition it looks back on: its fields, photos, materials and scheduled emails stay there."""
    with scopes_disabled():
        speakers = []
        for speaker in Speaker.objects.filter(event=source).order_by("position", "id"):
            item = {"name": speaker.name, "role": speaker.role, "bio": speaker.bio,
                    "profile_url": speaker.profile_url, "person": speaker.person_id}
            if speaker.photo:
                with speaker.photo.open("rb") as f:
                    item["photo"] = ContentFile(f.read(), name=os.path.basename(speaker.photo.name))
            speakers.append(item)
    number = source.settings.get(registry.get("series_number").setting_key, as_type=int)
    series = series_of(source)
    if number and series is not None:
        number = next_free_number(series) - 1  # the copy takes the series' next free number
    front_matter = event.settings.get(POST_FRONT_MATTER_KEY, as_type=dict)
    if front_matter and ("date" in front_matter or "retrospective_post" in front_matter):
        # the website post of the new edition gets its own date, and has no Rückblick yet
        front_matter.pop("date", None)
        front_matter.pop("retrospective_post", None)
        event.settings.set(POST_FRONT_MATTER_KEY, front_matter)
    for field in registry.all_fields():
        if not field.copied and field.storage == registry.SETTING:
            event.settings.delete(field.setting_key)
    event.settings.delete(RETROSPECTIVE_FRONT_MATTER_KEY)
    # the new edition's posts are new: no team post of the last edition, no name or date of its posts
    event.settings.delete(registry.TEAM_POSTS_KEY)
    event.settings.delete(registry.WEBSITE_POSTS_KEY)
    drop_copied_retrospective_rules(event, source)
    # pretix's scheduled emails copy their rules in their own receiver, before or after this one
    transaction.on_commit(lambda: drop_copied_retrospective_rules(event, source))
    write(event, {"series_number": number + 1} if number else {}, speakers, action=MEETUP_COPIED, log_extra={
        "source": source.slug, "series_number": number + 1 if number else None,
        "admission_moved": bool(event.date_admission),
    })


def drop_copied_retrospective_rules(event, source):
    """Removes from ``event`` the copies of the source's emails after the meetup (same kind, subject and
    text): they would send the new edition an empty Rückblick."""
    event.settings.delete(RULES_MARKER)
    originals = existing_rules(source).values()
    if not originals or "pretix.plugins.sendmail" not in event.get_plugins():
        return
    with scopes_disabled(), transaction.atomic():
        for rule in Rule.objects.filter(event=event):
            if any(rule.checked_in_status == o.checked_in_status and rule.subject.data == o.subject.data
                   and rule.template.data == o.template.data for o in originals):
                rule.delete()
