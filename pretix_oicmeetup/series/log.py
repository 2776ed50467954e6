"""The organizer log's entries for its meetup series."""
from django.utils.translation import gettext_lazy as _

from pretix.base.logentrytypes import LogEntryType, log_entry_types

from ..meetup import fields as registry

SERIES_CREATED = "pretix_oicmeetup.series.created"
SERIES_CHANGED = "pretix_oicmeetup.series.changed"


@log_entry_types.new(SERIES_CREATED, _("The meetup series {topic} was created."))
@log_entry_types.new(SERIES_CHANGED, _("The meetup series {topic} was changed."))
class SeriesLogEntryType(LogEntryType):
    def display(self, logentry, data):
        parts = [str(self.plain).format(topic=data.get("topic", "?"))]
        if data.get("fields"):
            parts.append(str(_("Fields: {fields}.")).format(
                fields=", ".join(registry.label(f) for f in data["fields"])))
        if data.get("upcoming") is not None:
            parts.append(str(_("Written into {upcoming} upcoming editions; {past} past editions keep what was "
                               "announced.")).format(upcoming=data["upcoming"], past=data.get("past", 0)))
        return " ".join(parts)
