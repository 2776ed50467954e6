"""One markdown dialect end to end (issue 25): what a real post shows as a list, in bold or as a link, attendees
see so on the shop page (the archive page for a Rückblick), in the HTML part of the email, and the website
gets back in the post written back.

The post's meaning is what the website shows: kramdown (Jekyll's GFM input), which on these posts reads
lists, emphasis and links as markdown-it (CommonMark) does, so markdown-it's reading of the post is the
reference here. pretix shows the imported texts with its own Python-Markdown, which reads a list that follows a
paragraph line as that paragraph's lines ("- Kontext bereit stellen" in the reference Rückblick).
"""
import re
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils.timezone import now
from django_scopes import scope, scopes_disabled
from i18nfield.strings import LazyI18nString
from markdown_it import MarkdownIt

from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates
from pretix_oicmeetup.mail.retrospective_rules import EVERYONE, create_rules
from pretix_oicmeetup.meetup.store import read, write
from pretix_oicmeetup.posts.export import export_post
from pretix_oicmeetup.posts.export_retrospective import export_retrospective
from pretix_oicmeetup.posts.importer import import_post
from pretix_oicmeetup.posts.parse import parse_post
from pretix_oicmeetup.posts.structure import extract_liquid, group_sections, parse_blocks, split_front_matter
from pretix_oicmeetup.presale.free_setup import apply_free_setup

from .helpers import hold, link_targets, mail_parts, place_free_order
from .test_retrospective import run_scheduled_emails

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
ANNOUNCEMENTS = sorted(DATA.glob("seed/*.txt")) + sorted(DATA.glob("examples/*.md"))
RETROSPECTIVES = sorted(DATA.glob("examples/rueckblick/*.md"))
ANNOUNCEMENTS = [p for p in ANNOUNCEMENTS if p.name != "README.md"]
RETROSPECTIVES = [p for p in RETROSPECTIVES if p.name != "README.md"]
SHOP = "/OIC-BIE/ki-zivil-10/"
# Sections of an announcement that the plugin shows as facts of its own, not as the post's markdown: the
# schedule (date, times and venue in pretix's block) and the registration (pretix's form).
FACT_SECTIONS = ("schedule", "registration")
# What the import leaves out on purpose, so no page shows it: of two sections with learning outcomes it
# takes the one that says "Am Ende" ("### Inhalt" of ki-new-work lists the programme).
NOT_IMPORTED = {"ki-new-work": {"Impuls zum Thema New Work", "anschließende Diskussionsrunde"}}

_commonmark = MarkdownIt("commonmark")


