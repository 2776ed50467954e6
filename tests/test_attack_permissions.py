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


@pytest.mark.parametrize("method,path,needed", ENDPOINTS)
def test_refused(client, seeded_event, organizer, method, path, needed):
    other_org = Organizer.objects.create(name="Other", slug="other")
    callers = {"anonymous": None}
    make_user("stranger@example.org", other_org, all_event_permissions=True)
    callers["other organiser (all rights)"] = "stranger@example.org"
    tokens = {"other organiser (all rights)": Team.objects.create(
        organizer=other_org, all_events=True, all_event_permissions=True).tokens.create(name="t").token}
    if needed:
        make_user("weak@example.org", organizer, limit_event_permissions=OTHER_PERMISSION[needed])
        callers["same organiser, other rights"] = "weak@example.org"
        tokens["same organiser, other rights"] = Team.objects.create(
            organizer=organizer, all_events=True, limit_event_permissions=OTHER_PERMISSION[needed]
        ).tokens.create(name="t").token
    for caller, login in callers.items():
        client.logout()
        if login:
            client.login(email=login, password="secretpassword")
        token = tokens.get(caller) if path.startswith("/api/") else None
        if path.startswith("/api/"):
            client.logout()
        response = call(client, method, path, token)
        refused = response.status_code in (401, 403, 404) or (
            response.status_code == 302 and "/control/login" in response.get("Location", ""))
        PERMISSION_RESULTS.append((f"{method.upper()} {path}", caller, response.status_code, refused))
        assert refused, f"{caller} got {response.status_code} for {method} {path}"
    seeded_event.settings.flush()
    assert seeded_event.settings.oicmeetup_series_number == 9  # nothing changed


def test_the_allowed_caller_does_get_in(admin_client, seeded_event):
    """The refusals above are not a broken endpoint: with the right permission each page answers."""
    for method, path, _needed in ENDPOINTS:
        if method == "get":
            assert admin_client.get(path).status_code == 200, path
