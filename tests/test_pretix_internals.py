"""Tripwires: the pretix internals the plugin relies on, checked against the installed pretix.

``compatibility`` is only a lower bound, so a pretix upgrade is not refused at start-up; these tests are
where an upgrade that moved one of these things fails first, each naming what moved (README: "Upgrading
pretix")."""
import pytest
import vobject
from django.test import override_settings
from django.urls import resolve
from django_scopes import scopes_disabled

from pretix.base.services.placeholders import PlaceholderContext, get_available_placeholders

from pretix_oicmeetup.presale.shop_page import PAGE_SCRIPT as _PAGE_SCRIPT, PRETIX_EVENT_START as _PRETIX_EVENT_START

pytestmark = pytest.mark.django_db

SHOP = "/OIC-BIE/ki-zivil-10/"


def test_the_two_rewritten_responses_keep_their_url_names(seeded_event):
    """signals.meetup_in_pretix_responses picks pretix's responses by these names."""
    urlconf = "pretix.multidomain.maindomain_urlconf"
    assert resolve(SHOP, urlconf=urlconf).url_name == "event.index"
    assert resolve(SHOP + "ical", urlconf=urlconf).url_name == "event.ical.download"


def test_pretix_jsonld_block_is_where_the_plugin_looks(client, seeded_event):
    """presale.shop_page.rewrite_shop_page finds pretix's own Event block by its opening."""
    seeded_event.disable_plugin("pretix_oicmeetup")
    seeded_event.save()
    page = client.get(SHOP).content
    start = page.find(_PAGE_SCRIPT)
    assert start >= 0, "pretix's page no longer has its JSON-LD script tag"
    assert page[start + len(_PAGE_SCRIPT):].lstrip().startswith(_PRETIX_EVENT_START), \
        "pretix's JSON-LD no longer starts as it did"


def test_pretix_calendar_download_is_one_parseable_calendar(client, seeded_event):
    seeded_event.disable_plugin("pretix_oicmeetup")
    seeded_event.save()
    calendar = vobject.readOne(client.get(SHOP + "ical").content.decode())
    assert len(calendar.vevent_list) == 1


def test_placeholder_helpers_keep_their_signatures(seeded_event):
    """meetup.schema.MeetupSchema.validate_description and render.sections._description_source use these as
    pretix's forms do."""
    assert "meetup_essentials" in get_available_placeholders(seeded_event, ["event"])
    assert PlaceholderContext(event=seeded_event, event_or_subevent=seeded_event).format("{{x}}") == "{x}"


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                        "LOCATION": "pretix-internals"}})
def test_event_cache_forgets_on_clear(seeded_event):
    """render.cache keeps rendered texts in pretix's ``event.cache`` (with a cache server) and relies on pretix
    clearing it with ``event.cache.clear()`` (the plugin's writes, and pretix's own when products change)."""
    with scopes_disabled():
        event = type(seeded_event).objects.get(pk=seeded_event.pk)  # its cache made with this cache server
    event.cache.set_many({"oicmeetup:probe": "rendered"}, 60)
    assert event.cache.get("oicmeetup:probe") == "rendered"
    event.cache.clear()
    assert event.cache.get("oicmeetup:probe") is None
