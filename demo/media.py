"""`make demo` serves pretix's public uploads (speaker photos, Rückblick photos and slides), as the web
server in front of pretix does in production (pretix's nginx example serves ``/media/`` and refuses its
private folders); Django's development server serves only the static files."""
from django.conf import settings
from django.http import Http404
from django.views.static import serve

PUBLIC = "pub/"


class ServePublicMedia:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.MEDIA_URL):
            path = request.path[len(settings.MEDIA_URL):]
            if not path.startswith(PUBLIC):
                raise Http404()
            return serve(request, path, document_root=settings.MEDIA_ROOT)
        return self.get_response(request)
