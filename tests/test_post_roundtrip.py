"""Import and export of website posts: data, round trips, and the control views."""
import http.server
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Event

from pretix_oicmeetup.meetup.schema import meetup_json as meetup_data, validated as validate
from pretix_oicmeetup.models import Speaker
from pretix_oicmeetup.posts.export import export_post, own_post
from pretix_oicmeetup.posts.importer import apply_import, jsonable_front_matter, post_to_data
from pretix_oicmeetup.posts.parse import parse_post

from .helpers import visible_text
from .test_postparser import EXPECTED, post_text

pytestmark = pytest.mark.django_db

SEED = "000_8dce05a3aed1be33.txt"
IMPORT_URL = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/import/"
EXPORT_URL = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/export/"


def new_event(organizer, slug):
    event = Event.objects.create(organizer=organizer, name="Leer", slug=slug, date_from=now(),
                                 plugins="pretix_oicmeetup")
    event.settings.locales = ["de-informal", "de", "en"]
    event.settings.timezone = "Europe/Berlin"
    return event


def import_text(event, text, source="test"):
    with scope(organizer=event.organizer):
        post = parse_post(text)
        serializer = validate(event, post_to_data(event, post))
        assert not serializer.errors, serializer.errors
        apply_import(event, serializer.validated_data, jsonable_front_matter(post), source, text)
    event.refresh_from_db()
    event.settings.flush()


def comparable(event):
    """The meetup data as the website knows it: German texts, no ids, photos or private link."""
    with scope(organizer=event.organizer):
        data = dict(meetup_data(event, include_private=False))
    for speaker in data["speakers"]:
        speaker.pop("id")
        speaker.pop("photo_url")
    return {key: (LazyI18nString(value).localize("de-informal") if isinstance(value, dict) else value)
            for key, value in data.items() if key != "speakers"} | {
        "speakers": [{k: (LazyI18nString(v).localize("de-informal") if isinstance(v, dict) else v)
                      for k, v in s.items()} for s in data["speakers"]]}


def test_seed_import_export_import_is_stable(organizer):
    first = new_event(organizer, "a")
    import_text(first, post_text(SEED))
    assert export_post(first)[1] == post_text(SEED)  # the team's post as it was imported
    exported = own_post(first)  # the plugin's own post of the same data
    second = new_event(organizer, "b")
    import_text(second, exported)
    assert comparable(second) == comparable(first)
    assert own_post(second).replace('event="b"', 'event="a"') == exported
    # and the export parses to the seed's facts
    parsed = parse_post(exported).as_json()
    for key in ("title", "teaser", "series", "series_number", "event_date", "start", "end", "admission", "venue",
                "speakers", "learning_outcomes", "materials", "hint", "authors", "categories"):
        assert parsed[key] == EXPECTED[SEED][key], key


def test_export_of_the_structured_meetup_imports_to_the_same_data(seeded_event, organizer):
    _name, text = export_post(seeded_event)
    copy = new_event(organizer, "copy")
    import_text(copy, text)
    assert comparable(copy) == comparable(seeded_event)


def test_export_has_the_seed_structure(seeded_event):
    name, text = export_post(seeded_event)
    assert name == "ki-kompetenz-ki-sachkundig-und-sinnvoll-einsetzen.md"  # as the team names its posts
    assert text.startswith("---\ntitle: KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.\n")
    order = ["### Hinweis", "### Fachexpertise", "### Inhalt", "### Materialien", "### Info zur MeetUp-Reihe",
             "### Ort und Zeit", "**Dienstag, 11. November 2025**<br>", "**Beginn:** 16:30 Uhr<br>",
             "**Ende:** 18:00 Uhr<br>", "**Einlass:** 16:00 Uhr", "### Kostenlose Anmeldung",
             '{% include pretix-widget.html event="ki-zivil-10" %}']
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "**Barbara Hammer** [LinkedIn](https://www.linkedin.com/in/barbara-hammer-62963295/) ist Professorin" \
        in text
    assert "weißt Du," in text  # the shop's German: Du


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_example_imports(organizer, name):
    event = new_event(organizer, "x")
    import_text(event, post_text(name))
    parsed = EXPECTED[name]
    with scopes_disabled():
        assert [s.name for s in Speaker.objects.filter(event=event)] == [s["name"] for s in parsed["speakers"]]
    if parsed["start"] and parsed["event_date"]:
        start = event.date_from.astimezone(event.timezone)
        assert (start.date().isoformat(), start.strftime("%H:%M")) == (parsed["event_date"], parsed["start"])
    assert event.is_remote == parsed["online"]


# --- control views ---------------------------------------------------------------------------------

