"""What the organizer's pages of the plugin share (series, speaker library, defaults): pretix's organizer
frame and permission check, the plugin switched on for the organizer, and creating or changing one record."""
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_scopes import scopes_disabled

from pretix.control.permissions import OrganizerPermissionRequiredMixin
from pretix.control.views.organizer import OrganizerDetailViewMixin

from .mixins import OrganizerPluginActiveMixin

# Changing the organizer's series, library and defaults: pretix's organizer permission that covers "all
# organizer-level functionality not listed explicitly, including plugin settings". Reading needs any team.
ORGANIZER_PERMISSION = "organizer.settings.general:write"


class OrganizerPage(OrganizerDetailViewMixin, OrganizerPermissionRequiredMixin, OrganizerPluginActiveMixin,
                    TemplateView):
    permission = ORGANIZER_PERMISSION

    def may_change(self) -> bool:
        return self.request.user.has_organizer_permission(self.request.organizer, ORGANIZER_PERMISSION,
                                                          request=self.request)


class RecordPage(OrganizerPage):
    """Creates a record of the organizer (no id in the URL) or changes one, in one transaction."""
    model = None
    url_kwarg = ""
    form_class = None

    def get_record(self):
        if self.url_kwarg not in self.kwargs:
            return None
        with scopes_disabled():
            return get_object_or_404(self.model, organizer=self.request.organizer, pk=self.kwargs[self.url_kwarg])

    def get_form(self, record):
        post = self.request.method == "POST"
        return self.form_class(data=self.request.POST if post else None, files=self.request.FILES if post else None,
                               instance=record, organizer=self.request.organizer)

    def record_context(self, record) -> dict:
        return {}

    def get_context_data(self, form=None, record=None, **kwargs):
        return {**super().get_context_data(**kwargs), "form": form, "record": record, **self.record_context(record)}

    def get(self, request, *args, **kwargs):
        record = self.get_record()
        return self.render_to_response(self.get_context_data(form=self.get_form(record), record=record))

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        form = self.get_form(record)
        if not form.is_valid():
            messages.error(request, _("We could not save your changes. See below for details."))
            return self.render_to_response(self.get_context_data(form=form, record=record))
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.organizer = request.organizer
            return self.form_valid(form, saved, created=record is None)

    def form_valid(self, form, saved, created: bool):
        """Saves ``saved`` (inside the transaction), logs, says so and redirects."""
        raise NotImplementedError
