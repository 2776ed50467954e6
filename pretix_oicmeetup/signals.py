"""The plugin's receivers: each hands over to the module that does the work."""
import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import resolve, reverse
from django.utils.translation import pgettext_lazy

from pretix.base.models import Item, ItemVariation, SubEventItem
from pretix.base.signals import (
    email_filter,
    event_copy_data,
    order_paid,
    order_placed,
    register_multievent_data_exporters,
    register_text_placeholders,
)
from pretix.control.signals import nav_event_settings, nav_organizer
from pretix.presale.signals import (
    front_page_top,
    order_info_top,
    position_info_top,
    process_request,
    process_response,
)

from .event_copy import copy_meetup
from .library import log as library_log  # noqa: F401
from .mail import log as mail_log  # noqa: F401 (registers the log entry texts)
from .mail.cleanup import clean_message
from .mail.placeholders import meetup_placeholders
from .meetup import log as meetup_log  # noqa: F401
from .meetup.access import SETTINGS_PERMISSION, plugin_active
from .meetup.store import delete_files_after_commit, register_setting_types
from .models import Person, RetrospectiveMaterial, RetrospectivePhoto, Speaker
from .notices import log as notices_log  # noqa: F401
from .notices.versions import record_confirmation
from .presale import free_setup  # noqa: F401
from .presale.pages import order_panel, order_panels, shop_block
from .presale.shop_page import page_top, rewrite_shop_page
from .render.cache import inputs_changed
from .render.essentials import mark_shop_page
from .render.ical import add_to_public_description
from .series import log as series_log  # noqa: F401

logger = logging.getLogger(__name__)
register_setting_types()


