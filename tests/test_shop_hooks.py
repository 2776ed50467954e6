"""The shop page's additions come through pretix's hooks (issue 25): the top block through ``front_page_top``,
the widget's essentials decided by the request's own event object. Only what pretix offers no hook for (the
schema.org block, and the top block's place above the description) is rewritten, and a change of pretix's
markup costs only that."""
import gc
import json
import logging
import pickle
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django_scopes import scopes_disabled

import pretix
from pretix.base.models import Event

from pretix_oicmeetup.presale import shop_page
from pretix_oicmeetup.render.essentials import mark_shop_page, on_shop_page

from .helpers import visible_text
from .test_jsonld import page_blocks
from .test_next_edition import series  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SHOP = "/OIC-BIE/ki-zivil-10/"
INTRO = "hinter die Kulissen"  # pretix's front page text
PRETIX_INFO = "Einlass: <time"  # pretix's own block below it
PRETIX_INDEX = Path(pretix.__file__).parent / "presale/templates/pretixpresale/event/index.html"
JSONLD_LINE = '<script type="application/ld+json">'


def get(client, path=SHOP):
    client.cookies["pretix_language"] = "de-informal"
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def top_position(html):
    assert html.count('class="oicmeetup-top"') == 1
    return html.index('class="oicmeetup-top"')


def with_essentials(event):
    from pretix_oicmeetup.meetup.store import sync_essentials_token

    event.settings.oicmeetup_widget_essentials = True
    sync_essentials_token(event)


@pytest.fixture
def changed_pretix_markup(settings, tmp_path):
    """pretix's shop page template with its JSON-LD script written differently (as a pretix release might)."""
    def change(new_line):
        source = PRETIX_INDEX.read_text()
        assert source.count(JSONLD_LINE) == 1
        target = tmp_path / "pretixpresale/event/index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.replace(JSONLD_LINE, new_line))
        templates = [dict(t) for t in settings.TEMPLATES]
        templates[0]["DIRS"] = [str(tmp_path), *templates[0]["DIRS"]]
        settings.TEMPLATES = templates
    return change


def test_top_block_at_the_top_once_and_without_the_hooks_markers(client, seeded_event):
    html = get(client)
    top = top_position(html)
    assert html.index("</script>", html.index(JSONLD_LINE)) < top  # right after pretix's (replaced) block
    assert top < html.index(INTRO) < html.index(PRETIX_INFO) < html.index('class="oicmeetup-shop"')
    assert shop_page.TOP_START not in html and shop_page.TOP_END not in html


def test_top_block_comes_through_front_page_top(client, seeded_event, monkeypatch):
    # Without the rewrite, the hook alone: the block is there, leading the meetup's part below pretix's block.
    from pretix_oicmeetup import signals

    monkeypatch.setattr(signals, "rewrite_shop_page", lambda content, *args, **kwargs: content)
    html = get(client)
    top = top_position(html)
    assert html.index(INTRO) < html.index(PRETIX_INFO) < top < html.index('class="oicmeetup-shop"')
    assert html.index('href="#oicmeetup-registration"') < html.index('id="oicmeetup-registration"')


@pytest.mark.parametrize("new_line", [
    '<script type="application/ld+json" id="pretix-event">',  # an attribute more
    '<script type="text/plain">',  # no JSON-LD any more
])
def test_changed_pretix_markup_costs_only_the_rewrite(client, seeded_event, changed_pretix_markup, new_line,
                                                       caplog):
    with_essentials(seeded_event)
    changed_pretix_markup(new_line)
    with caplog.at_level(logging.WARNING):
        html = get(client)
    assert "schema.org block was not found" in caplog.text
    assert new_line in html  # pretix's template as changed, and its own Event untouched
    assert '"doorTime"' not in html and "performer" not in html
    # the hook's parts are all there: the top block (below pretix's block, where the hook is), the announcement
    top = top_position(html)
    assert html.index(PRETIX_INFO) < top < html.index('class="oicmeetup-shop"')
    assert html.index('href="#oicmeetup-registration"') < html.index('id="oicmeetup-registration"')
    assert "Fachexpertise" in visible_text(html)
    # the essentials stay out of the page and in the widget: no rewrite was ever needed for that
    assert "oicmeetup-essentials" not in html and "{meetup" not in html
    widget = client.get(SHOP + "widget/product_list").json()
    assert 'class="oicmeetup-essentials"' in widget["frontpage_text"]


