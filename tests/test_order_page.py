import re
from urllib.parse import urlsplit

import pytest
import vobject
from bs4 import BeautifulSoup
from django.urls import Resolver404, resolve
from django_scopes import scopes_disabled

from pretix.base.models import Order

from .helpers import ONLINE_LINK as ZOOM, link_targets, place_free_order, visible_text

pytestmark = pytest.mark.django_db




def order_page(client, order, locale="de-informal"):
    client.cookies["pretix_language"] = locale
    response = client.get(f"/OIC-BIE/ki-zivil-10/order/{order.code}/{order.secret}/")
    assert response.status_code == 200
    return response.content.decode()


def test_order_page_shows_admission_and_materials(client, seeded_event, item):
    order = place_free_order(seeded_event, item)
    text = visible_text(order_page(client, order))
    assert "Dein Meetup" in text
    assert "Einlass: 16:00 Uhr" in text
    assert "Laptop oder Smartphone" in text
    assert "Dienstag, 11. November 2025" in text


def test_thank_you_page_after_checkout_shows_them_too(client, seeded_event, item):
    order = place_free_order(seeded_event, item)
    client.cookies["pretix_language"] = "de"
    url = f"/OIC-BIE/ki-zivil-10/order/{order.code}/{order.secret}/?thanks=1"
    text = visible_text(client.get(url).content.decode())
    assert "Ihr Meetup" in text and "Einlass: 16:00 Uhr" in text


def test_online_link_only_for_the_attendee(client, online_meetup, item):
    order = place_free_order(online_meetup, item)
    html = order_page(client, order)
    assert f'href="{ZOOM}"' in html
    assert "Online-Zugang" in visible_text(html)

    # not on the public page, not with a wrong secret
    assert ZOOM not in client.get("/OIC-BIE/ki-zivil-10/").content.decode()
    assert client.get(f"/OIC-BIE/ki-zivil-10/order/{order.code}/wrongsecret/").status_code == 404


def test_no_online_link_for_canceled_or_unconfirmed_orders(client, online_meetup, item):
    order = place_free_order(online_meetup, item)
    with scopes_disabled():
        order.status = Order.STATUS_CANCELED
        order.save()
    assert ZOOM not in order_page(client, order)

    with scopes_disabled():
        order.status = Order.STATUS_PENDING
        order.total = 10
        order.save()
    html = order_page(client, order)
    assert ZOOM not in html
    assert "Die Zugangsdaten zum Online-Meetup erscheinen hier" in visible_text(html)


def test_ticket_page_of_an_attendee_shows_the_details(client, online_meetup, item):
    order = place_free_order(online_meetup, item)
    with scopes_disabled():
        position = order.positions.first()
    client.cookies["pretix_language"] = "de-informal"
    url = f"/OIC-BIE/ki-zivil-10/ticket/{order.code}/{position.positionid}/{position.web_secret}/"
    html = client.get(url).content.decode()
    assert f'href="{ZOOM}"' in html and "Einlass: 16:00 Uhr" in visible_text(html)


# --- The ticket page: whoever holds one ticket gets that ticket's secret only, never the order's ---

def ticket_url(position):
    return (f"/OIC-BIE/ki-zivil-10/ticket/{position.order.code}/{position.positionid}/"
            f"{position.web_secret}/")


def plugin_block_urls(html: str) -> list[str]:
    """Every URL in the plugin's block of a page: links, sources, form targets, safelinks resolved."""
    block = BeautifulSoup(html, "html.parser").select_one(".oicmeetup-order")
    assert block is not None, "no meetup block on this page"
    urls = link_targets(str(block))
    for tag in block.find_all(True):
        urls += [tag[attr] for attr in ("src", "action", "data-href") if tag.has_attr(attr)]
    return urls


