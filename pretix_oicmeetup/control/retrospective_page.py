"""The Rückblick part of the meetup page: when it is shown, its previews (the archived shop page on the page;
the emails after the meetup on a page of their own, ``email_preview_pages``), and
creating those emails as rules of pretix's scheduled emails."""
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from django.views import View

from pretix.base.i18n import language
from pretix.control.permissions import EventPermissionRequiredMixin

from ..languages import in_every_language
from ..mail.preview import email_preview
from ..mail.retrospective_rules import (
    ATTENDED,
    EVERYONE,
    MISSED,
    TEXTS,
    create_rules,
    existing_rules,
    nobody_checked_in,
)
from ..meetup.access import SETTINGS_PERMISSION
from ..meetup.announcement import build_announcement
from ..meetup.log import RETROSPECTIVE_EMAILS_CREATED
from ..meetup.timing import has_started, now as clock
from ..render import WEB, render_announcement
from .email_preview_pages import EmailPreviewView
from .mixins import MeetupPluginActiveMixin, meetup_settings_url

SENDMAIL = "pretix.plugins.sendmail"
# The form field that says the page showed the Rückblick part: only then does saving read its fields.
PART_MARKER = "meetup-retrospective_part"
KIND_LABELS = {
    ATTENDED: _("To those who checked in"),
    MISSED: _("To those who registered but did not check in"),
    EVERYONE: _("To everyone who registered"),
}


def part_shown(event) -> bool:
    """From the meetup's start on (any date of a series), or once a Rückblick exists (an import, a copy)."""
    started = event.subevents.filter(date_from__lte=clock()).exists() if event.has_subevents \
        else has_started(event)
    if started:
        return True
    return build_announcement(event, related=False).has_retrospective_content


def rule_url(event, rule) -> str:
    return reverse("plugins:sendmail:rule.update", kwargs={
        "organizer": event.organizer.slug, "event": event.slug, "rule": rule.pk})


def _rule_row(event, kind, rule):
    scheduled = rule.scheduledmail_set.order_by("computed_datetime").first()
    return {"label": KIND_LABELS[kind], "url": rule_url(event, rule),
            "when": scheduled.computed_datetime if scheduled else None}


def panel_context(event) -> dict:
    """What the page's Rückblick panels show."""
    a = build_announcement(event, related=False)
    rules = existing_rules(event)
    nobody = nobody_checked_in(event)
    with language(event.settings.locale, event.settings.region):  # as the shop's visitors see it
        archive = render_announcement(event, purpose="shop_archive", medium=WEB) if a.has_started else ""
    return {
        "retrospective_archive": archive,
        "retrospective_rules": [_rule_row(event, kind, rule) for kind, rule in rules.items()],
        "retrospective_nobody_checked_in": nobody,
        "retrospective_for_attendees": bool(a.retrospective_for_attendees),
        "retrospective_has_started": a.has_started,
    }


def email_previews(event) -> list:
    """The emails after the meetup as attendees would get them: the scheduled rules' texts once they exist,
    else the texts the one click would schedule."""
    rules = existing_rules(event)
    previews = []
    for kind in ((EVERYONE,) if nobody_checked_in(event) else (ATTENDED, MISSED)):
        rule = rules.get(kind)
        subject, text = (rule.subject, rule.template) if rule else (TEXTS[kind][0], TEXTS[kind][1])
        if not rule:
            subject, text = in_every_language(subject), in_every_language(text)
        previews.append({"kind": kind, "label": KIND_LABELS[kind],
                         **email_preview(event, subject, text, scheduled=True)})
    return previews


class RetrospectiveEmailPreviewView(EmailPreviewView):
    """The emails after the meetup, previewed on their own page."""
    title = pgettext_lazy("oicmeetup", "Preview: the emails after the meetup")
    back_anchor = "retrospective-emails"

    def previews(self):
        return email_previews(self.request.event)


class RetrospectiveEmailsView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, View):
    """Creates the scheduled emails after the meetup: ``kinds=split`` (checked in / not checked in) or
    ``kinds=everyone``."""
    permission = SETTINGS_PERMISSION
    CHOICES = {"split": (ATTENDED, MISSED), "everyone": (EVERYONE,)}

    def post(self, request, *args, **kwargs):
        event = request.event
        back = redirect(meetup_settings_url(event) + "#retrospective-emails")
        kinds = self.CHOICES.get(request.POST.get("kinds"))
        if kinds is None:
            messages.error(request, _("Please choose which emails to create."))
            return back
        with transaction.atomic():
            if existing_rules(event):
                messages.info(request, _("The emails after the meetup exist already. Change or delete them "
                                         "under Emails → Scheduled emails."))
                return back
            if SENDMAIL not in event.get_plugins():
                event.enable_plugin(SENDMAIL)
                event.save(update_fields=["plugins"])
                event.log_action("pretix.event.plugins.enabled", user=request.user, data={"plugin": SENDMAIL})
            rules = create_rules(event, kinds)
            for rule in rules:
                rule.log_action("pretix.plugins.sendmail.rule.added", user=request.user, data={
                    "subject": rule.subject.data, "template": rule.template.data,
                    "checked_in_status": rule.checked_in_status})
            event.log_action(RETROSPECTIVE_EMAILS_CREATED, user=request.user,
                             data={"kinds": list(kinds), "rules": [rule.pk for rule in rules]})
        messages.success(request, _("The emails after the meetup are scheduled. pretix sends them on time "
                                    "and lists them under Emails → Scheduled emails."))
        return back
