"""The website's files from pretix, as the website's build and the organisers use them: the event list in the
website's own format (the real entries come out as the team wrote them), the reference meetup's entry before
and after its Rückblick, the posts that parse back to the meetup, the same files on every run, only public
meetups, the team's own entries and hidden lines kept, and the zip behind pretix's permissions."""
import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled

from pretix.base.models import Event, LogEntry, Organizer, Team

from pretix_oicmeetup.meetup.log import POSTS_DATED
from pretix_oicmeetup.posts.importer import import_post
from pretix_oicmeetup.posts.parse import parse_post
from pretix_oicmeetup.website.events_list import dump_entries, duration_text, read_existing
from pretix_oicmeetup.website.files import EVENT_LIST, website_files

from .helpers import hold

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent / "data" / "examples"
KOMPETENZ_RUECKBLICK = EXAMPLES / "rueckblick" / "rueckblick-ki-kompetenz.md"
ONLINE_LINK = "https://zoom.example.org/j/4711-geheim"
RECORDING = "https://video.example.org/nur-fuer-angemeldete"


def run(directory) -> dict:
    out = io.StringIO()
    call_command("oicmeetup_website", "OIC-BIE", str(directory), stdout=out)
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def entries(directory) -> list[dict]:
    return yaml.safe_load((directory / EVENT_LIST).read_text(encoding="utf-8"))


# --- the list's format ---------------------------------------------------------------------------

def test_the_real_entries_come_out_as_the_team_wrote_them():
    """The list as the website's repository has it, read and written again: the same text (but for a stray
    second space after one key, a mistake of the real file)."""
    real = (EXAMPLES / "events.yml").read_text(encoding="utf-8")
    parsed, comments = read_existing(real)
    assert len(parsed) == 3 and comments == []
    assert dump_entries(parsed) == real.replace("booking_url:  ", "booking_url: ").rstrip("\n") + "\n"


@pytest.mark.parametrize("minutes,text", [(90, "1,5 Stunden"), (60, "1 Stunde"), (120, "2 Stunden"),
                                          (45, "45 Minuten"), (80, "1 Stunde 20 Minuten"), (150, "2,5 Stunden")])
def test_durations_read_as_the_website_writes_them(minutes, text):
    from django.utils import translation

    start = now()
    with translation.override("de-informal"):
        assert duration_text(start, start + timedelta(minutes=minutes)) == text


# --- the reference meetup ------------------------------------------------------------------------

def test_the_reference_meetup_before_and_after_its_rueckblick(seeded_event, tmp_path):
    seeded_event.is_remote = True  # at the venue and online, with its private link
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = ONLINE_LINK
    files = run(tmp_path)
    (entry,) = entries(tmp_path)
    assert entry == {
        "title": "KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.",
        "description": entry["description"],
        "date": "2025-11-11", "time": "16:30", "duration": "1,5 Stunden",
        "location": "Innovation Office, Alter Markt 13 und online", "category": "Impuls-Workshop",
        "target_audience": "Zivilgesellschaftlich engagierte Menschen, Vereinsaktive und Interessierte",
        "cost": "Kostenlos", "booking_url": entry["booking_url"], "link_text": "Details & Anmeldung",
        "featured": True, "topic": "ki-zivilgesellschaft",
    }
    assert entry["description"].startswith("Das 9. Meetup aus der Reihe KI und Zivilgesellschaft")
    # once registration has closed, the button no longer promises it
    seeded_event.presale_end = now() - timedelta(days=1)
    seeded_event.save()
    run(tmp_path)
    assert entries(tmp_path)[0]["link_text"] == "Zur Ankündigung"
    (post,) = [path for path in files if path.startswith("_beitraege/")]
    # Jekyll reads the file name's date as the post's date: the address is the name without it
    assert entry["booking_url"] == "/beitraege/ki-zivil-10/" and Path(post).stem.endswith("-ki-zivil-10")

    # the Rückblick arrives: the list's button changes to it, its post and the announcement name each other
    with scope(organizer=seeded_event.organizer):
        import_post(seeded_event, KOMPETENZ_RUECKBLICK.read_text(encoding="utf-8"), KOMPETENZ_RUECKBLICK.name)
    files = run(tmp_path)
    (entry,) = entries(tmp_path)
    assert entry["booking_url"] == "/beitraege/rueckblick-ki-kompetenz/" and entry["link_text"] == "Zum Rückblick"
    assert {"_beitraege/rueckblick-ki-kompetenz.md", EVENT_LIST} <= set(files)
    retrospective = parse_post(files["_beitraege/rueckblick-ki-kompetenz.md"].decode())
    assert "KI-Kompetenz" in str(retrospective.title)
    # nothing private in any file: not the online link
    assert not any(ONLINE_LINK.encode() in content for content in files.values())


def test_the_posts_parse_back_to_the_meetup(seeded_event, tmp_path):
    files = run(tmp_path)
    (name,) = [path for path in files if path.startswith("_beitraege/")]
    with scope(organizer=seeded_event.organizer):
        changes = import_post(seeded_event, files[name].decode(), name)
    assert changes == []


