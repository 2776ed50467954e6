"""The emails after the meetup, as rules of pretix's own scheduled emails (the sendmail plugin), so pretix
sends them on time, retries and logs them: one to those who checked in ("Danke, dass Du da warst") and one
to those who registered but never checked in ("Schade, dass Du nicht da sein konntest"); or, when nobody
was checked in at all (nobody scanned), one to every registration.

They are sent the day after the meetup's end at 10:00. A rule created later than that would be skipped by
pretix (it marks rules more than two days overdue as missed), so it gets the next 10:00 at least an hour
ahead instead, as a fixed date.
"""
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils.timezone import now
from django.utils.translation import gettext_noop
from django_scopes import scopes_disabled

from pretix.base.models import Checkin, OrderPosition
from pretix.plugins.sendmail.models import Rule

from ..languages import in_every_language
from ..meetup.fields import SETTINGS_PREFIX

RULES_MARKER = SETTINGS_PREFIX + "retrospective_rules"
SEND_TIME = time(10, 0)
ATTENDED, MISSED, EVERYONE = "attended", "missed", "everyone"

ATTENDED_SUBJECT = gettext_noop("Thank you for coming: {event}")
ATTENDED_TEXT = gettext_noop("""Hello,

thank you for coming! Here is our look back at the meetup “{event}” for you to read.

{meetup_retrospective}

{meetup_slides}

{meetup_recording}

{meetup_feedback}

{meetup_next_edition}

Best regards,  
{meetup_signature}""")  # noqa: W291 (a markdown line break)

MISSED_SUBJECT = gettext_noop("Sorry you could not make it: {event}")
MISSED_TEXT = gettext_noop("""Hello,

we are sorry you could not make it! Here is our look back at the meetup “{event}” for you to read.

{meetup_retrospective}

{meetup_slides}

{meetup_next_edition}

Best regards,  
{meetup_signature}""")  # noqa: W291

EVERYONE_SUBJECT = gettext_noop("A look back at {event}")
EVERYONE_TEXT = gettext_noop("""Hello,

thank you for registering! Here is our look back at the meetup “{event}” for you to read.

{meetup_retrospective}

{meetup_slides}

{meetup_recording}

{meetup_feedback}

{meetup_next_edition}

Best regards,  
{meetup_signature}""")  # noqa: W291

TEXTS = {
    ATTENDED: (ATTENDED_SUBJECT, ATTENDED_TEXT, "checked_in"),
    MISSED: (MISSED_SUBJECT, MISSED_TEXT, "no_checkin"),
    EVERYONE: (EVERYONE_SUBJECT, EVERYONE_TEXT, None),
}


def nobody_checked_in(event) -> bool:
    """No valid registration of the event has a check-in that counts (on a list that marks tickets used)."""
    with scopes_disabled():
        checked = Checkin.objects.filter(position_id=OuterRef("pk"), list__consider_tickets_used=True)
        return not OrderPosition.objects.filter(order__event=event, canceled=False).filter(Exists(checked)).exists()


def meetup_end(event):
    return event.date_to or event.date_from


def default_send_time(event):
    end = meetup_end(event).astimezone(event.timezone)
    return datetime.combine(end.date() + timedelta(days=1), SEND_TIME, tzinfo=end.tzinfo).astimezone(event.timezone)


def _next_send_time(event):
    local_now = now().astimezone(event.timezone)
    candidate = local_now.replace(hour=SEND_TIME.hour, minute=SEND_TIME.minute, second=0, microsecond=0)
    while candidate < local_now + timedelta(hours=1):
        candidate += timedelta(days=1)
    return candidate


def build_rule(event, kind: str):
    subject, text, checked_in_status = TEXTS[kind]
    rule = Rule(event=event, subject=in_every_language(subject), template=in_every_language(text),
                checked_in_status=checked_in_status, send_to=Rule.ATTENDEES, all_products=True)
    # A series of dates gets one scheduled email per date, each the day after that date's end.
    if event.has_subevents or default_send_time(event) > now() + timedelta(hours=1):
        rule.date_is_absolute = False
        rule.offset_to_event_end = True
        rule.offset_is_after = True
        rule.send_offset_days = 1
        rule.send_offset_time = SEND_TIME
    else:
        rule.date_is_absolute = True
        rule.send_date = _next_send_time(event)
    return rule


def create_rules(event, kinds: tuple[str, ...]) -> list:
    """Creates the rules (the caller holds a transaction and enables the sendmail plugin)."""
    rules = []
    for kind in kinds:
        rule = build_rule(event, kind)
        rule.save()
        rules.append(rule)
    event.settings.set(RULES_MARKER, {kind: rule.pk for kind, rule in zip(kinds, rules, strict=True)})
    return rules


def existing_rules(event) -> dict:
    """The rules created here that still exist, by kind (the organiser may delete them in pretix)."""
    marker = event.settings.get(RULES_MARKER, as_type=dict) or {}
    if not marker:
        return {}
    with scopes_disabled():
        found = {rule.pk: rule for rule in Rule.objects.filter(event=event, pk__in=list(marker.values()))}
    return {kind: found[pk] for kind, pk in marker.items() if pk in found}
