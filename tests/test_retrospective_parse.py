"""The Rückblick (retrospective) post parser: ``parse_post`` on the website's Rückblick posts.

The expected values are read off the posts by hand (see the comments), not copied from the parser: the
recap is the body as written, without the series info section ("### Info zur MeetUp-Reihe" up to the next
heading) and without the liquid includes (gallery, widget; a quote include becomes a block quote).
Real posts: ``data/examples/rueckblick`` (see its README); posts written for these tests:
``data/synthetic_retrospective`` (see its README).
"""
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from hypothesis import given, settings, strategies as st

from pretix_oicmeetup.meetup.dialect import pretix_markdown
from pretix_oicmeetup.posts.model import ParsedPost, ParsedRetrospective
from pretix_oicmeetup.posts.parse import is_retrospective, parse_post
from pretix_oicmeetup.posts.structure import PostParseError, group_sections, parse_blocks

from .helpers import examples

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
REAL = DATA / "examples" / "rueckblick"
SYNTHETIC = DATA / "synthetic_retrospective"
KEYS = ["kind", "title", "teaser", "authors", "categories", "date", "related_post", "gallery", "header_image",
        "recap"]
ANNOUNCEMENT_KEYS = ["kind", "title", "teaser", "authors", "categories", "pretix_event", "series", "series_number",
                     "event_date", "start", "end", "admission", "venue", "online", "speakers", "learning_outcomes",
                     "materials", "hint", "warnings", "retrospective_post"]
SERIES_HEADING = "Info zur MeetUp-Reihe"
SERIES_INFO_KI = (
    "Die aktuelle Meetup-Reihe der Open Innovation City Bielefeld, [**KI und Zivilgesellschaft**]"
    "(https://oic-bielefeld.de/ki/), stärkt die Innovationskraft der Bielefelder Zivilgesellschaft. In Meetups "
    "vermitteln Fachleute wichtige Kompetenzen zum kritischen Einsatz Künstlicher Intelligenz. Die Teilnehmenden "
    "bilden Communities of Practice (CoP). Die selbstständig arbeitenden Gruppen stehen für Offene Innovationen, "
    "Austausch und Co-Creation über Organisationsgrenzen hinaus."
)


def raw(path: Path) -> str:
    """The file's text exactly as stored (no newline translation: the CRLF post keeps its CRs)."""
    return path.read_bytes().decode("utf-8")


def body_of(path: Path) -> str:
    """The post's body: everything after the second ``---`` line."""
    return raw(path).split("\n---\n", 1)[1]


def parsed(path: Path):
    return parse_post(raw(path))


def series_sections(markdown: str) -> list:
    """The series info sections that the parser's own structure finds in a piece of markdown."""
    return [s for s in group_sections(parse_blocks(markdown)) if s.key == "series"]


# --- the three real Rückblick posts ------------------------------------------------------------------

def recap_barrierefreiheit() -> str:
    # The body is: a blank line, the text from "## Barrierefreiheit und KI" to "… wie sich die Ansätze
    # entwickeln.", a blank line, the gallery include (two lines), a blank line and the series info.
    body = body_of(REAL / "rueckblick-ki-barrierefreiheit.md")
    text, rest = body.split("\n\n{% include gallery.html", 1)
    assert re.fullmatch(r" \n   images=\"[^\"]*\" folder=\"[^\"]*\" %\}\n\n### Info zur MeetUp-Reihe\n[^\n]*\n", rest)
    return text.strip("\n")


def recap_kompetenz() -> str:
    # Same layout: text, the gallery include (one line), the series info.
    body = body_of(REAL / "rueckblick-ki-kompetenz.md")
    text, rest = body.split("\n\n{% include gallery.html", 1)
    assert re.fullmatch(r" folder=\"[^\"]*\" %\}\n\n### Info zur MeetUp-Reihe\n[^\n]*\n", rest)
    return text.strip("\n")


def recap_open_innovation_hour() -> str:
    # An online format: no gallery, no series info; "### Das Innovation Office" is part of the text. The
    # body's last line ends with two spaces (a line break marker with nothing after it): those go.
    body = body_of(REAL / "rueckblick-open-innovation-hour-3.md")
    assert "{%" not in body and SERIES_HEADING not in body
    body = body.strip("\n")
    assert body.endswith("(mailto:innovationen@bielefeld.de).  ")
    return body[:-2]


