"""The organizer's meetup series as organisers use them: editions that carry the same series name share one
series; a change of the series reaches exactly the upcoming editions (their log names exactly the changed
field), past editions keep what was announced; picking a series on the meetup page fills it in with the next
free number; bad input changes nothing; every page checks pretix's organizer permissions."""
from datetime import timedelta

import pytest
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.base.models import Event, LogEntry

from pretix_oicmeetup.meetup.log import MEETUP_SERIES_CHANGED
from pretix_oicmeetup.meetup.store import read, write
from pretix_oicmeetup.models import Series, SeriesEdition
from pretix_oicmeetup.series.log import SERIES_CHANGED, SERIES_CREATED
from pretix_oicmeetup.series.records import series_of

from .helpers import assert_organizer_page_permissions, extract_form_data

pytestmark = pytest.mark.django_db

LIST = "/control/organizer/OIC-BIE/oicmeetup/series/"
ADD = LIST + "add/"
NEW_INFO = "Die Reihe geht 2027 weiter: jeden zweiten Dienstag im Monat."


def soon(days):
    return (now() + timedelta(days=days)).replace(second=0, microsecond=0)  # as the meetup page's fields keep it


def edit_url(series):
    return f"{LIST}{series.pk}/"


@pytest.fixture
def following(organizer, seeded_event):
    """The next edition, ahead, named with other spacing and case than the held reference meetup (whose
    registration is closed now)."""
    seeded_event.presale_end = now() - timedelta(days=1)
    seeded_event.save()
    event = Event.objects.create(organizer=organizer, name="KI und Datenschutz", slug="ki-zivil-11", currency="EUR",
                                 live=True, date_from=soon(30), plugins="pretix_oicmeetup")
    event.settings.locales, event.settings.locale = ["de-informal", "de"], "de-informal"
    with scope(organizer=organizer):
        write(event, {"series_name": LazyI18nString({"de-informal": "ki und  Zivilgesellschaft"}),
                      "series_number": 10})
    return event


def the_series(organizer):
    with scopes_disabled():
        return Series.objects.get(organizer=organizer)


def meetup_logs(event):
    with scopes_disabled():
        return list(LogEntry.objects.filter(event=event, action_type__startswith="pretix_oicmeetup.meetup")
                    .order_by("pk"))


def stored_series():
    with scopes_disabled():
        return list(Series.objects.order_by("pk").values_list("name", "topic", "url", "info"))


def series_form(client, series, **texts):
    """The series' form as the browser sends it, with ``texts`` (field name to text) in every language."""
    data = extract_form_data(client.get(edit_url(series)).content.decode(), "form.form-horizontal")
    for name, text in texts.items():
        data.update({key: text for key in data if key.rsplit("_", 1)[0] == name and key[len(name) + 1:].isdigit()})
    return data


def test_editions_with_the_same_name_share_one_series(organizer, seeded_event, following):
    series = the_series(organizer)  # the reference meetup's loading created it, the next edition joined
    assert series_of(seeded_event) == series_of(following) == series
    assert series.topic == "ki-zivilgesellschaft" and series.url == "https://oic-bielefeld.de/ki/"
    assert "Die aktuelle Meetup-Reihe" in str(series.info)
    with scopes_disabled():
        created = LogEntry.objects.filter(organizer_id=organizer.pk, action_type=SERIES_CREATED)
        assert created.count() == 1


def test_a_change_of_the_series_reaches_exactly_the_upcoming_editions(organizer_admin, organizer, seeded_event,
                                                                      following):
    series = the_series(organizer)
    past_before, past_logs = read(seeded_event), meetup_logs(seeded_event)
    following_logs = meetup_logs(following)
    data = series_form(organizer_admin, series, info=NEW_INFO)
    response = organizer_admin.post(edit_url(series), data)
    assert response.status_code == 302
    seeded_event.settings.flush()
    following.settings.flush()
    assert str(read(following)["series_info"]) == NEW_INFO
    assert read(seeded_event) == past_before and meetup_logs(seeded_event) == past_logs  # kept as announced
    new_logs = meetup_logs(following)[len(following_logs):]
    assert [(log.action_type, log.parsed_data["fields"]) for log in new_logs] == [
        (MEETUP_SERIES_CHANGED, ["series_info"])]
    with scopes_disabled():
        organizer_log = LogEntry.objects.filter(organizer_id=organizer.pk, action_type=SERIES_CHANGED).get()
    assert organizer_log.parsed_data == {"id": series.pk, "topic": "ki-zivilgesellschaft",
                                         "fields": ["series_info"], "upcoming": 1, "past": 1}
    # the shop shows the upcoming edition with the new text
    organizer_admin.cookies["pretix_language"] = "de-informal"
    assert NEW_INFO in organizer_admin.get("/OIC-BIE/ki-zivil-11/").content.decode()


