"""The HTML part of an email that carries the announcement, without empty paragraphs and without a second
heading with the meetup's title; the text part of every email of a meetup without the runs of blank lines
that placeholders with nothing to show leave.

pretix compiles an email's markdown before it fills the placeholders, so a block placeholder such as
{meetup_announcement} on its own line stands in a paragraph of its own: ``<p>{meetup_announcement}</p>``.
Filled with the announcement's sections, that paragraph ends up empty before and after them, each with
pretix's paragraph margin. pretix's ``email_filter`` lets a plugin change an email before it goes out;
the plugin removes empty paragraphs there, only in emails that carry the plugin's markup.

The text part is cleaned when pretix stores the email (``OutgoingMail``), not only when it goes out: pretix
shows the stored text in the order's email history and on its outgoing email page, and an email whose
placeholders all came out empty carries no markup of the plugin to recognise it by.
"""
import html as html_module
import logging
import re

from django.db.models.signals import pre_save
from django.dispatch import receiver

from pretix.base.models import OutgoingMail

from ..meetup.access import plugin_active

logger = logging.getLogger(__name__)

ANNOUNCEMENT_MARK = 'class="oicmeetup-'
_EMPTY_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(?:\s|&nbsp;)*</p>\s*", re.IGNORECASE)
# keeps the text's own line ends: organisers' texts from a browser's text field end their lines with \r\n
_BLANK_RUN = re.compile(r"(\r?\n)(?:[ \t]*\r?\n){2,}")
# The top of pretix's email templates (classic and simple with logo): the event's name as a link, then the
# subject as the page's heading.
_FRAME_HEADINGS = re.compile(
    r"(?P<header><h2\b[^>]*>\s*<a\b[^>]*>(?P<name>.*?)</a>\s*</h2>\s*)<h1\b[^>]*>(?P<heading>.*?)</h1>\s*",
    re.IGNORECASE | re.DOTALL,
)


def without_blank_runs(text: str) -> str:
    """At most one blank line between paragraphs (an empty placeholder on its own line leaves two)."""
    return _BLANK_RUN.sub(r"\1\1", text) if text else text


def without_empty_paragraphs(html: str) -> str:
    if not html or ANNOUNCEMENT_MARK not in html:
        return html
    return _EMPTY_PARAGRAPH.sub("", html)


def _visible(fragment: str) -> str:
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def without_repeated_title(html: str) -> str:
    """Without pretix's heading of the subject where it names the meetup's title again: pretix's header names
    the meetup right above it, and the meetup's emails name it in their first lines (the confirmation would
    name it four times). A subject heading that says something else (an organiser's own subject) stays;
    the subject itself and the text part are untouched."""
    if not html or ANNOUNCEMENT_MARK not in html:
        return html

    def drop(match):
        name = _visible(match["name"])
        return match["header"] if name and name in _visible(match["heading"]) else match[0]

    return _FRAME_HEADINGS.sub(drop, html, count=1)


def cleaned_html(html: str) -> str:
    """The HTML part as the plugin sends it (the email filter; the previews show the same)."""
    return without_repeated_title(without_empty_paragraphs(html))


@receiver(pre_save, sender=OutgoingMail, dispatch_uid="oicmeetup_outgoing_mail_text")
def store_text_without_blank_runs(sender, instance, raw=False, **kwargs):
    """Every email of an event the plugin runs for is stored, and so logged, shown and sent, with at most one
    blank line in a row in its text part, whatever placeholders came out empty. (Connected when
    ``signals`` imports this module.)"""
    if raw or not instance._state.adding or not instance.event_id or not instance.body_plain:
        return
    cleaned = without_blank_runs(instance.body_plain)
    if cleaned == instance.body_plain:
        return
    try:
        if plugin_active(instance.event):
            instance.body_plain = cleaned
    except Exception:  # the email matters more than its blank lines
        logger.exception("Could not clean the text of an email; it is stored as pretix made it")


def clean_message(message):
    """The email (Django's ``EmailMultiAlternatives``) with its HTML alternative cleaned; should cleaning
    fail, the email goes out as pretix made it."""
    try:
        if any(ANNOUNCEMENT_MARK in _html_of(alternative) for alternative in message.alternatives) \
                and isinstance(message.body, str):
            message.body = without_blank_runs(message.body)
        message.alternatives = [_cleaned(alternative) for alternative in message.alternatives]
    except Exception:
        logger.exception("Could not clean an email; it is sent as pretix made it")
    return message


def _cleaned(alternative):
    if alternative.mimetype == "text/html":
        return alternative._replace(content=cleaned_html(alternative.content))
    if hasattr(alternative.content, "walk"):  # pretix sends HTML with its inline images as multipart/related
        for part in alternative.content.walk():
            if part.get_content_type() == "text/html":
                charset = part.get_content_charset() or "utf-8"
                html = part.get_payload(decode=True).decode(charset)
                cleaned = cleaned_html(html)
                if cleaned != html:
                    del part["Content-Transfer-Encoding"]
                    part.set_payload(cleaned, charset)
    return alternative


def _html_of(alternative) -> str:
    if alternative.mimetype == "text/html":
        return alternative.content
    if hasattr(alternative.content, "walk"):
        for part in alternative.content.walk():
            if part.get_content_type() == "text/html":
                return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""
