"""Whether the meetup's values fit together: the times in order, a meeting link only for an online meetup,
per-date values only per date, each speaker named and listed once. Each rule is written once; the meetup
page, the REST API, the data file and the post import all ask here. (Checks of one value, such as lengths
and link schemes, are ``validators``, applied by each form or serializer field.)"""
from django.utils.translation import gettext_lazy as _

from .fields import SPEAKERS_MAX, SPEAKERS_MAX_MESSAGE, all_fields
from .names import name_key

SERIES_OF_DATES_MESSAGE = _("This event is a series of dates; set this for each date instead.")


def meetup_errors(event, values: dict, current: dict) -> dict[str, list[str]]:
    """Errors by field for ``values`` (the fields being changed) on top of ``current`` (the meetup as
    stored, from ``store.read``)."""
    def value(key):
        return values[key] if key in values else current.get(key)

    errors = {}
    if event.has_subevents:
        for field in all_fields():
            if field.per_date and field.key in values:
                errors[field.key] = [SERIES_OF_DATES_MESSAGE]
    start, end, admission = value("date_from"), value("date_to"), value("date_admission")
    if start and end and end < start:
        errors.setdefault("date_to", []).append(_("The end of the meetup has to be later than its start."))
    if start and admission and admission > start:
        errors.setdefault("date_admission", []).append(
            _("Admission cannot be later than the start of the meetup."))
    if value("online_url") and not value("is_remote"):
        errors.setdefault("online_url", []).append(
            _("An online meeting link needs an online event: mark the meetup as online or remove the link."))
    return errors


def speaker_list_errors(names: list[str]) -> list[str]:
    """The speakers as a whole: at most ``SPEAKERS_MAX``, each with a name, each once."""
    errors = []
    if len(names) > SPEAKERS_MAX:
        errors.append(str(SPEAKERS_MAX_MESSAGE).format(limit=SPEAKERS_MAX))
    if any(not (name or "").strip() for name in names):
        errors.append(_("Every speaker needs a name."))
    keys = [speaker_key(name) for name in names if (name or "").strip()]
    if len(keys) != len(set(keys)):
        errors.append(_("Each speaker can only be listed once."))
    return errors


def speaker_key(name: str) -> str:
    """Two names for the same person: the one way names are compared (``names.name_key``)."""
    return name_key(name)
