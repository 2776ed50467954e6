"""Bad input through the REST API, the meetup page and the data file: a clear error, nothing changed, and
never a page that breaks afterwards."""
import json

import pytest
from django.core import mail as djmail
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from pretix.base.models import Team

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.meetup.changes import snapshot
from pretix_oicmeetup.meetup.datafile import MeetupDataError, load_meetup_data
from pretix_oicmeetup.meetup.fields import SPEAKERS_MAX, all_fields
from pretix_oicmeetup.models import Speaker

from .helpers import examples, mail_parts, place_free_order, rolled_back, visible_text
from .test_control import URL as PAGE_URL, add_speaker, i18n_key, page_data

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/organizers/OIC-BIE/events/ki-zivil-10/meetup/"
SHOP = "/OIC-BIE/ki-zivil-10/"


@pytest.fixture
def token(organizer):
    team = Team.objects.create(organizer=organizer, name="API", all_events=True, all_event_permissions=True)
    return team.tokens.create(name="test").token


def patch(client, token, payload):
    return client.patch(API_URL, json.dumps(payload), content_type="application/json",
                        HTTP_AUTHORIZATION=f"Token {token}")


def pages_answer(client, admin_client=None):
    """Every page that shows the meetup answers 200."""
    client.cookies["pretix_language"] = "de-informal"
    for url in (SHOP, SHOP + "widget/product_list"):
        response = client.get(url)
        assert response.status_code == 200, url
    if admin_client is not None:
        assert admin_client.get(PAGE_URL).status_code == 200
        assert admin_client.get(PAGE_URL + "export/").status_code == 200


@pytest.mark.parametrize("payload, field", [
    ({"description": {"de-informal": "Kosten: keine }"}}, "description"),
    ({"description": {"de-informal": "{unbekannt} Platzhalter"}}, "description"),
    ({"speakers": [{"role": {"de-informal": "ohne Namen"}}]}, "speakers"),
    ({"speakers": [{"name": 5}]}, "speakers"),
    ({"speakers": [{"name": "   "}]}, "speakers"),
    ({"title": {"de-informal": "x" * 1_000_000}}, "title"),
    ({"title": {"de-informal": "x" * 201}}, "title"),
    ({"location": {"de-informal": "x" * 201}}, "location"),
    ({"teaser": {"de-informal": "x" * 501}}, "teaser"),
    ({"hint": "x" * 5001}, "hint"),
    ({"speakers": [{"name": "A", "bio": {"de-informal": "x" * 5001}}]}, "speakers"),
    ({"speakers": [{"name": f"Person {i}"} for i in range(SPEAKERS_MAX + 1)]}, "speakers"),
    ({"speakers": "Barbara"}, "speakers"),
    ({"teaser": {"de-informal": 5}}, "teaser"),
    ({"teaser": {"de-informal": "mit \x00 darin"}}, "teaser"),  # PostgreSQL cannot store it
    ({"speakers": [{"name": "A\x00"}]}, "speakers"),
    # a lone UTF-16 surrogate: valid JSON, but no page, email or file can encode it
    ({"hint": {"de-informal": "\ud800x"}}, "hint"),
    ({"title": {"de": "a\udfff"}}, "title"),
    ({"speakers": [{"name": "A\udc00"}]}, "speakers"),
    ({"speakers": [{"name": "A", "role": {"de-informal": "\ud800"}}]}, "speakers"),
    ({"online_url": "https://example.org/\ud800"}, "online_url"),
    ({"series_name": "KI \ud83d"}, "series_name"),
    # the title may not be emptied
    ({"title": {"de-informal": ""}}, "title"),
    ({"title": {}}, "title"),
    ({"title": ""}, "title"),
    ({"title": None}, "title"),
    ({"description": "plain"}, "description"),
])
def test_bad_patch_is_400_and_changes_nothing(client, admin_client, seeded_event, token, payload, field):
    before = snapshot(seeded_event)
    response = patch(client, token, payload)
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert snapshot(seeded_event) == before
    pages_answer(client, admin_client)


def test_error_messages_are_translated(client, seeded_event, token):
    response = client.patch(API_URL, json.dumps({"speakers": [{"name": f"P{i}"} for i in range(60)]}),
                            content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}",
                            HTTP_ACCEPT_LANGUAGE="de")
    assert "höchstens 50" in json.dumps(response.json(), ensure_ascii=False)


def test_fifty_speakers_are_fine(client, seeded_event, token):
    response = patch(client, token, {"speakers": [{"name": f"Person {i}"} for i in range(SPEAKERS_MAX)]})
    assert response.status_code == 200
    with scopes_disabled():
        assert Speaker.objects.filter(event=seeded_event).count() == SPEAKERS_MAX


