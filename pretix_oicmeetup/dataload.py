"""Loading meetup data from a JSON document (data files, scripts) through the API serializer."""
import json

from django.db import transaction
from django.utils.translation import gettext as _

from .logtypes import MEETUP_CHANGED
from .serializers import MeetupSerializer, apply_meetup_data


class MeetupDataError(Exception):
    pass


def format_errors(errors, prefix="") -> list[str]:
    """Flattens DRF's nested error structure into "field: message" lines."""
    lines = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = key if key != "non_field_errors" else ""
            lines += format_errors(value, f"{prefix}{name}." if name else prefix)
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            if isinstance(value, (dict, list)) and value:
                lines += format_errors(value, f"{prefix}{index}.")
            elif value:
                lines.append(f"{prefix.rstrip('.')}: {value}" if prefix else str(value))
    else:
        lines.append(f"{prefix.rstrip('.')}: {errors}" if prefix else str(errors))
    return lines


def read_data_file(path) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except OSError as e:
        raise MeetupDataError(_("The file could not be read: {error}").format(error=e.strerror or e)) from e
    except json.JSONDecodeError as e:
        raise MeetupDataError(_("The file is not valid JSON: {error}").format(error=e.msg)) from e
    if not isinstance(document, dict):
        raise MeetupDataError(_("The file must contain a JSON object."))
    return document


def load_meetup_data(event, data: dict, user=None, auth=None) -> dict:
    """Validates ``data`` completely, then applies it in one transaction with one log entry."""
    serializer = MeetupSerializer(data=data, event=event, partial=True)
    if not serializer.is_valid():
        raise MeetupDataError("\n".join(format_errors(serializer.errors)))
    with transaction.atomic():
        changes = apply_meetup_data(event, serializer.validated_data)
        if changes:
            event.log_action(MEETUP_CHANGED, user=user, auth=auth, data=changes)
    event.cache.clear()
    return changes
