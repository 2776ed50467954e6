"""Every control view and API endpoint of the plugin (``test_every_endpoint_is_here`` holds the list to the
URLconf), called by callers who must be refused: anonymous, a user of another organiser, and a user of this
organiser without the permission the endpoint needs. The results are printed as a table at the end of the run
(without parallel test processes: ``make test WORKERS=0``)."""
import pytest
from django.urls import resolve
from django_scopes import scopes_disabled

from pretix.base.models import Organizer, Team, User

from pretix_oicmeetup.models import Person, Series

from .conftest import PERMISSION_RESULTS

pytestmark = pytest.mark.django_db

CONTROL = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/"
ORGANIZER = "/control/organizer/OIC-BIE/oicmeetup/"
API = "/api/v1/organizers/OIC-BIE/events/ki-zivil-10/meetup/"
WEBSITE_API = "/api/v1/organizers/OIC-BIE/meetup-website/"
FIGURES_API = "/api/v1/organizers/OIC-BIE/events/ki-zivil-10/meetup-figures/"
SETTINGS, ORDERS, ORDERS_READ = "event.settings.general:write", "event.orders:write", "event.orders:read"
ORGANIZER_SETTINGS = "organizer.settings.general:write"
ANY_TEAM = "any team of the organizer"  # pages whose content is the organizer's, readable by all its teams
# (method, path, the permission the endpoint needs; None: any access to the event). {series} and {person}
# are filled with the seeded meetup's series and speaker.
ENDPOINTS = [
    ("get", CONTROL, SETTINGS),
    ("post", CONTROL, SETTINGS),
    ("post", CONTROL + "email-template/", SETTINGS),
    ("get", CONTROL + "email-template/preview/", SETTINGS),
    ("post", CONTROL + "free-setup/", SETTINGS),
    ("get", CONTROL + "import/", SETTINGS),
    ("post", CONTROL + "import/", SETTINGS),
    ("get", CONTROL + "export/", SETTINGS),
    ("get", CONTROL + "export/retrospective/", SETTINGS),
    ("post", CONTROL + "retrospective/emails/", SETTINGS),
    ("get", CONTROL + "retrospective/emails/preview/", SETTINGS),
    ("get", CONTROL + "notice/", ORDERS),
    ("post", CONTROL + "notice/send/", ORDERS),
    ("post", CONTROL + "reminder/", SETTINGS),
    ("get", ORGANIZER + "website.zip", ANY_TEAM),
    ("get", ORGANIZER + "series/", ANY_TEAM),
    ("get", ORGANIZER + "series/add/", ORGANIZER_SETTINGS),
    ("post", ORGANIZER + "series/add/", ORGANIZER_SETTINGS),
    ("get", ORGANIZER + "series/{series}/", ORGANIZER_SETTINGS),
    ("post", ORGANIZER + "series/{series}/", ORGANIZER_SETTINGS),
    ("get", ORGANIZER + "defaults/", ORGANIZER_SETTINGS),
    ("post", ORGANIZER + "defaults/", ORGANIZER_SETTINGS),
    ("get", ORGANIZER + "speakers/", ANY_TEAM),
    ("get", ORGANIZER + "speakers/add/", ORGANIZER_SETTINGS),
    ("post", ORGANIZER + "speakers/add/", ORGANIZER_SETTINGS),
    ("get", ORGANIZER + "speakers/{person}/", ORGANIZER_SETTINGS),
    ("post", ORGANIZER + "speakers/{person}/", ORGANIZER_SETTINGS),
    ("patch", API, SETTINGS),
    ("get", API, None),  # reading needs any access to the event, like pretix's own settings endpoint
    ("get", WEBSITE_API, ANY_TEAM),
    ("get", FIGURES_API, ORDERS_READ),  # numbers about orders
]
# A permission that is not the one needed, for the "same organiser, too few rights" caller.
OTHER_PERMISSION = {
    SETTINGS: {"limit_event_permissions": {"event.orders:write": True, "event.orders:read": True}},
    ORDERS: {"limit_event_permissions": {"event.settings.general:write": True, "event.orders:read": True}},
    ORDERS_READ: {"limit_event_permissions": {"event.settings.general:write": True}},
    ORGANIZER_SETTINGS: {"all_event_permissions": True},  # every right on the events, none on the organizer
}


def filled(path, seeded_event) -> str:
    with scopes_disabled():
        series = Series.objects.get(organizer=seeded_event.organizer)
        person = Person.objects.filter(organizer=seeded_event.organizer).first()
    return path.format(series=series.pk, person=person.pk)


def make_user(email, organizer, **team):
    user = User.objects.create_user(email, "secretpassword")
    Team.objects.create(organizer=organizer, name=email, all_events=True, **team).members.add(user)
    return user


