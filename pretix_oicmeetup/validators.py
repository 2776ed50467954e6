from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

HTTP_URL_MESSAGE = _("Please enter a complete web address starting with http:// or https://.")
_http_url_validator = URLValidator(schemes=("http", "https"), message=HTTP_URL_MESSAGE)


def validate_http_url(value: str):
    """Links shown to attendees must be plain web links: no javascript:, data: or other schemes."""
    if not value:
        return
    _http_url_validator(value)


def is_http_url(value) -> bool:
    """Render-time check, so a value that bypassed form validation is still never linked."""
    if not value or not isinstance(value, str):
        return False
    try:
        validate_http_url(value)
    except ValidationError:
        return False
    return urlsplit(value).scheme in ("http", "https")
