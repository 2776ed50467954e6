"""The event log's entries for changes of the meetup, with readable texts from the field registry."""
from django.utils.translation import gettext_lazy as _

from pretix.base.logentrytypes import EventLogEntryType, LogEntryType, log_entry_types

from . import fields as registry

MEETUP_CHANGED = "pretix_oicmeetup.meetup.changed"
MEETUP_IMPORTED = "pretix_oicmeetup.meetup.imported"
MEETUP_COPIED = "pretix_oicmeetup.meetup.copied"
MEETUP_SERIES_CHANGED = "pretix_oicmeetup.meetup.series_changed"
RETROSPECTIVE_EMAILS_CREATED = "pretix_oicmeetup.retrospective.emails_created"
POSTS_DATED = "pretix_oicmeetup.website.posts_dated"
DEFAULTS_CHANGED = "pretix_oicmeetup.defaults.changed"  # the organizer's defaults for its meetups


def _speaker_with_parts(name, data, key) -> str:
    """"Barbara Hammer (Role or affiliation)" for a changed speaker whose changed parts were logged."""
    parts = (data.get("speaker_fields") or {}).get(name) if key == "speakers_changed" else None
    if not parts:
        return name
    return "{} ({})".format(name, ", ".join(registry.label(p) for p in parts))


@log_entry_types.new(MEETUP_CHANGED, _("The meetup announcement was changed."))
@log_entry_types.new(MEETUP_IMPORTED, _("The meetup announcement was imported from a website post ({source})."))
@log_entry_types.new(MEETUP_COPIED, _("The meetup data and speakers were copied from {source}."))
@log_entry_types.new(MEETUP_SERIES_CHANGED, _("The meetup announcement took over a change of its series "
                                              "({source})."))
class MeetupChangedLogEntryType(EventLogEntryType):
    def display(self, logentry, data):
        parts = [str(self.plain).format(source=data.get("source", "?"))]
        if data.get("fields"):
            parts.append(_("Fields: {fields}.").format(fields=", ".join(registry.label(f) for f in data["fields"])))
        for key, text in (("speakers_added", _("Speakers added: {names}.")),
                          ("speakers_changed", _("Speakers changed: {names}.")),
                          ("speakers_removed", _("Speakers removed: {names}."))):
            if data.get(key):
                parts.append(text.format(names=", ".join(_speaker_with_parts(name, data, key)
                                                         for name in data[key])))
        if data.get("speakers_reordered"):
            parts.append(str(_("Speakers reordered.")))
        return " ".join(parts)


@log_entry_types.new(RETROSPECTIVE_EMAILS_CREATED, _("The emails after the meetup were scheduled."))
class RetrospectiveEmailsLogEntryType(EventLogEntryType):
    pass


@log_entry_types.new(POSTS_DATED, _("The website's posts of this meetup were dated {date}, the day the website "
                                    "first got them."))
class PostsDatedLogEntryType(EventLogEntryType):
    def display(self, logentry, data):
        return str(self.plain).format(date=data.get("date", "?"))


@log_entry_types.new(DEFAULTS_CHANGED, _("The defaults for the organizer's meetups were changed."))
class DefaultsChangedLogEntryType(LogEntryType):
    def display(self, logentry, data):
        fields = ", ".join(registry.label(f) for f in data.get("fields", []))
        return " ".join([str(self.plain), str(_("Fields: {fields}.")).format(fields=fields)])
