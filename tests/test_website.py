"""The website's files from pretix, written into a website folder laid out as the team's (the command), as a zip
and through the API: the team's event list edited in the meetup's own entry only, the team's posts back as
they wrote them, new meetups under names and addresses the site serves, the team's files never replaced
without having been imported, links to no post named and never turned into files, and nothing private."""
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled

from pretix.base.models import Event, LogEntry, Organizer, Team
from pretix.base.timemachine import time_machine_now_assigned

from pretix_oicmeetup.meetup.log import POSTS_DATED
from pretix_oicmeetup.posts.importer import import_post
from pretix_oicmeetup.posts.parse import parse_post
from pretix_oicmeetup.website.events_list import duration_text
from pretix_oicmeetup.website.files import EVENT_LIST, MANIFEST, website_files, zip_files

from .helpers import hold

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data" / "examples"
KOMPETENZ = DATA / "ki-kompetenz.md"
KOMPETENZ_RUECKBLICK = DATA / "rueckblick" / "rueckblick-ki-kompetenz.md"
ONLINE_LINK = "https://zoom.example.org/j/4711-geheim"
RECORDING = "https://video.example.org/nur-fuer-angemeldete"
# The team's list as it keeps it (the real entries of tests/data/examples/events.yml, an entry of the meetup as
# the team writes one, a blank line with two spaces and a key hidden by a comment): written for these tests.
TEAMS_ENTRY = """- title: "KI-Kompetenz – KI sachkundig und sinnvoll einsetzen."
  description: "Zwei Forschende der Universität Bielefeld zeigen, wie KI-Kompetenz entsteht."
  date: "2025-11-11"
  time: "16:30"
  duration: "1,5 Stunden"
  location: "Innovation Office, Alter Markt 13"
  category: "Impuls & Workshop"
  target_audience: "Alle, die sich engagieren"
  cost: "Kostenlos"
  booking_url:  "/beitraege/ki-kompetenz/"
  link_text: "Details & Anmeldung"
  featured: true
#  topic: "ki-zivilgesellschaft"
"""


def team_list() -> str:
    real = (DATA / "events.yml").read_text(encoding="utf-8")
    return TEAMS_ENTRY + "  \n" + real


def run(directory) -> str:
    out = io.StringIO()
    call_command("oicmeetup_website", "OIC-BIE", str(directory), stdout=out)
    return out.getvalue()


def files_in(directory) -> dict:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def entries(directory) -> list[dict]:
    return yaml.safe_load((directory / EVENT_LIST).read_text(encoding="utf-8"))


def site(directory, event_list=None, posts=(), config=None) -> Path:
    (directory / "_beitraege").mkdir(parents=True, exist_ok=True)
    (directory / "_data").mkdir(exist_ok=True)
    if event_list is not None:
        (directory / EVENT_LIST).write_text(event_list, encoding="utf-8")
    for path in posts:
        (directory / "_beitraege" / path.name).write_bytes(path.read_bytes())
    if config is not None:
        (directory / "_config.yml").write_text(config, encoding="utf-8")
    return directory


@pytest.fixture
def meetup(event, item):
    """The reference meetup as the team's announcement post brings it into a new event."""
    imported(event, KOMPETENZ)
    return event


def imported(event, *paths):
    with scope(organizer=event.organizer):
        for path in paths:
            import_post(event, path.read_text(encoding="utf-8"), path.name)


@pytest.mark.parametrize("minutes,text", [(90, "1,5 Stunden"), (60, "1 Stunde"), (120, "2 Stunden"),
                                          (45, "45 Minuten"), (80, "1 Stunde 20 Minuten"), (150, "2,5 Stunden")])
def test_durations_read_as_the_website_writes_them(minutes, text):
    from django.utils import translation

    start = now()
    with translation.override("de-informal"):
        assert duration_text(start, start + timedelta(minutes=minutes)) == text


# --- the team's site ---------------------------------------------------------------------------------

