"""The HTML part of an email that carries the announcement, without empty paragraphs; its text part
without the runs of blank lines that placeholders with nothing to show leave.

pretix compiles an email's markdown before it fills the placeholders, so a block placeholder such as
{meetup_announcement} on its own line stands in a paragraph of its own: ``<p>{meetup_announcement}</p>``.
Filled with the announcement's sections, that paragraph ends up empty before and after them, each with
pretix's paragraph margin. pretix's ``email_filter`` lets a plugin change an email before it goes out;
the plugin removes empty paragraphs there, only in emails that carry the plugin's markup.
"""
import logging
import re

logger = logging.getLogger(__name__)

ANNOUNCEMENT_MARK = 'class="oicmeetup-'
_EMPTY_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(?:\s|&nbsp;)*</p>\s*", re.IGNORECASE)
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){2,}")


def without_blank_runs(text: str) -> str:
    """At most one blank line between paragraphs (an empty placeholder on its own line leaves two)."""
    return _BLANK_RUN.sub("\n\n", text) if text else text


def without_empty_paragraphs(html: str) -> str:
    if not html or ANNOUNCEMENT_MARK not in html:
        return html
    return _EMPTY_PARAGRAPH.sub("", html)


def clean_message(message):
    """The email (Django's ``EmailMultiAlternatives``) with its HTML alternative cleaned; should cleaning
    fail, the email goes out as pretix made it."""
    try:
        if any(ANNOUNCEMENT_MARK in _html_of(alternative) for alternative in message.alternatives) \
                and isinstance(message.body, str):
            message.body = without_blank_runs(message.body)
        message.alternatives = [_cleaned(alternative) for alternative in message.alternatives]
    except Exception:
        logger.exception("Could not remove the empty paragraphs of an email; it is sent as pretix made it")
    return message


def _cleaned(alternative):
    if alternative.mimetype == "text/html":
        return alternative._replace(content=without_empty_paragraphs(alternative.content))
    if hasattr(alternative.content, "walk"):  # pretix sends HTML with its inline images as multipart/related
        for part in alternative.content.walk():
            if part.get_content_type() == "text/html":
                charset = part.get_content_charset() or "utf-8"
                html = part.get_payload(decode=True).decode(charset)
                cleaned = without_empty_paragraphs(html)
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