def call(client, method, path, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    if path.startswith("/api/"):
        return getattr(client, method)(path, data={"series_number": 99}, content_type="application/json", **headers)
    return getattr(client, method)(path, **({"data": {"confirm_replace": "on", "text": "---\ntitle: T\n---\n",
                                                      "name_0": "Gekapert", "topic": "gekapert"}}
                                            if method == "post" else {}))


PRETIX_NO_EVENT = "The selected event was not found or you have no permission to administrate it."
PRETIX_NO_ORGANIZER = "The selected organizer was not found or you have no permission to administrate it."
PLUGIN_OFF = "The meetup plugin is not"  # the plugin's own 404 (control: "enabled", API: "active")


def test_every_endpoint_is_here():
    """Each control page and API resource the plugin registers is in ENDPOINTS."""
    resolve("/control/")  # pretix's URLconf first: it imports the plugin's URLs before building its API's
    from pretix_oicmeetup import urls

    names = {f"plugins:pretix_oicmeetup:{p.name}" for p in urls.urlpatterns}
    listed = {f"{resolve(path.format(series=1, person=1)).view_name}" for _method, path, _needed in ENDPOINTS
              if not path.startswith("/api/")}
    assert listed == names
    routes = {prefix for router in (urls.event_router, urls.orga_router)
              for prefix, viewset, _basename in router.registry if viewset.__module__.startswith("pretix_oicmeetup")}
    assert {path.rstrip("/").rsplit("/", 1)[-1] for _m, path, _n in ENDPOINTS if path.startswith("/api/")} == routes


def expected_refusal(caller, path):
    """What pretix answers each caller, exactly, so that a refusal cannot pass for a missing page.

    Control panel: anonymous callers are sent to the login, a user of another organiser gets pretix's
    "no such event" (or "no such organizer") 404 (pretix does not reveal other organisers' events), a user of
    this organiser without the permission gets 403. API: 401 without credentials, 403 for a token without
    access. Only a caller who may use the endpoint gets the plugin's own 404, and only while the plugin is off
    (``test_plugin_off_is_the_only_plugin_404``)."""
    if path.startswith("/api/"):
        return {"anonymous": 401}.get(caller, 403)
    return {"anonymous": 302, "other organiser (all rights)": 404}.get(caller, 403)


def is_refused_as_expected(response, caller, path) -> bool:
    expected = expected_refusal(caller, path)
    body = response.content.decode(errors="replace")
    if response.status_code != expected or PLUGIN_OFF in body:
        return False
    if expected == 302:
        return response["Location"].startswith("/control/login")
    if expected == 404:
        return (PRETIX_NO_ORGANIZER if path.startswith(ORGANIZER) else PRETIX_NO_EVENT) in body
    return True


def callers_for(organizer, needed):
    """caller -> (login email or None, API token or None)"""
    other_org = Organizer.objects.create(name="Other", slug="other")
    callers = {"anonymous": (None, None)}
    make_user("stranger@example.org", other_org, all_event_permissions=True)
    callers["other organiser (all rights)"] = ("stranger@example.org", Team.objects.create(
        organizer=other_org, all_events=True, all_event_permissions=True).tokens.create(name="t").token)
    if needed in OTHER_PERMISSION:  # (any team of the organizer may use the others)
        make_user("weak@example.org", organizer, **OTHER_PERMISSION[needed])
        callers["same organiser, other rights"] = ("weak@example.org", Team.objects.create(
            organizer=organizer, all_events=True, **OTHER_PERMISSION[needed]).tokens.create(name="t").token)
    return callers


def as_caller(client, method, path, login, token):
    client.logout()
    if path.startswith("/api/"):
        return call(client, method, path, token)  # the API is called with the token alone
    if login:
        client.login(email=login, password="secretpassword")
    return call(client, method, path)


def unchanged_state(event):
    with scopes_disabled():
        return (event.settings.get("oicmeetup_series_number", as_type=int), Series.objects.count(),
                Person.objects.count(), event.organizer.settings.get("oicmeetup_featured"))


@pytest.mark.parametrize("method,path,needed", ENDPOINTS)
def test_refused(client, seeded_event, organizer, method, path, needed):
    before = unchanged_state(seeded_event)
    path = filled(path, seeded_event)
    for caller, (login, token) in callers_for(organizer, needed).items():
        response = as_caller(client, method, path, login, token)
        refused = is_refused_as_expected(response, caller, path)
        PERMISSION_RESULTS.append((f"{method.upper()} {path}", caller, response.status_code, refused))
        assert refused, (f"{caller} got {response.status_code} for {method} {path}, expected "
                         f"{expected_refusal(caller, path)}")
    seeded_event.settings.flush()
    assert unchanged_state(seeded_event) == before  # nothing changed


def organizer_level(path) -> bool:
    return path.startswith((ORGANIZER, WEBSITE_API))


@pytest.mark.parametrize("method,path,needed", ENDPOINTS)
def test_plugin_off_is_the_only_plugin_404(client, seeded_event, organizer, method, path, needed):
    """With the plugin off (for the event, or for the organizer on the organizer's pages), a caller with every
    right gets the plugin's 404; a caller without the right is still refused for the missing permission first
    (403), not with a 404."""
    before = unchanged_state(seeded_event)
    path = filled(path, seeded_event)
    if organizer_level(path):
        organizer.plugins = ""
        organizer.save()
    else:
        seeded_event.disable_plugin("pretix_oicmeetup")
        seeded_event.save()
    make_user("allowed@example.org", organizer, all_event_permissions=True, all_organizer_permissions=True)
    admin_token = Team.objects.create(organizer=organizer, all_events=True, all_event_permissions=True,
                                      all_organizer_permissions=True).tokens.create(name="t").token
    response = as_caller(client, method, path, "allowed@example.org", admin_token)
    assert response.status_code == 404 and PLUGIN_OFF in response.content.decode(), (method, path)
    if needed in OTHER_PERMISSION:
        login, token = callers_for(organizer, needed)["same organiser, other rights"]
        assert as_caller(client, method, path, login, token).status_code == 403, (method, path)
    seeded_event.settings.flush()
    assert unchanged_state(seeded_event) == before


def test_the_allowed_caller_does_get_in(client, seeded_event, organizer):
    """The refusals above are not a broken endpoint: with the right permission each page answers."""
    make_user("allowed@example.org", organizer, all_event_permissions=True, all_organizer_permissions=True)
    token = Team.objects.create(organizer=organizer, all_events=True, all_event_permissions=True,
                                all_organizer_permissions=True).tokens.create(name="t").token
    for method, path, _needed in ENDPOINTS:
        if method == "get":
            response = as_caller(client, method, filled(path, seeded_event), "allowed@example.org", token)
            assert response.status_code == 200, path