def test_the_teams_posts_and_list_after_import_and_a_second_run(meetup, tmp_path):
    """The reference meetup with the team's announcement and Rückblick imported: both posts come back as the team
    wrote them, under their names; the list changes only in the meetup's entry, where pretix says otherwise
    (its button leads to the Rückblick), keeps the team's description, category, audience and hidden line;
    the typo in the announcement's link is named, never made a file; a second run writes nothing."""
    root = site(tmp_path, team_list(), [KOMPETENZ, KOMPETENZ_RUECKBLICK])
    before = files_in(root)
    imported(meetup, KOMPETENZ_RUECKBLICK)
    out = run(root)
    after = files_in(root)
    assert after["_beitraege/ki-kompetenz.md"] == before["_beitraege/ki-kompetenz.md"]
    assert after["_beitraege/rueckblick-ki-kompetenz.md"] == before["_beitraege/rueckblick-ki-kompetenz.md"]
    assert set(after) == set(before) | {MANIFEST}  # no file of the typo's name
    assert "rueckblick-ki-kompetenzt" in out and "leads to no post" in out
    old, new = before[EVENT_LIST].decode().splitlines(), after[EVENT_LIST].decode().splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [('  booking_url:  "/beitraege/ki-kompetenz/"',
                        '  booking_url:  "/beitraege/rueckblick-ki-kompetenz/"'),
                       ('  link_text: "Details & Anmeldung"', '  link_text: "Zum Rückblick"')]
    assert "0 written" in run(root) and files_in(root) == after


def test_a_change_in_pretix_reaches_its_line_of_the_post_and_of_the_list(meetup, tmp_path):
    root = site(tmp_path, team_list(), [KOMPETENZ])
    run(root)
    before = files_in(root)
    with scope(organizer=meetup.organizer):
        from pretix_oicmeetup.meetup.store import write

        write(meetup, {key: getattr(meetup, key) + timedelta(minutes=15)
                       for key in ("date_from", "date_to", "date_admission")})
    run(root)
    after = files_in(root)

    def changes(path):
        return [(a, b) for a, b in zip(before[path].decode().splitlines(), after[path].decode().splitlines(),
                                       strict=True) if a != b]

    assert changes("_beitraege/ki-kompetenz.md") == [
        ("**Beginn:** 16:30 Uhr<br>", "**Beginn:** 16:45 Uhr<br>"),
        ("**Ende:** 18:00 Uhr<br>", "**Ende:** 18:15 Uhr<br>"),
        ("**Einlass:** 16:00 Uhr", "**Einlass:** 16:15 Uhr")]
    assert changes(EVENT_LIST) == [('  time: "16:30"', '  time: "16:45"')]


def test_a_new_meetup_goes_at_the_end_of_the_list_under_an_address_the_site_serves(seeded_event, tmp_path):
    teams = (DATA / "events.yml").read_text(encoding="utf-8")
    root = site(tmp_path, teams, config="collections:\n  beitraege:\n    output: true\n"
                                              "    permalink: /beitraege/:name/\n")
    out = run(root)
    text = (root / EVENT_LIST).read_text(encoding="utf-8")
    assert text.startswith(teams)  # every line of the team's stays, the new entry follows
    new = text[len(teams):]
    assert new.startswith("\n- title: \"KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.\"\n  description:")
    name = "ki-kompetenz-ki-sachkundig-und-sinnvoll-einsetzen"
    assert f'  booking_url: "/beitraege/{name}/"' in new and (root / "_beitraege" / f"{name}.md").is_file()
    post = parse_post((root / "_beitraege" / f"{name}.md").read_text(encoding="utf-8"))
    assert post.as_json()["date"] if hasattr(post, "date") else post.front_matter["date"]
    assert "written" in out
    # another permalink rule of the site: the list's link follows it
    (root / "_config.yml").write_text("permalink: pretty\ncollections:\n  beitraege:\n    output: true\n",
                                      encoding="utf-8")
    run(root)
    assert f'  booking_url: "/beitraege/{name}/"' in (root / EVENT_LIST).read_text(encoding="utf-8")
    (root / "_config.yml").write_text("collections:\n  beitraege:\n    output: true\n", encoding="utf-8")
    run(root)
    assert f'  booking_url: "/beitraege/{name}.html"' in (root / EVENT_LIST).read_text(encoding="utf-8")


