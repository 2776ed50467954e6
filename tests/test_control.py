import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from pretix.base.models import Organizer, Team, User

from pretix_oicmeetup.models import Speaker

from .helpers import extract_form_data, visible_text

pytestmark = pytest.mark.django_db

URL = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/"
# i18n inputs are numbered in the order of pretix's LANGUAGES, not of the event's locales
LOCALES = ["en", "de", "de-informal"]


def page_data(client):
    response = client.get(URL)
    assert response.status_code == 200
    return extract_form_data(response.content.decode())


def i18n_key(name, locale):
    return f"{name}_{LOCALES.index(locale)}"


def add_speaker(data, name, profile_url="", bio="", role=""):
    index = int(data["speakers-TOTAL_FORMS"])
    data["speakers-TOTAL_FORMS"] = str(index + 1)
    data[f"speakers-{index}-name"] = name
    data[f"speakers-{index}-profile_url"] = profile_url
    data[f"speakers-{index}-ORDER"] = str(index + 1)
    data[i18n_key(f"speakers-{index}-bio", "de-informal")] = bio
    data[i18n_key(f"speakers-{index}-role", "de-informal")] = role
    return f"speakers-{index}"


def png(size=(40, 40), padding=0):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue() + b"\0" * padding


def speakers(event):
    with scopes_disabled():
        return list(Speaker.objects.filter(event=event).order_by("position").values_list("name", flat=True))


def latest_change(event):
    return event.logentry_set.filter(action_type="pretix_oicmeetup.meetup.changed").order_by("-pk").first()


def test_page_shows_form_preview_and_warnings(admin_client, seeded_event):
    seeded_event.date_admission = None
    seeded_event.save()
    html = admin_client.get(URL).content.decode()
    assert "Barbara Hammer" in html
    text = visible_text(html)
    assert "No admission time (Einlass) is set." in text
    assert "Preview: the shop page" in text and "Preview: the confirmation email" in text
    assert "Fachexpertise" in text  # the preview renders in the shop's language


def test_missing_speakers_is_a_warning_not_a_live_blocker(admin_client, event, item):
    text = visible_text(admin_client.get(URL).content.decode())
    assert "No speakers are listed." in text
    with scopes_disabled():
        issues_with_plugin = [str(i) for i in event.live_issues]
        event.disable_plugin("pretix_oicmeetup")
        del event.live_issues  # a cached_property
        assert issues_with_plugin == [str(i) for i in event.live_issues]


def test_settings_navigation_has_the_meetup_page_only_when_enabled(admin_client, seeded_event):
    settings_page = admin_client.get("/control/event/OIC-BIE/ki-zivil-10/settings/").content.decode()
    assert URL in settings_page
    seeded_event.disable_plugin("pretix_oicmeetup")
    seeded_event.save()
    settings_page = admin_client.get("/control/event/OIC-BIE/ki-zivil-10/settings/").content.decode()
    assert URL not in settings_page
    assert admin_client.get(URL).status_code == 404


def test_user_without_settings_permission_is_refused(client, seeded_event, readonly_user):
    client.login(email="viewer@example.org", password="viewerpassword")
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"meetup-series_number": "12"})
    assert response.status_code == 403
    assert client.post(URL + "email-template/", {"confirm_replace": "on"}).status_code == 403
    seeded_event.settings.flush()
    assert seeded_event.settings.oicmeetup_series_number == 9
    settings_page = client.get("/control/event/OIC-BIE/ki-zivil-10/").content.decode()
    assert URL not in settings_page


def test_other_organizers_and_anonymous_users_are_refused(client, seeded_event):
    other = Organizer.objects.create(name="Other", slug="other")
    user = User.objects.create_user("other@example.org", "otherpassword")
    team = Team.objects.create(organizer=other, all_events=True, all_event_permissions=True)
    team.members.add(user)
    response = client.get(URL)
    assert response.status_code == 302 and "/control/login" in response["Location"]
    client.login(email="other@example.org", password="otherpassword")
    assert client.get(URL).status_code in (403, 404)