def test_a_literal_brace_written_the_pretix_way_is_shown_as_a_brace(client, seeded_event, token):
    response = patch(client, token, {"description": {"de-informal": "Mengen wie {{1, 2}} und mehr."}})
    assert response.status_code == 200, response.content
    client.cookies["pretix_language"] = "de-informal"
    assert "Mengen wie {1, 2} und mehr." in client.get(SHOP).content.decode()


def test_the_meetup_page_refuses_what_the_api_refuses(admin_client, seeded_event):
    before = snapshot(seeded_event)
    data = page_data(admin_client)
    data[i18n_key("meetup-description", "de-informal")] = "Kosten: keine }"
    data[i18n_key("meetup-teaser", "de-informal")] = "x" * 501
    response = admin_client.post(PAGE_URL, data)
    assert response.status_code == 200  # the form again, with errors
    html = response.content.decode()
    assert "at most 500 characters" in html and "curly" in html
    assert snapshot(seeded_event) == before


def test_the_meetup_page_caps_the_speakers(admin_client, seeded_event):
    data = page_data(admin_client)
    for i in range(SPEAKERS_MAX - 1):  # the seed has 2
        add_speaker(data, f"Person {i}")
    response = admin_client.post(PAGE_URL, data)
    assert response.status_code == 200 and "at most 50 speakers" in response.content.decode()
    with scopes_disabled():
        assert Speaker.objects.filter(event=seeded_event).count() == 2


def test_data_file_with_bad_values_names_them_and_changes_nothing(seeded_event):
    before = snapshot(seeded_event)
    with scope(organizer=seeded_event.organizer), pytest.raises(MeetupDataError) as error:
        load_meetup_data(seeded_event, {"teaser": "x" * 600, "speakers": [{"name": 5}]})
    assert "teaser" in str(error.value) and "speakers" in str(error.value)
    assert snapshot(seeded_event) == before


def test_stored_unmatched_brace_does_not_break_the_meetup_page(admin_client, seeded_event):
    """Data written before the plugin checked braces: the plugin's own pages still answer."""
    seeded_event.settings.frontpage_text = {"de-informal": "Alt: keine }"}
    assert admin_client.get(PAGE_URL).status_code == 200


# Anything a person can type: markup, placeholders, braces, liquid, emoji, control characters, long words.
ANY_TEXT = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(list("{}[]()<>*_#`|\\%!\n-:"))),
    max_size=300,
) | st.sampled_from(["{event}", "{{", "}}", "{% include x %}", "<script>alert(1)</script>", "[a](javascript:x)",
                     "{meetup_announcement}", "x" * 250, "\u202e\u0000"])
# What JSON can carry besides: lone UTF-16 surrogates ("\ud800"), which no page, email or file can encode.
JSON_TEXT = ANY_TEXT | st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.characters(categories=["Cs"])), min_size=1, max_size=30)
TEXT_FIELDS = [f.key for f in all_fields() if f.i18n]


# Through the whole stack, each example in a savepoint rolled back after it (``rolled_back``): every example
# starts from the fixtures' state, which is why Hypothesis's warning about function-scoped fixtures is off.
THROUGH_THE_STACK = hsettings(max_examples=examples(0.1), suppress_health_check=[HealthCheck.function_scoped_fixture])


@THROUGH_THE_STACK
@given(values=st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, JSON_TEXT)),
       speaker=st.fixed_dictionaries({"name": JSON_TEXT, "role": JSON_TEXT, "bio": JSON_TEXT}))
def test_any_text_anywhere_never_breaks_a_page_or_an_email(client, admin_client, seeded_event, item, token,
                                                           values, speaker):
    with rolled_back():
        apply_confirmation_templates(seeded_event)
        payload = {name: {"de-informal": value} for name, value in values.items()}
        payload["speakers"] = [{"name": speaker["name"] or "N", "role": {"de-informal": speaker["role"]},
                                "bio": {"de-informal": speaker["bio"]}}]
        before = snapshot(seeded_event)
        response = patch(client, token, payload)
        assert response.status_code in (200, 400), response.content
        if response.status_code == 400:
            assert snapshot(seeded_event) == before
        pages_answer(client, admin_client)
        order = place_free_order(seeded_event, item, email="any@example.org")
        assert client.get(f"{SHOP}order/{order.code}/{order.secret}/").status_code == 200
        assert djmail.outbox
        for message in djmail.outbox:
            text, html = mail_parts(message)
            assert text and html


@THROUGH_THE_STACK
@given(values=st.fixed_dictionaries(dict.fromkeys(
           ("description", "teaser", "hint", "materials"), ANY_TEXT)),
       bio=ANY_TEXT, location=ANY_TEXT)
def test_any_text_through_the_meetup_page_never_breaks_a_page(client, admin_client, seeded_event, values, bio,
                                                              location):
    with rolled_back():
        data = page_data(admin_client)
        for name, value in values.items():
            data[i18n_key(f"meetup-{name}", "de-informal")] = value
        data[i18n_key("speakers-0-bio", "de-informal")] = bio
        data[i18n_key("meetup-location", "de-informal")] = location
        response = admin_client.post(PAGE_URL, data)
        assert response.status_code in (200, 302)
        pages_answer(client, admin_client)


