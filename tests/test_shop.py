import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix_oicmeetup.models import Speaker
from pretix_oicmeetup.presale.free_setup import apply_free_setup

from .helpers import active_markup, announcement_html, link_targets, visible_text
from .seed_facts import SEED_LINKS, missing_facts, repeated_facts

pytestmark = pytest.mark.django_db

SHOP = "/OIC-BIE/ki-zivil-10/"


def get_shop(client, locale, path=SHOP):
    client.cookies["pretix_language"] = locale
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("locale", ["de-informal", "de"])
def test_every_seed_fact_is_on_the_shop_page_once(client, seeded_event, locale):
    html = get_shop(client, locale)
    text = visible_text(html)
    assert missing_facts(text, locale, where="shop") == []
    assert repeated_facts(text, locale) == []
    assert "Ort und Zeit" not in text  # pretix's own block says venue, date and times, right below the intro
    targets = link_targets(html)
    for link in SEED_LINKS:
        assert link in targets


def test_sections_follow_the_website_order(client, seeded_event):
    apply_free_setup(seeded_event)  # as OIC runs a free meetup
    text = visible_text(get_shop(client, "de-informal"))
    position = 0
    for marker in (
        "Zur kostenlosen Anmeldung",  # the link at the top of the page
        "hinter die Kulissen",  # intro (pretix's front page text)
        "Einlass: 16:00 Uhr",  # pretix's block with venue, date and times
        "Hinweis", "Fachexpertise", "Inhalt", "Materialien", "Info zur MeetUp-Reihe",
        "Kostenlose Anmeldung",  # the heading over the registration form ...
        "Anmelden",  # ... and pretix's button
    ):
        assert marker in text[position:], f"{marker} out of order"
        position = text.index(marker, position) + len(marker)


def test_one_tap_from_the_top_to_the_registration(client, seeded_event):
    html = get_shop(client, "de-informal")
    soup = BeautifulSoup(html, "html.parser")
    content = soup.select_one("main") or soup
    first_link = content.select_one(".oicmeetup-top a")
    assert first_link is not None and first_link["href"] == "#oicmeetup-registration"
    target = soup.find(id="oicmeetup-registration")
    assert target is not None and target.get_text(strip=True) == "Kostenlose Anmeldung"
    # the link comes before the description, the heading right before pretix's registration form
    assert html.index('href="#oicmeetup-registration"') < html.index("hinter die Kulissen")
    assert html.index('id="oicmeetup-registration"') < html.index('id="btn-add-to-cart"')


def test_no_registration_link_when_presale_has_ended(client, seeded_event):
    seeded_event.presale_end = seeded_event.date_from.replace(year=2020)
    seeded_event.save()
    html = get_shop(client, "de-informal")
    assert "oicmeetup-registration" not in html and "Zur kostenlosen Anmeldung" not in html


def test_teaser_is_at_the_top_where_it_says_something_new(client, seeded_event):
    seeded_event.settings.oicmeetup_teaser = LazyI18nString(
        {"de-informal": "Wie funktionieren KI-Werkzeuge, und wo irren sie sich?"})
    html = get_shop(client, "de-informal")
    text = visible_text(html)
    assert text.index("wo irren sie sich?") < text.index("hinter die Kulissen")
    assert text.count("wo irren sie sich?") == 1


def test_profile_links_are_plain_safe_links(client, seeded_event):
    html = get_shop(client, "de-informal")
    assert 'href="https://www.linkedin.com/in/barbara-hammer-62963295/" target="_blank" ' \
           'rel="noopener noreferrer">Barbara Hammer auf LinkedIn</a>' in html


@pytest.mark.parametrize("url, label", [("https://www.uni-bielefeld.de/fakultaeten/technik/hammer", "uni-bielefeld.de"),
                                        ("https://chaos.social/@clara", "chaos.social"),
                                        ("https://github.com/clara", "GitHub")])
