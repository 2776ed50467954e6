"""Helpers shared by the tests: placing real orders, reading emails and pages."""
import re
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from django.core import mail as djmail
from django.db import transaction
from django.utils.timezone import now
from django_scopes import scope
from hypothesis import settings as hypothesis_settings

from pretix.base.models import CartPosition, CheckinList, Order
from pretix.base.services.checkin import perform_checkin

ONLINE_LINK = "https://zoom.example.org/j/987654"  # the private meeting link of online test meetups


def place_free_order(event, item, email="attendee@example.org", locale="de-informal", subevent=None,
                     attendee_email=None):
    """A free order through pretix's real order service (as the checkout does), sending its emails."""
    from pretix.base.i18n import language
    from pretix.base.services.orders import _perform_order

    # perform_order (the celery task behind the checkout) runs in the checkout's language, too
    with scope(organizer=event.organizer), language(locale):
        cart_id = f"cart-{email}-{locale}"
        cp = CartPosition.objects.create(
            event=event, item=item, price=0, cart_id=cart_id, expires=now() + timedelta(minutes=10),
            subevent=subevent, attendee_email=attendee_email,
        )
        order_id = _perform_order(
            event, [{"id": "p0", "provider": "free", "max_value": None, "min_value": None,
                     "multi_use_supported": False, "info_data": {}}],
            [cp.id], email, locale, None, {}, "web",
        )
        return Order.objects.get(pk=order_id["order_id"] if isinstance(order_id, dict) else order_id)


def mail_parts(message):
    """(text, html) of a sent email, as the recipient gets them."""
    text, html = None, None
    for part in message.message().walk():
        if part.get_content_type() == "text/plain" and text is None:
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        elif part.get_content_type() == "text/html" and html is None:
            html = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return text, html


def extract_form_data(html: str, form_selector: str = "form.form-horizontal") -> dict:
    """The fields of a form on a rendered page, as a browser would submit them unchanged."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one(form_selector)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.find_parent("script"):
            continue
        if field.name == "textarea":
            text = field.text
            data[name] = text[1:] if text.startswith("\n") else text  # browsers drop that first newline
        elif field.name == "select":
            selected = field.find("option", selected=True) or field.find("option")
            data[name] = selected.get("value", "") if selected else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") == "file":
            continue
        else:
            data[name] = field.get("value", "")
    return data


def visible_text(html: str) -> str:
    """Text a reader sees (tags removed, whitespace collapsed), for fact checks in pages and emails."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title"]):
        tag.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


def link_targets(html: str) -> list[str]:
    """Every link target, with pretix's safelink redirector (/redirect/?url=...) resolved."""
    targets = []
    for a in BeautifulSoup(html, "html.parser").find_all("a", href=True):
        href = a["href"]
        if "/redirect/?" in href:
            href = parse_qs(urlsplit(href).query)["url"][0].rsplit(":", 1)[0]
        targets.append(href)
    return targets


def active_markup(html: str) -> list[str]:
    """Anything in a fragment that a browser would execute or load: script-ish tags, event handler
    attributes, and links or sources with a non-web scheme."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name in ("script", "img", "svg", "iframe", "object", "embed", "style", "form", "input", "math"):
            found.append(f"<{tag.name}>")
        for attr, value in tag.attrs.items():
            if attr.lower().startswith("on"):
                found.append(f"{tag.name}[{attr}]")
            if attr in ("href", "src", "action") and not re.match(r"^(https?:|mailto:|tel:|/|#)", str(value).strip()):
                found.append(f"{tag.name}[{attr}={value}]")
    return found


def announcement_html(html: str) -> str:
    """Just the plugin's announcement block of a page or email."""
    block = BeautifulSoup(html, "html.parser").select_one(".oicmeetup-announcement")
    assert block is not None, "no announcement in this HTML"
    return str(block)


def hold(event):
    """The meetup took place two days ago; registration is closed."""
    start = now() - timedelta(days=2)
    event.date_from, event.date_to = start, start + timedelta(minutes=90)
    event.date_admission = start - timedelta(minutes=30)
    event.presale_end = start
    event.save()
    return event


def check_in(order):
    """The order's first ticket scanned at the entrance, through pretix's own check-in."""
    with scope(organizer=order.event.organizer):
        clist = CheckinList.objects.get_or_create(event=order.event, name="Einlass",
                                                  defaults={"all_products": True})[0]
        perform_checkin(order.positions.first(), clist, {})


def user_with_team(email, organizer, **team):
    """A user (password "secretpassword") in a new team of ``organizer`` with ``team``'s permissions."""
    from pretix.base.models import Team, User

    user = User.objects.create_user(email, "secretpassword")
    Team.objects.create(organizer=organizer, name=email, all_events=True, **team).members.add(user)
    return user


def assert_organizer_page_permissions(client, organizer, method, path, data, *, readable=False, unchanged):
    """pretix's answers for an organizer page of the plugin, caller by caller: anonymous to the login, a team
    of another organizer (all rights) pretix's 404, a team of this organizer with the event permissions only
    403 (200 where any team may read the page), a team with the organizer permissions in. After each refused
    caller, ``unchanged()`` holds."""
    from pretix.base.models import Organizer

    user_with_team("stranger@example.org", Organizer.objects.create(name="Other", slug="other",
                                                                    plugins="pretix_oicmeetup"),
                   all_event_permissions=True, all_organizer_permissions=True)
    user_with_team("events-only@example.org", organizer, all_event_permissions=True)
    user_with_team("organizer-settings@example.org", organizer, all_event_permissions=True,
                   all_organizer_permissions=True)
    expected = {None: 302, "stranger@example.org": 404,
                "events-only@example.org": 200 if readable and method == "get" else 403,
                "organizer-settings@example.org": 302 if method == "post" else 200}
    for login, status in expected.items():
        client.logout()
        if login:
            client.login(email=login, password="secretpassword")
        response = client.post(path, data) if method == "post" else client.get(path)
        assert response.status_code == status, (login, method, path, response.status_code)
        if login is None:
            assert response["Location"].startswith("/control/login")
        if login != "organizer-settings@example.org":
            unchanged()


def examples(share: float) -> int:
    """A property test's number of examples: ``share`` of what the active Hypothesis profile gives (conftest)."""
    return max(3, round(hypothesis_settings.default.max_examples * share))


class _Undo(Exception):
    pass


@contextmanager
def rolled_back():
    """One Hypothesis example in a savepoint that is rolled back afterwards, with what the plugin rendered and
    the outbox cleared: every example starts from the state the test's fixtures made."""
    from pretix_oicmeetup.render.cache import forget_here

    block = transaction.atomic()
    block._from_testcase = True  # as Django's TestCase marks its own block: pretix's durable ones may nest in it
    try:
        with block:
            yield
            raise _Undo
    except _Undo:
        pass
    finally:
        forget_here()
        djmail.outbox = []
