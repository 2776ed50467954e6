"""When a meetup, or one date of it, has started and has ended: the one rule, on pretix's clock.

pretix's time machine (the organiser's preview of the shop at another moment, in test mode) sets that clock
for a request; pretix's own checks ask ``time_machine_now()``, so every rule of the plugin does too. A meetup
is upcoming until it has ended: by its end, or, without one, by its start (lists, the series page, the
website's event list, the annual report and a series' changes all count so).
"""
from pretix.base.timemachine import time_machine_now


def now():
    return time_machine_now()


def has_started(source) -> bool:
    """``source``: the event, or a date of an event series."""
    return bool(source.date_from and source.date_from <= now())


def has_ended(source) -> bool:
    end = source.date_to or source.date_from
    return bool(end and end <= now())


def is_upcoming(event, subevent=None) -> bool:
    return not has_ended(subevent or event)
