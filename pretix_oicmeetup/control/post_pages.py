"""The website post pages: import a post (file, pasted text or URL) with a preview, and export one."""
from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _, gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from pretix.control.permissions import EventPermissionRequiredMixin

from ..meetup.access import SETTINGS_PERMISSION
from ..meetup.schema import error_lines, validated
from ..posts.export import export_post
from ..posts.export_retrospective import export_retrospective
from ..posts.fetch import FetchError, fetch_text
from ..posts.importer import (
    apply_import,
    import_warnings,
    jsonable_front_matter,
    post_to_data,
    preview_changes,
    read_payload,
    sign_payload,
)
from ..posts.model import MAX_POST_SIZE, ParsedRetrospective
from ..posts.parse import parse_post
from ..posts.structure import PostParseError
from .mixins import MeetupPluginActiveMixin, meetup_settings_url


def parsed_kind(post) -> str:
    return "retrospective" if isinstance(post, ParsedRetrospective) else "announcement"


class PostImportForm(forms.Form):
    """One of three sources for a website post; exactly one must be given."""
    file = forms.FileField(
        label=gettext_lazy("Post file"), required=False,
        help_text=gettext_lazy("A .md file from the website repository, at most 1 MB."),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the post"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
    )
    url = forms.CharField(
        label=gettext_lazy("Or fetch it from a web address"), required=False, max_length=2000,
        help_text=gettext_lazy("For example the raw file on GitHub. Only public http(s) addresses."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field._required = True  # one of them is needed: pretix's renderer then does not call it optional

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not upload.name.lower().endswith((".md", ".markdown", ".txt")):
            raise ValidationError(_("Please upload a markdown file (.md)."))
        if upload.size > MAX_POST_SIZE:
            raise ValidationError(_("The post is larger than 1 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None

    def clean(self):
        data = super().clean()
        given = [k for k in ("file", "text", "url") if data.get(k)]
        if len(given) != 1 and not self.errors:
            raise ValidationError(_("Please upload a file, paste the post or enter a web address – exactly one."))
        if data.get("text") and len(data["text"].encode()) > MAX_POST_SIZE:
            self.add_error("text", _("The post is larger than 1 MB."))
        return data


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
        schema = validated(event, data)
        if schema.errors:
            for line in error_lines(schema.errors):
                form.add_error(None, _("The post cannot be imported: {problem}").format(problem=line))
            return self.render_to_response(self.get_context_data(form=form))
        return self.render_to_response(self.get_context_data(
            form=form,
            preview=True,
            source=source,
            pasted=not form.cleaned_data.get("file") and not form.cleaned_data.get("url"),
            changes=preview_changes(event, schema.validated_data),
            warnings=import_warnings(event, post, source),
            parsed=post.as_json(),
            kind=parsed_kind(post),
            payload=sign_payload(event, data, jsonable_front_matter(post), source, parsed_kind(post), text),
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
        schema = validated(event, payload["data"])
        if schema.errors:  # the event changed since the preview
            messages.error(request, _("The post cannot be imported: {problem}").format(
                problem="; ".join(error_lines(schema.errors))))
            return redirect(request.path)
        kind = payload.get("kind", "announcement")
        apply_import(event, schema.validated_data, payload["front_matter"], payload["source"], payload["text"],
                     user=request.user, kind=kind)
        messages.success(request, _("The Rückblick post has been imported.") if kind == "retrospective"
                         else _("The post has been imported."))
        return redirect(meetup_settings_url(event))


class ExportPostView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, View):
    permission = SETTINGS_PERMISSION

    def get(self, request, *args, **kwargs):
        filename, text = export_post(request.event)
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ExportRetrospectiveView(EventPermissionRequiredMixin, MeetupPluginActiveMixin, View):
    """The Rückblick as a website post: the post alone, or a zip with its photos."""
    permission = SETTINGS_PERMISSION

    def get(self, request, *args, **kwargs):
        filename, content, content_type = export_retrospective(request.event)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
