import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import resolve, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

from pretix.base.models import Order
from pretix.base.signals import event_copy_data, order_paid, order_placed, register_text_placeholders
from pretix.control.signals import nav_event_settings
from pretix.multidomain.urlreverse import eventreverse
from pretix.presale.signals import (
    front_page_top,
    order_info_top,
    position_info_top,
    process_request,
    process_response,
)

from . import logtypes  # noqa: F401 (registers the log entry texts)
from .cached_rendering import render_announcement
from .changes import delete_files_after_commit
from .eventcopy import copy_meetup
from .ical import add_to_public_description
from .jsonld import replace_page_jsonld
from .meetupdata import register_setting_types
from .models import Speaker
from .notices import record_confirmation
from .placeholders import meetup_placeholders
from .privacy import attendee_may_see_online_link
from .rendering import WEB
from .widget import mark_shop_page, strip_essentials

logger = logging.getLogger(__name__)
register_setting_types()


@receiver(nav_event_settings, dispatch_uid="oicmeetup_nav_event_settings")
def navbar_settings(sender, request, **kwargs):
    if not request.user.has_event_permission(request.organizer, request.event, "event.settings.general:write",
                                             request=request):
        return []
    return [{
        "label": pgettext_lazy("oicmeetup", "Meetup"),
        "url": reverse("plugins:pretix_oicmeetup:settings", kwargs={
            "organizer": request.organizer.slug, "event": request.event.slug,
        }),
        "active": resolve(request.path_info).namespace == "plugins:pretix_oicmeetup",
    }]


@receiver(front_page_top, dispatch_uid="oicmeetup_front_page_top")
def shop_announcement(sender, request, subevent=None, **kwargs):
    html = render_announcement(sender, subevent, purpose="shop", medium=WEB)
    if not html:
        return ""
    return get_template("pretix_oicmeetup/presale/front_page.html").render({"announcement": html})


def _order_panel(event, order, subevent=None, position=None):
    """The meetup on the order page (``position=None``) or on one ticket's page.

    The ticket page is for whoever holds only that ticket: everything it links is reachable with the
    ticket's own secret, never the order's (pretix keeps the two apart on purpose).
    """
    attendee = attendee_may_see_online_link(order, position)
    html = render_announcement(event, subevent, purpose="order", medium=WEB, attendee=attendee)
    if not html:
        return ""
    if position is None:
        calendar_url = eventreverse(event, "plugins:pretix_oicmeetup:attendee_calendar",
                                    kwargs={"order": order.code, "secret": order.secret})
    else:
        calendar_url = eventreverse(event, "plugins:pretix_oicmeetup:position_calendar",
                                    kwargs={"order": order.code, "position": position.positionid,
                                            "secret": position.web_secret})
    return get_template("pretix_oicmeetup/presale/order_info.html").render({
        "announcement": html,
        "online_link_pending": not attendee and order.status == Order.STATUS_PENDING and event.is_remote,
        "calendar_url": calendar_url,
    })


@receiver(order_info_top, dispatch_uid="oicmeetup_order_info_top")
def order_page_details(sender, request, order, **kwargs):
    subevents = {p.subevent for p in order.positions.all()} if sender.has_subevents else {None}
    panels = [_order_panel(sender, order, subevent) for subevent in sorted(
        subevents, key=lambda se: (se is not None, se.date_from if se else None)
    )]
    return mark_safe("".join(panels))  # each panel is a rendered (safe) template


@receiver(position_info_top, dispatch_uid="oicmeetup_position_info_top")
def position_page_details(sender, request, order, position, **kwargs):
    subevent = position.subevent if sender.has_subevents else None
    return _order_panel(sender, order, subevent, position=position)


@receiver(register_text_placeholders, dispatch_uid="oicmeetup_text_placeholders")
def text_placeholders(sender, **kwargs):
    return meetup_placeholders()


@receiver(order_placed, dispatch_uid="oicmeetup_order_placed")
@receiver(order_paid, dispatch_uid="oicmeetup_order_paid")
def order_told_about_announcement(sender, order, **kwargs):
    # The confirmation carries the current announcement; remember which version, for change notices.
    # Bookkeeping must never break a checkout, hence the broad except.
    try:
        record_confirmation(order)
    except Exception:
        logger.exception("Could not record the announcement version for order %s", order.code)


@receiver(event_copy_data, dispatch_uid="oicmeetup_event_copy")
def copy_meetup_to_new_event(sender, other, **kwargs):
    copy_meetup(sender, other)


@receiver(post_save, sender=Speaker, dispatch_uid="oicmeetup_speaker_saved")
def speaker_saved(sender, instance, **kwargs):
    # Speakers are the one announcement input the render cache cannot see in memory.
    instance.event.cache.clear()


@receiver(post_delete, sender=Speaker, dispatch_uid="oicmeetup_speaker_deleted")
def speaker_deleted(sender, instance, **kwargs):
    instance.event.cache.clear()
    if instance.photo:
        delete_files_after_commit([instance.photo.name])


@receiver(process_request, dispatch_uid="oicmeetup_process_request")
def note_shop_page(sender, request, **kwargs):
    mark_shop_page(request)  # the widget's essentials stay out of the shop page


@receiver(process_response, dispatch_uid="oicmeetup_process_response")
def meetup_in_pretix_responses(sender, request, response, **kwargs):
    # Two pages of pretix's have no hook for what they carry: the shop page (its schema.org Event; the
    # widget's essentials, which the page shows anyway) and the "Add to calendar" file. Only those two
    # responses are touched; every other one returns at once.
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in ("event.index", "event.ical.download") \
            or response.status_code != 200 or getattr(response, "streaming", False):
        return response
    try:
        subevent = None
        if match.kwargs.get("subevent"):
            subevent = sender.subevents.filter(pk=match.kwargs["subevent"]).first()
        if match.url_name == "event.index":
            content = strip_essentials(replace_page_jsonld(response.content, sender, subevent))
        else:
            content = add_to_public_description(response.content.decode(), sender, subevent).encode()
    except Exception:
        # pretix's page or file as pretix made it, rather than an error page instead of it
        logger.warning("Could not add the meetup to %s of event %s; pretix's response is sent unchanged",
                       match.url_name, sender.pk, exc_info=True)
        return response
    response.content = content
    return response
