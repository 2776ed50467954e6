"""Checks of one value, as Django validators: links attendees may click (http(s) only), names in web
addresses, the length of every language of a text and the characters a text may hold. (Whether values fit
together is ``consistency``.)"""
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

HTTP_URL_MESSAGE = _("Please enter a complete web address starting with http:// or https://.")
_http_url_validator = URLValidator(schemes=("http", "https"), message=HTTP_URL_MESSAGE)


# NUL, which PostgreSQL cannot store, and lone UTF-16 surrogates (JSON's "\ud800"), which no page, email or
# file can encode: both arrive only through JSON or by accident, never as text someone means.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def validate_text_characters(value):
    """Refuses a text no page or database can hold, naming the character and where it is."""
    if isinstance(value, str):
        found = _UNSTORABLE.search(value)
        if found:
            raise ValidationError(
                _("The text contains a character that cannot be saved (U+{code}, character {position}). "
                  "Please remove it.").format(code=f"{ord(found.group()):04X}", position=found.start() + 1),
                code="unstorable_character")


# Never valid unencoded in a URL (RFC 3986); Django's validator lets them through in the path.
_UNSAFE_URL_CHARACTERS = re.compile(r'[\s"<>`{}|\\^]')


def validate_http_url(value: str):
    """Links shown to attendees must be plain web links: no javascript:, data: or other schemes, and
    nothing that could break out of an attribute or a line."""
    if not value:
        return
    validate_text_characters(value)
    _http_url_validator(value)
    if _UNSAFE_URL_CHARACTERS.search(value):
        raise ValidationError(HTTP_URL_MESSAGE, code="invalid")


SLUG_MESSAGE = _("Please use only lowercase letters, digits and hyphens, e.g. ki-zivilgesellschaft.")
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")


def validate_slug(value: str):
    """A name that goes into web addresses (the series page, the website's topic pages) as it is."""
    if value and not SLUG_RE.match(value):
        raise ValidationError(SLUG_MESSAGE, code="invalid")


def is_http_url(value) -> bool:
    """Render-time check, so a value that bypassed form validation is still never linked."""
    if not value or not isinstance(value, str):
        return False
    try:
        validate_http_url(value)
    except ValidationError:
        return False
    return urlsplit(value).scheme in ("http", "https")


class I18nMaxLengthValidator:
    """Django's length check (and its translated message) for every language of an i18n text, and the
    refusal of characters no page can hold (``validate_text_characters``)."""

    def __init__(self, limit: int | None):
        self.limit = limit
        self._validators = (validate_text_characters, *([MaxLengthValidator(limit)] if limit else []))

    def __call__(self, value):
        data = getattr(value, "data", value)
        texts = data.values() if isinstance(data, dict) else [data]
        for text in texts:
            if isinstance(text, str):
                for validator in self._validators:
                    validator(text)