def squash(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def features(html: str, *, hrefs=None) -> dict:
    """List items, bold texts and links of rendered HTML, as text (links: their targets)."""
    soup = BeautifulSoup(html, "html.parser")
    for nested in soup.select("li ul, li ol"):
        nested.decompose()
    return {
        "list item": {squash(li.get_text(" ")) for li in soup.find_all("li")},
        "bold": {squash(b.get_text(" ")) for b in soup.find_all(["strong", "b"])},
        "link": set(hrefs if hrefs is not None else (a["href"] for a in soup.find_all("a", href=True))),
    }


def post_body(text: str) -> str:
    _front, body = split_front_matter(text.replace("\r\n", "\n"))
    body, _tags = extract_liquid(body)
    return re.sub(r"OICLIQUID\d+X", "", body)


def post_features(path: Path, retrospective: bool, recap_only: bool = False) -> dict:
    """What the website shows of the post's texts: markdown-it's reading of its body (for an announcement
    without the sections the plugin shows as facts of its own; ``recap_only``: of a Rückblick's text without
    its series info, as the parser takes it)."""
    body = post_body(path.read_text(encoding="utf-8"))
    if recap_only:
        body = parse_post(path.read_text(encoding="utf-8")).recap
    elif not retrospective:
        sections = group_sections(parse_blocks(body))
        body = "\n\n".join(block.source for section in sections if section.key not in FACT_SECTIONS
                           for block in section.blocks)
    found = features(_commonmark.render(body))
    found["link"] = {href for href in found["link"] if href.startswith(("http://", "https://", "mailto:"))}
    found["list item"] -= NOT_IMPORTED.get(path.stem, set())
    return found


def missing(expected: dict, html: str, hrefs=None) -> dict:
    shown = features(html, hrefs=hrefs)
    text = squash(BeautifulSoup(html, "html.parser").get_text(" "))
    result = {}
    for kind, values in expected.items():
        lost = sorted(v for v in values if v not in shown[kind])
        if kind != "link":  # a text the page shows in other words (a speaker's name as a heading) is no loss
            lost = [v for v in lost if v in text or kind == "list item"]
        if lost:
            result[kind] = lost
    return result


def open_for_registration(event):
    """The real posts' meetups are over; this one is ten days ahead, its registration open."""
    event.refresh_from_db()
    length = (event.date_to - event.date_from) if event.date_to else timedelta(minutes=90)
    event.date_from = now() + timedelta(days=10)
    event.date_to, event.date_admission, event.presale_end = event.date_from + length, None, None
    event.save()


def changed_in_pretix(event, key):
    """The organiser adds a sentence to a text on the meetup page: the post written back carries the text as
    pretix stores it."""
    current = read(event)[key]
    text = current.localize("de-informal") if isinstance(current, LazyI18nString) else str(current or "")
    write(event, {key: LazyI18nString({"de-informal": text + "\n\nEin Satz, in pretix ergänzt."})})


def shop_page(event) -> str:
    client = Client()
    client.cookies["pretix_language"] = "de-informal"
    response = client.get(SHOP)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("path", ANNOUNCEMENTS, ids=lambda p: p.stem)
def test_an_announcement_reads_alike_on_the_shop_page_in_the_email_and_written_back(event, item, outbox, path):
    text = path.read_text(encoding="utf-8")
    expected = post_features(path, retrospective=False)
    with scope(organizer=event.organizer):
        import_post(event, text, path.name)
        _name, written = export_post(event)
        assert written == text  # the team's post comes back as written
        changed_in_pretix(event, "description")
        _name, rewritten = export_post(event)
    assert rewritten != text
    assert missing(expected, _commonmark.render(post_body(rewritten))) == {}, "post written back after a change"
    open_for_registration(event)
    apply_free_setup(event)
    apply_confirmation_templates(event)
    page = shop_page(event)
    assert missing(expected, page, hrefs=link_targets(page)) == {}, "shop page"
    place_free_order(event, item)
    _text_part, html_part = mail_parts(outbox[-1])
    assert missing(expected, html_part) == {}, "confirmation email"


@pytest.mark.parametrize("path", RETROSPECTIVES, ids=lambda p: p.stem)
def test_a_rueckblick_reads_alike_on_the_archive_page_in_the_email_and_written_back(seeded_event, item, outbox,
                                                                                    path):
    event = seeded_event
    text = path.read_text(encoding="utf-8")
    expected = post_features(path, retrospective=True)
    place_free_order(event, item)
    with scope(organizer=event.organizer):
        import_post(event, text, path.name)
    event.settings.oicmeetup_retrospective_for_attendees = True  # the Rückblick may go to those who registered
    hold(event)
    apply_free_setup(event)
    page = shop_page(event)
    assert missing(expected, page, hrefs=link_targets(page)) == {}, "archive page"
    assert "<img" not in BeautifulSoup(page, "html.parser").get_text()  # an image of the post is no tag as text
    with scopes_disabled():
        create_rules(event, (EVERYONE,))
    outbox.clear()
    run_scheduled_emails(event)
    text_part, html_part = mail_parts(outbox[-1])
    assert "<img" not in text_part and "<img" not in BeautifulSoup(html_part, "html.parser").get_text()
    # the email carries the Rückblick's own text; the series info stays on the page
    assert missing(post_features(path, retrospective=True, recap_only=True), html_part) == {}, "Rückblick email"
    with scope(organizer=event.organizer):
        _name, content, _type = export_retrospective(event)
        assert content.decode("utf-8") == text  # the team's post comes back as written
        changed_in_pretix(event, "retrospective_recap")
        _name, content, _type = export_retrospective(event)
    rewritten = content.decode("utf-8")
    assert rewritten != text
    assert missing(expected, _commonmark.render(post_body(rewritten))) == {}, "post written back after a change"


# --- text typed in pretix ---------------------------------------------------------------------------

TYPED = "Bitte mitbringen:\n- einen Laptop\n- gute Laune"


def test_a_list_typed_on_the_meetup_page_is_a_list_everywhere_and_saving_again_changes_nothing(
        admin_client, seeded_event):
    """Typed right under its line, a list was dash lines in pretix and a list on the website: the write path
    stores every text, typed or imported, in the one dialect."""
    from .test_control import URL, i18n_key, page_data

    data = page_data(admin_client)
    data[i18n_key("meetup-hint", "de-informal")] = TYPED
    assert admin_client.post(URL, data).status_code == 302
    seeded_event.settings.flush()
    stored = read(seeded_event)["hint"].localize("de-informal")
    assert stored == "Bitte mitbringen:\n\n- einen Laptop\n- gute Laune"
    client = Client()
    client.cookies["pretix_language"] = "de-informal"
    html = client.get("/OIC-BIE/ki-zivil-10/").content.decode()
    items = [li.get_text(strip=True) for li in BeautifulSoup(html, "html.parser").select("li")]
    assert "einen Laptop" in items and "gute Laune" in items
    mark = seeded_event.logentry_set.count()
    assert admin_client.post(URL, page_data(admin_client)).status_code == 302  # the page sent back as it shows
    assert seeded_event.logentry_set.count() == mark


def test_the_api_and_the_page_store_a_typed_text_alike(seeded_event):
    with scope(organizer=seeded_event.organizer):
        changes = write(seeded_event, {"materials": LazyI18nString({"de-informal": "Laptop\n*Ladekabel"})})
        assert [c.field for c in changes] == ["materials"]
        first = read(seeded_event)["hint"], read(seeded_event)["materials"]
        assert write(seeded_event, {"hint": first[0], "materials": first[1]}) == []  # a second write: no change
