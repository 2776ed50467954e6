"""The Rückblick's sections: the recap, the gallery, slides and materials, the recording, the feedback form,
the next edition, and the heading that puts the original announcement under it on the archived shop page.

Each shows nothing where its data is missing. In emails, the recap, slides, recording and feedback only
appear when the organiser let the Rückblick go to those who registered.
"""
from urllib.parse import urljoin

from django.conf import settings
from django.utils.translation import pgettext

from pretix.multidomain.urlreverse import eventreverse_absolute

from ..meetup.fields import split_items
from ..posts.structure import Section
from .blocks import Gallery, Items, Paragraph
from .dates import format_date_time
from .fragments import EMAIL, link_fragment, markdown_fragment, plain_fragment


def absolute(url: str | None) -> str | None:
    return urljoin(settings.SITE_URL, url) if url else None


def _may_go_out(a, ctx) -> bool:
    return ctx.medium != EMAIL or bool(a.retrospective_for_attendees)


def retrospective_heading(a) -> str:
    title = str(a.retrospective_title or "").strip()
    return title or pgettext("oicmeetup", "A look back at the meetup {title}").format(title=a.title)


def shop_url(a) -> str:
    kwargs = {"subevent": a.subevent.pk} if a.subevent else {}
    return eventreverse_absolute(a.event, "presale:event.index", kwargs=kwargs)


def retrospective(a, ctx) -> Section | None:
    if not a.has_retrospective or not _may_go_out(a, ctx):
        return None
    blocks = []
    teaser = markdown_fragment(a.retrospective_teaser, ctx.medium, inline=True)
    if teaser:
        blocks.append(Paragraph(teaser, css_class="lead"))
    authors = split_items(str(a.retrospective_authors or ""))
    if authors:
        blocks.append(Paragraph(plain_fragment(pgettext("oicmeetup", "By {authors}").format(
            authors=", ".join(authors))), css_class="text-muted"))
    recap = markdown_fragment(a.retrospective_recap, ctx.medium)
    if recap:
        blocks.append(Paragraph(recap))
    if ctx.medium == EMAIL and a.retrospective_photos:
        link = link_fragment(shop_url(a), pgettext("oicmeetup", "The photos of the meetup"))
        blocks.append(Paragraph(link))
    return Section("retrospective", retrospective_heading(a), blocks) if blocks else None


def recap(a, ctx) -> Section | None:
    """The recap alone, for the website's Rückblick post (title, teaser and authors go to its front matter)."""
    text = markdown_fragment(a.retrospective_recap, ctx.medium)
    return Section("recap", None, [Paragraph(text)]) if text else None


def gallery(a, ctx) -> Section | None:
    if not a.has_started or not a.retrospective_photos:
        return None
    photos = [(absolute(p.url) if ctx.medium == EMAIL else p.url, str(p.alt), p.credit) for p in a.retrospective_photos]
    return Section("gallery", pgettext("oicmeetup", "Photos"), [Gallery(photos)])


def slides(a, ctx) -> Section | None:
    if not a.has_started or not a.retrospective_materials or not _may_go_out(a, ctx):
        return None
    links = [link_fragment(absolute(m.file_url) or m.url, str(m.title)) for m in a.retrospective_materials]
    links = [link for link in links if link]
    return Section("slides", pgettext("oicmeetup", "Slides and materials"), [Items(links)]) if links else None


def recording(a, ctx) -> Section | None:
    """Public, or only for those who registered (the order page and their emails)."""
    if not a.has_started or not a.retrospective_recording_url or not _may_go_out(a, ctx):
        return None
    if not (a.retrospective_recording_public or ctx.attendee):
        return None
    link = link_fragment(a.retrospective_recording_url, pgettext("oicmeetup", "Watch the recording"))
    return Section("recording", pgettext("oicmeetup", "Recording"), [Paragraph(link)]) if link else None


def feedback(a, ctx) -> Section | None:
    if not a.has_started or not a.retrospective_feedback_url or not _may_go_out(a, ctx):
        return None
    link = link_fragment(a.retrospective_feedback_url, pgettext("oicmeetup", "To the feedback form"))
    intro = plain_fragment(pgettext("oicmeetup", "What did you think? We would like to hear it."))
    return Section("feedback", pgettext("oicmeetup", "Feedback"), [Paragraph(intro), Paragraph(link)]) \
        if link else None


def announcement_heading(a, ctx) -> Section | None:
    """Over the original announcement, once the Rückblick stands above it."""
    return Section("announcement_heading", pgettext("oicmeetup", "The announcement")) if a.has_retrospective \
        else None


def next_edition(a, ctx) -> Section | None:
    edition = a.next_edition
    if edition is None:
        return None
    event = edition if not hasattr(edition, "event") else edition.event
    kwargs = {"subevent": edition.pk} if hasattr(edition, "event") else {}
    url = eventreverse_absolute(event, "presale:event.index", kwargs=kwargs)
    when = format_date_time(edition.date_from.astimezone(event.timezone))
    line = plain_fragment(pgettext("oicmeetup", "{title} on {date}").format(title=edition.name, date=when))
    link = link_fragment(url, pgettext("oicmeetup", "Register now"))
    return Section("next_edition", pgettext("oicmeetup", "The next meetup of the series"),
                   [Paragraph(line), Paragraph(link)])


BUILDERS = {
    "retrospective": retrospective, "recap": recap, "gallery": gallery, "slides": slides, "recording": recording,
    "feedback": feedback, "announcement_heading": announcement_heading, "next_edition": next_edition,
}
