"""Meetup data as a JSON file (``oicmeetup_load``, the demo): read, checked completely, then written in one
transaction through the one write path."""
import json

from django.utils.translation import gettext as _

from .schema import error_lines, validated
from .store import write


class MeetupDataError(Exception):
    pass


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


def load_meetup_data(event, data: dict, user=None, auth=None) -> list:
    """Validates ``data`` (the API's shape, partial) completely, then applies it; returns the changes."""
    schema = validated(event, data)
    if schema.errors:
        raise MeetupDataError("\n".join(error_lines(schema.errors)))
    values = dict(schema.validated_data)
    speakers = values.pop("speakers", None)
    return write(event, values, speakers, user=user, auth=auth)