def test_one_entry_per_meetup_whatever_the_events_behind_it(seeded_event, organizer, tmp_path):
    other = Event.objects.create(organizer=organizer, name="KI-Kompetenz, noch einmal", slug="ki-kompetenz-2",
                                 currency="EUR", live=True, date_from=now() + timedelta(days=5),
                                 plugins="pretix_oicmeetup")
    other.settings.locales, other.settings.locale = ["de-informal"], "de-informal"
    imported(seeded_event, KOMPETENZ)
    imported(other, KOMPETENZ)
    root = site(tmp_path, team_list(), [KOMPETENZ])
    out = run(root)
    listed = [e for e in entries(root) if e["title"].startswith("KI-Kompetenz")]
    assert len(listed) == 1
    assert "ki-kompetenz-2" in out and "same meetup on the website" in out


def test_a_file_the_plugin_did_not_write_or_import_is_never_replaced(seeded_event, tmp_path):
    root = site(tmp_path, team_list())
    name = "ki-kompetenz-ki-sachkundig-und-sinnvoll-einsetzen.md"
    (root / "_beitraege" / name).write_text("---\ntitle: Vom Team\n---\nUnser Text.\n", encoding="utf-8")
    list_before = (root / EVENT_LIST).read_bytes()
    with pytest.raises(CommandError, match=f"_beitraege/{name}"):
        run(root)
    assert (root / "_beitraege" / name).read_text(encoding="utf-8") == "---\ntitle: Vom Team\n---\nUnser Text.\n"
    assert (root / EVENT_LIST).read_bytes() == list_before and not (root / MANIFEST).exists()  # nothing written


def test_the_team_changed_its_post_after_the_import(meetup, tmp_path):
    seeded_event = meetup
    root = site(tmp_path, team_list(), [KOMPETENZ])
    run(root)
    edited = KOMPETENZ.read_text(encoding="utf-8").replace("Zentrale Forschungsfragen", "Seine Forschungsfragen")
    (root / "_beitraege" / KOMPETENZ.name).write_text(edited, encoding="utf-8")
    seeded_event.date_admission += timedelta(minutes=5)
    seeded_event.save()
    with pytest.raises(CommandError, match="ki-kompetenz.md"):
        run(root)
    assert (root / "_beitraege" / KOMPETENZ.name).read_text(encoding="utf-8") == edited
    imported(seeded_event, root / "_beitraege" / KOMPETENZ.name)  # importing it again: pretix knows it now
    run(root)
    assert "Seine Forschungsfragen" in (root / "_beitraege" / KOMPETENZ.name).read_text(encoding="utf-8")


def test_a_pasted_post_is_found_on_the_site_by_its_text(event, item, tmp_path):
    root = site(tmp_path, team_list(), [KOMPETENZ])
    with scope(organizer=event.organizer):
        import_post(event, KOMPETENZ.read_text(encoding="utf-8"), "pasted text")
    run(root)
    assert sorted(p.name for p in (root / "_beitraege").iterdir()) == ["ki-kompetenz.md"]


def test_a_post_renamed_leaves_no_old_file_behind_and_nothing_of_the_team(seeded_event, tmp_path):
    root = site(tmp_path, team_list())
    run(root)
    first = {p for p in files_in(root) if p.startswith("_beitraege/")}
    (root / "_beitraege" / "vom-team.md").write_text("---\ntitle: Vom Team\n---\n", encoding="utf-8")
    hold(seeded_event)
    imported(seeded_event, KOMPETENZ_RUECKBLICK)  # names the announcement as the website has it: ki-kompetenz
    out = run(root)
    now_there = set(files_in(root))
    assert not first & now_there and "removed" in out
    assert {"_beitraege/ki-kompetenz.md", "_beitraege/rueckblick-ki-kompetenz.md",
            "_beitraege/vom-team.md"} <= now_there
    assert "removed" not in run(root)


def test_an_unreadable_list_is_left_alone(seeded_event, tmp_path):
    root = site(tmp_path, "title: [kaputt\n")
    with pytest.raises(CommandError, match="nothing was written"):
        run(root)
    assert (root / EVENT_LIST).read_text(encoding="utf-8") == "title: [kaputt\n"
    assert not any((root / "_beitraege").iterdir())


