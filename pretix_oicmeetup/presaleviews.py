"""Shop-side views: the attendee's own calendar file, behind the order's secret link."""
from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views import View

from pretix.base.models import Order

from .calendar import attendee_calendar


class AttendeeCalendarView(View):
    def get(self, request, order, secret, **kwargs):
        found = Order.objects.filter(event=request.event, code=order).first()
        if found is None or not constant_time_compare(found.secret.lower(), secret.lower()):
            raise Http404()
        response = HttpResponse(attendee_calendar(found), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{request.event.slug}-{found.code}.ics"'
        response["Cache-Control"] = "private, no-store"  # it may hold the private online link
        response["X-Robots-Tag"] = "noindex"
        return response
