import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix_oicmeetup.models import Speaker

from .helpers import active_markup, announcement_html, link_targets, visible_text
from .seed_facts import SEED_LINKS, missing_facts

pytestmark = pytest.mark.django_db

SHOP = "/OIC-BIE/ki-zivil-10/"


def get_shop(client, locale, path=SHOP):
    client.cookies["pretix_language"] = locale
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("locale", ["de-informal", "de"])
def test_every_seed_fact_is_on_the_shop_page(client, seeded_event, locale):
    html = get_shop(client, locale)
    assert missing_facts(visible_text(html), locale) == []
    targets = link_targets(html)
    for link in SEED_LINKS:
        assert link in targets


def test_sections_follow_the_website_order(client, seeded_event):
    text = visible_text(get_shop(client, "de-informal"))
    position = 0
    for marker in (
        "hinter die Kulissen",  # intro (pretix's front page text)
        "Hinweis", "Fachexpertise", "Inhalt", "Materialien", "Info zur Meetup-Reihe", "Ort und Zeit",
        "Kostenlose Anmeldung",  # the product, below the announcement
    ):
        assert marker in text[position:], f"{marker} out of order"
        position = text.index(marker, position)


def test_profile_links_are_plain_safe_links(client, seeded_event):
    html = get_shop(client, "de-informal")
    assert 'href="https://www.linkedin.com/in/barbara-hammer-62963295/" target="_blank" ' \
           'rel="noopener noreferrer">LinkedIn</a>' in html


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
