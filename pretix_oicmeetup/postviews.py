"""Control views: import a website post (file, pasted text or URL) with a preview, and export one."""
from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from pretix.control.permissions import EventPermissionRequiredMixin

from .dataload import format_errors
from .forms import PostImportForm
from .postexport import export_post
from .postimport import (
    apply_import,
    import_warnings,
    jsonable_front_matter,
    post_to_data,
    preview_changes,
    read_payload,
    sign_payload,
    validate,
)
from .postparser import PostParseError, parse_post
from .urlfetch import FetchError, fetch_text
from .views import SETTINGS_PERMISSION, MeetupPluginActiveMixin, meetup_settings_url


class ImportPostView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, TemplateView):
    permission = SETTINGS_PERMISSION
    template_name = "pretix_oicmeetup/control/import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", PostImportForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if "payload" in request.POST:
            return self._apply(request)
        form = PostImportForm(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            text, source = self._read(form)
            post = parse_post(text)
        except (FetchError, PostParseError) as e:
            form.add_error(None, str(e))
            return self.render_to_response(self.get_context_data(form=form))

        event = request.event
        data = post_to_data(event, post)
        serializer = validate(event, data)
        if serializer.errors:
            for line in format_errors(serializer.errors):
                form.add_error(None, _("The post cannot be imported: {problem}").format(problem=line))
            return self.render_to_response(self.get_context_data(form=form))
        return self.render_to_response(self.get_context_data(
            form=form,
            preview=True,
            source=source,
            changes=preview_changes(event, serializer.validated_data),
            warnings=import_warnings(event, post),
            parsed=post.as_json(),
            payload=sign_payload(event, data, jsonable_front_matter(post), source),
        ))

    def _read(self, form):
        if form.cleaned_data.get("file"):
            return form.cleaned_data["file"], self.request.FILES["file"].name
        if form.cleaned_data.get("url"):
            url = form.cleaned_data["url"].strip()
            return fetch_text(url), url
        return form.cleaned_data["text"], _("pasted text")

    def _apply(self, request):
        event = request.event
        try:
            payload = read_payload(event, request.POST["payload"])
        except signing.BadSignature:
            messages.error(request, _("The preview has expired or was changed. Please import the post again."))
            return redirect(request.path)
        serializer = validate(event, payload["data"])
        if serializer.errors:  # the event changed since the preview
            messages.error(request, _("The post cannot be imported: {problem}").format(
                problem="; ".join(format_errors(serializer.errors))))
            return redirect(request.path)
        apply_import(event, serializer.validated_data, payload["front_matter"], payload["source"], user=request.user)
        messages.success(request, _("The post has been imported."))
        return redirect(meetup_settings_url(event))


class ExportPostView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, View):
    permission = SETTINGS_PERMISSION

    def get(self, request, *args, **kwargs):
        filename, text = export_post(request.event)
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
