"""The ready confirmation emails that carry {meetup_announcement}, and applying them to an event."""
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop
from i18nfield.strings import LazyI18nString

from pretix.base.settings import DEFAULTS

from ..languages import in_every_language

# Free orders get "mail_*_order_free"; paid orders are confirmed by "mail_*_order_paid" once paid. The title
# is named once in the body (pretix's frame shows it, too); pretix's frame links the order (a button in the
# HTML part, the address at the end of the text part), so the body does not.
CONFIRMATION_TEMPLATES = {
    "mail_subject_order_free": gettext_noop("Your registration for {event}"),
    "mail_text_order_free": gettext_noop("""Hello,

your registration for “{event}” is confirmed. Participation is free of charge.

{meetup_announcement}

{meetup_cancel_link}

Best regards,  
{meetup_signature}"""),  # noqa: W291 (two trailing spaces: a markdown line break)
    # pretix's waiting list email, when a seat became free: the meetup's date, times and place with it
    "mail_subject_waiting_list": gettext_noop("A seat for you: {event}"),
    "mail_text_waiting_list": gettext_noop("""Hello,

a seat at “{event}” has become free, and it is yours if you still want to come: please register within
the next {hours} hours with this link:

{url}

After that, the seat goes to the next person on the waiting list.

{meetup_schedule}

If you cannot come, please let us know with this link, so that the next person gets the seat at once:
{url_remove}

Best regards,  
{meetup_signature}"""),  # noqa: W291
    "mail_subject_order_paid": gettext_noop("Your registration for {event} is confirmed"),
    "mail_text_order_paid": gettext_noop("""Hello,

we have received your payment. Your registration for “{event}” is confirmed.

{meetup_announcement}

Best regards,  
{meetup_signature}"""),  # noqa: W291
}
# Earlier versions of the texts above: still the plugin's own, so applying the template replaces them
# without asking, and switching the plugin off resets them.
PREVIOUS_TEMPLATES = {
    "mail_text_order_free": [gettext_noop("""Hello,

your registration for “{event}” is confirmed. Participation is free of charge.

{meetup_announcement}

Best regards,  
{meetup_signature}"""), gettext_noop("""Hello,

thank you for registering for “{event}”. Your registration is confirmed and participation is free of charge.

{meetup_announcement}

You can view or change your registration at any time at
{url}

Best regards,  
Your {event} team""")],  # noqa: W291
    "mail_text_order_paid": [gettext_noop("""Hello,

we have received your payment for “{event}”. Thank you, your registration is confirmed.

{payment_info}

{meetup_announcement}

You can view or change your registration at any time at
{url}

Best regards,  
Your {event} team""")],  # noqa: W291
}
KEY_LABELS = {
    "mail_subject_order_free": gettext_lazy("Subject of the confirmation of a free registration"),
    "mail_text_order_free": gettext_lazy("Text of the confirmation of a free registration"),
    "mail_subject_waiting_list": gettext_lazy("Subject of the email offering a seat from the waiting list"),
    "mail_text_waiting_list": gettext_lazy("Text of the email offering a seat from the waiting list"),
    "mail_subject_order_paid": gettext_lazy("Subject of the confirmation of a paid registration"),
    "mail_text_order_paid": gettext_lazy("Text of the confirmation of a paid registration"),
    "mail_attach_ical_description": gettext_lazy("Description in the attached calendar file"),
}


# pretix attaches a calendar file to the confirmations; its description carries the meetup (never the
# private online link: pretix gives that text no order, see render/ical.py).
CALENDAR_KEYS = {"mail_attach_ical_description": "{meetup_calendar}"}


def template_value(key: str) -> LazyI18nString:
    if key in CALENDAR_KEYS:
        return in_every_language(lambda: CALENDAR_KEYS[key])
    return in_every_language(CONFIRMATION_TEMPLATES[key])


def _same_text(a: LazyI18nString, b: LazyI18nString, locales) -> bool:
    for locale in locales:
        with translation.override(locale):  # also resolves pretix's lazily translated defaults
            if str(a).strip() != str(b).strip():
                return False
    return True


def template_state(event) -> dict:
    """Per key: "meetup" (ours applied), "outdated" (an earlier version of ours), "default" (pretix's
    untouched text) or "custom"."""
    locales = event.settings.locales
    state = {}
    for key in [*CONFIRMATION_TEMPLATES, *CALENDAR_KEYS]:
        current = event.settings.get(key, as_type=LazyI18nString)
        if _same_text(current, template_value(key), locales):
            state[key] = "meetup"
        elif any(_same_text(current, in_every_language(old), locales) for old in PREVIOUS_TEMPLATES.get(key, ())):
            state[key] = "outdated"
        elif _same_text(current, DEFAULTS[key]["default"], locales):
            state[key] = "default"
        else:
            state[key] = "custom"
    return state


def template_rows(event) -> list[tuple[str, str]]:
    """(what the text is, its state) for the meetup page."""
    return [(str(KEY_LABELS[key]), state) for key, state in template_state(event).items()]


def customised_keys(event) -> list[str]:
    return [key for key, value in template_state(event).items() if value == "custom"]


def apply_confirmation_templates(event) -> list[str]:
    """Writes the meetup texts for every confirmation key that does not already carry them, attaches the
    calendar file, and names the organiser as the sender (pretix's default is the event's name)."""
    changed = []
    for key, state in template_state(event).items():
        if state != "meetup":
            event.settings.set(key, template_value(key))
            changed.append(key)
    if not event.settings.mail_attach_ical:
        event.settings.mail_attach_ical = True
        changed.append("mail_attach_ical")
    if not event.settings.get("mail_from_name", as_type=str):
        event.settings.mail_from_name = str(event.organizer.name)
        changed.append("mail_from_name")
    return changed
