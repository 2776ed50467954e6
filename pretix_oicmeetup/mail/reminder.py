"""The ready reminder: a rule of pretix's own scheduled emails ("Erinnerung am Vortag mit Einlass und
Materialien"), the day before the meetup at 10:00, built from the meetup placeholders."""
from datetime import time

from django.utils.translation import gettext_noop

from pretix.plugins.sendmail.models import Rule

from ..languages import in_every_language
from ..meetup.fields import SETTINGS_PREFIX

REMINDER_MARKER = SETTINGS_PREFIX + "reminder_rule"
SUBJECT = gettext_noop("Tomorrow: {event}, admission from {meetup_admission}")
TEXT = gettext_noop("""Hello,

this is a reminder of the meetup {event} tomorrow. We look forward to seeing you!

{meetup_schedule}

{meetup_materials}

{meetup_online_link}

{meetup_cancel_link}

Best regards,  
{meetup_signature}""")  # noqa: W291 (a markdown line break)


def reminder_rule(event):
    rule = Rule(
        event=event, subject=in_every_language(SUBJECT), template=in_every_language(TEXT),
        date_is_absolute=False, send_offset_days=1, send_offset_time=time(10, 0),
        offset_to_event_end=False, offset_is_after=False, send_to=Rule.BOTH, all_products=True,
    )
    return rule


def create_reminder_rule(event):
    rule = reminder_rule(event)
    rule.save()
    event.settings.set(REMINDER_MARKER, rule.pk)  # offered only once, until the organiser deletes the rule
    return rule


def reminder_rule_exists(event) -> bool:
    """Created here, or copied along with the event by the sendmail plugin (then it has our template)."""
    pk = event.settings.get(REMINDER_MARKER, as_type=int)
    if pk and Rule.objects.filter(event=event, pk=pk).exists():
        return True
    template = in_every_language(TEXT).data
    return any(rule.template.data == template for rule in Rule.objects.filter(event=event, send_offset_days=1))
