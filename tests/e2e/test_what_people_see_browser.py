"""What attendees and organisers see, in a real Chromium at desktop (1280 px) and phone (390 px) width, on
the reference meetup as `make demo` sets it up: the shop page says each fact once, in the website's order,
and the registration is one tap from the top; the widget adds what pretix's own lines leave out; the way
to a registration reads as one; both parts of the confirmation; the control pages in German (informal and
formal). axe-core finds no serious or critical violation in the plugin's markup on any of them."""
import pytest

from ..helpers import visible_text
from ..seed_facts import missing_facts, repeated_facts
from .accessibility import PLUGIN_MARKUP, axe_violations, describe_violations
from .browsing import delivered, register_in_shop
from .stack import OPEN_REFERENCE, run_django

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 390)
SHOP = f"/{OPEN_REFERENCE}/"
ADMIN = ("organiser@example.org", "organiser-Passw0rd!")
SET_LOCALE = ("import sys, django; django.setup(); from pretix.base.models import User; "
              "User.objects.filter(email=sys.argv[1]).update(locale=sys.argv[2])")


def no_violations(page, where):
    violations = axe_violations(page, within=PLUGIN_MARKUP)
    assert violations == [], f"{where}:\n{describe_violations(violations)}"


def page_at(browser, width, url):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900}, locale="de-DE")
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page


def log_in(page, server, organiser):
    page.goto(server.url + "/control/login")
    page.fill("input[name=email]", organiser[0])
    page.fill("input[name=password]", organiser[1])
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(lambda url: "/control/login" not in url)


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page is wider than the screen"


@pytest.mark.parametrize("width", WIDTHS)
def test_shop_page(browser, shop, width):
    server, _mail = shop
    context, page = page_at(browser, width, server.url + SHOP)
    try:
        text = " ".join(page.inner_text("body").split())
        assert missing_facts(text, "de-informal", where="shop") == []
        assert repeated_facts(text, "de-informal") == []
        position = 0
        for marker in ("Zur kostenlosen Anmeldung", "hinter die Kulissen", "Einlass: 16:00", "Hinweis",
                       "Fachexpertise", "Inhalt", "Materialien", "Info zur MeetUp-Reihe", "Kostenlose Anmeldung",
                       "Anmelden"):
            assert marker in text[position:], f"{marker} out of order"
            position = text.index(marker, position) + len(marker)
        # one tap from the top of the page to the registration
        link = page.locator(".oicmeetup-top a")
        assert link.bounding_box()["y"] + link.bounding_box()["height"] <= page.viewport_size["height"]
        link.click()
        page.wait_for_timeout(300)
        heading = page.locator("#oicmeetup-registration").bounding_box()
        assert 0 <= heading["y"] < page.viewport_size["height"]
        assert page.locator("#btn-add-to-cart").is_visible()
        levels = page.evaluate("[...document.querySelectorAll('main h1, main h2, main h3, main h4')]"
                               ".map(h => Number(h.tagName[1]))")
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels  # no heading level skipped
        assert page.evaluate("[...document.querySelectorAll('.oicmeetup-announcement img')]"
                             ".every(img => img.alt.trim())")
        fits(page, width)
        no_violations(page, f"the shop page at {width} px")
    finally:
        context.close()


HELD = "/OIC-BIE/ki-zivil-10/"  # the demo's reference meetup, held, with the team's Rückblick


@pytest.mark.parametrize("width", WIDTHS)
def test_the_meetup_after_it_took_place_is_its_archive(browser, shop, width):
    """The demo's held edition: its Rückblick (from the website's real Rückblick post) first, then the
    announcement under its own heading; no registration form; every image described; no heading skipped."""
    server, _mail = shop
    context, page = page_at(browser, width, server.url + HELD)
    try:
        text = " ".join(page.inner_text("body").split())
        position = 0
        for marker in ("Ein Rückblick auf das MeetUp", "Von Stephan Berkowitz", "Würfeln", "Schlusswort",
                       "Die Ankündigung", "hinter die Kulissen", "Fachexpertise", "Info zur MeetUp-Reihe"):
            assert marker in text[position:], f"{marker} out of order"
            position = text.index(marker, position) + len(marker)
        assert "{%" not in text and text.count("Info zur MeetUp-Reihe") == 1
        assert page.locator("#btn-add-to-cart").count() == 0 and page.locator(".oicmeetup-jump").count() == 0
        levels = page.evaluate("[...document.querySelectorAll('main h1, main h2, main h3, main h4')]"
                               ".map(h => Number(h.tagName[1]))")
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
        assert page.evaluate("[...document.querySelectorAll('main img')].every(img => img.alt.trim())")
        fits(page, width)
        no_violations(page, f"the archived shop page at {width} px")
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_widget(browser, website, width):
    context, page = page_at(browser, width, website)
    try:
        page.wait_for_selector(".pretix-widget-item-row", timeout=30000)
        text = " ".join(page.inner_text(".pretix-widget").split())
        assert text.count("November 2025") == 1  # pretix's line says the date; the essentials do not again
        assert "16:30 – 18:00" in text  # with the end
        for fact in ("Einlass: 16:00 Uhr", "Fachexpertise: Barbara Hammer, Benjamin Paaßen",
                     "Die Teilnahme ist kostenlos."):
            assert fact in text
        fits(page, width)
        no_violations(page, f"the widget at {width} px")
    finally:
        context.close()


