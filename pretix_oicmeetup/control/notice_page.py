"""The change notice page: what changed since the last notice, sending it to the registrations (a celery
task with pretix's progress page), and the ready reminder rule."""
from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from django_scopes import scopes_disabled
from i18nfield.forms import I18nFormField, I18nTextarea, I18nTextInput
from i18nfield.strings import LazyI18nString

from pretix.base.forms.validators import PlaceholderValidator
from pretix.base.services.placeholders import format_placeholders_help_text, get_available_placeholders
from pretix.base.views.tasks import AsyncAction
from pretix.control.permissions import EventPermissionRequiredMixin

from ..mail.log import REMINDER_CREATED
from ..mail.reminder import create_reminder_rule, reminder_rule_exists
from ..meetup.access import NOTICE_PERMISSION, SETTINGS_PERMISSION, user_may_see_online_link
from ..models import AnnouncementVersion
from ..notices.log import NOTICE_STARTED
from ..notices.tasks import send_change_notice
from ..notices.versions import baseline, changes_since, current_version, notice_status
from ..notices.wording import change_rows, default_texts
from .mixins import MeetupPluginActiveMixin, plugin_url

# Placeholders of order emails that mean nothing in a notice about a meetup (prices, invoices, payment
# deadlines) or nothing in an email at all (the widget's and the calendar's blocks).
LEFT_OUT_PLACEHOLDERS = frozenset({
    "currency", "total", "total_with_currency", "expire_date", "invoice_company", "invoice_name",
    "order_modification_deadline_date_and_time", "url_products_change", "event_slug", "meetup_calendar",
    "meetup_essentials",
})


class ChangeNoticeForm(forms.Form):
    """Subject and introduction of a change notice, in each of the event's languages."""
    subject = I18nFormField(label=gettext_lazy("Subject"), widget=I18nTextInput, required=True)
    intro = I18nFormField(
        label=gettext_lazy("Introduction"), widget=I18nTextarea, required=True,
        widget_kwargs={"attrs": {"rows": "4"}},
        help_text=gettext_lazy("The list of changes and the whole current announcement follow this text."),
    )

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.enabled_locales = event.settings.locales
        context = ["event", "order", "meetup_changes"]
        self._set_field_placeholders("subject", context)
        self._set_field_placeholders("intro", context)

    def _set_field_placeholders(self, fn, base_parameters, rich=False):
        """pretix's offer of placeholders (help text and check), without those a meetup's notice has no use for."""
        placeholders = {name: placeholder for name, placeholder
                        in get_available_placeholders(self.event, list(base_parameters), rich=rich).items()
                        if name not in LEFT_OUT_PLACEHOLDERS}
        # pretix's help text is markup it escaped itself (its placeholder buttons, which its pages' script
        # inserts on a click), returned as a plain str: marked safe as pretix's own forms use it, so that
        # format_html does not escape the buttons into visible tags.
        self.fields[fn].help_text = format_html("{} {}", self.fields[fn].help_text or "",
                                                mark_safe(format_placeholders_help_text(placeholders, self.event)))
        self.fields[fn].validators.append(PlaceholderValidator([f"{{{name}}}" for name in placeholders]))


def notice_url(event):
    return plugin_url(event, "notice")


class NoticeFormMixin:
    @cached_property
    def form(self):
        event = self.request.event
        last = AnnouncementVersion.objects.filter(event=event, is_notice=True).order_by("-number").first()
        subject, intro = default_texts()
        initial = {
            "subject": LazyI18nString(last.notice_subject if last else subject),
            "intro": LazyI18nString(last.notice_intro if last else intro),
        }
        data = self.request.POST if self.request.method == "POST" else None
        return ChangeNoticeForm(data=data, initial=initial, event=event)


class NoticeView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, NoticeFormMixin, TemplateView):
    permission = NOTICE_PERMISSION
    template_name = "pretix_oicmeetup/control/notice.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        event = self.request.event
        base = baseline(event)
        ctx.update(
            form=self.form,
            status=notice_status(event),
            baseline=base,
            changes=change_rows(changes_since(event, base.data), event, show_private=user_may_see_online_link(
                self.request.user, event, self.request)) if base else [],
            notices=AnnouncementVersion.objects.filter(event=event, is_notice=True).order_by("-number"),
            reminder_exists=reminder_rule_exists(event),
            can_change_settings=self.request.user.has_event_permission(
                self.request.organizer, event, SETTINGS_PERMISSION, request=self.request),
        )
        return ctx


class SendNoticeView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, NoticeFormMixin, AsyncAction, View):
    permission = NOTICE_PERMISSION
    task = send_change_notice
    known_errortypes = []

    def post(self, request, *args, **kwargs):
        if not self.form.is_valid():
            # the page is left by a redirect (pretix's progress page), so the message says what is wrong
            problems = " ".join(f"{self.form.fields[name].label}: {' '.join(errors)}"
                                for name, errors in self.form.errors.items())
            messages.error(request, _("Please check the subject and the introduction of the notice. {problems}")
                           .format(problems=problems).strip())
            return redirect(notice_url(request.event))
        event = request.event
        with transaction.atomic(), scopes_disabled():
            version = current_version(event, user=request.user)
            version.is_notice = True
            version.notice_subject = self.form.cleaned_data["subject"].data
            version.notice_intro = self.form.cleaned_data["intro"].data
            version.created_by = version.created_by or request.user
            version.save(update_fields=["is_notice", "notice_subject", "notice_intro", "created_by"])
            event.log_action(NOTICE_STARTED, user=request.user, data={"version": version.number})
        return self.do(event.pk, version.pk, request.user.pk)

    def get_success_url(self, value):
        return notice_url(self.request.event)

    def get_error_url(self):
        return notice_url(self.request.event)

    def get_success_message(self, value):
        message = ngettext("The change notice went out to {sent} registration.",
                           "The change notice went out to {sent} registrations.", value.get("sent", 0))
        message = message.format(sent=value.get("sent", 0))
        if value.get("failed"):
            message += " " + ngettext(
                "{failed} registration could not be notified; it is still pending, send again to retry.",
                "{failed} registrations could not be notified; they are still pending, send again to retry.",
                value["failed"]).format(failed=value["failed"])
        return message


class CreateReminderView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, View):
    permission = SETTINGS_PERMISSION

    def post(self, request, *args, **kwargs):
        event = request.event
        if reminder_rule_exists(event):
            messages.info(request, _("The reminder already exists."))
            return redirect(notice_url(event))
        with transaction.atomic():
            if "pretix.plugins.sendmail" not in event.get_plugins():
                event.enable_plugin("pretix.plugins.sendmail")
                event.save(update_fields=["plugins"])
            rule = create_reminder_rule(event)
            event.log_action(REMINDER_CREATED, user=request.user, data={"rule": rule.pk})
        messages.success(request, _("The reminder is scheduled for the day before the meetup, 10:00."))
        return redirect(notice_url(event))