def test_a_profile_elsewhere_names_its_site(client, seeded_event, url, label):
    """A profile off LinkedIn read "Barbara Hammer auf Profil", which says nothing about where it leads."""
    with scopes_disabled():
        Speaker.objects.filter(event=seeded_event, name="Barbara Hammer").update(profile_url=url)
    seeded_event.cache.clear()
    text = visible_text(get_shop(client, "de-informal"))
    assert f"Barbara Hammer auf {label}" in text and "auf Profil" not in text


def test_online_link_is_never_on_the_public_page(client, seeded_event):
    seeded_event.is_remote = True
    seeded_event.save()
    seeded_event.settings.oicmeetup_online_url = "https://zoom.example.org/j/123456"
    html = get_shop(client, "de-informal")
    assert "zoom.example.org" not in html
    assert "Den Link erhältst du nach der Anmeldung." in visible_text(html)


def test_nothing_is_shown_when_the_plugin_is_off(client, seeded_event):
    assert "{meetup_essentials}" in seeded_event.settings.frontpage_text.localize("de-informal")  # the seed's option
    seeded_event.disable_plugin("pretix_oicmeetup")
    seeded_event.save()
    html = get_shop(client, "de-informal")
    assert "oicmeetup" not in html
    assert "Fachexpertise" not in html
    assert "{meetup_" not in html  # no placeholder the plugin wrote into pretix's texts
    assert "{meetup_" not in client.get(SHOP + "widget/product_list").content.decode()


def test_no_third_party_resources_are_loaded(client, seeded_event):
    html = get_shop(client, "de-informal")
    section = announcement_html(html)
    assert "<img" not in section and "<iframe" not in section and "<script" not in section
    assert "style=" not in section  # pretix's Content-Security-Policy blocks inline styles


def test_markup_in_user_text_is_neutralised(client, seeded_event):
    seeded_event.settings.oicmeetup_hint = LazyI18nString(
        {"de-informal": '<script>alert("hint")</script> <img src=x onerror=alert(1)> [klick](javascript:alert(2))'}
    )
    with scopes_disabled():
        Speaker.objects.create(
            event=seeded_event, position=5, name='<b onmouseover="alert(3)">Mallory</b>',
            role=LazyI18nString({"de-informal": "<svg onload=alert(4)>"}),
            bio=LazyI18nString({"de-informal": '<iframe src="https://evil.example"></iframe>**fett**'}),
            profile_url="javascript:alert(5)",
        )
    html = get_shop(client, "de-informal")
    section = announcement_html(html)
    assert active_markup(section) == []
    assert "javascript:" not in section
    assert "&lt;b onmouseover=" in section  # the name is shown as text, not as markup
    assert "<strong>fett</strong>" in section


def test_query_count_does_not_grow_with_speakers(client, seeded_event):
    def count_queries():
        client.cookies["pretix_language"] = "de-informal"
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(SHOP).status_code == 200
        return len(ctx.captured_queries)

    with scopes_disabled():
        Speaker.objects.filter(event=seeded_event).exclude(name="Barbara Hammer").delete()
    count_queries()  # warm pretix's own per-process caches
    one_speaker = count_queries()
    with scopes_disabled():
        for i in range(19):
            Speaker.objects.create(event=seeded_event, position=10 + i, name=f"Speaker {i}",
                                   bio=LazyI18nString({"de-informal": f"Bio {i}"}))
    count_queries()
    twenty_speakers = count_queries()
    assert "Speaker 18" in visible_text(client.get(SHOP).content.decode())
    assert twenty_speakers == one_speaker


def test_speaker_photos_have_their_names_as_alt_text(client, seeded_event):
    from django.core.files.base import ContentFile

    from .test_control import png

    with scopes_disabled():
        speaker = Speaker.objects.get(event=seeded_event, name="Barbara Hammer")
        speaker.photo.save("barbara.png", ContentFile(png()))
    soup = BeautifulSoup(get_shop(client, "de-informal"), "html.parser")
    (photo,) = soup.select(".oicmeetup-speaker img")
    assert photo["alt"] == "Barbara Hammer"
