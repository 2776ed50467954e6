"""The website's files as Jekyll builds them (Debian's ``jekyll``, as ``.ci/run`` installs it): the project's own
small site (``tests/data/site``, following the organisers' site's conventions) gets the team's posts of the
reference meetup back, a new meetup's post, the event list and an uploaded photo; it builds, every link the
plugin wrote leads to a page of the build, the Rückblick stays in the list of posts, the team's photo stays in
its gallery beside the uploaded one, and a second run writes nothing and builds the same site."""
import io
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.utils.timezone import now
from django_scopes import scope
from PIL import Image

from pretix.base.models import Event, Item, Quota

from pretix_oicmeetup.models import RetrospectivePhoto
from pretix_oicmeetup.posts.importer import import_post

from .conftest import prerequisite_missing

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

DATA = Path(__file__).resolve().parents[1] / "data"
SITE = DATA / "site"
TEAM_PHOTO = "assets/images/events/meetup_ki_kompetenz/00001_KI_Kompetenz.png"


def png(color) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(buffer, "PNG")
    return buffer.getvalue()


def build(root: Path) -> Path:
    if shutil.which("jekyll") is None:
        prerequisite_missing("jekyll is not installed (apt-get install jekyll); .ci/run installs it")
    out = root.parent / f"{root.name}-built"
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run(["jekyll", "build", "--source", str(root), "--destination", str(out), "--quiet"],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "JEKYLL_NO_BUNDLER_REQUIRE": "true", "TZ": "Europe/Berlin"})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def pages(built: Path) -> dict:
    return {p.relative_to(built).as_posix(): p.read_text(encoding="utf-8") for p in built.rglob("*.html")}


def resolves(built: Path, href: str) -> bool:
    path = href.split("#")[0].split("?")[0]
    if not path.startswith("/"):
        return True  # not the site's own
    target = built / path.lstrip("/")
    return (target / "index.html").is_file() if path.endswith("/") else target.is_file() or \
        (target.parent / (target.name + ".html")).is_file()


def run(root: Path) -> str:
    out = io.StringIO()
    call_command("oicmeetup_website", "OIC-BIE", str(root), stdout=out)
    return out.getvalue()


@pytest.fixture
def next_edition(organizer):
    event = Event.objects.create(organizer=organizer, name="KI im Ehrenamt", slug="ki-zivil-11", currency="EUR",
                                 live=True, date_from=now() + timedelta(days=21), plugins="pretix_oicmeetup")
    event.settings.locales, event.settings.locale = ["de-informal"], "de-informal"
    event.settings.timezone = "Europe/Berlin"
    item = Item.objects.create(event=event, name="Kostenlose Anmeldung", default_price=0, admission=True)
    Quota.objects.create(event=event, name="Plätze", size=30).items.add(item)
    return event


def test_the_site_builds_with_the_plugins_files(event, item, next_edition, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    (root / TEAM_PHOTO).parent.mkdir(parents=True)
    (root / TEAM_PHOTO).write_bytes(png((10, 120, 200)))
    for name in ("ki-kompetenz.md", "rueckblick/rueckblick-ki-kompetenz.md"):
        shutil.copy(DATA / "examples" / name, root / "_beitraege")
    with scope(organizer=event.organizer):
        import_post(event, (DATA / "examples" / "ki-kompetenz.md").read_text(encoding="utf-8"), "ki-kompetenz.md")
        event.presale_end = event.date_from
        event.save()
        text = (DATA / "examples" / "rueckblick" / "rueckblick-ki-kompetenz.md").read_text(encoding="utf-8")
        import_post(event, text, "rueckblick-ki-kompetenz.md")
        photo = RetrospectivePhoto(event=event, alt="Das Publikum im Innovation Office")
        photo.image.save("publikum.png", io.BytesIO(png((200, 60, 20))))
    out = run(root)
    assert "rueckblick-ki-kompetenzt" in out  # the team's typo is named, never made a file
    built = build(root)
    html = pages(built)

    # the team's posts under their own addresses, the new meetup's under one the site serves
    assert {"beitraege/ki-kompetenz/index.html", "beitraege/rueckblick-ki-kompetenz/index.html",
            "beitraege/ki-im-ehrenamt/index.html", "beitraege/ein-abend-des-teams/index.html"} <= set(html)
    assert not (built / "beitraege" / "rueckblick-ki-kompetenzt").exists()
    # every link the plugin wrote leads to a page: the event list's buttons, the posts' banners
    listed = yaml.safe_load((root / "_data" / "events.yml").read_text(encoding="utf-8"))
    for entry in listed:
        assert resolves(built, entry["booking_url"]), entry["booking_url"]
    buttons = re.findall(r'class="event-book-btn" href="([^"]+)"', html["index.html"])
    assert len(buttons) == 4 and all(resolves(built, href) for href in buttons)
    rueckblick = html["beitraege/rueckblick-ki-kompetenz/index.html"]
    banner = re.search(r'class="to-announcement" href="([^"]+)"', rueckblick).group(1)
    assert banner == "/beitraege/ki-kompetenz/" and resolves(built, banner)
    # the Rückblick stays in the list of posts, as all the team's Rückblicke do (is_retrospective: false)
    assert "/beitraege/rueckblick-ki-kompetenz/" in html["beitraege/index.html"]
    # the team's photo and the uploaded one, both in the gallery of the folder the team's include names
    images = re.findall(r'<img src="([^"]+)"', rueckblick)
    assert "/" + TEAM_PHOTO in images and any(src.endswith("01-das-publikum-im-innovation-office.png")
                                             for src in images)
    assert all(resolves(built, src) for src in images)
    # the team's own entries and post, as they were
    assert (root / "_beitraege" / "ein-abend-des-teams.md").read_bytes() == \
        (SITE / "_beitraege" / "ein-abend-des-teams.md").read_bytes()
    assert (root / "_data" / "events.yml").read_text(encoding="utf-8").startswith(
        (SITE / "_data" / "events.yml").read_text(encoding="utf-8"))

    # a second run writes nothing and the site builds the same
    before = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert "0 written" in run(root)
    after = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before
    assert pages(build(root)) == html