def test_saving_changes_everything_at_once_and_logs_it(admin_client, seeded_event):
    data = page_data(admin_client)
    data[i18n_key("meetup-teaser", "de-informal")] = "Neuer Teaser"
    data["meetup-date_admission_1"] = "16:10"
    data["meetup-series_number"] = "10"
    add_speaker(data, "Ada Lovelace", "https://example.org/ada", "Erste Programmiererin.", "Mathematikerin")
    # move Benjamin Paaßen to the top
    data["speakers-0-ORDER"], data["speakers-1-ORDER"] = "2", "1"
    response = admin_client.post(URL, data, follow=True)
    assert "Your changes have been saved." in response.content.decode()
    seeded_event.refresh_from_db()
    seeded_event.settings.flush()
    assert str(seeded_event.settings.oicmeetup_teaser.localize("de-informal")) == "Neuer Teaser"
    assert seeded_event.settings.oicmeetup_series_number == 10
    assert seeded_event.date_admission.astimezone(seeded_event.timezone).strftime("%H:%M") == "16:10"
    assert speakers(seeded_event) == ["Benjamin Paaßen", "Barbara Hammer", "Ada Lovelace"]

    entry = latest_change(seeded_event)
    assert set(entry.parsed_data["fields"]) == {"teaser", "series_number", "date_admission"}
    assert entry.parsed_data["speakers_added"] == ["Ada Lovelace"]
    assert entry.parsed_data["speakers_reordered"] is True
    shown = str(entry.display())
    assert "The meetup announcement was changed." in shown
    assert "Teaser" in shown and "Speakers added: Ada Lovelace." in shown

    admin_client.cookies["pretix_language"] = "de-informal"
    shop = admin_client.get("/OIC-BIE/ki-zivil-10/").content.decode()
    assert "Ada Lovelace" in shop and "Einlass: 16:10 Uhr" in visible_text(shop)


def test_saving_without_changes_writes_no_log(admin_client, seeded_event):
    admin_client.post(URL, page_data(admin_client))
    assert latest_change(seeded_event).user is None  # only the fixture's data load


def test_removing_a_speaker(admin_client, seeded_event):
    data = page_data(admin_client)
    data["speakers-1-DELETE"] = "on"
    admin_client.post(URL, data)
    assert speakers(seeded_event) == ["Barbara Hammer"]
    entry = latest_change(seeded_event)
    assert entry.parsed_data["speakers_removed"] == ["Benjamin Paaßen"]


