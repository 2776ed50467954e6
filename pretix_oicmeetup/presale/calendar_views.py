"""Shop-side views: the attendee's own calendar files, behind the order's or one ticket's secret link.

As pretix's order and ticket pages: whoever has the order's secret gets the order's file, whoever has
a ticket's secret (``position.web_secret``) gets that ticket's file only.
"""
import hmac

from django.http import Http404, HttpResponse
from django.views import View

from pretix.base.models import Order, OrderPosition

from ..render.ical import attendee_calendar, position_calendar


def calendar_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # it may hold the private online link
    response["X-Robots-Tag"] = "noindex"
    return response


class AttendeeCalendarView(View):
    def get(self, request, order, secret, **kwargs):
        found = Order.objects.filter(event=request.event, code=order).first()
        if found is None or not hmac.compare_digest(found.secret.lower(), secret.lower()):
            raise Http404()
        return calendar_response(attendee_calendar(found), f"{request.event.slug}-{found.code}.ics")


class PositionCalendarView(View):
    """The ticket page's file. Like pretix's ticket page: active top-level positions only."""

    def get(self, request, order, position, secret, **kwargs):
        found = OrderPosition.objects.filter(
            order__event=request.event, order__code=order, positionid=position, addon_to__isnull=True,
        ).select_related("order", "order__event", "subevent").first()
        if found is None or not hmac.compare_digest(found.web_secret.lower(), secret.lower()):
            raise Http404()
        return calendar_response(position_calendar(found),
                                 f"{request.event.slug}-{found.order.code}-{found.positionid}.ics")