def test_a_lone_surrogate_in_a_post_is_named_and_the_website_api_refuses_it(client, seeded_event, token):
    from pretix_oicmeetup.posts.parse import parse_post
    from pretix_oicmeetup.posts.structure import PostParseError

    with pytest.raises(PostParseError, match=r"U\+D800\) on line 3"):
        parse_post("---\ntitle: T\nteaser: a\ud800\n---\nText\n")
    url = "/api/v1/organizers/OIC-BIE/meetup-website/"
    for texts in ({"_posts/2025-01-01-a.md": "---\ntitle: a\udfff\n---\n"}, {"_posts/\ud800.md": "---\n"},
                  {"_data/events.yml": "- title: x\x00\n"}):
        response = client.post(url, json.dumps({"texts": texts}), content_type="application/json",
                                HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 400 and "cannot be saved" in response.content.decode(), response.content


@pytest.mark.parametrize("total, initial", [(-1, 2), (0, 2), (1, 2), (2, 1), (3, 3), (-1, -1)])
def test_a_speaker_list_sent_short_or_stale_saves_nothing(admin_client, seeded_event, total, initial):
    """A TOTAL_FORMS of -1 used to delete every speaker: the rows are replaced by what comes back."""
    before = snapshot(seeded_event)
    data = page_data(admin_client)
    data["meetup-hint_0"] = "Etwas Neues"  # a real edit alongside: it waits, too
    data["speakers-TOTAL_FORMS"], data["speakers-INITIAL_FORMS"] = str(total), str(initial)
    response = admin_client.post(PAGE_URL, data)
    assert response.status_code == 200
    assert "has changed since the page was opened" in response.content.decode()
    assert snapshot(seeded_event) == before


ROW_PREFIXES = ("speakers", "photos", "materials")


@THROUGH_THE_STACK
@given(counts=st.fixed_dictionaries({prefix: st.tuples(st.integers(-3, 6), st.integers(-3, 6))
                                     for prefix in ROW_PREFIXES}))
def test_no_formset_counts_change_an_unedited_meetup(admin_client, seeded_event, counts):
    """Whatever the management forms say, a page sent back without an edit changes nothing and answers."""
    with rolled_back():
        before = snapshot(seeded_event)
        data = page_data(admin_client)
        for prefix, (total, initial) in counts.items():
            data[f"{prefix}-TOTAL_FORMS"], data[f"{prefix}-INITIAL_FORMS"] = str(total), str(initial)
        response = admin_client.post(PAGE_URL, data)
        assert response.status_code in (200, 302)
        assert snapshot(seeded_event) == before
        with scopes_disabled():
            assert Speaker.objects.filter(event=seeded_event).count() == 2


ORGANIZER_PAGES = "/control/organizer/OIC-BIE/oicmeetup/"


@pytest.mark.parametrize("url, field, fill", [
    (PAGE_URL, "meetup-teaser_2", {}),
    (PAGE_URL + "import/", "text", {}),
    (ORGANIZER_PAGES + "series/add/", "info_2", {"name_2": "KI und Ehrenamt", "topic": "ki-ehrenamt"}),
    (ORGANIZER_PAGES + "speakers/add/", "bio_2", {"name": "Clara Beispiel"}),
    (ORGANIZER_PAGES + "defaults/", "target_audience_2", {}),
])
def test_a_nul_in_a_form_is_named_by_the_plugin_and_saves_nothing(organizer_admin, seeded_event, url, field, fill):
    """pretix answers a NUL in an urlencoded body with a generic 400 ("Wir konnten die Eingabe nicht
    verarbeiten"); every form of the plugin is sent as multipart, so its own fields say what is wrong."""
    from bs4 import BeautifulSoup

    from pretix_oicmeetup.models import Person, Series

    from .helpers import extract_form_data
    html = organizer_admin.get(url).content.decode()
    form = BeautifulSoup(html, "html.parser").select_one("form.form-horizontal")
    assert form.get("enctype") == "multipart/form-data"
    data = {**extract_form_data(html), **fill, field: "Vor\x00her"}
    with scopes_disabled():
        before = (snapshot(seeded_event), Series.objects.count(), Person.objects.count(),
                  dict(seeded_event.organizer.settings.freeze()))
    response = organizer_admin.post(url, data)  # the test client sends multipart, as the browser does
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "U+0000" in text or "Null characters are not allowed" in text, text[:3000]
    seeded_event.settings.flush()
    seeded_event.organizer.settings.flush()
    with scopes_disabled():
        assert before == (snapshot(seeded_event), Series.objects.count(), Person.objects.count(),
                          dict(seeded_event.organizer.settings.freeze()))
