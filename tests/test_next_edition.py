"""The next edition (pretix's event copy), event series (subevents) and the widget's essentials."""
import io
from datetime import datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString
from PIL import Image

from pretix.base.models import Event, Item, Quota

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.meetup.changes import ESSENTIALS_TOKEN
from pretix_oicmeetup.models import Speaker

from .helpers import mail_parts, place_free_order, visible_text
from .test_jsonld import page_blocks

pytestmark = pytest.mark.django_db


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 120, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def test_copying_the_event_takes_the_meetup_along(seeded_event, organizer):
    with scopes_disabled():
        speaker = Speaker.objects.get(event=seeded_event, name="Barbara Hammer")
        speaker.photo.save("barbara.png", ContentFile(png()))
    seeded_event.settings.oicmeetup_post_front_matter = {"date": "2025-10-20", "authors": ["Maria Gonçalves"]}
    new = Event.objects.create(organizer=organizer, name="KI-Kompetenz 2", slug="ki-zivil-11", currency="EUR",
                               date_from=seeded_event.date_from + timedelta(days=28))
    with scope(organizer=organizer):
        new.copy_data_from(seeded_event)
    new.refresh_from_db()
    new.settings.flush()
    assert new.settings.oicmeetup_series_number == 10
    assert new.settings.oicmeetup_hint.localize("de-informal").startswith("Diese Veranstaltung behandelt")
    assert new.settings.oicmeetup_post_front_matter == {"authors": ["Maria Gonçalves"]}
    local = new.date_admission.astimezone(new.timezone)
    assert (local.date() - seeded_event.date_admission.astimezone(new.timezone).date()).days == 28
    assert local.strftime("%H:%M") == "16:00"  # Einlass moved with the new start
    with scopes_disabled():
        copied = list(Speaker.objects.filter(event=new).order_by("position"))
        assert [s.name for s in copied] == ["Barbara Hammer", "Benjamin Paaßen"]
        assert copied[0].photo and copied[0].photo.name != speaker.photo.name
        assert copied[0].photo.read() == png()
        assert str(copied[0].role.localize("de")) == str(speaker.role.localize("de"))
    entry = new.logentry_set.get(action_type="pretix_oicmeetup.meetup.copied")
    assert "copied from ki-zivil-10" in str(entry.display())


@pytest.fixture
def series(organizer):
    event = Event.objects.create(organizer=organizer, name="Open Innovation Hour", slug="ki-zivil-10",
                                 date_from=now() + timedelta(days=30), has_subevents=True, live=True,
                                 currency="EUR", plugins="pretix_oicmeetup", presale_end=now() + timedelta(days=90))
    event.settings.locales = ["de-informal"]
    event.settings.locale = "de-informal"
    event.settings.timezone = "Europe/Berlin"
    event.settings.oicmeetup_materials = LazyI18nString({"de-informal": "Neugier"})
    item = Item.objects.create(event=event, name="Kostenlose Anmeldung", default_price=0, admission=True)
    dates = []
    for day, place in ((3, "Zoom"), (10, "Innovation Office, Alter Markt 13, 33602 Bielefeld")):
        start = datetime(2026, 12, day, 12, 30, tzinfo=event.timezone)
        subevent = event.subevents.create(name=f"Hour {day}", date_from=start, date_to=start + timedelta(hours=1),
                                          date_admission=start - timedelta(minutes=10), active=True,
                                          location=LazyI18nString({"de-informal": place}))
        quota = Quota.objects.create(event=event, subevent=subevent, name=f"q{day}", size=10)
        quota.items.add(item)
        dates.append(subevent)
    return event, item, dates


def test_series_dates_use_their_own_date_and_place(client, series, outbox):
    event, item, (first, second) = series
    client.cookies["pretix_language"] = "de-informal"
    page = visible_text(client.get(f"/OIC-BIE/ki-zivil-10/{second.pk}/").content.decode())
    # pretix's block on the shop page says the date's day, times and venue
    assert "10. Dezember 2026" in page and "Einlass: 12:20" in page
    assert "Alter Markt 13" in page

    _html, blocks = page_blocks(client, path=f"/OIC-BIE/ki-zivil-10/{first.pk}/")
    (data,) = [b for b in blocks if b.get("@type") == "Event"]
    assert data["startDate"] == "2026-12-03T12:30:00+01:00" and data["doorTime"] == "2026-12-03T12:20:00+01:00"
    assert data["name"] == "Hour 3"

    apply_confirmation_templates(event)
    place_free_order(event, item, subevent=second)
    text, _html = mail_parts(outbox[0])
    assert "Donnerstag, 10. Dezember 2026" in text and "Einlass: 12:20 Uhr" in text
    assert "Ort: Innovation Office, Alter Markt 13, 33602 Bielefeld" in text
    assert "3. Dezember" not in text


