"""The control panel as an organiser of OIC uses it: in German (informal and formal), every string through
the catalogs with correct plurals, states and settings by their names, the token of the widget option
never in sight, and the shop's set-up for a free meetup offered before it is applied."""
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core import mail as djmail

from pretix.base.models import User

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.presale.free_setup import SETUP_APPLIED

from .helpers import visible_text
from .test_control import URL
from .test_notices import NOTICE_URL, move_admission, registrations, send  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

IMPORT_URL = URL + "import/"


@pytest.fixture(params=["de-informal", "de"])
def german_client(request, client, admin_user):
    User.objects.filter(pk=admin_user.pk).update(locale=request.param)
    client.login(email="orga@example.org", password="orgapassword")
    client.locale = request.param
    return client


def page(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == client.locale
    return response.content.decode()


def test_meetup_page_speaks_german_and_hides_the_token(german_client, seeded_event):
    apply_confirmation_templates(seeded_event)
    html = page(german_client)
    text = visible_text(html)
    soup = BeautifulSoup(html, "html.parser")
    assert "mail_subject_order_free" not in text and "mail_text" not in text  # settings by their names
    assert "Betreff der Bestätigung einer kostenlosen Anmeldung" in text
    for label in soup.select("[data-formset-form] label"):  # the speakers' screen-reader labels
        assert label.get_text(strip=True) != "Bestellung"
    assert "Position in der Liste" in text
    description = soup.select_one("textarea[name=meetup-description_2]")  # de-informal, as the seed fills it
    assert "Beim 9. Meetup" in description.get_text()
    for field in soup.select("form textarea, form input"):  # no value holds the widget option's token
        assert "{meetup_" not in (field.get_text() + field.get("value", ""))
    essentials = soup.select_one("input[name=meetup-widget_essentials]").find_parent(class_="form-group")
    assert "{meetup_" not in essentials.get_text()
    materials = soup.select_one("textarea[name=meetup-materials_2]").find_parent(class_="form-group")
    assert "Markdown" in materials.get_text()
    assert "https://oic-bielefeld.de/ki/" in soup.select_one("input[name=meetup-series_url]").find_parent(
        class_="form-group").get_text()  # the series fields say what they are for
    assert "Beim 9. Meetup" in soup.select_one("#preview").get_text()  # the shop preview has the intro
    preview_link = soup.select_one("#email-preview a.btn")
    assert preview_link["href"] == URL + "email-template/preview/"
    preview = BeautifulSoup(page(german_client, preview_link["href"]), "html.parser")
    assert "Vorschau: die Bestätigungs-E-Mail" in preview.h1.get_text()
    assert preview.select_one("iframe[srcdoc]") is not None and "oicmeetup-announcement" in preview.iframe["srcdoc"]
    assert preview.select_one("pre") is None  # the text part wraps like text, it is not cut off
    assert "Beim 9. Meetup" in preview.select_one(".oicmeetup-email-preview").get_text()


def test_import_page_calls_nothing_optional(german_client, seeded_event):
    text = visible_text(page(german_client, IMPORT_URL))
    assert "Optional" not in text


def test_the_preview_of_pasted_text_reads_as_german(german_client, seeded_event):
    """The heading read "was der Import aus eingefügter Text ändert", a file name's sentence around a phrase."""
    post = (Path(__file__).parent / "data" / "seed" / "000_8dce05a3aed1be33.txt").read_text(encoding="utf-8")
    response = german_client.post(IMPORT_URL, {"text": post})
    assert response.status_code == 200
    heading = BeautifulSoup(response.content.decode(), "html.parser").select_one(
        ".oicmeetup-import-preview .panel-title").get_text(" ", strip=True)
    assert heading == "Vorschau: was der Import des eingefügten Beitrags ändert"


def test_notice_page_plurals_states_and_placeholders(german_client, registrations, seeded_event):  # noqa: F811
    text = visible_text(page(german_client, NOTICE_URL))
    assert "3 Anmeldungen kennen die aktuelle Ankündigung." in text
    html = page(german_client, NOTICE_URL)
    soup = BeautifulSoup(html, "html.parser")
    help_text = soup.select_one("textarea[name^=intro]").find_parent(class_="form-group").get_text()
    assert "{url}" in help_text and "{meetup_signature}" in help_text
    for meaningless in ("{total}", "{invoice_name}", "{currency}", "{expire_date}", "{meetup_essentials}"):
        assert meaningless not in help_text
    move_admission(seeded_event)
    send(german_client)
    text = visible_text(page(german_client, NOTICE_URL))
    assert "E-Mails der letzten Mitteilung: gesendet: 3" in text
    assert "sent" not in text.replace("Absender", "")
    djmail.outbox = []


def test_free_meetup_set_up_is_shown_then_applied(german_client, seeded_event):
    html = page(german_client)
    panel = BeautifulSoup(html, "html.parser").select_one("#free-setup")
    rows = [tuple(td.get_text(strip=True) for td in tr.find_all("td")) for tr in panel.select("tbody tr")]
    names = [row[0] for row in rows]
    assert "Keine Rechnungsadresse bei kostenlosen Bestellungen abfragen" in names or any(
        "Rechnungsadresse" in name for name in names)
    assert ("Open Innovation City Bielefeld" in [row[2] for row in rows])
    response = german_client.post(URL + "free-setup/", follow=True)
    assert response.status_code == 200
    seeded_event.settings.flush()
    assert seeded_event.settings.invoice_address_not_asked_free is True
    assert seeded_event.settings.redirect_to_checkout_directly is True
    assert seeded_event.settings.mail_from_name == "Open Innovation City Bielefeld"
    assert seeded_event.logentry_set.filter(action_type=SETUP_APPLIED).count() == 1
    after = BeautifulSoup(page(german_client), "html.parser").select_one("#free-setup")
    assert after.select("tbody tr") == [] and "eingerichtet" in after.get_text()


@pytest.mark.parametrize("locale", ["de-informal", "de"])
def test_the_organizer_pages_speak_german(client, organizer, seeded_event, locale):
    """The series and the speaker library, with the organizer's menu, as the team sees them."""
    from django_scopes import scopes_disabled

    from pretix.base.models import Team

    from pretix_oicmeetup.models import Person, Series

    user = User.objects.create_user("chief@example.org", "chiefpassword", locale=locale)
    Team.objects.create(organizer=organizer, all_events=True, all_event_permissions=True,
                        all_organizer_permissions=True).members.add(user)
    client.login(email="chief@example.org", password="chiefpassword")
    client.locale = locale
    with scopes_disabled():
        series, person = Series.objects.get(organizer=organizer), Person.objects.filter(organizer=organizer).first()
    base = "/control/organizer/OIC-BIE/oicmeetup/"
    expected = {
        base + "series/": ["Meetup-Reihen", "vergangen", "Neue Reihe anlegen"],
        f"{base}series/{series.pk}/": ["Meetup-Reihe:", "Ausgaben", "Vergangene Ausgaben (bisher"],
        base + "speakers/": ["Personenbibliothek", "Sprach bei", "KI-Kompetenz"],
        f"{base}speakers/{person.pk}/": ["Einwilligung zur Veröffentlichung des Fotos erteilt am", "Sprach bei"],
    }
    for url, phrases in expected.items():
        text = visible_text(page(client, url))
        for phrase in phrases:
            assert phrase in text, (url, phrase)
        for english in ("Meetup series", "Speaker library", "Spoke at", "upcoming", "past editions", "Editions"):
            assert english not in text, (url, english)
    informal = locale == "de-informal"
    help_text = visible_text(page(client, f"{base}series/{series.pk}/"))
    assert ("was du änderst" in help_text) is informal and ("was Sie ändern" in help_text) is not informal
