"""Tripwires: the pretix internals the plugin relies on, checked against the installed pretix.

``compatibility`` is only a lower bound, so a pretix upgrade is not refused at start-up; these tests are
where an upgrade that moved one of these things fails first, each naming what moved (README: "Upgrading
pretix")."""
import inspect

import pytest
import vobject
from django.urls import resolve

from pretix.base.cache import ObjectRelatedCache
from pretix.base.models import OutgoingMail
from pretix.base.services.placeholders import PlaceholderContext, get_available_placeholders
from pretix.base.shredder import EmailAddressShredder

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


def test_email_log_and_shredder_conventions():
    """tasks._notify logs notices like pretix's own emails; the shredder finds them by their type."""
    assert callable(getattr(OutgoingMail, "log_data", None))
    source = inspect.getsource(EmailAddressShredder)
    assert "order.email" in source and "recipient" in source


def test_placeholder_helpers_keep_their_signatures(seeded_event):
    """serializers.validate_description and rendering._description_source use these as pretix's forms do."""
    assert "meetup_essentials" in get_available_placeholders(seeded_event, ["event"])
    assert PlaceholderContext(event=seeded_event, event_or_subevent=seeded_event).format("{{x}}") == "{x}"


def test_event_cache_namespace(seeded_event):
    """cached_rendering reads the namespace key that pretix's ``Event.cache.clear()`` bumps."""
    cache = ObjectRelatedCache(seeded_event)
    assert isinstance(cache.prefixkey, str) and hasattr(cache, "cache")