def test_only_public_meetups_are_listed(seeded_event, organizer, tmp_path):
    def copy(slug, **attributes):
        values = {"live": True, "plugins": "pretix_oicmeetup", **attributes}
        other = Event.objects.create(organizer=organizer, name=f"Meetup {slug}", slug=slug, currency="EUR",
                                     date_from=now() + timedelta(days=20), **values)
        other.settings.locales, other.settings.locale = ["de-informal"], "de-informal"
        return other

    copy("entwurf", live=False)
    copy("privat", is_public=False)
    copy("testmodus", testmode=True)
    copy("ohne-plugin", plugins="pretix.plugins.sendmail")
    copy("oeffentlich")
    root = site(tmp_path)
    run(root)
    assert [e["title"] for e in entries(root)] == ["KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.",
                                                    "Meetup oeffentlich"]


def test_nothing_private_and_no_dating_twice(seeded_event, tmp_path):
    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ONLINE_LINK
    hold(seeded_event)
    imported(seeded_event, KOMPETENZ_RUECKBLICK)
    seeded_event.settings.oicmeetup_retrospective_recording_url = RECORDING
    seeded_event.settings.oicmeetup_retrospective_recording_public = False
    root = site(tmp_path)
    run(root)
    run(root)
    assert not any(ONLINE_LINK.encode() in c or RECORDING.encode() in c for c in files_in(root).values())
    with scopes_disabled():
        assert LogEntry.objects.filter(action_type=POSTS_DATED, object_id=seeded_event.pk).count() == 1


# --- "upcoming": one rule, on pretix's clock ---------------------------------------------------------------

def test_a_meetup_whose_time_has_passed_is_not_upcoming_whatever_its_presale(seeded_event, tmp_path):
    seeded_event.date_from = now() + timedelta(days=3)
    seeded_event.date_to = seeded_event.date_from + timedelta(minutes=90)
    seeded_event.date_admission = None
    seeded_event.presale_end = now() + timedelta(days=365)
    seeded_event.save()
    root = site(tmp_path)
    run(root)
    assert entries(root)[0]["link_text"] == "Details & Anmeldung"
    with time_machine_now_assigned(now() + timedelta(days=4)):  # after its end, registration still open
        run(root)
    assert entries(root)[0]["link_text"] == "Zur Ankündigung"


# --- the zip and the API -----------------------------------------------------------------------------------

def test_the_zip_for_the_organizers_teams_and_tokens_only(client, seeded_event, admin_user, organizer):
    url = "/control/organizer/OIC-BIE/oicmeetup/website.zip"
    assert client.get(url).status_code == 302  # to the login
    stranger_org = Organizer.objects.create(name="Andere", slug="andere")
    from pretix.base.models import User

    stranger = User.objects.create_user("fremd@example.org", "fremdpasswort")
    Team.objects.create(organizer=stranger_org, name="Andere", all_events=True,
                        all_event_permissions=True).members.add(stranger)
    client.login(email="fremd@example.org", password="fremdpasswort")
    refused = client.get(url)  # pretix does not reveal another organizer: its "not found"
    assert refused.status_code == 404 and b"The selected organizer was not found" in refused.content
    client.logout()
    client.login(email="orga@example.org", password="orgapassword")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    # the team's list is never replaced by unzipping: the meetups' entries come apart
    assert EVENT_LIST not in names and ".oicmeetup/events.yml" in names
    assert any(n.startswith("_beitraege/") for n in names)

    team = Team.objects.create(organizer=organizer, name="Website", all_events=True)
    token = team.tokens.create(name="Website build")
    api = "/api/v1/organizers/OIC-BIE/meetup-website/"
    client.logout()
    assert client.get(api).status_code == 401
    response = client.get(api, HTTP_AUTHORIZATION=f"Token {token.token}")
    assert response.status_code == 200 and zipfile.ZipFile(io.BytesIO(response.content)).namelist() == names
    organizer.plugins = ""  # switched off for the organizer: the plugin's 404 for the same token
    organizer.save()
    response = client.get(api, HTTP_AUTHORIZATION=f"Token {token.token}")
    assert response.status_code == 404 and b"not active for this organizer" in response.content
    other = Team.objects.create(organizer=stranger_org, name="Fremd", all_events=True).tokens.create(name="x")
    assert client.get(api, HTTP_AUTHORIZATION=f"Token {other.token}").status_code == 403  # pretix's API refusal


