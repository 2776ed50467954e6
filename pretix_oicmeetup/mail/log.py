"""The event log's entries for the plugin's email set-up."""
from django.utils.translation import gettext_lazy as _

from pretix.base.logentrytypes import EventLogEntryType, log_entry_types

EMAIL_TEMPLATE_APPLIED = "pretix_oicmeetup.email_template.applied"
REMINDER_CREATED = "pretix_oicmeetup.reminder.created"


@log_entry_types.new_from_dict({
    EMAIL_TEMPLATE_APPLIED: _("The meetup confirmation email template was applied."),
    REMINDER_CREATED: _("The reminder email on the day before the meetup was created."),
})
class MeetupEmailSetupLogEntryType(EventLogEntryType):
    pass
