"""Sections as HTML: the announcement block (one template, for the shop, the order page and the emails) and
the compact essentials for the embedded widget."""
import re

from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from .fragments import EMAIL, WEB

ESSENTIALS_CLASS = "oicmeetup-essentials"


# pretix's email stylesheet breaks links anywhere ("p a { word-break: break-all }"), even inside the words
# of a link's text ("KI und Zivilges|ellschaft"): the announcement's links in emails break between words,
# and inside a word only where one word is wider than the line (a long address).
EMAIL_LINK_STYLE = "word-break: normal; overflow-wrap: anywhere;"
_LINK_START = re.compile(r"<a (?![^>]*\bstyle=)")


def render_html(sections, medium: str = WEB) -> SafeString:
    if not sections:
        return mark_safe("")
    html = get_template("pretix_oicmeetup/announcement.html").render({"sections": sections, "medium": medium})
    if medium == EMAIL:
        # only a fixed attribute is added to anchors of already sanitised HTML
        html = mark_safe(_LINK_START.sub(f'<a style="{EMAIL_LINK_STYLE}" ', html))
    return html


def essentials_lines(sections, times_shown: bool, free: bool) -> list[list[tuple[str, object]]]:
    """The essentials as lines of (label, fragment or text). pretix's widget shows the name, the date (with
    start and end when ``times_shown``) and the venue above the description: the essentials add what it does
    not, the Einlass (and the times, if pretix leaves them out), the speakers' names and that it is free."""
    lines = []
    for section in sorted(sections, key=lambda s: s.key != "schedule"):
        if section.key == "schedule":
            skipped = {"venue", "online", "date"} | ({"begin", "end"} if times_shown else set())
            times = [(label, fragment) for key, label, fragment in section.blocks[0].rows if key not in skipped]
            if times:
                lines.append(times)
        elif section.key == "speakers":
            lines.append([(section.heading, ", ".join(block.name for block in section.blocks))])
    if free:
        lines.append([("", pgettext("oicmeetup", "Participation is free of charge."))])
    return lines


def render_essentials(sections, times_shown: bool, free: bool) -> SafeString:
    """One HTML block without blank lines, so pretix's markdown of the front page text passes it through
    as it is; marked with a class, so the shop page, which shows all of it already, can leave it out."""
    lines = essentials_lines(sections, times_shown, free)
    if not lines:
        return mark_safe("")

    def part(label, value):
        value = getattr(value, "html", value)
        return format_html("{}: {}", label, value) if label else format_html("{}", value)

    html_lines = [mark_safe(" · ".join(part(label, value) for label, value in line)) for line in lines]
    return format_html('<div class="{}">{}</div>', ESSENTIALS_CLASS,
                       format_html_join(mark_safe("<br>"), "{}", ((line,) for line in html_lines)))
