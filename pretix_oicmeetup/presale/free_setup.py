"""A free meetup, set up the way OIC runs one, with pretix's own settings: no invoice address for a free
registration, straight to the registration form with "Anmelden" instead of a shopping cart, the dates and
times in pretix's block on the shop page (the one place for them there), no registration form once
registration has ended, and the organiser as the sender of the emails. The meetup page shows each change
before the organiser applies them in one action."""
from django.utils.translation import gettext_lazy as _, pgettext

from pretix.base.logentrytypes import EventLogEntryType, log_entry_types
from pretix.base.settings import DEFAULTS

SETUP_APPLIED = "pretix_oicmeetup.free_setup.applied"


@log_entry_types.new(SETUP_APPLIED, _("The shop was set up for a free meetup."))
class FreeSetupLogEntryType(EventLogEntryType):
    pass


def wanted_settings(event) -> dict:
    return {
        "invoice_address_not_asked_free": True,
        "redirect_to_checkout_directly": True,
        "show_dates_on_frontpage": True,
        "show_times": True,
        "show_date_to": True,
        # after the meetup its page is the archive (the Rückblick first), not a form that cannot be sent
        "show_items_outside_presale_period": False,
        "mail_from_name": str(event.organizer.name),
    }


def _label(key) -> str:
    kwargs = DEFAULTS[key].get("form_kwargs", {})
    kwargs = kwargs() if callable(kwargs) else kwargs
    return str(kwargs.get("label") or key)


def _shown(value) -> str:
    if isinstance(value, bool):
        return pgettext("oicmeetup", "yes") if value else pgettext("oicmeetup", "no")
    return str(value) if value not in (None, "") else "–"


def pending_changes(event) -> list[tuple[str, str, str]]:
    """(pretix's name of the setting, its value now, the value for a free meetup) where they differ."""
    rows = []
    for key, value in wanted_settings(event).items():
        current = event.settings.get(key, as_type=type(value))
        if current != value:
            rows.append((_label(key), _shown(current), _shown(value)))
    return rows


def apply_free_setup(event, user=None) -> list[str]:
    changed = []
    for key, value in wanted_settings(event).items():
        if event.settings.get(key, as_type=type(value)) != value:
            event.settings.set(key, value)
            changed.append(key)
    if changed:
        event.log_action(SETUP_APPLIED, user=user, data={"settings": changed})
    return changed