REAL_EXPECTED = {
    "rueckblick-ki-barrierefreiheit.md": {
        "kind": "retrospective",
        "title": "Ein Rückblick auf das MeetUp KI und Barrierefreiheit",
        "teaser": "Das 7. Meetup aus der Reihe KI und Zivilgesellschaft behandelte das Thema Barrierefreiheit. "
                  "Stephan Berkowitz gibt einen persönlichen Rückblick auf das MeetUp und teilt, was er gelernt hat.",
        "authors": ["Stephan Berkowitz"],
        "categories": ["Rückblick"],
        "date": "2025-10-15",
        "related_post": "ki-barrierefreiheit",
        "gallery": "/assets/images/events/meetup_ki_barrierefreiheit/",
        "header_image": "/assets/images/ki.png",
        "recap": recap_barrierefreiheit,
    },
    "rueckblick-ki-kompetenz.md": {
        "kind": "retrospective",
        "title": "Ein Rückblick auf das MeetUp KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.",
        "teaser": "Das 9. Meetup aus der Reihe KI und Zivilgesellschaft behandelte die Notwendigkeit von "
                  "KI-Kompetenz. Stephan Berkowitz gibt einen persönlichen Rückblick auf das MeetUp.",
        "authors": ["Stephan Berkowitz"],
        "categories": ["Rückblick"],
        "date": "2025-11-13",
        "related_post": "ki-kompetenz",
        "gallery": "/assets/images/events/meetup_ki_kompetenz/",
        "header_image": "/assets/images/ki.png",
        "recap": recap_kompetenz,
    },
    "rueckblick-open-innovation-hour-3.md": {
        "kind": "retrospective",
        "title": "Ein Rückblick auf die Open Innovation Hour vom 8. Januar 2026",
        "teaser": "Im Mittelpunkt der 3. Open Innovation Hour, einem OIC-Online-Format, stand die Frage: „Wie kann "
                  "ich selbst aktiv werden? Räume schaffen für soziale Innovationen.“ – Mit Henrik Remmert. Ein "
                  "persönlicher Rückblick von Sarah Bollmann.",
        "authors": ["Sarah Bollmann"],
        "categories": ["Rückblick"],
        "date": "2026-01-16",
        "related_post": "open-innovation-hour-aktiv-werden",
        "gallery": None,
        "header_image": None,  # header_image: " "
        "recap": recap_open_innovation_hour,
    },
}


def expected_real(name: str) -> dict:
    return {key: value() if callable(value) else value for key, value in REAL_EXPECTED[name].items()}


def test_the_real_posts_are_all_here():
    assert sorted(p.name for p in REAL.glob("*.md") if p.name != "README.md") == sorted(REAL_EXPECTED)


@pytest.mark.parametrize("name", sorted(REAL_EXPECTED))
def test_real_rueckblick(name):
    post = parsed(REAL / name)
    assert isinstance(post, ParsedRetrospective)
    result = post.as_json()
    assert list(result) == KEYS
    assert result == expected_real(name)
    assert post.warnings == []


def test_real_recaps_keep_what_the_author_wrote():
    """Spot checks on the recaps, written out, so that a wrong cut in the expected slices shows too."""
    barrierefreiheit = parsed(REAL / "rueckblick-ki-barrierefreiheit.md").recap
    assert barrierefreiheit.startswith("## Barrierefreiheit und KI\nDas Thema Barrierefreiheit wird an vielen ")
    assert barrierefreiheit.endswith("Ich bin gespannt darauf, wie sich die Ansätze entwickeln.")
    assert "\n### Ansatz 1 - KI-gestütztes online-System, um barrierefreie Lösungen zu finden \n" in barrierefreiheit
    assert "weniger komplex ist als Ansatz 1.\n\n\n### Mein persönliches Highlight" in barrierefreiheit  # as written
    assert '"Die AR-Brille von Ray Ban und Meta")\n \nDas war wie immer' in barrierefreiheit  # a line of one space
    assert "![Dr. Markus Paulußen steht vor einem Whiteboard." in barrierefreiheit  # images in the text stay
    assert "ki_barrierefreiheit_21.jpeg" not in barrierefreiheit  # only in the gallery include
    assert len(barrierefreiheit) > 5000

    kompetenz = parsed(REAL / "rueckblick-ki-kompetenz.md").recap
    assert kompetenz.startswith("Es ist schon etwas Besonderes, zwei Professor\\*innen, die")  # escapes as written
    assert kompetenz.endswith("Einen solchen Termin solltet Ihr Euch beim nächsten Mal nicht entgehen lassen.")
    for heading in ("### Würfeln", "### Fehler", "### Verbesserung der Korrektheit ", "### Schlusswort"):
        assert f"\n{heading}\n" in kompetenz
    assert "- Aufgabe in kleine Schritte zerlegen\n" in kompetenz

    hour = parsed(REAL / "rueckblick-open-innovation-hour-3.md").recap
    assert hour.startswith("## „Wie kann ich selbst aktiv werden?“ – ein Impuls von Henrik Remmert  \nViele von uns")
    assert "\n### Das Innovation Office  \nDas Innovation Office ist der zentrale Ort" in hour  # not series info
    assert hour.endswith("Schreib uns eine E-Mail an [innovationen@bielefeld.de](mailto:innovationen@bielefeld.de).")