def test_a_failing_top_block_costs_the_block_not_the_page(client, seeded_event, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(shop_page, "shop_top", broken)
    with caplog.at_level(logging.WARNING):
        html = get(client)
    assert "oicmeetup-top" not in html and "Fachexpertise" in visible_text(html)
    assert "Could not render the meetup's top block" in caplog.text
    (data,) = [b for b in page_blocks(client)[1] if b.get("@type") == "Event"]
    assert "performer" in data  # the JSON-LD does not depend on it


def test_organisers_own_microdata_of_another_shape(client, seeded_event, caplog):
    own = {"@type": "Event", "name": "Handmade", "@context": "https://schema.org"}
    seeded_event.settings.event_microdata = json.dumps(own)
    with caplog.at_level(logging.WARNING):
        html, blocks = page_blocks(client)
    assert blocks == [own] and "schema.org block was not found" not in caplog.text
    assert top_position(html) < html.index(INTRO)


def test_iframe_page_of_a_date_has_the_announcement_but_no_top_block(client, series):  # noqa: F811
    event, _item, (_first, second) = series
    page = get(client, f"{SHOP}{second.pk}/")
    assert 'class="oicmeetup-top"' in page and 'class="oicmeetup-shop"' in page
    # pretix renders front_page_top in the widget's iframe for a date: the announcement, not the jump link
    framed = get(client, f"{SHOP}w/aaaaaaaaaaaaaaaa/{second.pk}/")
    assert 'class="oicmeetup-shop"' in framed and "oicmeetup-top" not in framed
    assert shop_page.TOP_START not in framed
    listing = get(client)  # a series' list of dates: pretix renders no front_page_top
    assert "oicmeetup-top" not in listing


def test_shop_page_and_widget_take_turns_in_one_thread(client, seeded_event):
    # The mark lives on the request's own event object: nothing of one request reaches the next.
    with_essentials(seeded_event)
    for _ in range(2):
        assert "oicmeetup-essentials" not in get(client)
        widget = client.get(SHOP + "widget/product_list").json()
        assert 'class="oicmeetup-essentials"' in widget["frontpage_text"]
        assert "oicmeetup-essentials" not in get(client, SHOP + "w/aaaaaaaaaaaaaaaa/")


def test_the_mark_belongs_to_one_request_and_one_event_object(seeded_event):
    request = RequestFactory().get(SHOP)
    request.resolver_match = resolve(SHOP)
    with scopes_disabled():
        event, other = Event.objects.get(pk=seeded_event.pk), Event.objects.get(pk=seeded_event.pk)
    assert not on_shop_page(event)  # no request: a task, an email, a preview
    mark_shop_page(event, request)
    assert on_shop_page(event)
    assert not on_shop_page(other)  # another object of the same event
    copy = pickle.loads(pickle.dumps(event))  # e.g. into a cache: the copy belongs to no request
    assert not on_shop_page(copy)
    widget = RequestFactory().get(SHOP + "widget/product_list")
    widget.resolver_match = resolve(SHOP + "widget/product_list")
    mark_shop_page(event, widget)
    assert not on_shop_page(event)
    unresolved = RequestFactory().get(SHOP)  # formatted before Django resolved the URL: resolved here
    mark_shop_page(event, unresolved)
    assert on_shop_page(event)
    del unresolved
    gc.collect()
    assert not on_shop_page(event)  # held weakly: the request is gone

