"""The organizer log's entries for its speaker library. They hold the person's id, not the name: a person
removed from the library leaves no name behind in the log."""
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from pretix.base.logentrytypes import LogEntryType, log_entry_types

from ..models import Person

PERSON_CREATED = "pretix_oicmeetup.person.created"
PERSON_CHANGED = "pretix_oicmeetup.person.changed"


@log_entry_types.new(PERSON_CREATED, _("{name} was added to the speaker library."))
@log_entry_types.new(PERSON_CHANGED, _("{name} was changed in the speaker library."))
class PersonLogEntryType(LogEntryType):
    def display(self, logentry, data):
        with scopes_disabled():
            person = Person.objects.filter(pk=data.get("id")).first()
        name = person.name if person else _("A person no longer in the library")
        text = str(self.plain).format(name=name)
        names = {f.name: f.verbose_name for f in Person._meta.get_fields() if hasattr(f, "verbose_name")}
        if data.get("fields"):
            text += " " + str(_("Fields: {fields}.")).format(
                fields=", ".join(str(names.get(f, f)) for f in data["fields"]))
        return text
