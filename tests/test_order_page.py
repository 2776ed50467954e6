import pytest
from django_scopes import scopes_disabled

from pretix.base.models import Order

from .helpers import place_free_order, visible_text

pytestmark = pytest.mark.django_db

ZOOM = "https://zoom.example.org/j/987654"


@pytest.fixture
def online_meetup(seeded_event):
    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ZOOM
    return seeded_event


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