def test_a_registration_reads_as_one_and_its_email(browser, shop):
    server, mail_dir = shop
    order_page, errors = register_in_shop(browser, server.url + SHOP, "browser-guest@example.org")
    assert errors == []
    assert "Rechnungsinformationen" not in order_page and "Rechnungsadresse" not in order_page
    assert "Dein Meetup" in order_page and "Einlass: 16:00 Uhr" in order_page

    message = delivered(mail_dir, "browser-guest@example.org")
    assert message["From"].startswith("Open Innovation City Bielefeld")
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(preferencelist=("html",)).get_content()
    body = text.split("\n-- \n")[0]
    assert body.count("KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.") == 1
    assert body.rstrip().endswith("Open Innovation City Bielefeld")
    assert text.count("/order/") == 1  # pretix's link at the end of the text part
    assert missing_facts(" ".join(text.split()), "de-informal") == []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 844}, java_script_enabled=False)
        page = context.new_page()
        page.set_content(html)
        try:
            fits(page, width)
            content = page.locator(".content").first.inner_text()
            assert content.count("KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.") == 1
            assert "einsetzen.“." not in page.inner_text("body")
            assert page.evaluate("[...document.querySelectorAll('p')].filter(p => !p.textContent.trim() "
                                 "&& !p.querySelector('img')).length") == 0
            assert page.evaluate("[...document.querySelectorAll('a[href*=\"/order/\"]')].length") == 1
            # links break between words ("KI und Zivilgesellschaft"), not inside them as pretix's style would
            breaks = page.evaluate("[...document.querySelectorAll('.oicmeetup-announcement a')]"
                                   ".map(a => getComputedStyle(a).wordBreak)")
            assert breaks and set(breaks) == {"normal"}
        finally:
            context.close()


@pytest.fixture(scope="module")
def organiser(shop):
    server, _mail = shop
    run_django(server.config, "tests/e2e/cli.py", "admin", *ADMIN)
    return ADMIN


def test_a_photo_uploaded_on_the_meetup_page_shows_with_its_text(browser, shop, organiser, tmp_path):
    """The organiser adds a photo to the held meetup's Rückblick in the browser; attendees see it on the
    archived page, described by its text, at phone width."""
    from PIL import Image

    server, _mail = shop
    photo = tmp_path / "publikum.jpg"
    Image.new("RGB", (900, 600), (20, 110, 170)).save(photo)
    run_django(server.config, "-c", SET_LOCALE, organiser[0], "de-informal", timeout=120)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    try:
        log_in(page, server, organiser)
        page.goto(f"{server.url}/control/event{HELD}oicmeetup/")
        page.locator(".nav-tabs a", has_text="Rückblick").click()
        page.get_by_role("button", name="Foto hinzufügen").click()
        page.set_input_files("input[name='photos-0-image']", str(photo))
        page.fill("input[name^='photos-0-alt']", "Das Publikum im Innovation Office")
        page.click("button.btn-save")
        page.wait_for_load_state("networkidle")
        assert page.locator(".alert-success").count() == 1, page.inner_text("body")[:2000]
    finally:
        context.close()
    context, page = page_at(browser, 390, server.url + HELD)
    try:
        page.locator(".oicmeetup-archive img").first.scroll_into_view_if_needed()  # loaded lazily
        page.wait_for_function("[...document.querySelectorAll('.oicmeetup-archive img')].every(i => i.complete)")
        images = page.evaluate("[...document.querySelectorAll('.oicmeetup-archive img')]"
                               ".map(img => [img.alt, img.naturalWidth])")
        assert images == [["Das Publikum im Innovation Office", 900]]
        fits(page, 390)
        no_violations(page, "the archived shop page with a photo")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["de-informal", "de"])