def calendar_urls(ics: str) -> list[str]:
    """Every URL-like text in a calendar file: properties (URL, DESCRIPTION, LOCATION, ...), unfolded."""
    unfolded = re.sub(r"\r?\n[ \t]", "", ics)
    return re.findall(r"(?:https?://|/)[^\s\\,;]+", unfolded)


def resolves_to_order_page(url: str) -> bool:
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name.startswith("event.order") and not match.url_name.startswith("event.order.position")


def test_ticket_page_leads_nowhere_near_the_order(client, online_meetup, item):
    order = place_free_order(online_meetup, item)
    with scopes_disabled():
        position = order.positions.get()
    client.cookies["pretix_language"] = "de-informal"
    html = client.get(ticket_url(position)).content.decode()
    urls = plugin_block_urls(html)

    calendars = [u for u in urls if u.endswith(".ics")]
    assert calendars == [f"/OIC-BIE/ki-zivil-10/oicmeetup/calendar/{order.code}/{position.positionid}/"
                         f"{position.web_secret}.ics"]  # the ticket's own file, under the ticket's secret
    response = client.get(calendars[0])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    ics = response.content.decode()
    urls += calendar_urls(ics)

    assert urls and ZOOM in urls  # the check below has something to look at
    for url in urls:
        assert order.secret not in url, url
        assert not resolves_to_order_page(url), url
    assert order.secret not in ics and position.web_secret not in ics


def test_the_checker_would_catch_an_order_link(client, online_meetup, item):
    """The two checks of the test above do recognise the order page (so they can fail)."""
    order = place_free_order(online_meetup, item)
    html = order_page(client, order)
    urls = plugin_block_urls(html)
    assert any(order.secret in u for u in urls)  # the order page's own calendar link, order secret
    assert resolves_to_order_page(f"http://example.com/OIC-BIE/ki-zivil-10/order/{order.code}/{order.secret}/")


def test_ticket_calendar_is_that_ticket_only(client, online_meetup, item):
    order = place_free_order(online_meetup, item)
    with scopes_disabled():
        position = order.positions.get()
    base = f"/OIC-BIE/ki-zivil-10/oicmeetup/calendar/{order.code}/{position.positionid}/"
    response = client.get(f"{base}{position.web_secret}.ics")
    assert response["Cache-Control"] == "private, no-store"
    entry = vobject.readOne(response.content.decode()).vevent
    assert entry.url.value == ZOOM and "Einlass" in entry.description.value
    # neither a wrong secret nor the order's secret opens it, nor another position number
    assert client.get(f"{base}wrongsecret.ics").status_code == 404
    assert client.get(f"{base}{order.secret}.ics").status_code == 404
    assert client.get(f"/OIC-BIE/ki-zivil-10/oicmeetup/calendar/{order.code}/9/{position.web_secret}.ics"
                      ).status_code == 404
    with scopes_disabled():
        position.canceled = True
        position.save()
    assert client.get(f"{base}{position.web_secret}.ics").status_code == 404  # as pretix's ticket page


def test_no_calendar_file_contains_a_secret(client, online_meetup, item):
    order = place_free_order(online_meetup, item)
    with scopes_disabled():
        position = order.positions.get()
    files = [
        client.get(f"/OIC-BIE/ki-zivil-10/oicmeetup/calendar/{order.code}/{order.secret}.ics"),
        client.get(f"/OIC-BIE/ki-zivil-10/oicmeetup/calendar/{order.code}/{position.positionid}/"
                   f"{position.web_secret}.ics"),
        client.get("/OIC-BIE/ki-zivil-10/ical"),
    ]
    for response in files:
        assert response.status_code == 200
        ics = response.content.decode()
        assert order.secret not in ics and position.web_secret not in ics
        assert not any(resolves_to_order_page(u) for u in calendar_urls(ics))
    # the attendee's files link the public shop page instead
    entry = vobject.readOne(files[0].content.decode()).vevent
    assert entry.description.value.rstrip().endswith("http://example.com/OIC-BIE/ki-zivil-10/")
