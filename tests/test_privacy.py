"""The one rule for the private online link (meetup/access.py), and every place that follows it: the REST
API, the order page, the ticket page, the calendar files and the email placeholder."""
import pytest
import vobject
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from pretix.base.models import Order, Organizer, Team, User

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.mail.placeholders import OnlineLinkPlaceholder
from pretix_oicmeetup.meetup.access import attendee_may_see_online_link, user_may_see_online_link

from .helpers import ONLINE_LINK as ZOOM, place_free_order

pytestmark = pytest.mark.django_db

API = "/api/v1/organizers/OIC-BIE/events/ki-zivil-10/meetup/"



@pytest.fixture
def order(online_meetup, item):
    return place_free_order(online_meetup, item)


def team(organizer, **permissions):
    return Team.objects.create(organizer=organizer, name=str(permissions), all_events=True, **permissions)


def member(email, organizer, **permissions):
    user = User.objects.create_user(email, "secretpassword")
    team(organizer, **permissions).members.add(user)
    return user


SETTINGS = {"limit_event_permissions": {"event.settings.general:write": True}}
NOTICES = {"limit_event_permissions": {"event.orders:write": True, "event.orders:read": True}}


# --- organisers ---

ORDERS_READ = {"limit_event_permissions": {"event.orders:read": True}}
VOUCHERS = {"limit_event_permissions": {"event.vouchers:read": True, "event.vouchers:write": True}}


def test_organisers_see_it_with_the_settings_or_the_orders_permission(online_meetup, organizer):
    with scopes_disabled():
        assert user_may_see_online_link(member("settings@example.org", organizer, **SETTINGS), online_meetup)
        # reading orders shows every order's emails and order page in pretix: the link is there anyway
        assert user_may_see_online_link(member("notices@example.org", organizer, **NOTICES), online_meetup)
        assert user_may_see_online_link(member("orders@example.org", organizer, **ORDERS_READ), online_meetup)
        assert not user_may_see_online_link(member("vouchers@example.org", organizer, **VOUCHERS), online_meetup)
        assert user_may_see_online_link(team(organizer, **SETTINGS).tokens.create(name="t"), online_meetup)
        assert user_may_see_online_link(team(organizer, **ORDERS_READ).tokens.create(name="t"), online_meetup)
        assert not user_may_see_online_link(team(organizer, **VOUCHERS).tokens.create(name="t"), online_meetup)
        other = Organizer.objects.create(name="Other", slug="other")
        assert not user_may_see_online_link(member("other@example.org", other, all_event_permissions=True),
                                            online_meetup)
        assert not user_may_see_online_link(AnonymousUser(), online_meetup)
        assert not user_may_see_online_link(None, online_meetup)