@pytest.mark.parametrize("width", WIDTHS)
def test_control_pages_in_german(browser, shop, organiser, language, width):
    server, _mail = shop
    run_django(server.config, "-c", SET_LOCALE, organiser[0], language, timeout=120)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    page = context.new_page()
    try:
        log_in(page, server, organiser)
        for path in ("", "notice/", "import/"):
            response = page.goto(f"{server.url}/control/event/OIC-BIE/ki-zivil-11/oicmeetup/{path}")
            page.wait_for_load_state("networkidle")
            assert response.headers.get("content-language") == language
            text = visible_text(page.content())
            for english in ("Preview", "registration", "Speaker", "Save", "sent:"):
                assert english not in text, f"{english!r} on {path or 'the meetup page'} in {language}"
            if path == "import/":  # one of the three sources is needed: none of them is "optional"
                assert "Optional" not in text
            if not path:  # the screen-reader labels of the ordered lists (speakers, photos, materials)
                labels = page.evaluate("[...document.querySelectorAll('[data-formset-body]')]"
                                       ".map(e => e.textContent).join(' ')")
                assert labels.strip() and "Bestellung" not in labels
            fits(page, width)
            no_violations(page, f"the control page {path or 'meetup'} ({language}, {width} px)")
    finally:
        context.close()


ORGANIZER_PAGES = {
    "series/": ["Meetup-Reihen", "KI und Zivilgesellschaft", "kommend", "vergangen"],
    "series/1/": ["Meetup-Reihe:", "Ausgaben", "Vergangene Ausgaben (bisher 1)"],
    "speakers/": ["Personenbibliothek", "Barbara Hammer", "Sprach bei"],
    "speakers/add/": ["Einwilligung zur Veröffentlichung des Fotos erteilt am"],
    "defaults/": ["Meetup-Voreinstellungen", "Zielgruppe"],
}


ORGANIZER_MARKUP = [f".oicmeetup-organizer > {part}" for part in ("h1", "h2", "p", "ul", ".panel", ".alert",
                                                                   ".table-responsive")]


@pytest.mark.parametrize("language", ["de-informal", "de"])
@pytest.mark.parametrize("width", WIDTHS)
def test_organizer_pages_in_german(browser, shop, organiser, language, width):
    """The organizer's series, speaker library and defaults, reached from the organizer's menu: German,
    nothing wider than the screen, no serious accessibility violation in the plugin's part of the page."""
    server, _mail = shop
    run_django(server.config, "-c", SET_LOCALE, organiser[0], language, timeout=120)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    page = context.new_page()
    try:
        log_in(page, server, organiser)
        page.goto(f"{server.url}/control/organizer/OIC-BIE/")
        menu = [a.get_attribute("href") for a in page.locator("a[href*='/oicmeetup/']").all()]
        assert {"/control/organizer/OIC-BIE/oicmeetup/series/", "/control/organizer/OIC-BIE/oicmeetup/speakers/",
                "/control/organizer/OIC-BIE/oicmeetup/defaults/"} <= set(menu)
        for path, phrases in ORGANIZER_PAGES.items():
            response = page.goto(f"{server.url}/control/organizer/OIC-BIE/oicmeetup/{path}")
            page.wait_for_load_state("networkidle")
            assert response.status == 200 and response.headers.get("content-language") == language
            text = " ".join(visible_text(page.content()).split())
            for phrase in phrases:
                assert phrase in text, f"{phrase!r} missing on {path} in {language}"
            for english in ("Meetup series", "Speaker library", "Spoke at", "Save", "upcoming", "Editions"):
                assert english not in text, f"{english!r} on {path} in {language}"
            fits(page, width)
            # the plugin's own markup; the form fields are pretix's widgets, as on pretix's own pages
            violations = axe_violations(page, within=ORGANIZER_MARKUP)
            assert violations == [], f"{path} ({language}, {width} px):\n{describe_violations(violations)}"
    finally:
        context.close()


SERIES = "/OIC-BIE/_series/ki-zivilgesellschaft/"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_series_page(browser, shop, width):
    """The series' public page of the demo: the next edition (registration open) under the upcoming meetups
    with its registration button, the held reference meetup under the past ones with its Rückblick; its
    calendar feed parses; nothing wider than the screen."""
    import vobject

    server, _mail = shop
    context, page = page_at(browser, width, server.url + SERIES)
    try:
        text = " ".join(page.inner_text("body").split())
        upcoming, past = text.split("Vergangene Meetups")
        assert "Kommende Meetups" in upcoming and "KI im Ehrenamt" in upcoming and "Anmelden" in upcoming
        assert "KI-Kompetenz" not in upcoming and "KI-Kompetenz" in past and "Zum Rückblick" in past
        feed = page.locator("link[type='text/calendar']").get_attribute("href")
        calendar = vobject.readOne(page.request.get(feed).text())
        assert len(calendar.vevent_list) == 2
        fits(page, width)
        violations = axe_violations(page, within=[".oicmeetup-series"])
        assert violations == [], describe_violations(violations)
    finally:
        context.close()