@pytest.mark.parametrize("name", ["rueckblick-ki-barrierefreiheit.md", "rueckblick-ki-kompetenz.md"])
def test_real_series_info_and_gallery(name):
    post = parsed(REAL / name)
    assert post.values["series_info"] == SERIES_INFO_KI
    # stored in pretix's markdown: the list under "… geraten:" gets the blank line Python-Markdown needs
    assert post.values["retrospective_recap"] == pretix_markdown(post.recap)
    assert (post.values["retrospective_recap"] != post.recap) == (name == "rueckblick-ki-kompetenz.md")
    assert post.values["retrospective_authors"] == "Stephan Berkowitz"
    if name == "rueckblick-ki-barrierefreiheit.md":  # 21 images, no. 12 is missing on the website too
        assert [image for image, _ in post.gallery_images] == [
            f"ki_barrierefreiheit_{n}.jpeg" for n in range(1, 23) if n != 12]
        assert all(caption == "" for _, caption in post.gallery_images)
    else:
        assert post.gallery_images == []


def test_real_is_retrospective_false_does_not_win_over_related_post():
    # all three say "is_retrospective: false", yet name the announcement they look back on
    for name in REAL_EXPECTED:
        front = yaml.safe_load(raw(REAL / name).split("---\n")[1])
        assert front["is_retrospective"] is False and front["related_post"]
        assert is_retrospective(front)


# --- synthetic variants ------------------------------------------------------------------------------

def syn(name: str):
    return parsed(SYNTHETIC / f"{name}.md")


def test_crlf_line_endings():
    data = (SYNTHETIC / "daten-fuer-alle-crlf.md").read_bytes()
    assert data.count(b"\r\n") > 10 and b"\n" not in data.replace(b"\r\n", b"")
    post = syn("daten-fuer-alle-crlf")
    assert post.as_json() == {
        "kind": "retrospective", "title": "Rückblick: Daten für alle",
        "teaser": "Offene Daten in Bielefeld – ein Abend voller Fragen und Antworten.",
        "authors": ["Jana Beispiel", "Tom Muster"], "categories": ["rückblick"], "date": "2025-11-20",
        "related_post": "daten-fuer-alle", "gallery": "/assets/images/events/daten-fuer-alle/",
        "header_image": None,  # header_image: ""
        # the two blank lines between the first paragraphs are the author's; those around the removed
        # gallery become one; the series info (a bold line) goes
        "recap": "Was sind offene Daten, und wer darf sie nutzen? Darum ging es an diesem Abend.\n\n\n"
                 "Absatz zwei, nach zwei leeren Zeilen, wie geschrieben.\n\n"
                 "Zum Schluss haben wir eigene Fragen an die Daten der Stadt gesammelt.",
    }
    assert post.values["series_info"] == "Die Reihe **Daten für alle** erklärt offene Daten in einfachen Worten."
    lf = parse_post(data.decode("utf-8").replace("\r\n", "\n"))
    assert lf.as_json() == post.as_json()


def test_second_category_rueckschau_first_gallery_and_another_series_heading():
    post = syn("digitale-nachbarschaft-4")
    assert post.categories == ["Digitale Nachbarschaft", "Rückschau"]
    assert post.gallery == "/assets/images/events/nachbarschaft-4/vormittag/"  # the first of two
    assert post.gallery_images == []  # that include lists no images
    assert post.recap == ("Zum vierten Treffen der Reihe kamen Menschen aus drei Stadtteilen zusammen.\n\n"
                          "## Vormittag\n\nAm Vormittag ging es um Nachbarschafts-Apps und darum, wer sie "
                          "eigentlich nutzt.\n\n## Nachmittag\n\nAm Nachmittag wurden eigene Ideen skizziert.")
    assert post.values["series_info"].startswith("Die Reihe **Digitale Nachbarschaft** bringt")


