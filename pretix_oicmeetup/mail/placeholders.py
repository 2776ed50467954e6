"""Text placeholders ({meetup_...}) for every pretix text that has an event: emails, front page text.

They need only ``event`` so they work in order, attendee, scheduled and sendmail emails alike; the
optional ``order``/``position``/``event_or_subevent`` in a context choose the date of an event series
and whether the reader is a registered attendee (who may see the private online link).
"""
import logging

from django.utils.html import format_html
from django.utils.translation import get_language, pgettext, pgettext_lazy

from pretix.base.models import SubEvent
from pretix.base.services.placeholders import BaseRichTextPlaceholder, BaseTextPlaceholder
from pretix.helpers.format import PlainHtmlAlternativeString
from pretix.multidomain.urlreverse import build_absolute_uri

from ..meetup.access import attendee_may_see_online_link
from ..meetup.announcement import build_announcement
from ..notices.wording import change_rows, changes_html, changes_plain
from ..render import EMAIL, render_announcement, render_essentials
from ..render.dates import admission_text
from ..render.essentials import on_shop_page
from ..render.fragments import link_fragment
from ..render.ical import calendar_description

logger = logging.getLogger(__name__)


class RenderedLater:
    """Renders when the text is formatted, not when the context is built.

    pretix builds email contexts before it switches to the recipient's language (as with its own
    ``LazyDate``), so the announcement must be rendered at format time to come out in that language.
    pretix isolates a failing placeholder while it builds the context; rendering later escapes that, so
    a failure is caught here: it costs this placeholder (empty, logged), never the email.
    """

    def __init__(self, render, identifier="meetup"):
        self._render = render
        self._identifier = identifier
        self._done = {}  # per language: str(), bool() and __html__ ask more than once

    def __str__(self):
        language = get_language()
        if language not in self._done:
            try:
                self._done[language] = str(self._render())
            except Exception:
                logger.exception("Failed to render the placeholder {%s}", self._identifier)
                self._done[language] = ""
        return self._done[language]

    def __format__(self, format_spec):
        return format(str(self), format_spec)

    def __html__(self):
        return str(self)

    def __bool__(self):
        return bool(str(self))


def subevent_from_context(context):
    position = context.get("position")
    if position is not None and getattr(position, "subevent_id", None):
        return position.subevent
    ev = context.get("event_or_subevent")
    if isinstance(ev, SubEvent):
        return ev
    order = context.get("order")
    event = context["event"]
    if order is not None and event.has_subevents:
        subevent_ids = set(order.positions.values_list("subevent_id", flat=True))
        if len(subevent_ids) == 1 and None not in subevent_ids:
            return SubEvent.objects.get(pk=subevent_ids.pop(), event=event)
    return None


def is_attendee(context) -> bool:
    """Whether the reader may see the private online link: the plugin's one rule (meetup/access.py)."""
    return attendee_may_see_online_link(context.get("order"), context.get("position"))


class AnnouncementPlaceholder(BaseRichTextPlaceholder):
    """A part of the announcement (or of the Rückblick) as sanitised HTML and clean text; empty, not a dangling
    heading, where its data is missing. The sample stands in for it in pretix's previews until it is filled."""

    def __init__(self, identifier, purpose, sample=None, required_context=("event",)):
        super().__init__(identifier, list(required_context))
        self.purpose = purpose
        self.sample = sample or pgettext_lazy("oicmeetup",
                                              "(The meetup announcement appears here once it is filled in.)")

    @property
    def is_block(self):
        return True

    def render(self, context):
        event = context["event"]
        kwargs = {"subevent": subevent_from_context(context), "purpose": self.purpose, "medium": EMAIL,
                      "attendee": is_attendee(context)}
        return PlainHtmlAlternativeString(
            RenderedLater(lambda: render_announcement(event, fmt="text", **kwargs), self.identifier),
            RenderedLater(lambda: render_announcement(event, fmt="html", **kwargs), self.identifier),
            self.is_block,
        )

    def render_sample(self, event):
        kwargs = {"purpose": self.purpose, "medium": EMAIL, "attendee": True}
        plain = render_announcement(event, fmt="text", **kwargs)
        if not plain:
            plain = str(self.sample)
            return PlainHtmlAlternativeString(plain, plain, self.is_block)
        return PlainHtmlAlternativeString(plain, render_announcement(event, fmt="html", **kwargs), self.is_block)


class AdmissionPlaceholder(BaseTextPlaceholder):
    """Plain text, so it may also be used in email subjects."""
    identifier = "meetup_admission"

    def render(self, context):
        announcement = build_announcement(context["event"], subevent_from_context(context), related=False)
        return RenderedLater(lambda: admission_text(announcement), self.identifier)

    def render_sample(self, event):
        return admission_text(build_announcement(event, related=False)) or pgettext("oicmeetup", "4:00 PM")


class EssentialsPlaceholder(BaseTextPlaceholder):
    """For the front page text, which pretix's embedded widget shows: date, Beginn, Einlass, venue,
    speakers' names. A plain placeholder, so pretix allows it in the front page text."""
    identifier = "meetup_essentials"

    def render(self, context):
        if on_shop_page(context["event"]):
            return ""
        event, subevent = context["event"], subevent_from_context(context)
        return RenderedLater(lambda: render_essentials(event, subevent), self.identifier)

    def render_sample(self, event):
        return render_essentials(event)


class CalendarPlaceholder(BaseTextPlaceholder):
    """Plain text for calendar entries (pretix's "event description" of attached calendar files)."""
    identifier = "meetup_calendar"

    def render(self, context):
        event = context["event"]
        subevent = subevent_from_context(context)
        return RenderedLater(lambda: calendar_description(event, subevent, attendee=is_attendee(context)),
                             self.identifier)

    def render_sample(self, event):
        return calendar_description(event) or pgettext("oicmeetup", "Admission: 4:00 PM")


