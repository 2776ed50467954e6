"""The rendered announcement is cached per event, date and language, and never served stale."""
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from hierarkey.proxy import dirty_cache_keys
from i18nfield.strings import LazyI18nString

from pretix.base.i18n import language

from pretix_oicmeetup.models import Speaker
from pretix_oicmeetup.render import render_announcement

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "oicmeetup-tests"}}


@pytest.fixture
def real_cache():
    # Earlier tests roll back their transactions, so hierarkey never sees their commit and keeps
    # marking those settings "dirty" (read from the DB each time). Start clean, as a fresh process would.
    dirty_cache_keys.set(set())
    with override_settings(CACHES=LOCMEM):
        from django.core.cache import cache

        cache.clear()
        yield cache


def shop_html(event, locale="de-informal"):
    """The whole announcement as the emails carry it (the shop page leaves venue and times to pretix)."""
    with language(locale):
        return str(render_announcement(event, purpose="full"))


@pytest.mark.django_db(transaction=True)  # committed settings, as in production, are cached by hierarkey
def test_second_rendering_needs_no_queries(real_cache, seeded_event):
    seeded_event.settings.flush()  # as a request finds them (pretix loads the settings on every page anyway)
    first = shop_html(seeded_event)
    seeded_event.settings.freeze()
    with CaptureQueriesContext(connection) as ctx:
        second = shop_html(seeded_event)
    assert second == first
    assert len(ctx.captured_queries) == 0


def test_cached_per_language(real_cache, seeded_event):
    assert "wissen Sie" in shop_html(seeded_event, "de")
    assert "weißt Du" in shop_html(seeded_event, "de-informal")


def test_changes_are_visible_immediately(real_cache, seeded_event):
    assert "EU AI Act" in shop_html(seeded_event)
    seeded_event.settings.oicmeetup_hint = LazyI18nString({"de-informal": "Bitte pünktlich sein."})
    assert "Bitte pünktlich sein." in shop_html(seeded_event)

    with scopes_disabled():
        speaker = Speaker.objects.get(event=seeded_event, name="Barbara Hammer")
    speaker.name = "Barbara Hammer-Neu"
    speaker.save()
    assert "Barbara Hammer-Neu" in shop_html(seeded_event)
    speaker.delete()
    assert "Barbara Hammer" not in shop_html(seeded_event)

    seeded_event.location = LazyI18nString({"de-informal": "Neues Rathaus"})
    seeded_event.save()
    assert "Neues Rathaus" in shop_html(seeded_event)


def test_request_memo_does_not_outlive_its_request(client, seeded_event, settings):
    # A request id taken from a header can repeat; what one request remembered must not reach the next.
    from pretix.helpers.logs import local as pretix_log_local

    from pretix_oicmeetup.render.request_memo import request_memo

    settings.REQUEST_ID_HEADER = "X-Request-Id"
    client.cookies["pretix_language"] = "de-informal"
    assert "Fachexpertise" in client.get("/OIC-BIE/ki-zivil-10/", HTTP_X_REQUEST_ID="same").content.decode()
    pretix_log_local.request_id = "same"
    try:
        assert request_memo() == {}
    finally:
        pretix_log_local.request_id = None