def test_singular_author_and_category_keys():
    post = syn("ki-im-ehrenamt-rueckblick")  # author: "…", category: "Rückblick"
    assert (post.authors, post.categories) == (["Jana Beispiel"], ["Rückblick"])
    assert post.related_post == "ki-im-ehrenamt"  # " ki-im-ehrenamt " in the front matter
    assert post.as_json()["date"] == "2025-07-10"  # a quoted date
    # the thematic break "---" in the body is text, not the end of the front matter; the series section
    # "## Zur MeetUp-Reihe" goes up to the next heading "## Ausblick"
    assert post.recap == ("Die Runde war klein, das Gespräch dafür umso intensiver.\n\n---\n\n## Ausblick\n"
                          "Im Herbst geht es weiter, dann mit einem Schwerpunkt auf Datenschutz.")
    assert post.values["series_info"] == ("Das MeetUp gehört zur Reihe **KI und Zivilgesellschaft**.\n\n"
                                          "Mehr dazu auf der Seite der Reihe.")


def test_gallery_images_with_captions_on_several_lines():
    post = syn("ki-werkstatt-vereine-rueckschau")  # is_retrospective: true, category "Events"
    assert post.categories == ["Events"]
    assert post.gallery == "/assets/images/events/ki-werkstatt/"
    assert post.gallery_images == [("werkstatt-1.jpg", "Begrüßung der Teilnehmenden"),
                                   ("werkstatt-2.jpg", "Arbeit in Kleingruppen"), ("werkstatt-3.jpg", "")]
    assert post.recap == ("## Highlights des Abends\nDie KI-Werkstatt war ausgebucht: 24 Menschen aus 15 Vereinen "
                          "kamen ins Innovation Office.\n\nNach einer kurzen Einführung arbeiteten alle in "
                          "Kleingruppen an echten Texten aus ihrem Vereinsalltag.\n\n"
                          "Danke an alle, die mitgemacht haben!")


def test_gallery_images_a_caption_b():
    post = syn("lesecafe-digital-rueckschau")  # images="a.jpg|Caption,b.jpg"
    assert post.gallery == "/assets/images/events/lesecafe/"
    assert post.gallery_images == [("a.jpg", "Caption"), ("b.jpg", "")]
    assert post.recap == ("Im Lesecafé digital haben wir ausprobiert, wie man E-Books in der Stadtbibliothek "
                          "ausleiht.\n\nDanke an die Stadtbibliothek für die Unterstützung!")


def test_title_rueckschau_alone_makes_a_rueckblick():
    post = syn("lesecafe-digital-rueckschau")  # no related_post, no flag, category "Bildung"
    assert isinstance(post, ParsedRetrospective)
    assert (post.related_post, post.categories) == (None, ["Bildung"])
    assert post.warnings == ["The post names no announcement post it looks back on (related_post)."]


def test_flag_alone_makes_a_rueckblick():
    post = syn("stadtteilspaziergang")  # is_retrospective: true; title and category say nothing
    assert post.as_json() == {
        "kind": "retrospective", "title": "Stadtteilspaziergang Sennestadt",
        "teaser": "Mit offenen Augen durch die Sennestadt: was uns aufgefallen ist.",
        "authors": ["Tom Muster"], "categories": ["Stadtentwicklung"], "date": "2025-06-14",
        "related_post": None, "gallery": None, "header_image": None,
        "recap": "Zwanzig Menschen sind mit uns zwei Stunden durch die Sennestadt gelaufen.\n\n"
                 "Unterwegs haben wir Orte gesammelt, an denen Ideen für den Stadtteil entstehen könnten.",
    }


def test_flag_and_title_without_related_post():
    post = syn("offene-werkstatt-ehrenamt-rueckschau")
    result = post.as_json()
    assert (result["related_post"], result["categories"], result["header_image"]) == (None, [], None)
    assert result["authors"] == ["Jana Beispiel", "Tom Muster"]  # a flow list
    assert result["gallery"] == "/assets/images/events/werkstatt-ehrenamt/"
    # the gallery sat on its own line between two lines of one paragraph: it leaves a paragraph break
    assert result["recap"].endswith("- Weniger Werkzeuge sind oft mehr.\n\nWir haben viel gelacht.\n\n"
                                    "Bis zum nächsten Mal!")
    assert post.warnings == ["The post names no announcement post it looks back on (related_post)."]


