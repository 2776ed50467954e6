"""Sections as HTML: the announcement block (one template, for the shop, the order page and the emails) and
the compact essentials for the embedded widget."""
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .fragments import WEB

ESSENTIALS_CLASS = "oicmeetup-essentials"


def render_html(sections, medium: str = WEB) -> SafeString:
    if not sections:
        return mark_safe("")
    return get_template("pretix_oicmeetup/announcement.html").render({"sections": sections, "medium": medium})


def essentials_lines(sections) -> list[list[tuple[str, object]]]:
    """The essentials as lines of (label, fragment or text): the times on one line, the venue on one, the
    speakers' names on one."""
    lines = []
    # when and where first, then who (the announcement's own order puts the speakers first)
    for section in sorted(sections, key=lambda s: s.key != "schedule"):
        if section.key == "schedule":
            rows = section.blocks[0].rows
            times = [(label if key != "date" else "", fragment) for key, label, fragment in rows
                     if key not in ("venue", "online")]
            if times:
                lines.append(times)
            lines += [[(label, fragment.text)] for key, label, fragment in rows if key == "venue"]
        elif section.key == "speakers":
            lines.append([(section.heading, ", ".join(block.name for block in section.blocks))])
    return lines


def render_essentials(sections) -> SafeString:
    """One HTML block without blank lines, so pretix's markdown of the front page text passes it through
    as it is; marked with a class, so the shop page, which shows all of it already, can leave it out."""
    lines = essentials_lines(sections)
    if not lines:
        return mark_safe("")

    def part(label, value):
        value = getattr(value, "html", value)
        return format_html("{}: {}", label, value) if label else format_html("{}", value)

    html_lines = [mark_safe(" · ".join(part(label, value) for label, value in line)) for line in lines]
    return format_html('<div class="{}">{}</div>', ESSENTIALS_CLASS,
                       format_html_join(mark_safe("<br>"), "{}", ((line,) for line in html_lines)))