@receiver(nav_event_settings, dispatch_uid="oicmeetup_nav_event_settings")
def navbar_settings(sender, request, **kwargs):
    if not request.user.has_event_permission(request.organizer, request.event, SETTINGS_PERMISSION,
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
    return shop_block(sender, subevent)


@receiver(order_info_top, dispatch_uid="oicmeetup_order_info_top")
def order_page_details(sender, request, order, **kwargs):
    return order_panels(sender, order)


@receiver(position_info_top, dispatch_uid="oicmeetup_position_info_top")
def position_page_details(sender, request, order, position, **kwargs):
    subevent = position.subevent if sender.has_subevents else None
    return order_panel(sender, order, subevent, position=position)


@receiver(register_text_placeholders, dispatch_uid="oicmeetup_text_placeholders")
def text_placeholders(sender, **kwargs):
    return meetup_placeholders()


@receiver(email_filter, dispatch_uid="oicmeetup_email_filter")
def email_without_empty_paragraphs(sender, message, **kwargs):
    return clean_message(message)


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


# The plugin's rows and the field that holds their file.
ROW_FILES = {Speaker: "photo", RetrospectivePhoto: "image", RetrospectiveMaterial: "file"}


@receiver(post_save, sender=Speaker, dispatch_uid="oicmeetup_speaker_saved")
@receiver(post_delete, sender=Speaker, dispatch_uid="oicmeetup_speaker_deleted")
@receiver(post_save, sender=RetrospectivePhoto, dispatch_uid="oicmeetup_photo_saved")
@receiver(post_delete, sender=RetrospectivePhoto, dispatch_uid="oicmeetup_photo_deleted")
@receiver(post_save, sender=RetrospectiveMaterial, dispatch_uid="oicmeetup_material_saved")
@receiver(post_delete, sender=RetrospectiveMaterial, dispatch_uid="oicmeetup_material_deleted")
def row_changed(sender, instance, **kwargs):
    # Speakers, photos and materials are inputs of what is rendered that no setting shows.
    inputs_changed(instance.event)
    stored = getattr(instance, ROW_FILES[sender])
    if kwargs.get("signal") is post_delete and stored:
        delete_files_after_commit([stored.name])


@receiver(post_delete, sender=Person, dispatch_uid="oicmeetup_person_deleted")
def person_deleted(sender, instance, **kwargs):
    if instance.photo:
        delete_files_after_commit([instance.photo.name])


@receiver(post_save, sender=Item, dispatch_uid="oicmeetup_item_saved")
@receiver(post_delete, sender=Item, dispatch_uid="oicmeetup_item_deleted")
@receiver(post_save, sender=ItemVariation, dispatch_uid="oicmeetup_variation_saved")
@receiver(post_delete, sender=ItemVariation, dispatch_uid="oicmeetup_variation_deleted")
@receiver(post_save, sender=SubEventItem, dispatch_uid="oicmeetup_subevent_item_saved")
@receiver(post_delete, sender=SubEventItem, dispatch_uid="oicmeetup_subevent_item_deleted")
def product_changed(sender, instance, **kwargs):
    # Whether the meetup is free is an input of the announcement (model signals reach every event: only
    # those with the plugin keep a revision).
    event = instance.subevent.event if sender is SubEventItem else (
        instance.item.event if sender is ItemVariation else instance.event)
    if plugin_active(event):
        inputs_changed(event)


@receiver(process_request, dispatch_uid="oicmeetup_process_request")
def note_shop_page(sender, request, **kwargs):
    # on the request's own event object, which pretix later hands to the essentials placeholder
    mark_shop_page(sender, request)  # the widget's essentials stay out of the shop page


@receiver(front_page_top, dispatch_uid="oicmeetup_front_page_top_glance")
def meetup_at_a_glance(sender, request, subevent=None, **kwargs):
    # pretix calls a plugin's receivers by name: this one comes before shop_announcement, so where the shop
    # page's rewrite cannot move the block up, it still leads the meetup's part of the page
    return page_top(sender, subevent, request)


@receiver(process_response, dispatch_uid="oicmeetup_process_response")
def meetup_in_pretix_responses(sender, request, response, **kwargs):
    # What pretix has no hook or setting for (README, "Search engines and the embedded widget"): the shop
    # page's schema.org Event, which replaces pretix's, and the place of the top block (given by front_page_top,
    # moved up above the description); the "Add to calendar" file's description. Only those two responses are
    # touched; every other one returns at once.
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in ("event.index", "event.ical.download") \
            or response.status_code != 200 or getattr(response, "streaming", False):
        return response
    try:
        subevent = None
        if match.kwargs.get("subevent"):
            subevent = sender.subevents.filter(pk=match.kwargs["subevent"]).first()
        if match.url_name == "event.index":
            # pretix's page is a TemplateResponse: its context still holds the products it listed
            listing = (getattr(response, "context_data", None) or {}).get("items_by_category")
            content = rewrite_shop_page(response.content, sender, subevent, listing=listing)
        else:
            content = add_to_public_description(response.content.decode(), sender, subevent).encode()
    except Exception:
        # pretix's page or file as pretix made it (with the hooks' parts), rather than an error page instead
        logger.warning("Could not add the meetup to %s of event %s; pretix's response is sent unchanged",
                       match.url_name, sender.pk, exc_info=True)
        return response
    response.content = content
    return response


@receiver(register_multievent_data_exporters, dispatch_uid="oicmeetup_annual_report")
def annual_report_exporter(sender, **kwargs):
    # pretix sends this only to organizers that have the plugin on (it is a hybrid plugin)
    from .reports.annual import AnnualReportExporter

    return AnnualReportExporter


@receiver(nav_organizer, dispatch_uid="oicmeetup_nav_organizer")
def organizer_navigation(sender, request=None, **kwargs):
    # pretix sends this only to organizers that have the plugin on; any team of the organizer sees the entries,
    # each page checks its own permission
    organizer = sender
    if not request or not request.user.is_authenticated or not request.user.has_organizer_permission(
            organizer, request=request):
        return []
    pages = (("series.list", pgettext_lazy("oicmeetup", "Meetup series"), "list"),
             ("library.list", pgettext_lazy("oicmeetup", "Speaker library"), "users"),
             ("defaults", pgettext_lazy("oicmeetup", "Meetup defaults"), "sliders"))
    entries = []
    for name, label, icon in pages:
        url = reverse(f"plugins:pretix_oicmeetup:{name}", kwargs={"organizer": organizer.slug})
        entries.append({"label": label, "url": url, "active": request.path.startswith(url), "icon": icon})
    return entries