def test_title_ein_rueckblick_auf_with_a_quote_and_a_widget():
    post = syn("repair-cafe-dezember")  # is_retrospective: false, no related_post: the title decides
    result = post.as_json()
    assert isinstance(post, ParsedRetrospective)
    assert result["date"] == "2025-12-05"  # date: 2025-12-05 18:30:00
    assert result["header_image"] == "/assets/images/repair.png"  # stripped
    assert result["categories"] == [] and result["authors"] == ["Tom Muster"]
    assert "confetti" not in result and post.front_matter["confetti"] is True
    assert result["recap"] == (
        "Im Dezember war das Innovation Office wieder eine **Werkstatt**. Mehr über das Format steht auf "
        "[unserer Seite](https://example.org/repair-cafe).\n\n"
        '![Zwei Menschen beugen sich über ein geöffnetes Radio.](/assets/images/events/repair-cafe/radio.jpg '
        '"Das Radio spielt wieder")\n\n'
        "Repariert wurden:\n1. drei Toaster,\n2. zwei Lampen,\n3. ein Radio.\n\n"
        "> Endlich läuft mein Toaster wieder!\n>\n> — Eine Besucherin\n\n"  # the quote include, as a block quote
        "### Nächster Termin\nMelde dich gleich für das nächste Repair-Café an:"  # the widget goes
    )


def test_quote_includes_inside_the_text():
    post = syn("zitate-im-text")
    # one quote in the middle of a sentence: the text before it stays above, the text after it goes below
    # the quote (not into it); one on several lines with an empty line in its text
    assert post.recap == (
        "Am Anfang stand ein Satz, der den Abend prägte:\n\n"
        "> Wer erzählt, erinnert sich.\n>\n> — Eine Besucherin\n\n"
        "Danach erzählten alle reihum.\n\n"
        "> Früher gab es hier einen Kiosk.\n>\n> Heute treffen wir uns im Café.\n>\n> — Ein Nachbar\n\n"
        "Zum Schluss haben wir die Geschichten gesammelt."
    )
    blocks = parse_blocks(post.recap)
    assert [b.kind for b in blocks] == ["paragraph", "quote", "paragraph", "quote", "paragraph"]


def test_series_heading_in_a_code_block_stays():
    post = syn("markdown-werkstatt-rueckblick")
    assert post.recap == (
        "In der Werkstatt haben wir gezeigt, wie ein Beitrag aufgebaut ist. So sieht das Ende eines Beitrags aus:"
        "\n\n```markdown\n### Info zur MeetUp-Reihe\nHier steht, worum es in der Reihe geht.\n```\n\n"
        "Danach kam die Frage, wie man Bilder einbindet."
    )
    assert post.values["series_info"] == ("Die Reihe **Website-Werkstatt** zeigt, wie die Beiträge der Website "
                                          "entstehen.")


def test_announcement_that_mentions_a_rueckblick_and_links_its_own():
    post = syn("ki-werkstatt-vereine")
    assert "Rückblick" in raw(SYNTHETIC / "ki-werkstatt-vereine.md").split("---\n")[2]
    assert isinstance(post, ParsedPost)
    result = post.as_json()
    assert list(result) == ANNOUNCEMENT_KEYS
    assert (result["kind"], result["retrospective_post"]) == ("announcement", "ki-werkstatt-vereine-rueckschau")
    assert result["pretix_event"] == "ki-werkstatt-2"


def test_event_titled_rueckblick_und_ausblick_is_an_announcement():
    post = syn("rueckblick-und-ausblick-2026")
    assert isinstance(post, ParsedPost)
    result = post.as_json()
    assert list(result) == ANNOUNCEMENT_KEYS
    assert (result["kind"], result["title"], result["retrospective_post"]) == (
        "announcement", "Rückblick und Ausblick 2026", None)
    assert (result["pretix_event"], result["event_date"], result["start"]) == ("jahrestreffen-2026", "2026-01-15",
                                                                              "17:00")


RUECKBLICK = '---\ntitle: "Ein Rückblick auf X"\nrelated_post: x\n---\n'


