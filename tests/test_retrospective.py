"""The Rückblick, as organisers and attendees go through it: after the meetup the organiser imports the
website's real Rückblick post (or writes it on the meetup page), adds photos and slides, schedules the
emails after the meetup; pretix sends them to those who came and to those who did not; the shop page
becomes the archive; the website gets the Rückblick post back; the next edition starts without it."""
import io
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from PIL import Image

from pretix.base.models import Event, Order

from pretix_oicmeetup.control.retrospective_forms import PHOTO_MAX_SIZE
from pretix_oicmeetup.mail.retrospective_rules import RULES_MARKER, existing_rules
from pretix_oicmeetup.meetup.store import write
from pretix_oicmeetup.models import RetrospectiveMaterial, RetrospectivePhoto
from pretix_oicmeetup.posts.export_retrospective import export_retrospective
from pretix_oicmeetup.posts.importer import import_post
from pretix_oicmeetup.posts.names import announcement_post_name
from pretix_oicmeetup.posts.parse import parse_post
from pretix_oicmeetup.presale.free_setup import apply_free_setup

from .helpers import check_in, extract_form_data, hold, mail_parts, place_free_order, visible_text

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent / "data" / "examples" / "rueckblick"
REAL_POSTS = sorted(EXAMPLES.glob("rueckblick-*.md"))
KOMPETENZ = EXAMPLES / "rueckblick-ki-kompetenz.md"
PAGE = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/"
SHOP = "/OIC-BIE/ki-zivil-10/"
RECORDING = "https://video.example.org/oic-ki-kompetenz"


