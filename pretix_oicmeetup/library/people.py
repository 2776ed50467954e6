"""The speaker library's people and the editions' speakers.

Every speaker the one write path saves is linked to a person of the organizer's library (``link_speakers``,
on the write path's ``meetup_written``): the person the organiser picked, the one it was linked to, or the
person with the same name and profile link; failing those, a new person with the speaker's texts (never its
photo: the library holds a photo only with a recorded consent). A person is found by a query on its stored
keys (``Person.name_key``, ``Person.profile_key``). An edition keeps its own texts; ``library_differences``
tells the meetup page what the library says otherwise, and ``library_item`` is the speaker as the library
has it, for adding or taking over.
"""
import os
from difflib import SequenceMatcher

from django.core.files.base import ContentFile
from django.dispatch import receiver
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from ..meetup.names import name_key, profile_key
from ..meetup.signals import meetup_written
from ..models import Person, Speaker
from .log import PERSON_CREATED

TEXT_PARTS = ("name", "role", "bio", "profile_url")


def person_key(name, profile_url) -> tuple:
    """One person: the same name (``name_key``) and the same profile link (``profile_key``)."""
    return name_key(name), profile_key(profile_url)


def find_person(organizer, values: dict):
    """The organizer's person with the name and profile link of ``values``, or None."""
    name, profile = person_key(values.get("name"), values.get("profile_url"))
    with scopes_disabled():
        return Person.objects.filter(organizer=organizer, name_key=name, profile_key=profile).first()


def person_for(organizer, values: dict, source: str):
    """The organizer's person with the speaker's name and profile link, created from ``values`` if none."""
    found = find_person(organizer, values)
    if found is not None:
        return found
    with scopes_disabled():
        person = Person.objects.create(
            organizer=organizer, name=(values.get("name") or "").strip(),
            role=values.get("role") or LazyI18nString(""), bio=values.get("bio") or LazyI18nString(""),
            profile_url=values.get("profile_url") or "",
        )
    organizer.log_action(PERSON_CREATED, data={"id": person.pk, "source": source})
    return person


@receiver(meetup_written, dispatch_uid="oicmeetup_library_links_speakers")
def speakers_written(sender, speakers=None, **kwargs):
    if speakers:
        link_speakers(sender, speakers)


def link_speakers(event, written: list):
    """Links each of the ``(speaker, item)`` pairs the write path saved to its person (``person_to_link``),
    saving only the speakers whose person changes, in one query."""
    ids = {pk for speaker, item in written for pk in (speaker.person_id, item.get("person")) if pk}
    with scopes_disabled():
        # the people the speakers are linked to or were picked for, at once rather than one by one
        known = Person.objects.filter(organizer=event.organizer).in_bulk(ids) if ids else {}
        relinked = []
        for speaker, item in written:
            person = person_to_link(event, speaker, item, known)
            if speaker.person_id != person.pk:
                speaker.person = person
                relinked.append(speaker)
        if relinked:
            Speaker.objects.bulk_update(relinked, ["person"])


def person_to_link(event, speaker, item: dict, known: dict):
    """The person an edition's ``speaker`` (as saved from ``item``) stands for: the one the organiser picked
    in the library; else its person so far, unless the row now names another person of the library, or
    someone else altogether (a typo fix keeps the link, a row taken over for another speaker does not); else
    the person with the same name and profile link, or a new one. ``known`` holds the organizer's people by
    id that the speaker is linked to or was picked for."""
    picked = known.get(item.get("person"))
    if picked is not None:
        return picked
    values = {part: getattr(speaker, part) for part in TEXT_PARTS}
    current = known.get(speaker.person_id)
    if current is not None:
        if person_key(current.name, current.profile_url) == person_key(values["name"], values["profile_url"]):
            return current
        found = find_person(event.organizer, values)
        if found is not None or not same_person_retyped(current, values):
            return found or person_for(event.organizer, values, event.slug)
        return current
    return person_for(event.organizer, values, event.slug)


def same_person_retyped(person, values: dict) -> bool:
    """The row still names ``person``, written otherwise: the same profile link, or nearly the same name."""
    link = profile_key(values.get("profile_url"))
    if link and link == profile_key(person.profile_url):
        return True
    return SequenceMatcher(None, name_key(person.name), name_key(values.get("name"))).ratio() >= 0.8


def library_item(person, with_photo: bool = True) -> dict:
    """The speaker as the library has them, as the write path takes a speaker; the photo is a copy, and only
    with a recorded consent."""
    item = {"name": person.name, "role": person.role, "bio": person.bio, "profile_url": person.profile_url,
            "person": person.pk}
    if with_photo and person.photo_publishable:
        with person.photo.open("rb") as f:
            item["photo"] = ContentFile(f.read(), name=os.path.basename(person.photo.name))
    return item


def _text(value) -> str:
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return repr(sorted((k, (v or "").strip()) for k, v in data.items() if (v or "").strip()))
    return (data or "").strip() if isinstance(data, str) else str(data or "")


def library_differences(speaker) -> list[str]:
    """The parts (registry keys of a speaker) that the speaker's person in the library has otherwise."""
    person = speaker.person
    if person is None:
        return []
    parts = [part for part in TEXT_PARTS if _text(getattr(speaker, part)) != _text(getattr(person, part))]
    if person.photo_publishable and not speaker.photo:
        parts.append("photo")
    return parts