@pytest.mark.parametrize("body,recap,series_info", [
    # the gallery right above the series info, with no blank line between: the series info still goes
    ('Text.\n\n{% include gallery.html folder="/f/" %}\n**Info zur MeetUp-Reihe**\nDie Reihe.\n', "Text.",
     "Die Reihe."),
    ('Text.\n{% include gallery.html folder="/f/" %}\nInfo zur MeetUp-Reihe\n---\nDie Reihe.\n', "Text.",
     "Die Reihe."),
    # an include in the heading itself
    ('Text.\n\n### {% include icon.html name="info" %} Info zur MeetUp-Reihe\nDie Reihe.\n', "Text.", "Die Reihe."),
    # a quote include in the series info stays there, as a block quote
    ('Text.\n\n### Info zur MeetUp-Reihe\nDie Reihe.\n{% include quote.html text="Toll!" %}\n\n## Danach\nMehr.\n',
     "Text.\n\n## Danach\nMehr.", "Die Reihe.\n\n> Toll!"),
    # a "{%" that no "%}" closes is no include, but Jekyll would refuse the post: it goes with its line's rest
    ("Text {% include gallery.html folder=\n\nMehr.\n", "Text \n\nMehr.", None),  # the space is the author's
    ("{% if\n**Info zur MeetUp-Reihe**\nDie Reihe.\n", "", "Die Reihe."),
    # more includes than the parser marks (1000): the rest are cut out all the same
    ('{% include gallery.html folder="/f/" %}\n' * 1200 + "Text.\n{% include gallery.html folder=\"/g/\" %}\n", "Text.",
     None),
])
def test_series_info_found_as_the_recap_shows_it(body, recap, series_info):
    post = parse_post(RUECKBLICK + body)
    assert (post.recap, post.values.get("series_info")) == (recap, series_info)


def test_only_a_gallery_include_names_the_gallery():
    post = parse_post(RUECKBLICK + '{% include image.html folder="/bilder/" src="a.jpg" %}\n\nText.\n\n'
                      '{% include gallery.html folder="" %}\n{% include gallery.html folder=" /galerie/ " %}\n')
    assert (post.gallery, post.gallery_images, post.recap) == ("/galerie/", [], "Text.")


SYNTHETIC_KINDS = {
    "daten-fuer-alle-crlf": "retrospective", "digitale-nachbarschaft-4": "retrospective",
    "ki-im-ehrenamt-rueckblick": "retrospective", "ki-werkstatt-vereine-rueckschau": "retrospective",
    "ki-werkstatt-vereine": "announcement", "lesecafe-digital-rueckschau": "retrospective",
    "markdown-werkstatt-rueckblick": "retrospective", "offene-werkstatt-ehrenamt-rueckschau": "retrospective",
    "repair-cafe-dezember": "retrospective", "rueckblick-und-ausblick-2026": "announcement",
    "stadtteilspaziergang": "retrospective", "zitate-im-text": "retrospective",
}


def test_every_synthetic_post_is_tested():
    assert sorted(p.stem for p in SYNTHETIC.glob("*.md") if p.name != "README.md") == sorted(SYNTHETIC_KINDS)


# --- which posts are Rückblicke -----------------------------------------------------------------------

@pytest.mark.parametrize("front,expected", [
    ({"title": "MeetUp", "related_post": "meetup"}, True),
    ({"title": "MeetUp", "related_post": "  "}, False),
    ({"title": "MeetUp", "is_retrospective": True}, True),
    ({"title": "MeetUp", "is_retrospective": False}, False),
    ({"title": "MeetUp", "categories": ["KI", "Rückblick"]}, True),
    ({"title": "MeetUp", "category": "Rückschau"}, True),
    ({"title": "MeetUp", "category": "Rückblick", "retrospective_post": "meetup-rueckblick"}, False),
    ({"title": "Ein Rückblick auf das MeetUp"}, True),
    ({"title": "Ein Rückblick auf das MeetUp", "retrospective_post": "meetup-rueckblick"}, False),
    ({"title": "MeetUp - Rückschau"}, True),
    ({"title": "MeetUp – Rückblick"}, True),
    # the word anywhere in the title, alone or in a compound (titles of the website's posts)
    ({"title": "AI-driven Innovation - wie KI im Innovationsprozess unterstützen kann. - Meetup-Rückblick -"}, True),
    ({"title": " KI und Zivilgesellschaft: Ein Rückblick auf 10 inspirierende Meetups."}, True),
    ({"title": "Unser Jahresrückblick 2025"}, True),
    ({"title": "Rückblicke und Einblicke aus dem Ehrenamt"}, True),
    ({"title": "Blick zurück nach vorn"}, False),
    ({"title": "Open Innovation Hour: Rückblick auf das Jahr"}, True),
    ({"title": "Rückblick und Ausblick 2026"}, False),
    ({"title": "Rückblick & Ausblick"}, False),
    ({"title": "KI und Zivilgesellschaft", "categories": ["KI und Zivilgesellschaft"]}, False),
])
def test_is_retrospective(front, expected):
    assert is_retrospective(front) is expected


