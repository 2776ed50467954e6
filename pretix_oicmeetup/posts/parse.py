"""Reading the meetup from a website announcement post (Jekyll: YAML front matter + markdown).

``parse_post`` turns text into a ``ParsedPost`` or raises ``PostParseError``; it touches no database and
needs no pretix settings (``python -m pretix_oicmeetup.posts FILE`` runs it on its own). The extractors in
``extract`` read the post's own words; the fields the export writes under ``meetup:`` in the front matter
(the registry's ``POST_META`` fields) are read back here and take precedence.
"""
import sys
from datetime import date

from django.utils.translation import gettext as _

from ..meetup import fields as registry
from .extract.format import extract_format_and_prerequisites
from .extract.schedule import as_date, extract_schedule
from .extract.series import extract_series
from .extract.speakers import find_speakers
from .extract.texts import extract_description_and_contact, extract_hint, extract_materials, extract_outcomes
from .model import MAX_POST_SIZE, ParsedPost
from .structure import PostParseError, clean_inline, extract_liquid, group_sections, parse_blocks, split_front_matter

# Front matter of posts exported before the keys followed the field registry.
LEGACY_META_KEYS = {"series": "series_name"}


def text_value(value) -> str | None:
    """A front matter value as text people read, or None."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | date):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = clean_inline(value)
    return value or None


def list_value(data: dict, single: str, plural: str) -> list[str]:
    value = data.get(plural, data.get(single))
    if isinstance(value, str | int | float):
        value = [value]
    if not isinstance(value, list):
        return []
    return [t for t in (text_value(v) for v in value[:50] if not isinstance(v, list | dict)) if t]


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


def parse_post(text) -> ParsedPost:
    if not isinstance(text, str):
        raise PostParseError(_("This is not a website post: it is not text."))
    if len(text.encode("utf-8", errors="replace")) > MAX_POST_SIZE:
        raise PostParseError(_("The post is larger than 1 MB."))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    front, body = split_front_matter(text)
    post = ParsedPost()
    post.title = text_value(front.get("title"))
    if not post.title:
        raise PostParseError(_("This is not an announcement post: its front matter has no title."))
    post.teaser = text_value(front.get("teaser"))
    post.values.update(title=post.title, teaser=post.teaser)
    post.authors = list_value(front, "author", "authors")
    post.categories = list_value(front, "category", "categories")
    post.front_matter = {
        key: value for key, value in front.items()
        if isinstance(key, str) and isinstance(value, str | int | float | bool | date | list) and key != "meetup"
        and (not isinstance(value, list) or all(isinstance(v, str | int | float) for v in value[:50]))
    }

    body, tags = extract_liquid(body)
    for tag in tags:
        if tag.name.startswith("pretix-widget") and tag.attrs.get("event"):
            post.pretix_event = tag.attrs["event"].strip().strip("/").split("/")[-1] or None
    try:
        sections = group_sections(parse_blocks(body))
    except RecursionError:
        raise PostParseError(_("The post is nested too deeply to be read.")) from None

    extract_description_and_contact(post, sections, tags)
    extract_hint(post, sections, tags)
    extract_outcomes(post, sections, tags)
    extract_materials(post, sections, tags)
    extract_series(post, sections, tags)
    extract_schedule(post, sections, as_date(front.get("date")))
    find_speakers(post, sections, tags)
    extract_format_and_prerequisites(post, sections)
    _read_meta(post, front.get("meetup"))
    if not post.pretix_event:
        post.warnings.append(_("The post has no pretix widget, so it names no pretix event."))
    return post


def _read_meta(post, meta):
    if not isinstance(meta, dict):
        return
    meta = {LEGACY_META_KEYS.get(key, key): value for key, value in meta.items()}
    for field in registry.all_fields():
        if field.post == registry.POST_META and field.key in meta:
            value = meta_value(field, meta[field.key])
            if value is not None:
                post.values[field.key] = value


def read_and_parse(file: str, stdin=None) -> ParsedPost:
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
    """``python -m pretix_oicmeetup.posts FILE``: the post's meetup data as one JSON object, like
    ``python -m pretix oicmeetup_parse FILE`` but without pretix: no configuration, no data directory."""
    import argparse
    import json

    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    parser = argparse.ArgumentParser(prog="python -m pretix_oicmeetup.posts",
                                     description="Parse a website announcement post (Jekyll markdown) and print "
                                                 "its meetup data as one JSON object.")
    parser.add_argument("file", help="the post (.md); - reads standard input")
    args = parser.parse_args(argv)
    try:
        post = read_and_parse(args.file)
    except PostParseError as e:
        print(" ".join(str(e).split()), file=sys.stderr)
        return 1
    print(json.dumps(post.as_json(), ensure_ascii=False, indent=2))
    return 0