@pytest.mark.parametrize("permissions,sees", [(SETTINGS, True), (ORDERS_READ, True), (VOUCHERS, False)])
def test_the_api_follows_the_rule(client, online_meetup, organizer, permissions, sees):
    token = team(organizer, **permissions).tokens.create(name="t").token
    response = client.get(API, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert (response.json().get("online_url") == ZOOM) is sees
    assert (ZOOM in response.content.decode()) is sees


ORGANISER_PAGES = {
    "email history": "/control/event/OIC-BIE/ki-zivil-10/orders/{code}/mail_history",
    "order": "/control/event/OIC-BIE/ki-zivil-10/orders/{code}/",
    "meetup page": "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/",
    "notice page": "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/notice/",
    "meetup API": API,
}


@pytest.mark.parametrize("permissions", [SETTINGS, ORDERS_READ, NOTICES, VOUCHERS], ids=str)
def test_every_organiser_page_agrees_with_the_rule(client, online_meetup, organizer, permissions):
    """The link shows on a page of pretix's or the plugin's exactly where the rule lets the team see it."""
    user = member("someone@example.org", organizer, **permissions)
    with scopes_disabled():
        apply_confirmation_templates(online_meetup)
        order = place_free_order(online_meetup, online_meetup.items.get())
        sees = user_may_see_online_link(user, online_meetup)
        assert order.all_logentries().filter(action_type="pretix.event.order.email.order_free").exists()
    client.login(email="someone@example.org", password="secretpassword")
    shown = {}
    for name, url in ORGANISER_PAGES.items():
        response = client.get(url.format(code=order.code))
        assert response.status_code in (200, 403, 404), name
        shown[name] = ZOOM in response.content.decode()
    assert all(seen is False or sees for seen in shown.values()), shown
    # and where the rule lets a team in, its pages show it
    assert shown["meetup API"] is sees
    assert shown["email history"] is permissions["limit_event_permissions"].get("event.orders:read", False)
    assert shown["meetup page"] is ("event.settings.general:write" in permissions["limit_event_permissions"])


# --- attendees ---

def test_attendees_see_it_with_a_valid_registration(order):
    with scopes_disabled():
        position = order.positions.get()
        assert attendee_may_see_online_link(order) and attendee_may_see_online_link(order, position)

        position.blocked = ["admin"]  # pretix blocked this ticket
        assert attendee_may_see_online_link(order) and not attendee_may_see_online_link(order, position)
        position.blocked = None
        position.canceled = True
        assert not attendee_may_see_online_link(order, position)
        position.canceled = False

        other = Order(pk=order.pk + 1000, status=Order.STATUS_PAID)
        assert not attendee_may_see_online_link(other, position)  # a ticket of another order

        order.status = Order.STATUS_CANCELED
        assert not attendee_may_see_online_link(order) and not attendee_may_see_online_link(order, position)
        order.status, order.total = Order.STATUS_PENDING, 10  # unpaid
        assert not attendee_may_see_online_link(order)
        assert not attendee_may_see_online_link(None)


def ticket_page(client, position):
    client.cookies["pretix_language"] = "de-informal"
    response = client.get(f"/OIC-BIE/ki-zivil-10/ticket/{position.order.code}/{position.positionid}/"
                          f"{position.web_secret}/")
    assert response.status_code == 200
    return response.content.decode()


def ticket_calendar(client, position):
    response = client.get(f"/OIC-BIE/ki-zivil-10/oicmeetup/calendar/{position.order.code}/"
                          f"{position.positionid}/{position.web_secret}.ics")
    assert response.status_code == 200
    return response.content.decode()


def test_ticket_page_and_file_show_it_for_a_valid_ticket_only(client, order):
    with scopes_disabled():
        position = order.positions.get()
    assert f'href="{ZOOM}"' in ticket_page(client, position)
    assert vobject.readOne(ticket_calendar(client, position)).vevent.url.value == ZOOM

    with scopes_disabled():
        position.blocked = ["admin"]
        position.save()
    assert ZOOM not in ticket_page(client, position)
    assert ZOOM not in ticket_calendar(client, position)
    # the order page is the buyer's: the order is still valid there
    client.cookies["pretix_language"] = "de-informal"
    assert f'href="{ZOOM}"' in client.get(f"/OIC-BIE/ki-zivil-10/order/{order.code}/{order.secret}/").content.decode()


def test_ticket_page_of_a_canceled_order_does_not_show_it(client, order):
    with scopes_disabled():
        position = order.positions.get()
        order.status = Order.STATUS_CANCELED
        order.save()
    assert ZOOM not in ticket_page(client, position)
    assert ZOOM not in ticket_calendar(client, position)


def test_order_files_follow_the_order(client, order):
    url = f"/OIC-BIE/ki-zivil-10/oicmeetup/calendar/{order.code}/{order.secret}.ics"
    assert ZOOM in client.get(url).content.decode()
    with scopes_disabled():
        order.status = Order.STATUS_CANCELED
        order.save()
    assert ZOOM not in client.get(url).content.decode()


def test_emails_follow_the_rule(order, online_meetup):
    placeholder = OnlineLinkPlaceholder()
    with scopes_disabled():
        position = order.positions.get()
        assert ZOOM in str(placeholder.render({"event": online_meetup, "order": order}))
        assert ZOOM in str(placeholder.render({"event": online_meetup, "order": order, "position": position}))
        position.blocked = ["admin"]  # an attendee email for a blocked ticket
        assert ZOOM not in str(placeholder.render({"event": online_meetup, "order": order, "position": position}))
        order.status = Order.STATUS_CANCELED
        assert ZOOM not in str(placeholder.render({"event": online_meetup, "order": order}))
