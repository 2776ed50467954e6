"""The log entries of change notices: one for the event when a notice starts, one per email for the order,
logged as pretix logs its own emails."""
from django.utils.translation import gettext_lazy as _

from pretix.base.logentrytypes import EventLogEntryType, OrderLogEntryType, log_entry_types

NOTICE_STARTED = "pretix_oicmeetup.notice.started"
# One entry per change notice email: "order.email" in the name puts it into the order's email history
# and under pretix's email shredder.
NOTICE_SENT = "pretix_oicmeetup.order.email.notice_sent"
# Before 2026-08: one entry per order, recipients in data["recipients"]; still displayed for old logs.
LEGACY_NOTICE_SENT = "pretix_oicmeetup.notice.sent"


@log_entry_types.new(NOTICE_STARTED, _("A change notice (version {version}) was sent to the registrations."))
class NoticeStartedLogEntryType(EventLogEntryType):
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