def test_a_title_with_the_word_and_a_registration_is_an_event():
    """"Open Innovation Hour: Rückblick auf das Jahr" with its pretix widget invites to an event."""
    front = {"title": "Open Innovation Hour: Rückblick auf das Jahr"}
    assert is_retrospective(front, registration=True) is False
    assert is_retrospective({**front, "related_post": "x"}, registration=True) is True


ANNOUNCEMENTS = sorted(p for p in (DATA / "examples").glob("*.md") if p.name != "README.md") + sorted(
    (DATA / "seed").glob("*.txt"))


def test_the_real_announcements_are_all_here():
    assert len(ANNOUNCEMENTS) == 7  # six examples and the seed


@pytest.mark.parametrize("path", ANNOUNCEMENTS, ids=lambda p: p.name)
def test_real_announcements_stay_announcements(path):
    post = parsed(path)
    assert isinstance(post, ParsedPost)
    result = post.as_json()
    assert result["kind"] == "announcement" and list(result) == ANNOUNCEMENT_KEYS


# --- invariants -----------------------------------------------------------------------------------

ALL_POSTS = sorted(p for p in [*REAL.glob("*.md"), *SYNTHETIC.glob("*.md")] if p.name != "README.md")
RETROSPECTIVES = [p for p in ALL_POSTS if p.parent == REAL or SYNTHETIC_KINDS.get(p.stem) == "retrospective"]


def as_post(result: dict) -> str:
    """A Rückblick post made from ``as_json``: its front matter, the recap and the gallery include."""
    front = {"title": result["title"], "teaser": result["teaser"], "authors": result["authors"],
             "categories": result["categories"], "date": result["date"], "related_post": result["related_post"],
             "header_image": result["header_image"], "is_retrospective": True}
    front = {key: value for key, value in front.items() if value not in (None, [])}
    gallery = f'\n\n{{% include gallery.html folder="{result["gallery"]}" %}}' if result["gallery"] else ""
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + result["recap"] + gallery + "\n"


def check_invariants(post):
    result = post.as_json()
    assert list(result) == KEYS and result["kind"] == "retrospective"
    assert json.loads(json.dumps(result)) == result
    assert "{%" not in result["recap"]
    assert series_sections(result["recap"]) == []
    # no blank lines at the start or the end (indentation of a first line is markdown: it stays)
    assert result["recap"] == result["recap"].rstrip() and result["recap"].partition("\n")[0].strip() != "" \
        or result["recap"] == ""
    assert result["header_image"] is None or result["header_image"] == result["header_image"].strip() != ""


@pytest.mark.parametrize("path", RETROSPECTIVES, ids=lambda p: p.stem)
def test_invariants(path):
    post = parsed(path)
    check_invariants(post)
    if "```" not in post.recap:
        assert SERIES_HEADING not in post.recap and "Über die Reihe" not in post.recap


@pytest.mark.parametrize("path", ALL_POSTS, ids=lambda p: p.stem)
def test_line_endings_change_nothing(path):
    """A post saved on Windows (CRLF) or elsewhere (LF) says the same: the parse is the same."""
    text = raw(path).replace("\r\n", "\n")
    assert parse_post(text.replace("\n", "\r\n")).as_json() == parse_post(text).as_json()


def test_a_parse_does_not_depend_on_the_posts_parsed_before():
    """No state is kept from one post to the next: every post parses the same in reverse order."""
    forward = {path: parsed(path).as_json() for path in ALL_POSTS}
    assert {path: parsed(path).as_json() for path in reversed(ALL_POSTS)} == forward


@pytest.mark.parametrize("path", RETROSPECTIVES, ids=lambda p: p.stem)
def test_parsing_the_result_again_gives_the_same(path):
    """Idempotent: a post made of the parsed Rückblick parses to the same Rückblick."""
    first = parsed(path).as_json()
    again = parse_post(as_post(first)).as_json()
    assert again == first


