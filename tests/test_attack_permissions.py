"""Every control view and API endpoint of the plugin, called by callers who must be refused: anonymous,
a user of another organiser, and a user of this organiser without the permission the endpoint needs.
The results are printed as a table at the end of the run."""
import pytest

from pretix.base.models import Organizer, Team, User

from .conftest import PERMISSION_RESULTS

pytestmark = pytest.mark.django_db

CONTROL = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/"
API = "/api/v1/organizers/OIC-BIE/events/ki-zivil-10/meetup/"
# (method, path, the permission the endpoint needs)
ENDPOINTS = [
    ("get", CONTROL, "event.settings.general:write"),
    ("post", CONTROL, "event.settings.general:write"),
    ("post", CONTROL + "email-template/", "event.settings.general:write"),
    ("get", CONTROL + "import/", "event.settings.general:write"),
    ("post", CONTROL + "import/", "event.settings.general:write"),
    ("get", CONTROL + "export/", "event.settings.general:write"),
    ("get", CONTROL + "export/retrospective/", "event.settings.general:write"),
    ("post", CONTROL + "retrospective/emails/", "event.settings.general:write"),
    ("get", CONTROL + "retrospective/emails/preview/", "event.settings.general:write"),
    ("get", CONTROL + "notice/", "event.orders:write"),
    ("post", CONTROL + "notice/send/", "event.orders:write"),
    ("post", CONTROL + "reminder/", "event.settings.general:write"),
    ("patch", API, "event.settings.general:write"),
    ("get", API, None),  # reading needs any access to the event, like pretix's own settings endpoint
]
# A permission that is not the one needed, for the "same organiser, too few rights" caller.
OTHER_PERMISSION = {
    "event.settings.general:write": {"event.orders:write": True, "event.orders:read": True},
    "event.orders:write": {"event.settings.general:write": True, "event.orders:read": True},
}


def make_user(email, organizer, **team):
    user = User.objects.create_user(email, "secretpassword")
    Team.objects.create(organizer=organizer, name=email, all_events=True, **team).members.add(user)
    return user


def call(client, method, path, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    if path.startswith("/api/"):
        return getattr(client, method)(path, data={"series_number": 99}, content_type="application/json", **headers)
    return getattr(client, method)(path, **({"data": {"confirm_replace": "on", "text": "---\ntitle: T\n---\n"}}
                                            if method == "post" else {}))


PRETIX_NO_EVENT = "The selected event was not found or you have no permission to administrate it."
PLUGIN_OFF = "The meetup plugin is not"  # the plugin's own 404 (control: "enabled", API: "active")


def expected_refusal(caller, path):
    """What pretix answers each caller, exactly, so that a refusal cannot pass for a missing page.

    Control panel: anonymous callers are sent to the login, a user of another organiser gets pretix's
    "no such event" 404 (pretix does not reveal other organisers' events), a user of this organiser
    without the permission gets 403. API: 401 without credentials, 403 for a token without access.
    Only a caller who may use the endpoint gets the plugin's own 404, and only while the plugin is off
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
        return PRETIX_NO_EVENT in body
    return True


def callers_for(organizer, needed):
    """caller -> (login email or None, API token or None)"""
    other_org = Organizer.objects.create(name="Other", slug="other")
    callers = {"anonymous": (None, None)}
    make_user("stranger@example.org", other_org, all_event_permissions=True)
    callers["other organiser (all rights)"] = ("stranger@example.org", Team.objects.create(
        organizer=other_org, all_events=True, all_event_permissions=True).tokens.create(name="t").token)
    if needed:
        make_user("weak@example.org", organizer, limit_event_permissions=OTHER_PERMISSION[needed])
        callers["same organiser, other rights"] = ("weak@example.org", Team.objects.create(
            organizer=organizer, all_events=True, limit_event_permissions=OTHER_PERMISSION[needed]
        ).tokens.create(name="t").token)
    return callers


def as_caller(client, method, path, login, token):
    client.logout()
    if path.startswith("/api/"):
        return call(client, method, path, token)  # the API is called with the token alone
    if login:
        client.login(email=login, password="secretpassword")
    return call(client, method, path)


@pytest.mark.parametrize("method,path,needed", ENDPOINTS)
def test_refused(client, seeded_event, organizer, method, path, needed):
    for caller, (login, token) in callers_for(organizer, needed).items():
        response = as_caller(client, method, path, login, token)
        refused = is_refused_as_expected(response, caller, path)
        PERMISSION_RESULTS.append((f"{method.upper()} {path}", caller, response.status_code, refused))
        assert refused, (f"{caller} got {response.status_code} for {method} {path}, expected "
                         f"{expected_refusal(caller, path)}")
    seeded_event.settings.flush()
    assert seeded_event.settings.oicmeetup_series_number == 9  # nothing changed


@pytest.mark.parametrize("method,path,needed", ENDPOINTS)
def test_plugin_off_is_the_only_plugin_404(client, seeded_event, organizer, method, path, needed):
    """With the plugin disabled, a caller with every right gets the plugin's 404; a caller without the
    right is still refused for the missing permission first (403), not with a 404."""
    seeded_event.disable_plugin("pretix_oicmeetup")
    seeded_event.save()
    make_user("allowed@example.org", organizer, all_event_permissions=True)
    admin_token = Team.objects.create(organizer=organizer, all_events=True,
                                      all_event_permissions=True).tokens.create(name="t").token
    response = as_caller(client, method, path, "allowed@example.org", admin_token)
    assert response.status_code == 404 and PLUGIN_OFF in response.content.decode(), (method, path)
    if needed:
        login, token = callers_for(organizer, needed)["same organiser, other rights"]
        assert as_caller(client, method, path, login, token).status_code == 403, (method, path)
    seeded_event.settings.flush()
    assert seeded_event.settings.oicmeetup_series_number == 9


def test_the_allowed_caller_does_get_in(admin_client, seeded_event):
    """The refusals above are not a broken endpoint: with the right permission each page answers."""
    for method, path, _needed in ENDPOINTS:
        if method == "get":
            assert admin_client.get(path).status_code == 200, path