class SignaturePlaceholder(BaseTextPlaceholder):
    """How the meetup's emails end: the signature set on the meetup page, else the organizer's name."""
    identifier = "meetup_signature"

    def render(self, context):
        return RenderedLater(lambda: signature(context["event"]), self.identifier)

    def render_sample(self, event):
        return signature(event)


def signature(event) -> str:
    text = build_announcement(event, related=False).signature
    return str(text).strip() if text and str(text).strip() else str(event.organizer.name)


class OnlineLinkPlaceholder(BaseRichTextPlaceholder):
    """The private meeting link: only in texts that belong to an order, only for valid registrations."""

    def __init__(self):
        super().__init__("meetup_online_link", ["event", "order"])

    def render(self, context):
        announcement = build_announcement(context["event"], subevent_from_context(context), related=False)
        if not (is_attendee(context) and announcement.has_online_access):
            return ""
        link = link_fragment(announcement.online_url, announcement.online_url)
        return PlainHtmlAlternativeString(link.text, link.html, False)

    def render_sample(self, event):
        url = "https://meet.example.org/oic-meetup"
        link = link_fragment(url, url)
        return PlainHtmlAlternativeString(link.text, link.html, False)


class CancelLinkPlaceholder(BaseRichTextPlaceholder):
    """"Ich kann doch nicht kommen": pretix's own page that cancels a free registration, behind the order's
    secret, while pretix lets the attendee cancel (the free set-up allows it until the start); empty otherwise,
    so a paid order, a registration already cancelled or a reminder after the start says nothing."""

    def __init__(self):
        super().__init__("meetup_cancel_link", ["event", "order"])

    def render(self, context):
        try:
            return cancel_text(context["order"])
        except Exception:  # an email without the sentence rather than no email
            logger.exception("Failed to render the placeholder {%s}", self.identifier)
            return ""

    def render_sample(self, event):
        return _cancel_sentence(build_absolute_uri(event, "presale:event.order.cancel",
                                                   kwargs={"order": "ABC12", "secret": "sample"}))


def cancel_text(order) -> PlainHtmlAlternativeString | str:
    if order.total != 0 or not order.user_cancel_allowed:  # a free order is still pending while its email is made
        return ""
    return _cancel_sentence(build_absolute_uri(order.event, "presale:event.order.cancel",
                                               kwargs={"order": order.code, "secret": order.secret}))


def _cancel_sentence(url) -> PlainHtmlAlternativeString:
    # rendered when the email is, in its language (pretix makes the context before it switches to it)
    def sentence():
        return pgettext("oicmeetup", "You cannot come after all? Please cancel your registration, so that "
                                     "someone from the waiting list gets your seat:")

    def html():
        link = link_fragment(url, pgettext("oicmeetup", "Cancel my registration"))
        return format_html("{} {}", sentence(), link.html)

    return PlainHtmlAlternativeString(RenderedLater(lambda: f"{sentence()}\n{url}", "meetup_cancel_link"),
                                      RenderedLater(html, "meetup_cancel_link"), False)


class ChangesPlaceholder(BaseRichTextPlaceholder):
    """What changed, for change notices: the task passes the changes as ``meetup_changes``."""

    def __init__(self):
        super().__init__("meetup_changes", ["event", "meetup_changes"])

    @property
    def is_block(self):
        return True

    def render(self, context):
        event, changes = context["event"], context["meetup_changes"]
        return PlainHtmlAlternativeString(
            RenderedLater(lambda: changes_plain(change_rows(changes, event)), self.identifier),
            RenderedLater(lambda: changes_html(change_rows(changes, event)), self.identifier),
            True,
        )

    def render_sample(self, event):
        rows = [(pgettext("oicmeetup", "Admission"), pgettext("oicmeetup", "4:30 PM"),
                 pgettext("oicmeetup", "4:00 PM"))]
        return PlainHtmlAlternativeString(changes_plain(rows), changes_html(rows), True)


def meetup_placeholders():
    return [
        AnnouncementPlaceholder("meetup_announcement", "full"),
        AnnouncementPlaceholder("meetup_speakers", "speakers"),
        AnnouncementPlaceholder("meetup_schedule", "schedule"),
        AnnouncementPlaceholder("meetup_materials", "materials"),
        # after the meetup (the scheduled emails of mail/retrospective_rules.py)
        AnnouncementPlaceholder("meetup_retrospective", "retrospective", pgettext_lazy(
            "oicmeetup", "(The Rückblick appears here once it is written and may go to those who registered.)")),
        AnnouncementPlaceholder("meetup_slides", "slides", pgettext_lazy(
            "oicmeetup", "(The slides and materials appear here once they are added.)")),
        AnnouncementPlaceholder("meetup_recording", "recording", pgettext_lazy(
            "oicmeetup", "(The link to the recording appears here once it is set.)")),
        AnnouncementPlaceholder("meetup_feedback", "feedback", pgettext_lazy(
            "oicmeetup", "(The link to the feedback form appears here once it is set.)")),
        AnnouncementPlaceholder("meetup_next_edition", "next_edition", pgettext_lazy(
            "oicmeetup", "(The next meetup of the series appears here while one can register for it.)")),
        AdmissionPlaceholder(),
        CalendarPlaceholder(),
        EssentialsPlaceholder(),
        OnlineLinkPlaceholder(),
        CancelLinkPlaceholder(),
        SignaturePlaceholder(),
        ChangesPlaceholder(),
    ]
