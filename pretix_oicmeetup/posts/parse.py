"""Reading the meetup from a website post (Jekyll: YAML front matter + markdown).

``parse_post`` turns text into a ``ParsedPost`` (an announcement) or a ``ParsedRetrospective`` (a
Rückblick, see ``is_retrospective``) or raises ``PostParseError``; it touches no database and needs no
pretix settings (``python -m pretix_oicmeetup.posts FILE`` runs it on its own). The extractors in
``extract`` read the post's own words; the fields the export writes under ``meetup:`` in the front matter
(the registry's ``POST_META`` fields) are read back here and take precedence.
"""
import math
import re
import sys
from datetime import date, datetime

from django.utils.translation import gettext as _

from ..meetup import fields as registry
from ..meetup.dialect import pretix_items, pretix_markdown
from .extract.format import extract_format_and_prerequisites
from .extract.retrospective import (
    category_names_retrospective,
    extract_gallery,
    extract_recap,
    title_names_retrospective,
)
from .extract.schedule import as_date, extract_schedule
from .extract.series import extract_series
from .extract.speakers import find_speakers
from .extract.texts import extract_description_and_contact, extract_hint, extract_materials, extract_outcomes
from .model import MAX_POST_SIZE, ParsedPost, ParsedRetrospective
from .structure import (
    PostParseError,
    extract_liquid,
    group_sections,
    list_value,
    parse_blocks,
    split_front_matter,
    text_value,
)

# The website's registration widget, which only an announcement has.
_REGISTRATION_RE = re.compile(r"\{%-?\s{0,20}include\s{1,20}pretix-widget")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Front matter of posts exported before the keys followed the field registry.
LEGACY_META_KEYS = {"series": "series_name"}
# Values read from the front matter, which the website does not read as markdown.
FRONT_MATTER_VALUES = {"title", "teaser", "retrospective_title", "retrospective_teaser", "retrospective_authors"}


def meta_value(field, value):
    """A ``meetup:`` front matter value for a registry field, or None if it is not one of its kind."""
    if field.kind == registry.FLAG:
        return value if isinstance(value, bool) else None
    if field.kind == registry.NUMBER:
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value <= (field.max_value or value)
        return value if ok else None
    if field.kind == registry.URL:
        return value.strip() if isinstance(value, str) and value.strip().startswith(("http://", "https://")) \
            else None
    return text_value(value) if isinstance(value, str) else None


