"""A free meetup, set up the way OIC runs one, with pretix's own settings: no invoice address for a free
registration, straight to the registration form with "Anmelden" instead of a shopping cart, the dates and
times in pretix's block on the shop page (the one place for them there), no registration form once
registration has ended, and the organiser as the sender of the emails. Fewer empty seats, with pretix's own
machinery: an attendee may cancel a free registration until the meetup starts (pretix's cancellation, linked
from the emails), and pretix's waiting list passes a freed seat on by itself, with a voucher valid for hours,
not days, and none sent later than that before the start. The meetup page shows each change before the
organiser applies them in one action."""
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _, ngettext, pgettext

from pretix.base.logentrytypes import EventLogEntryType, log_entry_types
from pretix.base.reldate import RelativeDate, RelativeDateWrapper
from pretix.base.settings import DEFAULTS

# A freed seat goes to the next person on the waiting list with a voucher valid this long; the list closes
# as long before the start, so no voucher runs past it.
WAITING_LIST_HOURS = 4
AT_THE_START = RelativeDateWrapper(RelativeDate(days=0, minutes=0, is_after=False, base_date_name="date_from"))
BEFORE_THE_START = RelativeDateWrapper(RelativeDate(days=0, minutes=WAITING_LIST_HOURS * 60, is_after=False,
                                                     base_date_name="date_from"))

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
        # "Ich kann doch nicht kommen": pretix's own cancellation of a free registration, until the start
        "cancel_allow_user": True,
        "cancel_allow_user_until": AT_THE_START,
        "waiting_list_enabled": True,
        "waiting_list_auto": True,
        "waiting_list_hours": WAITING_LIST_HOURS,
        "waiting_list_auto_disable": BEFORE_THE_START,
    }


def _same(current, wanted) -> bool:
    if isinstance(wanted, RelativeDateWrapper):  # pretix's wrapper has no equality of its own
        return isinstance(current, RelativeDateWrapper) and current.to_string() == wanted.to_string()
    return current == wanted


def _label(key) -> str:
    kwargs = DEFAULTS[key].get("form_kwargs", {})
    kwargs = kwargs() if callable(kwargs) else kwargs
    return str(kwargs.get("label") or key)


def _hours(value, event=None) -> str:
    return ngettext("{hours} hour", "{hours} hours", value or 0).format(hours=value) if value else "–"


def _shown(value, event=None) -> str:
    if isinstance(value, RelativeDateWrapper) and event is not None:
        when = date_format(value.datetime(event).astimezone(event.timezone), "SHORT_DATETIME_FORMAT")
        relative = value.data if isinstance(value.data, RelativeDate) else None
        if relative is not None and not relative.is_after and not relative.days and relative.minutes is not None:
            if relative.minutes == 0:
                return pgettext("oicmeetup", "the meetup's start ({when})").format(when=when)
            if relative.minutes % 60 == 0:
                hours = relative.minutes // 60
                return ngettext("{hours} hour before the meetup's start ({when})",
                                "{hours} hours before the meetup's start ({when})", hours).format(
                    hours=hours, when=when)
        return when
    if isinstance(value, bool):
        return pgettext("oicmeetup", "yes") if value else pgettext("oicmeetup", "no")
    return str(value) if value not in (None, "") else "–"


def pending_changes(event) -> list[tuple[str, str, str]]:
    """(pretix's name of the setting, its value now, the value for a free meetup) where they differ."""
    rows = []
    for key, value in wanted_settings(event).items():
        current = event.settings.get(key, as_type=type(value))
        if not _same(current, value):
            shown = _hours if key == "waiting_list_hours" else _shown
            rows.append((_label(key), shown(current, event), shown(value, event)))
    return rows


def apply_free_setup(event, user=None) -> list[str]:
    changed = []
    for key, value in wanted_settings(event).items():
        if not _same(event.settings.get(key, as_type=type(value)), value):
            event.settings.set(key, value)
            changed.append(key)
    if changed:
        event.log_action(SETUP_APPLIED, user=user, data={"settings": changed})
    return changed