def test_saving_the_series_unchanged_writes_nothing(organizer_admin, organizer, seeded_event, following):
    series = the_series(organizer)
    logs = meetup_logs(following)
    organizer_admin.post(edit_url(series), series_form(organizer_admin, series))
    assert meetup_logs(following) == logs
    with scopes_disabled():
        assert not LogEntry.objects.filter(organizer_id=organizer.pk, action_type=SERIES_CHANGED).exists()


def test_a_renamed_series_keeps_its_past_editions(organizer_admin, client, organizer, seeded_event, following):
    series = the_series(organizer)
    data = series_form(organizer_admin, series, name="KI & Gesellschaft")
    data["topic"] = "ki-gesellschaft"
    assert organizer_admin.post(edit_url(series), data).status_code == 302
    following.settings.flush()
    seeded_event.settings.flush()
    assert str(read(following)["series_name"]) == "KI & Gesellschaft"
    assert read(following)["series_topic"] == "ki-gesellschaft"
    assert str(read(seeded_event)["series_name"]) == "KI und Zivilgesellschaft"  # as it was announced
    # a later edit of the past edition (its Rückblick, say) does not move it out of the series
    with scope(organizer=organizer):
        write(seeded_event, {"retrospective_recap": LazyI18nString({"de-informal": "Es war schön."})})
    assert series_of(seeded_event) == series_of(following) == the_series(organizer)
    client.cookies["pretix_language"] = "de-informal"
    html = client.get("/OIC-BIE/_series/ki-gesellschaft/").content.decode()
    assert "KI-Kompetenz" in html and "KI und Datenschutz" in html and "KI &amp; Gesellschaft" in html
    old = client.get("/OIC-BIE/_series/ki-zivilgesellschaft/")  # the address before the renaming leads on
    assert (old.status_code, old["Location"]) == (301, "/OIC-BIE/_series/ki-gesellschaft/")


def test_picking_a_series_fills_it_in_with_the_next_free_number(organizer_admin, organizer, seeded_event,
                                                                following):
    series = the_series(organizer)
    event = Event.objects.create(organizer=organizer, name="KI und Bildung", slug="ki-zivil-12", currency="EUR",
                                 live=True, date_from=soon(60), plugins="pretix_oicmeetup")
    event.settings.locales, event.settings.locale = ["de-informal", "de"], "de-informal"
    page = f"/control/event/OIC-BIE/{event.slug}/oicmeetup/"
    data = extract_form_data(organizer_admin.get(page).content.decode(), "form.form-horizontal")
    assert data["series-series"] == ""
    data["series-series"] = str(series.pk)
    assert organizer_admin.post(page, data).status_code == 302
    event.settings.flush()
    values = read(event)
    assert str(values["series_name"]) == str(series.name) and values["series_topic"] == series.topic
    assert values["series_number"] == 11 and series_of(event) == series  # 9 and 10 are taken
    (log,) = meetup_logs(event)
    assert sorted(log.parsed_data["fields"]) == ["series_info", "series_name", "series_number", "series_topic",
                                                 "series_url"]
    # an edition of a series without a number is offered the next free one
    with scope(organizer=organizer):
        write(event, {"series_number": None})
    assert 'placeholder="11"' in organizer_admin.get(page).content.decode()


def test_picking_no_series_takes_the_meetup_out(organizer_admin, organizer, seeded_event, following):
    page = f"/control/event/OIC-BIE/{following.slug}/oicmeetup/"
    data = extract_form_data(organizer_admin.get(page).content.decode(), "form.form-horizontal")
    assert data["series-series"] == str(the_series(organizer).pk)
    data["series-series"] = ""
    assert organizer_admin.post(page, data).status_code == 302
    following.settings.flush()
    values = read(following)
    assert values["series_name"] is None and values["series_number"] is None and series_of(following) is None
    assert series_of(seeded_event) == the_series(organizer)