def post_site(client, token, texts):
    return client.post("/api/v1/organizers/OIC-BIE/meetup-website/", json.dumps({"texts": texts}),
                       content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")


def test_the_api_edits_what_the_website_sends(client, meetup, organizer):
    token = Team.objects.create(organizer=organizer, name="Website", all_events=True).tokens.create(name="b").token
    texts = {EVENT_LIST: team_list(), "_beitraege/ki-kompetenz.md": KOMPETENZ.read_text(encoding="utf-8")}
    response = post_site(client, token, texts)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    plan = json.loads(archive.read(".oicmeetup/plan.json"))
    assert plan["changed"] == [EVENT_LIST] and plan["conflicts"] == []  # the post is the team's, unchanged
    assert "_beitraege/ki-kompetenz.md" not in archive.namelist() and MANIFEST in archive.namelist()
    assert archive.read(EVENT_LIST).decode().startswith(TEAMS_ENTRY.split("  booking_url")[0])
    # a post of the team that pretix does not know under a name it would write: 409, nothing to write
    texts["_beitraege/ki-kompetenz.md"] = "---\ntitle: Etwas anderes\n---\n"
    response = post_site(client, token, texts)
    assert response.status_code == 409 and response.json()["conflicts"] == ["_beitraege/ki-kompetenz.md"]
    assert post_site(client, token, {EVENT_LIST: "title: [kaputt\n"}).status_code == 400


def test_the_same_organiser_data_gives_the_same_zip(seeded_event):
    with scope(organizer=seeded_event.organizer):
        first = zip_files(website_files(seeded_event.organizer).files)
        assert zip_files(website_files(seeded_event.organizer).files) == first


def test_the_import_preview_names_a_link_to_no_post(admin_client, event, item):
    """The announcement links its Rückblick with a typo: the preview of either post says so."""
    url = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/import/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .helpers import visible_text

    hold(event)
    imported(event, KOMPETENZ_RUECKBLICK)
    upload = SimpleUploadedFile("ki-kompetenz.md", KOMPETENZ.read_bytes(), "text/markdown")
    text = visible_text(admin_client.post(url, {"file": upload}).content.decode())
    assert "names “rueckblick-ki-kompetenzt”, but the post is “rueckblick-ki-kompetenz”" in text


def test_yaml_that_would_explode_is_refused_quickly(client, meetup, organizer):
    """An alias bomb (19 KB expanding to 30 MB) in the list or a post the website sends: refused or left alone,
    and nothing of it kept."""
    from .test_postparser import ALIAS_BOMB

    token = Team.objects.create(organizer=organizer, name="Website", all_events=True).tokens.create(name="b").token
    bomb_list = "- title: &a \"" + "A" * 10_000 + "\"\n  keep: [" + ", ".join(["*a"] * 900) + "]\n"
    assert post_site(client, token, {EVENT_LIST: bomb_list}).status_code == 400
    response = post_site(client, token, {EVENT_LIST: team_list(), "_beitraege/ki-kompetenz.md": ALIAS_BOMB})
    assert response.status_code in (200, 409)
    assert len(response.content) < 200_000  # nothing expanded went into the files


@pytest.mark.parametrize("locale, words", [("de-informal", "ist kein Ordner"), ("de", "ist kein Ordner"),
                                           ("en", "is not a folder")])
def test_the_command_answers_in_the_organizers_language(seeded_event, tmp_path, locale, words):
    """A missing folder was answered in English to a German organiser."""
    seeded_event.organizer.settings.locale = locale
    with pytest.raises(CommandError) as answer:
        run(tmp_path / "fehlt")
    assert words in str(answer.value) and str(tmp_path / "fehlt") in str(answer.value)