LINES = [
    "Text.", "Noch ein Satz mit **fett** und [Link](https://example.org).", "", "", "---", "- Punkt", "> Zitat",
    "### Info zur MeetUp-Reihe", "## Info zur Reihe", "**Info zur MeetUp-Reihe**", "**Info zur MeetUp-Reihe:** Text",
    "### Das Innovation Office", "## Ausblick", "#### Unterpunkt", "### Kontakt", "**Kontakt**", "```", "~~~",
    "    eingerückt", '{% include gallery.html folder="/f/" %}', '{% include gallery.html images="a.jpg|A,b.jpg" %}',
    '{% include quote.html text="Ein Zitat." author="Ada" %}', '{% include quote.html text="Zwei\n\nAbsätze" %}',
    'Vorher {% include quote.html text="Mitten drin" %} nachher.', '{% include pretix-widget.html event="e" %}',
    "{% if x %}", "{% endif %}", "{% include offen", "{{% a %}%", "100 %}", "{ % }", "{%", "%}", "<div>", "</div>",
    "Info zur MeetUp-Reihe\n---", "\r", "### {% include icon.html %} Info zur MeetUp-Reihe", "Info zur MeetUp-Reihe",
    "===", "  - eingerückt", "1. Nummer", "***", "[ref]: https://example.org", "<!-- Kommentar -->",
    '**Info zur MeetUp-Reihe** {% include quote.html text="Z" %}',
]


@settings(max_examples=examples(1))
@given(st.lists(st.sampled_from(LINES), max_size=30))
def test_invariants_on_post_shaped_noise(lines):
    post = parse_post('---\ntitle: "Ein Rückblick auf X"\nrelated_post: x\n---\n' + "\n".join(lines))
    check_invariants(post)


@settings(max_examples=examples(1))
@given(st.lists(st.sampled_from(LINES), max_size=30))
def test_idempotent_on_post_shaped_noise(lines):
    first = parse_post('---\ntitle: "Ein Rückblick auf X"\nrelated_post: x\n---\n' + "\n".join(lines)).as_json()
    assert parse_post(as_post(first)).as_json() == first


@settings(max_examples=examples(1))
@given(st.text(alphabet="{%}ab \n#*>-`\"=", max_size=200))
def test_no_liquid_in_any_recap(body):
    post = parse_post('---\ntitle: "Ein Rückblick auf X"\n---\n' + body)
    assert "{%" not in post.recap


MB = 1000 * 1000


def fill(unit: str) -> str:
    return (unit * (MB // len(unit) + 1))[:MB]


@pytest.mark.parametrize("body", [
    fill('{% include gallery.html folder="/f/" images="a.jpg|A,b.jpg" %}\n'),
    fill('a {% include quote.html text="q" author="A" %} b '),
    fill('{% include quote.html text="q\n\nr" author="A" %}\n'),
    fill("{% x "), fill("{{% a %}%"), fill("### Info zur MeetUp-Reihe\ntext\n\n"),
    fill("**Info zur MeetUp-Reihe**\n\n"),
    fill("x\n```\n### Info zur MeetUp-Reihe\n```\n"), fill("**a "), fill("[["), fill("### Heading with words\n"),
], ids=["galleries", "inline quotes", "quote lines", "unclosed tags", "joined tags", "series headings",
        "bold series lines", "fences", "bold words", "brackets", "headings"])
def test_a_pathological_megabyte_rueckblick_is_parsed_in_linear_time(body):
    started = time.monotonic()
    try:
        post = parse_post(RUECKBLICK + body)
    except PostParseError:
        pass  # "more than 20,000 lines" is an answer too
    else:
        assert "{%" not in post.recap
    assert time.monotonic() - started < 10


# --- command line -----------------------------------------------------------------------------------

def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "DATA_DIR")}
    env.update(PRETIX_CONFIG_FILE="/dev/null", DATA_DIR=str(cwd / "pretix-data"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180)


CLI_POSTS = [REAL / name for name in sorted(REAL_EXPECTED)] + [
    SYNTHETIC / "daten-fuer-alle-crlf.md", SYNTHETIC / "zitate-im-text.md", SYNTHETIC / "ki-werkstatt-vereine.md"]


def pretix_command(path) -> str:
    """What ``python -m pretix oicmeetup_parse`` prints, in this process (the command as a subprocess, which
    starts all of pretix, is tested in ``make e2e``: test_postparser.py)."""
    out = io.StringIO()
    call_command("oicmeetup_parse", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("command", ["posts", "pretix"])
@pytest.mark.parametrize("path", CLI_POSTS, ids=lambda p: p.stem)
def test_command_line_prints_as_json(command, path, tmp_path):
    if command == "posts":
        result = run(["-m", "pretix_oicmeetup.posts", str(path)], cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        output = result.stdout
    else:
        output = pretix_command(path)
    printed = json.loads(output)
    expected = parsed(path).as_json()
    assert printed == expected and list(printed) == list(expected)
    if path.parent == REAL:
        assert printed == expected_real(path.name)