def slug_value(value) -> str | None:
    """A front matter value that names a post (``related_post``, ``retrospective_post``), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def is_retrospective(front: dict, registration: bool = False) -> bool:
    """Whether the front matter is a Rückblick's: it names the announcement it looks back on
    (``related_post``), says ``is_retrospective: true``, or, unless it names a Rückblick of its own
    (``retrospective_post``, the announcement's link), has the category "Rückblick" or "Rückschau", a title
    that begins or ends with the word ("Ein Rückblick auf …", "… - Rückschau"), or the word anywhere in the
    title ("… – Meetup-Rückblick –") unless the post invites to register (``registration``: its pretix widget;
    "Open Innovation Hour: Rückblick auf das Jahr" is then an event). Otherwise the body is not read: an
    announcement that mentions an earlier Rückblick stays an announcement."""
    if slug_value(front.get("related_post")):
        return True
    flag = front.get("is_retrospective")
    if flag is True or (isinstance(flag, str) and flag.strip().lower() in ("true", "yes", "ja")):
        return True
    if slug_value(front.get("retrospective_post")):
        return False
    categories = list_value(front, "category", "category") + list_value(front, "categories", "categories")
    if any(category_names_retrospective(category) for category in categories):
        return True
    return title_names_retrospective(text_value(front.get("title")), anywhere=not registration)


def jsonable(value):
    """A front matter value as JSON takes it: dates and times as ISO text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def _front_matter(front: dict) -> dict:
    """The front matter's plain values (text, numbers, flags, dates, lists of them), ``meetup:`` aside."""
    return {
        key: value for key, value in front.items()
        if isinstance(key, str) and isinstance(value, str | int | float | bool | date | list) and key != "meetup"
        and (not isinstance(value, list) or all(isinstance(v, str | int | float) for v in value[:50]))
    }


def _blocks(body: str):
    try:
        return parse_blocks(body)
    except RecursionError:
        raise PostParseError(_("The post is nested too deeply to be read.")) from None


def parse_post(text) -> ParsedPost | ParsedRetrospective:
    """The post's facts: a ``ParsedRetrospective`` for a Rückblick, a ``ParsedPost`` for any other post."""
    if not isinstance(text, str):
        raise PostParseError(_("This is not a website post: it is not text."))
    if len(text.encode("utf-8", errors="replace")) > MAX_POST_SIZE:
        raise PostParseError(_("The post is larger than 1 MB."))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    surrogate = _SURROGATE_RE.search(text)
    if surrogate:  # only JSON can carry one (the API's texts); no page, email or file can encode it
        raise PostParseError(_("The post contains a character that cannot be saved (U+{code}) on line {line}.").format(
            code=f"{ord(surrogate.group()):04X}", line=text.count("\n", 0, surrogate.start()) + 1))
    front, body = split_front_matter(text)
    if is_retrospective(front, registration=bool(_REGISTRATION_RE.search(body))):
        return parse_retrospective(front, body)
    post = ParsedPost()
    post.title = text_value(front.get("title"))
    if not post.title:
        raise PostParseError(_("This is not an announcement post: its front matter has no title."))
    post.teaser = text_value(front.get("teaser"))
    post.values.update(title=post.title, teaser=post.teaser)
    post.authors = list_value(front, "author", "authors")
    post.categories = list_value(front, "category", "categories")
    post.retrospective_post = slug_value(front.get("retrospective_post"))
    post.front_matter = _front_matter(front)

    body, tags = extract_liquid(body)
    for tag in tags:
        if tag.name.startswith("pretix-widget") and tag.attrs.get("event"):
            post.pretix_event = tag.attrs["event"].strip().strip("/").split("/")[-1] or None
    sections = group_sections(_blocks(body))

    extract_description_and_contact(post, sections, tags)
    extract_hint(post, sections, tags)
    extract_outcomes(post, sections, tags)
    extract_materials(post, sections, tags)
    extract_series(post, sections, tags)
    extract_schedule(post, sections, as_date(front.get("date")))
    find_speakers(post, sections, tags)
    extract_format_and_prerequisites(post, sections)
    _in_pretix_dialect(post)
    _read_meta(post, front.get("meetup"))
    if not post.pretix_event:
        post.warnings.append(_("The post has no pretix widget, so it names no pretix event."))
    return post


def parse_retrospective(front: dict, body: str) -> ParsedRetrospective:
    """A Rückblick from its front matter and body (as ``split_front_matter`` returns them)."""
    post = ParsedRetrospective()
    post.title = text_value(front.get("title"))
    if not post.title:
        raise PostParseError(_("This is not a Rückblick post: its front matter has no title."))
    post.teaser = text_value(front.get("teaser"))
    post.authors = list_value(front, "author", "authors")
    post.categories = list_value(front, "category", "categories")
    post.date = as_date(front.get("date"))
    post.related_post = slug_value(front.get("related_post"))
    header_image = front.get("header_image")
    post.header_image = header_image.strip() or None if isinstance(header_image, str) else None
    post.front_matter = {key: jsonable(value) for key, value in _front_matter(front).items()}

    body, tags = extract_liquid(body)
    extract_gallery(post, tags)
    extract_recap(post, body, tags, _blocks)
    post.values.update(retrospective_title=post.title, retrospective_teaser=post.teaser,
                       retrospective_authors="\n".join(post.authors), retrospective_recap=post.recap)
    _in_pretix_dialect(post)
    if not post.related_post:
        post.warnings.insert(0, _("The post names no announcement post it looks back on (related_post)."))
    return post


def _in_pretix_dialect(post):
    """The body's markdown as the import stores it: rewritten so that pretix, which shows it with its own
    Python-Markdown, reads it as the website does (``dialect``). ``post.recap`` and the plain texts stay as the
    post has them; the team's post is written back as it was imported (``team_posts``)."""
    for key, value in post.values.items():
        field = registry.get(key)
        if key in FRONT_MATTER_VALUES or field is None or not field.is_markdown or not isinstance(value, str):
            continue
        post.values[key] = pretix_items(value) if field.kind == registry.ITEMS else pretix_markdown(value)
    for speaker in getattr(post, "speakers", []):
        speaker.role, speaker.bio = pretix_markdown(speaker.role), pretix_markdown(speaker.bio)


def _read_meta(post, meta):
    if not isinstance(meta, dict):
        return
    meta = {LEGACY_META_KEYS.get(key, key): value for key, value in meta.items()}
    for field in registry.all_fields():
        if field.post == registry.POST_META and field.key in meta:
            value = meta_value(field, meta[field.key])
            if value is not None:
                post.values[field.key] = value


def read_and_parse(file: str, stdin=None) -> ParsedPost | ParsedRetrospective:
    """The post in ``file`` ("-": standard input), parsed; ``PostParseError`` with one line otherwise."""
    try:
        if file == "-":
            text = (stdin or sys.stdin).read()
        else:
            with open(file, encoding="utf-8") as f:
                text = f.read(MAX_POST_SIZE + 1)
    except (OSError, UnicodeDecodeError) as e:
        raise PostParseError(f"cannot read {file}: {getattr(e, 'strerror', None) or e}") from None
    try:
        return parse_post(text)
    except PostParseError as e:
        raise PostParseError(f"{file}: {e}") from None


def main(argv=None) -> int:
    """``python -m pretix_oicmeetup.posts FILE``: the post's data (announcement or Rückblick) as one JSON
    object, like ``python -m pretix oicmeetup_parse FILE`` but without pretix: no configuration, no data
    directory."""
    import argparse
    import json

    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    parser = argparse.ArgumentParser(prog="python -m pretix_oicmeetup.posts",
                                     description="Parse a website post (Jekyll markdown), an announcement or a "
                                                 "Rückblick, and print its data as one JSON object (\"kind\" "
                                                 "says which).")
    parser.add_argument("file", help="the post (.md); - reads standard input")
    args = parser.parse_args(argv)
    try:
        post = read_and_parse(args.file)
    except PostParseError as e:
        print(" ".join(str(e).split()), file=sys.stderr)
        return 1
    print(json.dumps(post.as_json(), ensure_ascii=False, indent=2))
    return 0
