"""`make demo` runs the `oicmeetup_demo` command on every start: it creates the reference meetup once and
leaves it alone afterwards, so whatever the organiser changed survives a restart."""
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from pretix.base.models import Event, User

from pretix_oicmeetup.management.commands import oicmeetup_demo
from pretix_oicmeetup.meetup.datafile import load_meetup_data, read_data_file
from pretix_oicmeetup.models import Speaker

from .conftest import SEED_FILE

pytestmark = pytest.mark.django_db

ZOOM = "https://zoom.example.org/j/16201620"


def run_demo() -> str:
    out = StringIO()
    call_command("oicmeetup_demo", stdout=out)
    return out.getvalue()


def demo_event():
    with scopes_disabled():
        return Event.objects.get(organizer__slug="OIC-BIE", slug="ki-zivil-10")


def test_a_restart_keeps_the_organisers_edits():
    User.objects.create_user("admin@localhost", "admin")
    assert "created" in run_demo()
    event = demo_event()
    with scope(organizer=event.organizer):
        # as the organiser does on the meetup page: Einlass 16:20, online with a meeting link
        local = event.date_admission.astimezone(event.timezone)
        load_meetup_data(event, {
            "date_admission": local.replace(hour=16, minute=20).isoformat(),
            "is_remote": True, "online_url": ZOOM, "series_number": 42,
        })
        Speaker.objects.filter(event=event, name="Benjamin Paaßen").delete()
    event.live = False
    event.save()

    output = run_demo()  # the second `make demo`: must neither fail nor reload the demo data

    assert "kept as it is" in output and ".demo/" in output
    event = demo_event()
    event.settings.flush()
    assert event.date_admission.astimezone(event.timezone).strftime("%H:%M") == "16:20"
    assert event.is_remote and event.settings.oicmeetup_online_url == ZOOM
    assert event.settings.oicmeetup_series_number == 42
    assert not event.live
    with scopes_disabled():
        assert list(Speaker.objects.filter(event=event).values_list("name", flat=True)) == ["Barbara Hammer"]


def test_a_failing_first_load_leaves_nothing_half_made(tmp_path):
    """Creating and loading is one step: otherwise a failed first run would leave an event that the
    next run keeps as it is, without its meetup data."""
    document = read_data_file(SEED_FILE)
    document.pop("next_edition"), document.pop("posts")  # files beside the demo's data file
    bad = tmp_path / "bad.json"
    document["meetup"]["online_url"] = "https://zoom.example.org/j/1"  # but not is_remote: invalid
    bad.write_text(json.dumps(document))
    with pytest.raises(Exception, match="online"):
        call_command("oicmeetup_demo", file=str(bad), stdout=StringIO())
    with scopes_disabled():
        assert not Event.objects.filter(slug="ki-zivil-10").exists()
    assert "created" in run_demo()


def test_seed_file_is_the_demo_file():
    """The tests' reference meetup (conftest's SEED_FILE) is the file `make demo` loads by default: what
    the tests prove about the seed holds for the demo."""
    parser = oicmeetup_demo.Command().create_parser("pretix", "oicmeetup_demo")
    default = Path(parser.parse_args([]).file)
    assert default.resolve() == Path(oicmeetup_demo.DEMO_FILE).resolve()
    assert SEED_FILE.resolve() == default.resolve(), f"tests load {SEED_FILE}, the demo loads {default}"
    assert read_data_file(SEED_FILE) == read_data_file(default)


def test_the_demo_is_set_up_as_oic_runs_a_free_meetup():
    User.objects.create_user("admin@localhost", "admin")
    run_demo()
    event = demo_event()
    assert User.objects.get(email="admin@localhost").locale == "de-informal"  # the organisers' language
    assert event.settings.invoice_address_not_asked_free and event.settings.redirect_to_checkout_directly
    assert event.settings.mail_from_name == "Open Innovation City Bielefeld"


def test_the_demo_records_the_licence_check_as_pretix_does():
    from pretix.base.settings import GlobalSettingsObject

    from demo import prepare

    prepare.main()
    settings = GlobalSettingsObject().settings
    assert settings.license_check_completed and "pretix-oicmeetup" in settings.license_check_input["source_notice"]


def test_the_demo_is_the_year_as_it_is():
    """The reference meetup (11 November 2025) is held: registration closed, the team's announcement and
    Rückblick imported from the website's real posts (so it is what importing them gives), its archive shows
    the Rückblick. Its next edition, made by pretix's event copy, is open for registration on a Tuesday ahead,
    with the series' next number; one event per meetup."""
    from pretix_oicmeetup.meetup.timing import has_ended
    from pretix_oicmeetup.posts.parse import parse_post
    from pretix_oicmeetup.posts.team_posts import team_post

    run_demo()
    held = demo_event()
    folder = Path(oicmeetup_demo.DEMO_FILE).parent
    post = parse_post((folder / "rueckblick-ki-kompetenz.md").read_text("utf-8"))
    recap = held.settings.get("oicmeetup_retrospective_recap", as_type=dict)
    assert set(recap.values()) == {post.values["retrospective_recap"]}  # in pretix's markdown (meetup.dialect)
    assert held.settings.get("oicmeetup_retrospective_for_attendees", as_type=bool)
    assert has_ended(held) and not held.presale_is_running
    assert team_post(held, "announcement").name == "ki-kompetenz"
    with scopes_disabled():
        following = Event.objects.get(organizer__slug="OIC-BIE", slug="ki-zivil-11")
        assert Event.objects.filter(organizer__slug="OIC-BIE").count() == 2
        assert [s.name for s in following.oicmeetup_speakers.all()] == ["Clara Beispiel"]
    assert following.presale_is_running and not has_ended(following) and following.date_from.weekday() == 1
    assert following.settings.get("oicmeetup_series_number", as_type=int) == 10
    assert not following.settings.get("oicmeetup_retrospective_recap") and team_post(following, "announcement") \
        is None
    data = Path(__file__).resolve().parent / "data" / "examples"
    for name, copy in (("rueckblick/rueckblick-ki-kompetenz.md", "rueckblick-ki-kompetenz.md"),
                       ("ki-kompetenz.md", "ki-kompetenz.md")):
        assert (data / name).read_text("utf-8") == (folder / copy).read_text("utf-8")