def test_the_same_files_on_every_run_and_one_dating_in_the_log(seeded_event, tmp_path):
    first = run(tmp_path)
    out = io.StringIO()
    call_command("oicmeetup_website", "OIC-BIE", str(tmp_path), stdout=out)
    assert "0 written" in out.getvalue()
    assert run(tmp_path) == first
    with scopes_disabled():
        assert LogEntry.objects.filter(action_type=POSTS_DATED, object_id=seeded_event.pk).count() == 1
    # the zip of the same files is the same bytes
    with scope(organizer=seeded_event.organizer):
        from pretix_oicmeetup.website.files import zip_files
        assert zip_files(website_files(seeded_event.organizer)) == zip_files(website_files(seeded_event.organizer))


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
    run(tmp_path)
    assert [e["title"] for e in entries(tmp_path)] == ["KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.",
                                                       "Meetup oeffentlich"]


def test_the_teams_own_entries_and_hidden_lines_are_kept(seeded_event, tmp_path):
    (tmp_path / "_data").mkdir()
    real = (EXAMPLES / "events.yml").read_text(encoding="utf-8")
    stale = ('- title: "KI-Kompetenz – KI sachkundig und sinnvoll einsetzen."\n  date: "2025-11-11"\n'
             '  booking_url: "/beitraege/alt/"\n')
    hidden = '# - title: "Ausgeblendet"\n#   date: "2026-01-01"'
    (tmp_path / EVENT_LIST).write_text(real + "\n" + stale + "\n" + hidden + "\n", encoding="utf-8")
    run(tmp_path)
    listed = entries(tmp_path)
    assert [e["date"] for e in listed] == ["2025-10-14", "2025-11-06", "2025-11-06", "2025-11-11"]
    assert listed[-1]["booking_url"] != "/beitraege/alt/"  # ours replaced the stale copy of it
    assert listed[0]["booking_url"] == "/beitraege/rueckblick-ki-barrierefreiheit/"
    assert hidden in (tmp_path / EVENT_LIST).read_text(encoding="utf-8")


def test_an_unreadable_list_is_left_alone(seeded_event, tmp_path):
    (tmp_path / "_data").mkdir()
    (tmp_path / EVENT_LIST).write_text("title: [kaputt\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not touched"):
        call_command("oicmeetup_website", "OIC-BIE", str(tmp_path), stdout=io.StringIO())
    assert (tmp_path / EVENT_LIST).read_text(encoding="utf-8") == "title: [kaputt\n"
    assert not (tmp_path / "_beitraege").exists()


def test_a_private_recording_stays_out(seeded_event, tmp_path):
    hold(seeded_event)
    with scope(organizer=seeded_event.organizer):
        import_post(seeded_event, KOMPETENZ_RUECKBLICK.read_text(encoding="utf-8"), KOMPETENZ_RUECKBLICK.name)
    seeded_event.settings.oicmeetup_retrospective_recording_url = RECORDING
    seeded_event.settings.oicmeetup_retrospective_recording_public = False
    files = run(tmp_path)
    assert "_beitraege/rueckblick-ki-kompetenz.md" in files
    assert not any(RECORDING.encode() in content for content in files.values())


# --- the zip, behind pretix's permissions --------------------------------------------------------

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
    assert EVENT_LIST in names and any(n.startswith("_beitraege/") for n in names)

    team = Team.objects.create(organizer=organizer, name="Website", all_events=True)
    token = team.tokens.create(name="Website build")
    api = "/api/v1/organizers/OIC-BIE/meetup-website/"
    client.logout()
    assert client.get(api).status_code == 401
    response = client.get(api, HTTP_AUTHORIZATION=f"Token {token.token}")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist() == names
    # switched off for the organizer: the plugin's 404 for the same token
    organizer.plugins = ""
    organizer.save()
    response = client.get(api, HTTP_AUTHORIZATION=f"Token {token.token}")
    assert response.status_code == 404 and b"not active for this organizer" in response.content
    other = Team.objects.create(organizer=stranger_org, name="Fremd", all_events=True).tokens.create(name="x")
    assert client.get(api, HTTP_AUTHORIZATION=f"Token {other.token}").status_code == 403  # pretix's API refusal


def test_a_post_renamed_leaves_no_old_file_behind(seeded_event, tmp_path):
    """The Rückblick names the announcement post as the website has it (related_post); the next run writes it
    under that name and removes the file it wrote under the earlier one, and nothing the team wrote."""
    first = set(run(tmp_path))
    (tmp_path / "_beitraege" / "2025-01-01-vom-team.md").write_text("---\ntitle: Vom Team\n---\n", encoding="utf-8")
    hold(seeded_event)
    with scope(organizer=seeded_event.organizer):
        import_post(seeded_event, KOMPETENZ_RUECKBLICK.read_text(encoding="utf-8"), KOMPETENZ_RUECKBLICK.name)
    out = io.StringIO()
    call_command("oicmeetup_website", "OIC-BIE", str(tmp_path), stdout=out)
    now_there = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    with scope(organizer=seeded_event.organizer):
        expected = set(website_files(seeded_event.organizer))
    renamed = {p for p in first - expected if p.startswith("_beitraege/")}
    assert renamed, "the Rückblick renames the announcement post"
    assert not renamed & now_there and "removed" in out.getvalue()
    assert now_there == expected | {".oicmeetup-files", "_beitraege/2025-01-01-vom-team.md"}
    again = io.StringIO()
    call_command("oicmeetup_website", "OIC-BIE", str(tmp_path), stdout=again)
    assert "0 written" in again.getvalue() and "removed" not in again.getvalue()  # the next run: nothing to do