def png(size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def held(seeded_event):
    return hold(seeded_event)


def page_data(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    return extract_form_data(response.content.decode())


def add_row(data, prefix, **values):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    for key, value in values.items():
        data[f"{prefix}-{index}-{key}"] = value
    return f"{prefix}-{index}"


def rows(event):
    with scopes_disabled():
        return (list(RetrospectivePhoto.objects.filter(event=event)),
                list(RetrospectiveMaterial.objects.filter(event=event)))


# --- the meetup page ---------------------------------------------------------------------------

def test_the_part_appears_from_the_start_on(admin_client, seeded_event):
    seeded_event.date_from = now() + timedelta(days=3)
    seeded_event.date_admission = seeded_event.date_to = None
    seeded_event.save()
    html = admin_client.get(PAGE).content.decode()
    assert 'name="meetup-retrospective_part"' not in html and "retrospective_recap" not in html
    seeded_event.date_from = now() - timedelta(minutes=5)
    seeded_event.date_admission = seeded_event.date_to = None
    seeded_event.save()
    html = admin_client.get(PAGE).content.decode()
    assert 'name="meetup-retrospective_part"' in html and "meetup-retrospective_recap_0" in html


def test_a_page_without_the_part_leaves_the_rueckblick_alone(admin_client, held):
    """A form sent from the page before the meetup started carries no Rückblick fields: saving it must
    not empty what was written since (in another tab, by the import)."""
    data = page_data(admin_client)
    with scope(organizer=held.organizer):
        import_post(held, KOMPETENZ.read_text(encoding="utf-8"), "rueckblick-ki-kompetenz.md")
    before = held.settings.get("oicmeetup_retrospective_recap", as_type=dict)
    data = {k: v for k, v in data.items() if "retrospective" not in k and not k.startswith(("photos-", "materials-"))}
    response = admin_client.post(PAGE, data)
    assert response.status_code == 302
    held.settings.flush()
    assert held.settings.get("oicmeetup_retrospective_recap", as_type=dict) == before


def test_photos_and_slides_on_the_page_then_the_archive_and_the_order_page(admin_client, seeded_event, item):
    order = place_free_order(seeded_event, item)
    held = hold(seeded_event)
    data = page_data(admin_client)
    data["meetup-retrospective_recap_0"] = "Wir waren **17** Leute. <script>alert(1)</script>"
    data["meetup-retrospective_title_0"] = 'Rückblick <img src=x onerror="alert(2)">'
    data["meetup-retrospective_teaser_0"] = "Kurz <iframe src=//evil.example></iframe>"
    data["meetup-retrospective_recording_url"] = RECORDING
    data["meetup-retrospective_for_attendees"] = "on"
    photo = add_row(data, "photos", credit="Maria")
    data[f"{photo}-alt_0"] = "Barbara Hammer erklärt ein neuronales Netz"
    data[f"{photo}-image"] = SimpleUploadedFile("vortrag.png", png(), content_type="image/png")
    link = add_row(data, "materials", url="https://example.org/folien.pdf")
    data[f"{link}-title_0"] = "Folien von Barbara Hammer"
    response = admin_client.post(PAGE, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    photos, materials = rows(held)
    assert [str(p.alt) for p in photos] == ["Barbara Hammer erklärt ein neuronales Netz"]
    assert [m.url for m in materials] == ["https://example.org/folien.pdf"]
    page = admin_client.get(PAGE).content.decode()  # the organiser's next look at the page
    assert "Folien von Barbara Hammer" in page and "Barbara Hammer erklärt ein neuronales Netz" in page
    entry = held.logentry_set.filter(action_type="pretix_oicmeetup.meetup.changed").order_by("-pk").first()
    assert {"retrospective_recap", "retrospective_photos", "retrospective_materials"} <= set(
        entry.parsed_data["fields"])

    held.settings.flush()
    apply_free_setup(held)  # as the demo and the meetup page's one action set up a free meetup
    visitor = Client(HTTP_ACCEPT_LANGUAGE="de")
    shop = visitor.get(SHOP).content.decode()
    text = visible_text(shop)
    assert "Wir waren 17 Leute." in text and "<script>alert(1)" not in shop
    assert 'onerror="alert(2)"' not in shop and "<iframe src=//evil" not in shop
    assert "Rückblick" in text and "Kurz" in text
    assert 'alt="Barbara Hammer erklärt ein neuronales Netz"' in shop
    assert "Folien von Barbara Hammer" in text
    assert RECORDING not in shop  # only for those who registered
    assert text.index("Wir waren 17 Leute") < text.index("Die Ankündigung") < text.index("Fachexpertise")
    assert "Kostenlose Anmeldung" not in text  # registration has ended: no form, no prompt
    with scopes_disabled():
        order_page = admin_client.get(f"/OIC-BIE/ki-zivil-10/order/{order.code}/{order.secret}/")
    order_html = order_page.content.decode()
    assert RECORDING in order_html and "https://example.org/folien.pdf" in order_html


@pytest.mark.parametrize("case", ["javascript link", "not a pdf", "not an image", "photo without alt",
                                  "oversized photo"])
def test_bad_rows_are_refused_and_nothing_changes(admin_client, held, case):
    data = page_data(admin_client)
    data["meetup-retrospective_recap_0"] = "Neuer Text, der nicht gespeichert werden darf."
    if case == "javascript link":
        row = add_row(data, "materials", url="javascript:alert(1)")
        data[f"{row}-title_0"] = "Folien"
    elif case == "not a pdf":
        row = add_row(data, "materials", url="")
        data[f"{row}-title_0"] = "Folien"
        data[f"{row}-file"] = SimpleUploadedFile("folien.pdf", b"<html>no pdf</html>", content_type="application/pdf")
    elif case == "not an image":
        row = add_row(data, "photos", credit="")
        data[f"{row}-alt_0"] = "Ein Foto"
        data[f"{row}-image"] = SimpleUploadedFile("foto.exe", b"MZ\x90\x00", content_type="image/png")
    elif case == "oversized photo":
        row = add_row(data, "photos", credit="")
        data[f"{row}-alt_0"] = "Ein Foto"
        data[f"{row}-image"] = SimpleUploadedFile("foto.png", png() + b"\0" * PHOTO_MAX_SIZE,
                                                  content_type="image/png")
    else:
        row = add_row(data, "photos", credit="")
        data[f"{row}-image"] = SimpleUploadedFile("foto.png", png(), content_type="image/png")
    response = admin_client.post(PAGE, data)
    assert response.status_code == 200
    assert "has-error" in response.content.decode()
    held.settings.flush()
    assert not held.settings.get("oicmeetup_retrospective_recap")
    assert rows(held) == ([], [])


# --- the website's Rückblick posts -------------------------------------------------------------

@pytest.mark.parametrize("path", REAL_POSTS, ids=lambda p: p.stem)
def test_importing_then_exporting_a_real_rueckblick_gives_the_same_post(held, path):
    original = parse_post(path.read_text(encoding="utf-8"))
    with scope(organizer=held.organizer):
        import_post(held, path.read_text(encoding="utf-8"), path.name)
        name, content, content_type = export_retrospective(held)
    assert content_type.startswith("text/markdown") and name.endswith(".md")
    again = parse_post(content.decode("utf-8"))
    assert again.as_json() | {"date": None} == original.as_json() | {"date": None}
    if original.date:
        assert again.date == original.date
    # and importing the export changes nothing
    with scope(organizer=held.organizer):
        assert import_post(held, content.decode("utf-8"), name) == []


def test_export_with_photos_is_a_zip_laid_out_like_the_website(held):
    with scope(organizer=held.organizer):
        import_post(held, KOMPETENZ.read_text(encoding="utf-8"), KOMPETENZ.name)
        photo = RetrospectivePhoto(event=held, alt="Gruppenfoto, 17 Leute", credit="OIC")
        photo.image.save("gruppe.png", io.BytesIO(png()))
        name, content, content_type = export_retrospective(held)
    assert content_type == "application/zip" and name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(content))
    posts = [n for n in archive.namelist() if n.startswith("_beitraege/")]
    images = [n for n in archive.namelist() if n.startswith("assets/images/events/")]
    assert len(posts) == 1 and len(images) == 1
    assert archive.read(images[0]) == png()
    # the team's post as it was imported: its include names the folder and shows every photo in it, the
    # uploaded one joins the team's photos there
    assert archive.read(posts[0]).decode("utf-8") == KOMPETENZ.read_text(encoding="utf-8")
    post = parse_post(archive.read(posts[0]).decode("utf-8"))
    assert post.gallery and images[0].startswith(post.gallery.strip("/"))
    assert images[0].endswith("/01-gruppenfoto-17-leute.png")


@pytest.mark.parametrize("alt, file", [
    ("Barbara Hammer und Benjamin Paaßen vor der Leinwand", "01-barbara-hammer-und-benjamin-paassen-vor.png"),
    ("Größe über Öffentlichkeit", "01-groesse-ueber-oeffentlichkeit.png"),
    ("!!!", "01-foto.png"),
])
def test_a_photo_is_named_after_what_it_shows_in_whole_words(held, alt, file):
    """A photo named "Barbara Hammer und Benjamin Paaßen vor …" became "…-paaen-vor-de.png": ß dropped, a word
    cut in half."""
    with scope(organizer=held.organizer):
        photo = RetrospectivePhoto(event=held, alt=alt)
        photo.image.save("upload.png", io.BytesIO(png()))
        _name, content, _type = export_retrospective(held)
    images = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if n.startswith("assets/images/")]
    assert [n.rsplit("/", 1)[1] for n in images] == [file]


def test_the_announcement_export_names_its_rueckblick(admin_client, held):
    with scope(organizer=held.organizer):
        import_post(held, KOMPETENZ.read_text(encoding="utf-8"), KOMPETENZ.name)
    announcement = parse_post(admin_client.get(PAGE + "export/").content.decode())
    retrospective = admin_client.get(PAGE + "export/retrospective/")
    assert retrospective.status_code == 200
    name = retrospective["Content-Disposition"].split('"')[1].removesuffix(".md")
    assert announcement.retrospective_post == name
    assert parse_post(retrospective.content.decode()).related_post == announcement_post_name(held)


def test_import_page_recognises_a_rueckblick_and_applies_it_in_one_step(admin_client, held):
    response = admin_client.post(PAGE + "import/", {"text": KOMPETENZ.read_text(encoding="utf-8")})
    html = response.content.decode()
    assert response.status_code == 200 and "Rückblick" in html
    held.settings.flush()
    assert not held.settings.get("oicmeetup_retrospective_recap")  # the preview changes nothing
    payload = extract_form_data(html, "form.oicmeetup-import-apply")
    assert admin_client.post(PAGE + "import/", payload).status_code == 302
    held.settings.flush()
    recap = held.settings.get("oicmeetup_retrospective_recap", as_type=dict)
    assert "Info zur MeetUp-Reihe" not in str(recap) and "{%" not in str(recap)
    entry = held.logentry_set.get(action_type="pretix_oicmeetup.meetup.imported")
    assert entry.parsed_data["kind"] == "retrospective"


# --- the emails after the meetup ---------------------------------------------------------------


def run_scheduled_emails(event):
    """pretix's own scheduled emails, as its periodic task sends them once their time has come."""
    from pretix.plugins.sendmail.models import ScheduledMail
    from pretix.plugins.sendmail.signals import sendmail_run_rules

    with scopes_disabled():
        sendmail_run_rules(None)  # computes the send times
        ScheduledMail.objects.filter(event=event).update(computed_datetime=now() - timedelta(minutes=1))
        sendmail_run_rules(None)
    return ScheduledMail.objects.filter(event=event)


@pytest.fixture
def with_retrospective(seeded_event):
    """The reference meetup (registration still open) with the real Rückblick post imported."""
    held = seeded_event
    with scope(organizer=held.organizer):
        import_post(held, KOMPETENZ.read_text(encoding="utf-8"), KOMPETENZ.name)
    held.settings.oicmeetup_retrospective_for_attendees = True
    held.settings.oicmeetup_retrospective_recording_url = RECORDING
    held.settings.oicmeetup_retrospective_feedback_url = "https://forms.example.org/feedback"
    return held


def test_those_who_came_and_those_who_did_not_get_their_own_email(admin_client, with_retrospective, item, outbox):
    event = with_retrospective
    came = place_free_order(event, item, email="came@example.org")
    place_free_order(event, item, email="missed@example.org", locale="de")
    cancelled = place_free_order(event, item, email="cancelled@example.org")
    hold(event)
    with scopes_disabled():
        Order.objects.filter(pk=cancelled.pk).update(status=Order.STATUS_CANCELED)
    check_in(came)
    page = admin_client.get(PAGE).content.decode()
    assert "Nobody has been checked in" not in page and "Niemand" not in page
    response = admin_client.post(PAGE + "retrospective/emails/", {"kinds": "split"})
    assert response.status_code == 302
    assert set(existing_rules(event)) == {"attended", "missed"}
    # a second click creates nothing more
    admin_client.post(PAGE + "retrospective/emails/", {"kinds": "split"})
    with scopes_disabled():
        assert event.sendmail_rules.count() == 2
    outbox.clear()
    run_scheduled_emails(event)
    by_address = {m.to[0]: m for m in outbox}
    assert set(by_address) == {"came@example.org", "missed@example.org"}
    came_text, came_html = mail_parts(by_address["came@example.org"])
    missed_text, missed_html = mail_parts(by_address["missed@example.org"])
    assert by_address["came@example.org"].subject.startswith("Danke, dass Du da warst")
    assert "danke, dass Du da warst" in came_text and "danke, dass Du da warst" in visible_text(came_html)
    assert by_address["missed@example.org"].subject.startswith("Schade, dass Sie nicht da sein konnten")
    assert "schade, dass Sie nicht da sein konnten" in missed_text
    recap_line = "KI-Kompetenz"
    for text in (came_text, missed_text):
        assert recap_line in text and "{meetup_" not in text and "{%" not in text
    assert RECORDING in came_text and "forms.example.org/feedback" in came_text
    assert RECORDING not in missed_text and "feedback" not in missed_text.lower()
    assert RECORDING in came_html and "<script" not in came_html


def test_nobody_checked_in_offers_one_email_to_everyone(admin_client, with_retrospective, item, outbox):
    event = with_retrospective
    place_free_order(event, item, email="a@example.org")
    place_free_order(event, item, email="b@example.org")
    hold(event)
    page = admin_client.get(PAGE).content.decode()
    assert 'value="everyone"' in page
    admin_client.post(PAGE + "retrospective/emails/", {"kinds": "everyone"})
    assert set(existing_rules(event)) == {"everyone"}
    outbox.clear()
    run_scheduled_emails(event)
    assert sorted(m.to[0] for m in outbox) == ["a@example.org", "b@example.org"]
    assert all(m.subject.startswith("Ein Rückblick auf") and "schade" not in mail_parts(m)[0] for m in outbox)


def test_the_emails_are_previewed_on_their_own_page_with_both_parts(admin_client, with_retrospective, item):
    """The meetup page links the preview (it takes pretix's whole email rendering, twice) rather than
    rendering it with every visit; the preview shows both emails, sender, subject, HTML and text part."""
    event = with_retrospective
    order = place_free_order(event, item, email="came@example.org")
    place_free_order(event, item, email="missed@example.org")
    hold(event)
    check_in(order)
    page = admin_client.get(PAGE).content.decode()
    # no email is rendered on the meetup page: each preview is a page of its own
    assert PAGE + "retrospective/emails/preview/" in page and page.count("oicmeetup-email-html") == 0
    response = admin_client.get(PAGE + "retrospective/emails/preview/")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert "Danke, dass Du da warst" in text and "Schade, dass Du nicht da sein konntest" in text
    assert html.count('class="oicmeetup-email-html"') == 2 and html.count("oicmeetup-email-preview") == 2
    assert "KI-Kompetenz" in text and "{meetup_" not in html


def test_empty_parts_leave_no_dangling_heading(admin_client, seeded_event, item, outbox):
    """Without a Rückblick, slides, recording and a next edition, the placeholders are empty: no heading
    stands alone, no placeholder is left in either part."""
    place_free_order(seeded_event, item, email="came@example.org")
    held = hold(seeded_event)
    admin_client.post(PAGE + "retrospective/emails/", {"kinds": "everyone"})
    outbox.clear()
    run_scheduled_emails(held)
    text, html = mail_parts(outbox[0])
    for heading in ("Folien und Materialien", "Aufzeichnung", "Feedback", "Das nächste Meetup"):
        assert heading not in text and heading not in visible_text(html)
    assert "{meetup_" not in text and "{meetup_" not in html


def test_bad_choice_creates_nothing(admin_client, held):
    response = admin_client.post(PAGE + "retrospective/emails/", {"kinds": "all-of-them"})
    assert response.status_code == 302
    assert existing_rules(held) == {}


# --- the next edition ---------------------------------------------------------------------------

def test_the_next_edition_starts_without_the_rueckblick(admin_client, with_retrospective, organizer):
    event = with_retrospective
    with scope(organizer=organizer):
        RetrospectivePhoto(event=event, alt="Foto").image.save("foto.png", io.BytesIO(png()))
    admin_client.post(PAGE + "retrospective/emails/", {"kinds": "split"})
    new = Event.objects.create(organizer=organizer, name="KI-Kompetenz 2", slug="ki-zivil-11", currency="EUR",
                               date_from=now() + timedelta(days=28))
    with scope(organizer=organizer):
        new.copy_data_from(event)
    new.settings.flush()
    assert not new.settings.get("oicmeetup_retrospective_recap")
    assert not new.settings.get("oicmeetup_retrospective_recording_url")
    assert not new.settings.get(RULES_MARKER)
    assert not new.settings.get("oicmeetup_retrospective_front_matter")
    assert new.settings.oicmeetup_series_number == 10
    assert rows(new) == ([], [])
    with scopes_disabled():
        assert new.sendmail_rules.count() == 0
        assert event.sendmail_rules.count() == 2


# --- the API ------------------------------------------------------------------------------------

def test_the_api_gives_the_rueckblick_and_keeps_the_private_recording_private(client, with_retrospective):
    from .test_api import call, token_for

    event = with_retrospective
    with scope(organizer=event.organizer):
        RetrospectivePhoto(event=event, alt="Gruppenfoto").image.save("foto.png", io.BytesIO(png()))
        RetrospectiveMaterial.objects.create(event=event, title="Folien", url="https://example.org/folien.pdf")
    writer = token_for(event.organizer, limit_event_permissions={"event.settings.general:write": True})
    # the rule of the online link: a team that may neither change settings nor read orders
    reader = token_for(event.organizer, limit_event_permissions={"event.vouchers:read": True})
    full = call(client, "get", writer).json()
    assert full["retrospective_recording_url"] == RECORDING
    assert len(full["retrospective_photos"]) == 1 and "Gruppenfoto" in str(full["retrospective_photos"][0]["alt"])
    assert full["retrospective_photos"][0]["image_url"].endswith(".png")
    assert [m["url"] for m in full["retrospective_materials"]] == ["https://example.org/folien.pdf"]
    assert "Maria Gonçalves" in str(full["retrospective_recap"])
    public = call(client, "get", reader).json()
    assert "retrospective_recording_url" not in public and public["retrospective_photos"]
    # photos are uploaded on the meetup page: to the API they are read only
    assert call(client, "patch", writer, {"retrospective_photos": []}).status_code == 200
    with scopes_disabled():
        assert RetrospectivePhoto.objects.filter(event=event).count() == 1


def test_the_archived_page_keeps_valid_json_ld(client, held):
    from .test_jsonld import expanded, page_blocks

    with scope(organizer=held.organizer):
        import_post(held, KOMPETENZ.read_text(encoding="utf-8"), KOMPETENZ.name)
    _html, blocks = page_blocks(client)
    (data,) = blocks
    start = datetime.fromisoformat(data["startDate"])
    assert data["@type"] == "Event" and abs((start - held.date_from).total_seconds()) < 1
    assert {offer["availability"] for offer in data["offers"]} == {"https://schema.org/SoldOut"}
    assert "Maria Gonçalves" not in str(data)  # the Rückblick is the page's text, not the event's description
    assert expanded(data)


def test_the_emails_end_with_the_next_edition_while_one_can_register(admin_client, with_retrospective, item,
                                                                     organizer, outbox):
    event = with_retrospective
    place_free_order(event, item, email="came@example.org")
    hold(event)
    following = Event.objects.create(organizer=organizer, name="KI und Datenschutz", slug="ki-zivil-11",
                                     date_from=now() + timedelta(days=21), live=True, currency="EUR",
                                     presale_end=now() + timedelta(days=20), plugins="pretix_oicmeetup")
    with scope(organizer=organizer):  # an edition of the series: named so through the write path
        write(following, {"series_name": event.settings.oicmeetup_series_name})
    admin_client.post(PAGE + "retrospective/emails/", {"kinds": "everyone"})
    outbox.clear()
    run_scheduled_emails(event)
    text, html = mail_parts(outbox[0])
    assert "Das nächste Meetup der Reihe" in text and "KI und Datenschutz" in text
    assert "/OIC-BIE/ki-zivil-11/" in text and 'href="http' in html and "/OIC-BIE/ki-zivil-11/" in html
    # once its registration has ended, it is not offered any more
    following.presale_end = now() - timedelta(minutes=1)
    following.save()
    preview = visible_text(admin_client.get(PAGE + "retrospective/emails/preview/").content.decode())
    assert "danke für Deine Anmeldung" in preview and "KI und Datenschutz" not in preview


@pytest.mark.parametrize("typed, kept", [
    ("Foto: OIC", "OIC"), ("foto:OIC", "OIC"), ("Photo: Maria", "Maria"), ("Bild : Maria Muster", "Maria Muster"),
    ("Fotografin Maria", "Fotografin Maria"), ("OIC", "OIC"),
])
def test_a_credit_typed_with_its_own_label_shows_it_once(admin_client, held, typed, kept):
    """The page writes "Foto:" before the credit; an organiser who typed it too read "Foto: Foto: OIC"."""
    data = page_data(admin_client)
    photo = add_row(data, "photos", credit=typed)
    data[f"{photo}-alt_0"] = "Gruppenfoto"
    data[f"{photo}-image"] = SimpleUploadedFile("gruppe.png", png(), content_type="image/png")
    response = admin_client.post(PAGE, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    (stored,), _materials = rows(held)
    assert stored.credit == kept
    with scopes_disabled():
        held.settings.flush()
        apply_free_setup(held)
    text = visible_text(Client(HTTP_ACCEPT_LANGUAGE="de").get(SHOP).content.decode())
    assert text.count(f"Foto: {kept}") == 1 and "Foto: Foto:" not in text