def test_upload_preview_then_apply(admin_client, event, item):
    upload = SimpleUploadedFile("2025-10-20-ki-kompetenz.md", post_text(SEED).encode(), "text/markdown")
    response = admin_client.post(IMPORT_URL, {"file": upload})
    html = response.content.decode()
    text = visible_text(html)
    assert "Preview: what the import from 2025-10-20-ki-kompetenz.md changes" in text
    for label in ("Admission (Einlass)", "Begin", "End", "Speaker added", "Teaser"):
        assert label in text
    assert "Barbara Hammer" in text
    event.refresh_from_db()
    assert event.date_admission is None  # the preview saves nothing

    payload = html.split('name="payload" value="')[1].split('"')[0]
    response = admin_client.post(IMPORT_URL, {"payload": payload}, follow=True)
    assert "The post has been imported." in response.content.decode()
    event.refresh_from_db()
    assert event.date_admission.astimezone(event.timezone).strftime("%H:%M") == "16:00"
    entries = event.logentry_set.filter(action_type="pretix_oicmeetup.meetup.imported")
    assert entries.count() == 1
    assert "imported from a website post (2025-10-20-ki-kompetenz.md)" in str(entries[0].display())


def test_pasted_post(admin_client, event, item):
    response = admin_client.post(IMPORT_URL, {"text": post_text("ki-new-work.md")})
    assert "Lasse Rheingans" in visible_text(response.content.decode())


def test_tampered_or_foreign_payload_is_refused(admin_client, event, organizer):
    response = admin_client.post(IMPORT_URL, {"payload": "not-signed"}, follow=True)
    assert "The preview has expired or was changed." in response.content.decode()
    other = new_event(organizer, "other")
    from pretix_oicmeetup.posts.importer import sign_payload
    token = sign_payload(other, {"series_number": 3}, {}, "x", "announcement", "---\ntitle: x\n---\n")
    response = admin_client.post(IMPORT_URL, {"payload": token}, follow=True)
    assert "The preview has expired or was changed." in response.content.decode()
    event.settings.flush()
    assert event.settings.oicmeetup_series_number is None


@pytest.mark.parametrize("data,message", [
    ({"text": "just some notes"}, "does not begin with front matter"),
    ({"text": "---\ntitle: [broken\n---\n"}, "not valid YAML"),
    ({}, "exactly one"),
    ({"text": "---\ntitle: T\n---\n### Ort und Zeit\n**Beginn:** 16:30 Uhr\n**Einlass:** 17:00 Uhr\n"
              "**Dienstag, 11. November 2025**\n"}, "cannot be imported: date_admission"),
    ({"url": "ftp://example.org/post.md"}, "Only web addresses starting with http:// or https://"),
    ({"url": "http://127.0.0.1:9/post.md"}, "127.0.0.1 is in a private or local network"),
    ({"url": "http://localhost:9/post.md"}, "localhost is in a private or local network"),
    ({"url": "http://[::1]:9/post.md"}, "::1 is in a private or local network"),
    ({"url": "http://169.254.169.254/latest/meta-data"}, "169.254.169.254 is in a private or local network"),
    ({"url": "http://10.0.0.8/post.md"}, "10.0.0.8 is in a private or local network"),
])
def test_bad_imports_are_refused_and_change_nothing(admin_client, seeded_event, data, message):
    before = comparable(seeded_event)
    response = admin_client.post(IMPORT_URL, data)
    assert message in visible_text(response.content.decode())
    assert comparable(seeded_event) == before
    assert not seeded_event.logentry_set.filter(action_type="pretix_oicmeetup.meetup.imported").exists()


def test_script_links_in_a_post_are_dropped_with_a_warning(admin_client, event):
    post = "---\ntitle: T\n---\n### Fachexpertise\n**Eve Mallory** [LinkedIn](javascript:alert(1)) ist böse.\n"
    html = admin_client.post(IMPORT_URL, {"text": post}).content.decode()
    assert "The profile link of Eve Mallory is not a web address and was left out." in visible_text(html)
    payload = html.split('name="payload" value="')[1].split('"')[0]
    admin_client.post(IMPORT_URL, {"payload": payload})
    with scopes_disabled():
        assert Speaker.objects.get(event=event).profile_url == ""


def test_oversized_upload_is_refused(admin_client, seeded_event):
    upload = SimpleUploadedFile("big.md", b"---\ntitle: T\n---\n" + b"x" * (1024 * 1024 + 1), "text/markdown")
    response = admin_client.post(IMPORT_URL, {"file": upload})
    assert "The post is larger than 1 MB." in visible_text(response.content.decode())


def test_readonly_user_cannot_import_or_export(client, seeded_event, readonly_user):
    client.login(email="viewer@example.org", password="viewerpassword")
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": post_text(SEED)}).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403


def test_export_download(admin_client, seeded_event):
    response = admin_client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert 'filename="ki-kompetenz-ki-sachkundig-und-sinnvoll-einsetzen.md"' in response["Content-Disposition"]
    assert "### Fachexpertise" in response.content.decode()


# --- fetching from a URL, against a real local HTTP server -----------------------------------------

