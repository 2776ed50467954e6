"""Where the website serves a post: Jekyll's permalink rule for the posts' collection, applied as Jekyll does.

The organisers' site publishes its posts (the collection ``beitraege``, files in ``_beitraege/``) at
``permalink: /beitraege/:name/``; Jekyll fills ``:name`` with the whole file name, slugified (a leading date
stays part of it). The command reads the rule from the site's ``_config.yml``; the zip and the API use the
organizer's setting, by default the site's rule.
"""
import re
import unicodedata

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..posts.yaml_text import load_yaml

COLLECTION = "beitraege"
POSTS_FOLDER = f"_{COLLECTION}"
DEFAULT_PERMALINK = f"/{COLLECTION}/:name/"
PERMALINK_SETTING = "oicmeetup_website_permalink"
# The placeholders of Jekyll's collection permalinks the plugin fills in; any other is refused, not guessed.
_PLACEHOLDERS = (":collection", ":name", ":path", ":title", ":slug", ":output_ext")
_PLACEHOLDER_RE = re.compile(r":[a-z_]+")
_SLUG_SEPARATORS = re.compile(r"(?:[^\w]|_)+")


def jekyll_slug(text: str) -> str:
    """Jekyll's ``slugify`` in its default mode: runs of anything but letters, marks and digits become one
    hyphen, leading and trailing hyphens go, lower case (letters with umlauts stay)."""
    text = unicodedata.normalize("NFC", text)
    return _SLUG_SEPARATORS.sub("-", text).strip("-").lower()


def validate_permalink(value: str):
    if not value:
        return
    unknown = [p for p in _PLACEHOLDER_RE.findall(value) if p not in _PLACEHOLDERS]
    if not value.startswith("/") or unknown or (":name" not in value and ":path" not in value
                                                and ":title" not in value and ":slug" not in value):
        raise ValidationError(_("Please give the address pattern of the website's posts as its _config.yml does, "
                                "e.g. /beitraege/:name/ (placeholders: :name, :path, :title, :collection, "
                                ":output_ext)."), code="invalid")


def post_address(name: str, permalink: str = DEFAULT_PERMALINK) -> str:
    """The address of the post ``_beitraege/<name>.md`` under ``permalink``."""
    slug = jekyll_slug(name)
    filled = permalink
    for placeholder, value in ((":collection", COLLECTION), (":output_ext", ".html"), (":name", slug),
                               (":path", name), (":title", slug), (":slug", slug)):
        filled = filled.replace(placeholder, value)
    return re.sub(r"/{2,}", "/", filled)


class SiteConfigError(ValueError):
    pass


def site_permalink(config_text: str) -> str:
    """The posts' permalink rule of a site's ``_config.yml``, as Jekyll 4 applies it to a collection: the
    collection's own, else ``/:collection/:path/`` under the site-wide style ``pretty``, else
    ``/:collection/:path:output_ext``."""
    try:
        config = load_yaml(config_text) or {}
    except yaml.YAMLError as e:
        raise SiteConfigError(str(e).splitlines()[0]) from None
    if not isinstance(config, dict):
        raise SiteConfigError("not a configuration")
    collection = (config.get("collections") or {}).get(COLLECTION) if isinstance(config.get("collections"),
                                                                                 dict) else None
    own = collection.get("permalink") if isinstance(collection, dict) else None
    if isinstance(own, str) and own.strip():
        rule = own.strip()
    elif config.get("permalink") == "pretty":
        rule = "/:collection/:path/"
    else:
        rule = "/:collection/:path:output_ext"
    try:
        validate_permalink(rule)
    except ValidationError:
        raise SiteConfigError(f"the posts' permalink {rule!r} uses placeholders the plugin cannot fill") from None
    return rule
