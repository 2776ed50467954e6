"""Readable texts for the plugin's entries in the event log."""
from django.utils.translation import gettext_lazy as _, pgettext

from pretix.base.logentrytypes import EventLogEntryType, log_entry_types

MEETUP_CHANGED = "pretix_oicmeetup.meetup.changed"
EMAIL_TEMPLATE_APPLIED = "pretix_oicmeetup.email_template.applied"


def field_label(name: str) -> str:
    from .forms import MeetupEventForm, MeetupSettingsForm

    for form_class in (MeetupSettingsForm, MeetupEventForm):
        field = form_class.base_fields.get(name)
        if field is not None:
            return str(field.label)
    if name == "frontpage_text":
        return pgettext("oicmeetup", "Description")
    return name


@log_entry_types.new(MEETUP_CHANGED, _("The meetup announcement was changed."))
class MeetupChangedLogEntryType(EventLogEntryType):
    def display(self, logentry, data):
        parts = [str(self.plain)]
        if data.get("fields"):
            parts.append(_("Fields: {fields}.").format(fields=", ".join(field_label(f) for f in data["fields"])))
        for key, text in (("speakers_added", _("Speakers added: {names}.")),
                          ("speakers_changed", _("Speakers changed: {names}.")),
                          ("speakers_removed", _("Speakers removed: {names}."))):
            if data.get(key):
                parts.append(text.format(names=", ".join(data[key])))
        if data.get("speakers_reordered"):
            parts.append(str(_("Speakers reordered.")))
        return " ".join(parts)


@log_entry_types.new_from_dict({
    EMAIL_TEMPLATE_APPLIED: _("The meetup confirmation email template was applied."),
})
class MeetupEmailTemplateLogEntryType(EventLogEntryType):
    pass