class PostServer(http.server.BaseHTTPRequestHandler):
    routes = {}

    def do_GET(self):
        handler = self.routes.get(self.path)
        if handler is None:
            self.send_response(404)
            self.end_headers()
            return
        handler(self)

    def log_message(self, *args):
        pass


@pytest.fixture
def post_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PostServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", PostServer.routes
    server.shutdown()
    PostServer.routes.clear()


def reply(body: bytes, status=200, headers=None):
    def handler(request):
        request.send_response(status)
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)
    return handler


@override_settings(ALLOW_HTTP_TO_PRIVATE_NETWORKS=True)  # pretix's switch for its own guard, as in its tests
def test_url_import(admin_client, event, post_server):
    base, routes = post_server
    routes["/post.md"] = reply(post_text(SEED).encode(), headers={"Content-Type": "text/markdown; charset=utf-8"})
    routes["/old"] = reply(b"", status=301, headers={"Location": "/post.md"})
    response = admin_client.post(IMPORT_URL, {"url": base + "/old"})
    text = visible_text(response.content.decode())
    assert "Preview: what the import from" in text and "Barbara Hammer" in text


@override_settings(ALLOW_HTTP_TO_PRIVATE_NETWORKS=True)
@pytest.mark.parametrize("route,message", [
    ("/big", "The post is larger than 1 MB."),
    ("/big-undeclared", "The post is larger than 1 MB."),
    ("/missing", "The server answered with status 404"),
    ("/to-ftp", "Only web addresses starting with http:// or https://"),
    ("/loop", "redirects too often"),
    ("/stall", "within 2 seconds"),
    ("/drip", "within 2 seconds"),
])
def test_url_refusals(admin_client, seeded_event, post_server, monkeypatch, route, message):
    monkeypatch.setattr("pretix_oicmeetup.posts.fetch.TIMEOUT_SECONDS", 2)
    base, routes = post_server
    routes["/big"] = reply(b"x" * (5 * 1024 * 1024))

    def undeclared(request):
        request.send_response(200)
        request.end_headers()
        for _ in range(80):
            request.wfile.write(b"y" * 65536)
    routes["/big-undeclared"] = undeclared
    routes["/to-ftp"] = reply(b"", status=302, headers={"Location": "ftp://example.org/x.md"})
    routes["/loop"] = reply(b"", status=302, headers={"Location": "/loop"})

    def stall(request):
        time.sleep(4)
        reply(b"---\ntitle: late\n---\n")(request)
    routes["/stall"] = stall

    def drip(request):
        request.send_response(200)
        request.send_header("Content-Length", "1000")
        request.end_headers()
        for _ in range(40):
            request.wfile.write(b"z")
            request.wfile.flush()
            time.sleep(0.2)
    routes["/drip"] = drip
    before = comparable(seeded_event)
    started = time.monotonic()
    response = admin_client.post(IMPORT_URL, {"url": base + route})
    assert message in visible_text(response.content.decode())
    assert time.monotonic() - started < 6
    assert comparable(seeded_event) == before


@pytest.fixture
def public_name(monkeypatch):
    """ "localhost" plays a public web server: the guard's resolver says it is at a public address (the
    connection still goes to this machine), every other name resolves as usual. pretix's own guard in
    urllib3 is off (ALLOW_HTTP_TO_PRIVATE_NETWORKS), ours stays on, so only our per-hop check can refuse."""
    from pretix_oicmeetup.posts import fetch as urlfetch

    real = urlfetch.resolve

    def resolve(host, port):
        return [("93.184.215.14", port)] if host == "localhost" else real(host, port)

    monkeypatch.setattr(urlfetch, "resolve", resolve)
    monkeypatch.setattr(urlfetch, "private_networks_allowed", lambda: False)


@override_settings(ALLOW_HTTP_TO_PRIVATE_NETWORKS=True)
def test_redirect_into_a_private_network_is_refused(admin_client, seeded_event, post_server, public_name):
    base, routes = post_server
    port = base.rsplit(":", 1)[1]
    public, private = f"http://localhost:{port}", f"http://127.0.0.1:{port}"
    routes["/post.md"] = reply(post_text(SEED).encode())
    routes["/moved"] = reply(b"", status=302, headers={"Location": private + "/post.md"})
    before = comparable(seeded_event)
    # the public name itself is fetched ...
    response = admin_client.post(IMPORT_URL, {"url": public + "/post.md"})
    assert "Preview: what the import from" in visible_text(response.content.decode())
    # ... but not when it redirects to loopback: every hop is checked
    response = admin_client.post(IMPORT_URL, {"url": public + "/moved"})
    assert "127.0.0.1 is in a private or local network" in visible_text(response.content.decode())
    # the loopback address itself is refused before any connection
    response = admin_client.post(IMPORT_URL, {"url": private + "/post.md"})
    assert "127.0.0.1 is in a private or local network" in visible_text(response.content.decode())
    assert comparable(seeded_event) == before