def test_an_event_copy_is_the_next_edition_of_the_series(organizer, seeded_event, following):
    from pretix_oicmeetup.event_copy import copy_meetup

    copy = Event.objects.create(organizer=organizer, name="KI und Bildung", slug="ki-zivil-12", currency="EUR",
                                date_from=soon(60), plugins="pretix_oicmeetup")
    copy.settings.oicmeetup_series_name = following.settings.oicmeetup_series_name  # pretix copies settings
    copy.settings.oicmeetup_series_number = 10
    with scope(organizer=organizer):
        copy_meetup(copy, following)
    copy.settings.flush()
    assert copy.settings.get("oicmeetup_series_number", as_type=int) == 11 and series_of(copy) == series_of(following)


@pytest.mark.parametrize("change,message", [
    ({"topic": "KI Zivil"}, "Please use only lowercase letters"),
    ({"url": "javascript:alert(1)"}, "https://"),
    ({"name": ""}, "This field is required."),
    ({"topic": "open-innovation-hour"}, "Another series of this organizer already has this topic."),
    ({"name": "Open Innovation Hour"}, "Another series of this organizer already has this name."),
])
def test_bad_input_is_refused_and_changes_nothing(organizer_admin, organizer, seeded_event, following, change,
                                                  message):
    with scopes_disabled():
        Series.objects.create(organizer=organizer, name=LazyI18nString({"de-informal": "Open Innovation Hour"}),
                              topic="open-innovation-hour")
        series = Series.objects.get(organizer=organizer, topic="ki-zivilgesellschaft")
    before = (read(following), meetup_logs(following), stored_series())
    texts = {k: v for k, v in change.items() if k == "name"}
    data = series_form(organizer_admin, series, **texts)
    data.update({k: v for k, v in change.items() if k not in texts})
    organizer_admin.cookies["pretix_language"] = "en"
    response = organizer_admin.post(edit_url(series), data)
    assert response.status_code == 200 and message in response.content.decode()
    following.settings.flush()
    assert (read(following), meetup_logs(following), stored_series()) == before


def test_creating_a_series(organizer_admin, organizer, seeded_event):
    data = extract_form_data(organizer_admin.get(ADD).content.decode(), "form.form-horizontal")
    data.update({key: "Open Innovation Hour" for key in data if key.startswith("name_")})
    data.update({"topic": "open-innovation-hour", "info_0": "Eine Stunde."})
    assert organizer_admin.post(ADD, data).status_code == 302
    with scopes_disabled():
        created = Series.objects.get(organizer=organizer, topic="open-innovation-hour")
        assert not created.editions.exists()
        assert LogEntry.objects.filter(organizer_id=organizer.pk, action_type=SERIES_CREATED,
                                       data__contains='"open-innovation-hour"').exists()
    listing = organizer_admin.get(LIST).content.decode()
    assert "Open Innovation Hour" in listing and "KI-Kompetenz" in listing


@pytest.mark.parametrize("method,path_of", [
    ("get", lambda s: LIST), ("get", lambda s: ADD), ("post", lambda s: ADD), ("get", edit_url),
    ("post", edit_url),
])
def test_every_series_page_checks_the_organizer_permission(client, organizer, seeded_event, method, path_of):
    def unchanged():
        with scopes_disabled():
            assert not Series.objects.filter(topic="gekapert").exists()

    path = path_of(the_series(organizer))
    assert_organizer_page_permissions(client, organizer, method, path, {"name_0": "Gekapert", "topic": "gekapert"},
                                      readable=path == LIST, unchanged=unchanged)


def test_the_navigation_shows_the_series_to_organizer_teams(organizer_admin, seeded_event):
    html = organizer_admin.get("/control/organizer/OIC-BIE/").content.decode()
    assert LIST in html


def test_a_meetup_without_a_series_name_belongs_to_no_series(organizer, event):
    with scope(organizer=organizer):
        write(event, {"title": LazyI18nString({"de-informal": "Ohne Reihe"})})
    with scopes_disabled():
        assert not SeriesEdition.objects.filter(event=event).exists()
        assert not Series.objects.filter(organizer=organizer).exists()
