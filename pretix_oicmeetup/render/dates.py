"""Dates and times as the announcement says them, in the active language ("Dienstag, 11. November 2025",
"16:30 Uhr")."""
from django.utils import dateformat
from django.utils.translation import pgettext


def format_date(value) -> str:
    # Translators: a PHP-style date format (Django's "date" filter) for the meetup's weekday and date.
    return dateformat.format(value, pgettext("oicmeetup date format", "l, F j, Y"))


def format_time(value) -> str:
    # Translators: a PHP-style time format; German adds the literal word "Uhr" (escaped letters).
    return dateformat.format(value, pgettext("oicmeetup time format", "g:i A"))


def format_date_time(value) -> str:
    return pgettext("oicmeetup", "{date}, {time}").format(date=format_date(value), time=format_time(value))


def format_time_on(value, day) -> str:
    """Time only when on the meetup's day, otherwise with its own date."""
    if day is not None and value.date() == day.date():
        return format_time(value)
    return format_date_time(value)


def admission_text(announcement) -> str:
    if not announcement.date_admission:
        return ""
    return format_time_on(announcement.local(announcement.date_admission), announcement.local(announcement.date_from))