def test_widget_shows_the_essentials_and_the_page_not_twice(admin_client, client, seeded_event):
    from .test_control import URL, page_data

    client.cookies["pretix_language"] = "de-informal"
    before = visible_text(client.get("/OIC-BIE/ki-zivil-10/").content.decode())
    data = page_data(admin_client)
    data["meetup-widget_essentials"] = "on"
    admin_client.post(URL, data)
    seeded_event.settings.flush()
    assert seeded_event.settings.frontpage_text.localize("de-informal").startswith(ESSENTIALS_TOKEN)

    widget = client.get("/OIC-BIE/ki-zivil-10/widget/product_list").json()
    text = visible_text(widget["frontpage_text"])
    # pretix's widget shows the date with start and end and the venue itself: the essentials add the rest
    assert widget["date_range"] == "Di, 11. November 2025 16:30 – 18:00"
    assert "Einlass: 16:00 Uhr" in text and "Fachexpertise: Barbara Hammer, Benjamin Paaßen" in text
    assert "Die Teilnahme ist kostenlos." in text
    assert "November" not in text and "Alter Markt" not in text
    assert "{meetup" not in widget["frontpage_text"]
    assert 'class="oicmeetup-essentials"' in widget["frontpage_text"]

    html = client.get("/OIC-BIE/ki-zivil-10/").content.decode()
    assert "oicmeetup-essentials" not in html  # the page shows all of it already, once in its own box ...
    assert visible_text(html).count("Einlass: 16:00 Uhr") == before.count("Einlass: 16:00 Uhr") == 1

    data = page_data(admin_client)
    data.pop("meetup-widget_essentials", None)
    admin_client.post(URL, data)
    seeded_event.settings.flush()
    assert ESSENTIALS_TOKEN not in str(seeded_event.settings.frontpage_text.localize("de-informal"))
    assert "oicmeetup-essentials" not in client.get("/OIC-BIE/ki-zivil-10/widget/product_list").content.decode()


def test_shop_page_leaves_the_essentials_placeholder_empty(admin_client, client, seeded_event, monkeypatch):
    # Not rendered and removed, but never rendered: nothing removes a block from the page afterwards.
    from pretix_oicmeetup.mail import placeholders

    from .test_control import URL, page_data

    data = page_data(admin_client)
    data["meetup-widget_essentials"] = "on"
    admin_client.post(URL, data)
    rendered = []
    real = placeholders.render_essentials
    monkeypatch.setattr(placeholders, "render_essentials", lambda *args: rendered.append(args) or real(*args))
    client.cookies["pretix_language"] = "de-informal"
    html = client.get("/OIC-BIE/ki-zivil-10/").content.decode()
    assert "oicmeetup-essentials" not in html and "{meetup" not in html
    assert visible_text(html).count("Einlass: 16:00 Uhr") == 1
    assert rendered == []
    widget = client.get("/OIC-BIE/ki-zivil-10/widget/product_list").json()
    assert 'class="oicmeetup-essentials"' in widget["frontpage_text"]
    assert len(rendered) == 1


def test_a_copied_edition_warns_where_its_text_names_the_number_before(admin_client, seeded_event, organizer):
    """A next edition keeps "Beim 9. Meetup" while its number became 10: the meetup page says where."""
    from pretix.base.models import User
    User.objects.filter(email="orga@example.org").update(locale="de-informal")
    page = admin_client.get("/control/event/OIC-BIE/ki-zivil-10/oicmeetup/")
    assert "nennt das" not in visible_text(page.content.decode())  # the reference meetup names its own number
    new = Event.objects.create(organizer=organizer, name="KI-Kompetenz 2", slug="ki-zivil-11", currency="EUR",
                               date_from=seeded_event.date_from + timedelta(days=28))
    with scope(organizer=organizer):
        new.copy_data_from(seeded_event)
    text = visible_text(admin_client.get("/control/event/OIC-BIE/ki-zivil-11/oicmeetup/").content.decode())
    assert "„Teaser“ nennt das 9. Meetup, dieses Meetup ist in seiner Reihe aber das 10." in text
    assert "„Beschreibung“ nennt das 9. Meetup" in text


@pytest.mark.parametrize("text, numbers", [
    ("Beim 10. Meetup aus der Reihe", {10}), ("Das 3. KI-Meetup", {3}), ("zum 2. Treffen", {2}),
    ("the 11th meetup", {11}), ("am 10. November", set()), ("am 10.11. Meetup-Tag", set()),
    ("Meetup Nr. 10", set()), ("", set()),
])
def test_edition_numbers_are_read_from_text_not_dates(text, numbers):
    from pretix_oicmeetup.meetup.numbering import numbers_named
    assert numbers_named(text) == numbers
