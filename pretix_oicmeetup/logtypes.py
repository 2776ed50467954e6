"""Readable texts for the plugin's entries in the event log."""
from django.utils.translation import gettext_lazy as _, pgettext

from pretix.base.logentrytypes import EventLogEntryType, OrderLogEntryType, log_entry_types

MEETUP_CHANGED = "pretix_oicmeetup.meetup.changed"
EMAIL_TEMPLATE_APPLIED = "pretix_oicmeetup.email_template.applied"
MEETUP_IMPORTED = "pretix_oicmeetup.meetup.imported"
# One entry per change notice email, logged as pretix logs its own emails: "order.email" in the name puts
# it into the order's email history and under pretix's email shredder.
NOTICE_SENT = "pretix_oicmeetup.order.email.notice_sent"
# Before 2026-08: one entry per order, recipients in data["recipients"]; still displayed for old logs.
LEGACY_NOTICE_SENT = "pretix_oicmeetup.notice.sent"
NOTICE_STARTED = "pretix_oicmeetup.notice.started"
REMINDER_CREATED = "pretix_oicmeetup.reminder.created"
MEETUP_COPIED = "pretix_oicmeetup.meetup.copied"


def field_label(name: str) -> str:
    from .forms import MeetupEventForm, MeetupSettingsForm

    for form_class in (MeetupSettingsForm, MeetupEventForm):
        for candidate in (name, "oicmeetup_" + name):
            field = form_class.base_fields.get(candidate)
            if field is not None:
                return str(field.label)
    if name in ("frontpage_text", "description"):
        return pgettext("oicmeetup", "Description")
    if name in ("title", "name"):
        return pgettext("oicmeetup", "Title")
    return name


def _speaker_with_parts(name, data, key) -> str:
    """"Barbara Hammer (Role or affiliation)" for a changed speaker whose changed parts were logged."""
    from .noticetext import SPEAKER_PART_LABELS

    parts = (data.get("speaker_fields") or {}).get(name) if key == "speakers_changed" else None
    if not parts:
        return name
    return "{} ({})".format(name, ", ".join(str(SPEAKER_PART_LABELS[p]) for p in parts if p in SPEAKER_PART_LABELS))


@log_entry_types.new(MEETUP_CHANGED, _("The meetup announcement was changed."))
@log_entry_types.new(MEETUP_IMPORTED, _("The meetup announcement was imported from a website post ({source})."))
class MeetupChangedLogEntryType(EventLogEntryType):
    def display(self, logentry, data):
        parts = [str(self.plain).format(source=data.get("source", "?"))]
        if data.get("fields"):
            parts.append(_("Fields: {fields}.").format(fields=", ".join(field_label(f) for f in data["fields"])))
        for key, text in (("speakers_added", _("Speakers added: {names}.")),
                          ("speakers_changed", _("Speakers changed: {names}.")),
                          ("speakers_removed", _("Speakers removed: {names}."))):
            if data.get(key):
                parts.append(text.format(names=", ".join(_speaker_with_parts(name, data, key)
                                                         for name in data[key])))
        if data.get("speakers_reordered"):
            parts.append(str(_("Speakers reordered.")))
        return " ".join(parts)


@log_entry_types.new_from_dict({
    EMAIL_TEMPLATE_APPLIED: _("The meetup confirmation email template was applied."),
    NOTICE_STARTED: _("A change notice (version {version}) was sent to the registrations."),
    REMINDER_CREATED: _("The reminder email on the day before the meetup was created."),
    MEETUP_COPIED: _("The meetup data and speakers were copied from {source}."),
})
class MeetupEmailTemplateLogEntryType(EventLogEntryType):
    pass


@log_entry_types.new(NOTICE_SENT, _("The change notice (version {version}) was sent to {recipient}."))
class NoticeSentLogEntryType(OrderLogEntryType):
    def display(self, logentry, data):
        return str(self.plain).format(version=data.get("version", "?"), recipient=data.get("recipient") or "–")


@log_entry_types.new(LEGACY_NOTICE_SENT, _("The change notice (version {version}) was sent to {recipients}."))
class LegacyNoticeSentLogEntryType(OrderLogEntryType):
    def display(self, logentry, data):
        return str(self.plain).format(version=data.get("version", "?"),
                                      recipients=", ".join(data.get("recipients") or []) or "–")