@pytest.mark.parametrize("bad_url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                     "ftp://example.org/", "not a link"])
def test_bad_profile_link_is_refused_and_nothing_is_saved(admin_client, seeded_event, bad_url):
    data = page_data(admin_client)
    data[i18n_key("meetup-teaser", "de-informal")] = "Soll nicht gespeichert werden"
    data["speakers-0-profile_url"] = bad_url
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "We could not save your changes." in text
    seeded_event.settings.flush()
    assert "Soll nicht" not in str(seeded_event.settings.oicmeetup_teaser.localize("de-informal"))
    with scopes_disabled():
        assert Speaker.objects.get(event=seeded_event, name="Barbara Hammer").profile_url.startswith("https://")
    assert latest_change(seeded_event).user is None  # only the fixture's data load


def test_german_error_messages(client, seeded_event, admin_user):
    admin_user.locale = "de"
    admin_user.save()
    client.login(email="orga@example.org", password="orgapassword")
    data = page_data(client)
    data["speakers-0-profile_url"] = "javascript:alert(1)"
    data["meetup-series_url"] = "javascript:alert(2)"
    text = visible_text(client.post(URL, data).content.decode())
    assert "Bitte geben Sie eine vollständige Webadresse ein, die mit http:// oder https:// beginnt." in text


def test_oversized_or_fake_photo_is_refused(admin_client, seeded_event):
    for upload, message in (
        (SimpleUploadedFile("big.png", png(padding=3 * 1024 * 1024), "image/png"), "larger than"),
        (SimpleUploadedFile("evil.png", b"<svg onload=alert(1)>", "image/png"), "Upload a valid image"),
        (SimpleUploadedFile("script.svg", b"<svg onload=alert(1)>", "image/svg+xml"), "Filetype not allowed"),
    ):
        data = page_data(admin_client)
        data["speakers-0-name"] = "Barbara Hammer (geändert)"
        data["speakers-0-photo"] = upload
        response = admin_client.post(URL, data)
        assert message in response.content.decode()
        assert speakers(seeded_event)[0] == "Barbara Hammer"
        with scopes_disabled():
            assert not Speaker.objects.get(event=seeded_event, name="Barbara Hammer").photo


def test_photo_is_stored_through_pretix_storage_and_shown(admin_client, seeded_event,
                                                          django_capture_on_commit_callbacks):
    data = page_data(admin_client)
    data["speakers-0-photo"] = SimpleUploadedFile("barbara.png", png(), "image/png")
    admin_client.post(URL, data)
    with scopes_disabled():
        speaker = Speaker.objects.get(event=seeded_event, name="Barbara Hammer")
    assert speaker.photo.name.startswith("pub/OIC-BIE/ki-zivil-10/oicmeetup-speaker-")
    assert default_storage.exists(speaker.photo.name)
    shop = admin_client.get("/OIC-BIE/ki-zivil-10/").content.decode()
    assert f'src="{default_storage.url(speaker.photo.name)}"' in shop and 'alt="Barbara Hammer"' in shop

    # replacing and removing the speaker removes the old files
    old = speaker.photo.name
    data = page_data(admin_client)
    data["speakers-0-photo"] = SimpleUploadedFile("barbara2.png", png((50, 50)), "image/png")
    with django_capture_on_commit_callbacks(execute=True):  # files go only once the change is committed
        admin_client.post(URL, data)
    assert not default_storage.exists(old)
    with scopes_disabled():
        new = Speaker.objects.get(event=seeded_event, name="Barbara Hammer").photo.name
    data = page_data(admin_client)
    data["speakers-0-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(URL, data)
    assert not default_storage.exists(new)


def test_markup_in_names_is_saved_as_text(admin_client, seeded_event):
    data = page_data(admin_client)
    add_speaker(data, '<img src=x onerror="alert(1)">Eve', bio="<script>alert(2)</script>")
    admin_client.post(URL, data)
    assert '<img src=x onerror="alert(1)">Eve' in speakers(seeded_event)
    html = admin_client.get(URL).content.decode()
    assert '<img src=x onerror="alert(1)">' not in html
    assert "<script>alert(2)</script>" not in html


def test_online_link_needs_an_online_event(admin_client, seeded_event):
    data = page_data(admin_client)
    data["meetup-online_url"] = "https://zoom.example.org/j/1"
    response = admin_client.post(URL, data)
    assert "An online meeting link needs an online event" in response.content.decode()
    data["meetup-is_remote"] = "on"
    admin_client.post(URL, data)
    seeded_event.refresh_from_db()
    seeded_event.settings.flush()
    assert seeded_event.is_remote and seeded_event.settings.oicmeetup_online_url == "https://zoom.example.org/j/1"


def test_admission_after_start_is_refused(admin_client, seeded_event):
    data = page_data(admin_client)
    data["meetup-date_admission_1"] = "17:00"
    response = admin_client.post(URL, data)
    assert "Admission cannot be later than the start of the meetup." in response.content.decode()
    seeded_event.refresh_from_db()
    assert seeded_event.date_admission.astimezone(seeded_event.timezone).strftime("%H:%M") == "16:00"


def test_duplicate_speakers_are_refused(admin_client, seeded_event):
    data = page_data(admin_client)
    add_speaker(data, "barbara hammer")
    response = admin_client.post(URL, data)
    assert "Each speaker can only be listed once." in response.content.decode()
    assert len(speakers(seeded_event)) == 2


def test_the_email_preview_frame_may_show_the_emails_own_styles(admin_client, seeded_event):
    """The HTML part is shown in a srcdoc frame, which inherits the page's policy: without inline styles the
    email came out unstyled (Times, centred, 610 px wide at 390)."""
    response = admin_client.get(URL + "email-template/preview/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    style = next(part for part in policy.split(";") if part.strip().startswith("style-src"))
    assert "'unsafe-inline'" in style
    assert "'unsafe-inline'" not in next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "<iframe" in response.content.decode() and "sandbox" in response.content.decode()
    assert "'unsafe-inline'" not in admin_client.get(URL)["Content-Security-Policy"].split("style-src")[1].split(";")[0]


def test_a_speaker_photo_keeps_its_proportions(client, seeded_event):
    """Width only: a 3:2 photo was squashed into a 96 × 96 square on the shop page and in the emails."""
    from django.core.files.base import ContentFile
    from django_scopes import scopes_disabled

    from pretix_oicmeetup.models import Speaker
    from pretix_oicmeetup.render import EMAIL, WEB, render_announcement

    with scopes_disabled():
        speaker = Speaker.objects.get(event=seeded_event, name="Barbara Hammer")
        speaker.photo.save("barbara.png", ContentFile(b"not read here"))
    seeded_event.cache.clear()
    for medium in (WEB, EMAIL):
        html = str(render_announcement(seeded_event, purpose="shop" if medium == WEB else "full", medium=medium))
        img = BeautifulSoup(html, "html.parser").select_one("img.oicmeetup-speaker-photo")
        assert img is not None and img.get("width") == "96" and not img.get("height"), medium
