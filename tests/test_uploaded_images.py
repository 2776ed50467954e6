"""Every uploaded photo (a speaker's on the meetup page, a person's in the speaker library, the Rückblick's)
is stored as a new file of its pixels: no GPS position or camera, no text chunk or comment, no second file
hidden behind the image; the orientation, the colour profile, transparency and animation stay."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image, ImageCms, ImageSequence, PngImagePlugin

from pretix_oicmeetup.meetup.images import MAX_PIXELS, reencoded_image
from pretix_oicmeetup.models import Person, RetrospectivePhoto, Speaker

from .helpers import extract_form_data, hold, visible_text

pytestmark = pytest.mark.django_db

PAGE = "/control/event/OIC-BIE/ki-zivil-10/oicmeetup/"
GPS_MARK = b"GPS-52.0302N-8.5325E"  # stands in for coordinates: found anywhere in the file means leaked
CAMERA = "OIC-Testkamera 3000"
HTML = b"<html><script>alert(document.domain)</script></html>"
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_jpeg(size=(60, 30), orientation=6, trailer=HTML) -> bytes:
    """A camera's photo: EXIF with camera, position and orientation, an XMP packet, a comment, a colour
    profile, and an HTML file appended (a polyglot)."""
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((20, 40, 200), (0, 0, size[0] // 2, size[1]))  # left half blue: shows the rotation
    exif = Image.Exif()
    exif[0x0110] = CAMERA  # Model
    exif[0x010E] = GPS_MARK.decode()  # ImageDescription
    exif[0x0112] = orientation
    exif.get_ifd(0x8825)[2] = (52.0, 1.0, 48.0)  # GPSLatitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), icc_profile=SRGB, comment=GPS_MARK,
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + GPS_MARK + b"</x:xmpmeta>")
    return buffer.getvalue() + trailer


def tagged_png() -> bytes:
    image = Image.new("RGBA", (30, 20), (0, 150, 0, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", CAMERA)
    info.add_text("Comment", GPS_MARK.decode())
    exif = Image.Exif()
    exif[0x0110] = CAMERA
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, exif=exif.tobytes())
    return buffer.getvalue() + HTML


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (16, 16), colour).convert("P") for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=[100, 200, 300], loop=0,
                   comment=GPS_MARK)
    return buffer.getvalue() + HTML


def leaks(data: bytes) -> list[str]:
    found = [name for name, mark in (("position", GPS_MARK), ("camera", CAMERA.encode()), ("html", b"<script"))
             if mark in data]
    with Image.open(io.BytesIO(data)) as image:
        if image.getexif():
            found.append("exif")
        if any(key in image.info for key in ("exif", "xmp", "comment", "Author", "Comment")):
            found.append("info")
    return found


def upload(name, data, content_type):
    return SimpleUploadedFile(name, data, content_type)


def test_a_camera_jpeg_keeps_its_look_and_loses_everything_else():
    original = camera_jpeg()
    assert leaks(original) == ["position", "camera", "html", "exif", "info"]  # what a camera file carries
    stored = reencoded_image(upload("IMG_0042.JPG", original, "image/jpeg"))
    data = stored.read()
    assert leaks(data) == [] and stored.name == "IMG_0042.jpg"
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (30, 60)  # turned upright, as the camera said
        assert image.info["icc_profile"] == SRGB
        # orientation 6 turns the picture a quarter clockwise: its blue left half is now on top
        top, bottom = image.getpixel((15, 5)), image.getpixel((15, 55))
        assert top[2] > 150 > top[0] and bottom[0] > 150 > bottom[2]


def test_a_png_keeps_transparency_and_loses_its_text():
    data = reencoded_image(upload("folie.png", tagged_png(), "image/png")).read()
    assert leaks(data) == []
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "RGBA" and image.getpixel((3, 3)) == (0, 150, 0, 128)


def test_an_animated_gif_keeps_its_frames_and_timing():
    data = reencoded_image(upload("applaus.gif", animated_gif(), "image/gif")).read()
    assert leaks(data) == []
    with Image.open(io.BytesIO(data)) as image:
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(image)]
    assert durations == [100, 200, 300]


def test_the_stored_ending_follows_the_content():
    stored = reencoded_image(upload("foto.gif", camera_jpeg(trailer=b""), "image/gif"))
    assert stored.name == "foto.jpg"


@pytest.mark.parametrize("data,message", [
    (b"<svg onload=alert(1)>", "cannot be read as an image"),
    (camera_jpeg(trailer=b"")[:200], "cannot be read as an image"),
])
def test_what_is_no_image_is_refused(data, message):
    with pytest.raises(ValidationError, match=message):
        reencoded_image(upload("x.jpg", data, "image/jpeg"))


def test_an_image_too_large_to_decode_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (MAX_PIXELS // 1000 + 1, 1000)).save(buffer, "PNG")  # a few KB, but 40 million pixels
    with pytest.raises(ValidationError, match="too large"):
        reencoded_image(upload("weit.png", buffer.getvalue(), "image/png"))


# --- every upload form ---

def stored_speaker_photo(client, event):
    data = extract_form_data(client.get(PAGE).content.decode())
    data["speakers-0-photo"] = upload("hammer.jpg", camera_jpeg(), "image/jpeg")
    assert client.post(PAGE, data).status_code == 302
    with scopes_disabled():
        return Speaker.objects.get(event=event, position=0).photo


def stored_retrospective_photo(client, event):
    hold(event)
    data = extract_form_data(client.get(PAGE).content.decode())
    index = int(data["photos-TOTAL_FORMS"])
    data["photos-TOTAL_FORMS"] = str(index + 1)
    data[f"photos-{index}-ORDER"] = "1"
    data[f"photos-{index}-alt_0"] = "Das Publikum"
    data[f"photos-{index}-image"] = upload("publikum.jpg", camera_jpeg(), "image/jpeg")
    response = client.post(PAGE, data)
    assert response.status_code == 302, visible_text(response.content.decode())[:2000]
    with scopes_disabled():
        return RetrospectivePhoto.objects.get(event=event).image


def stored_library_photo(client, event):
    with scopes_disabled():
        person = Person.objects.get(organizer=event.organizer, name="Barbara Hammer")
    url = f"/control/organizer/OIC-BIE/oicmeetup/speakers/{person.pk}/"
    data = extract_form_data(client.get(url).content.decode())
    data.update(photo_consent_on="2025-10-01", photo=upload("hammer.jpg", camera_jpeg(), "image/jpeg"))
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    return person.photo


@pytest.mark.parametrize("store", [stored_speaker_photo, stored_retrospective_photo, stored_library_photo])
def test_every_upload_form_stores_the_clean_file(organizer_admin, seeded_event, store):
    photo = store(organizer_admin, seeded_event)
    with default_storage.open(photo.name, "rb") as f:
        data = f.read()
    assert photo.name.endswith(".jpg") and leaks(data) == []


def test_a_refused_upload_says_why_and_keeps_the_speaker(admin_client, seeded_event):
    data = extract_form_data(admin_client.get(PAGE).content.decode())
    data["speakers-0-name"] = "Barbara Hammer (geändert)"
    buffer = io.BytesIO()
    Image.new("1", (MAX_PIXELS // 1000 + 1, 1000)).save(buffer, "PNG")
    data["speakers-0-photo"] = upload("weit.png", buffer.getvalue(), "image/png")
    response = admin_client.post(PAGE, data)
    assert response.status_code == 200 and "too large" in visible_text(response.content.decode())
    with scopes_disabled():
        (speaker,) = Speaker.objects.filter(event=seeded_event, position=0)
    assert speaker.name == "Barbara Hammer" and not speaker.photo


def test_photos_stored_before_are_cleaned_in_place_by_the_migration(seeded_event):
    """Migration 0007: the same name (pages and cached texts stay right), the clean content; a file that is
    no image stays as it was."""
    from importlib import import_module

    from django.apps import apps
    from django.core.files.base import ContentFile

    migration = import_module("pretix_oicmeetup.migrations.0007_photos_without_metadata")
    with scopes_disabled():
        speaker = Speaker.objects.get(event=seeded_event, position=0)
        speaker.photo.save("hammer.jpg", ContentFile(camera_jpeg()))
        broken = RetrospectivePhoto(event=seeded_event, alt="kaputt")
        broken.image.save("kaputt.jpg", ContentFile(b"no image at all"))
        name_before = speaker.photo.name
        migration.reencode_stored_photos(apps, None)
        speaker.refresh_from_db()
        broken.refresh_from_db()
    assert speaker.photo.name == name_before
    with default_storage.open(speaker.photo.name, "rb") as f:
        assert leaks(f.read()) == []
    with default_storage.open(broken.image.name, "rb") as f:
        assert f.read() == b"no image at all"
    assert not default_storage.exists(speaker.photo.name + ".clean")
