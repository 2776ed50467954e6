"""Speakers wherever a post presents them, their roles and profile links; prerequisites and format.

The synthetic posts in tests/data/synthetic are written for these tests in the website's style (see
tests/data/README.md); the expected values are read off each post by hand."""
from pathlib import Path

import pytest

from pretix_oicmeetup.posts.parse import parse_post

DATA = Path(__file__).resolve().parent / "data"
LI = "https://www.linkedin.com/in/"

SYNTHETIC = {
    "intro-impuls.md": [("Dr. Jana Wilke", LI + "jana-wilke-example/",
                         "Referentin für Digitalisierung beim Paritätischen NRW")],
    "teaser-mit.md": [("Henrik Albers", None, "Leiter des Bürgerbüros der Stadt Bielefeld")],
    "agenda.md": [("Tobias Brandt", None, "Open Data Beauftragter der Stadt Bielefeld"),
                  ("Leonie Yilmaz", "https://www.xing.com/profile/Leonie_Yilmaz", "Gründerin von Datenwerk OWL")],
    "panel.md": [
        ("Prof. Dr. Sabine Krüger", None, "Professorin für Soziale Arbeit an der Fachhochschule Bielefeld"),
        ("Murat Demir", None, "Vorstand Bielefelder Tafel e.V."),
        ("Katrin Vogt", LI + "katrin-vogt-example/", "Geschäftsführerin der Freiwilligenagentur Bielefeld"),
        ("Jonas Hartmann", None, "Gründer von Ehrenamt Digital"),
        ("Dr. Eva Lindqvist", None, "Universität Bielefeld"),
        ("Ole Petersen", None, "Quartiersmanager in Sennestadt"),
        ("Lara Scholz", None, "Open Innovation City Bielefeld"),
    ],
    "one-sentence.md": [("Dr. Anja Kowalski", None, "Universität Bielefeld"),
                        ("Felix Brandner", None, "Lehrer am Ratsgymnasium Bielefeld"),
                        ("Yasemin Aydın", None, "Gründerin der Lernwerkstatt Brackwede")],
    "fachexpertise-forms.md": [
        ("Claudia Reimers", "https://www.hsbi.de/personen/claudia-reimers",
         "Professorin für Umweltinformatik an der Hochschule Bielefeld"),
        ("Dr. Stefan Ohlendorf", LI + "stefan-ohlendorf-example/",
         "Lehrstuhl für Nachhaltige Informatik an der Universität Paderborn"),
        ("Mara Lindemann", None, "Klimaschutzmanagerin der Stadt Gütersloh"),
    ],
    "gast-referentin.md": [("Katharina Meyer-Lenz", None, "Stiftung Begegnung"), ("Paul Schneider", None, "")],
    "no-speakers.md": [],
}


def synthetic(name):
    return parse_post((DATA / "synthetic" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_synthetic_posts(name):
    post = synthetic(name)
    assert [(s.name, s.profile_url, s.role) for s in post.speakers] == SYNTHETIC[name]


def test_every_synthetic_post_is_right():
    right = sum([(s.name, s.profile_url, s.role) for s in synthetic(name).speakers] == expected
                for name, expected in SYNTHETIC.items())
    assert right == len(SYNTHETIC)


def test_bios_of_the_synthetic_speakers():
    reimers, ohlendorf, lindemann = synthetic("fachexpertise-forms.md").speakers
    # the role in parentheses leaves a sentence without subject: the name is put back
    assert reimers.bio == "Claudia Reimers forscht zu Energiesystemen. Sie leitet das Projekt GreenAI."
    assert ohlendorf.bio == "Er beschäftigt sich mit dem Energiebedarf großer Sprachmodelle."
    assert lindemann.bio == "Mara Lindemann bringt Beispiele aus der Praxis mit."


def test_seed_speaker_roles_and_bios():
    post = parse_post((DATA / "seed" / "000_8dce05a3aed1be33.txt").read_text(encoding="utf-8"))
    hammer, paassen = post.speakers
    assert hammer.role == "Professorin für Maschinelles Lernen an der Universität Bielefeld"
    assert hammer.bio.startswith("Ihr Forschungsschwerpunkt liegt")
    assert paassen.role == ("Juniorprofessur für Wissensrepräsentation und Maschinelles Lernen an der "
                            "Universität Bielefeld")
    assert paassen.bio.startswith("Zentrale Forschungsfragen sind,")
    assert paassen.bio.endswith("Benjamin Paaßen forscht vor allem an KI-Systemen in der Bildung.")
    assert (post.values["format"], post.values["prerequisites"]) == ("Impuls-Workshop", "Keine Vorkenntnisse notwendig")


EXAMPLE_DETAILS = {
    # name: (speakers' roles, format, prerequisites)
    "ki-barrierefreiheit.md": (["Experte für Digitale Barrierefreiheit und KI"], "Impuls-Workshop", None),
    "ki-new-work.md": (["Experte für das Thema New Work"], None, None),
    "open-innovation-hour-beharrungstendenzen.md": (["Head of Corporate Innovation der Melitta Gruppe"], None,
                                                    None),
    "open-innovation-hour-methoden.md": ([], None, None),
    # "Die Handreichung ist kostenlos und ohne Vorkenntnisse nutzbar." is about the handout, not the meetup
    "wirkungsorientierung-meetup.md": (["Projektmanagerin Nachhaltige Soziale Marktwirtschaft bei der Bertelsmann "
                                        "Stiftung", "Projektmanagerin Open Innovation City"], None, None),
}


@pytest.mark.parametrize("name", sorted(EXAMPLE_DETAILS))
def test_example_roles_format_prerequisites(name):
    post = parse_post((DATA / "examples" / name).read_text(encoding="utf-8"))
    found = ([s.role for s in post.speakers], post.values["format"], post.values["prerequisites"])
    assert found == EXAMPLE_DETAILS[name]


def body(text, teaser=None):
    front = "---\ntitle: T\n" + (f'teaser: "{teaser}"\n' if teaser else "") + "---\n"
    return parse_post(front + text)


@pytest.mark.parametrize("text", [
    "Die Open Innovation City Bielefeld ist ein Projekt der Stadt Bielefeld.",
    "Gemeinsam mit der Universität Bielefeld und der Hochschule Bielefeld laden wir ein.",
    "Die Stiftung wurde 1977 von Reinhard Mohn gegründet.",
    "Das Innovation Office, geleitet von Ada Lovelace, ist die Anlaufstelle der Stadt.",
    "Geschrieben haben das Buch René Korte und Johanna Ober-Sundermeyer.",
    "Ein Impuls von Open Innovation City Bielefeld.",
    "Wir freuen uns auf Universität Bielefeld und Stadt Bielefeld.",
    "Mit Markus lernst du, was KI kann.",
    "Dann melde dich bei [Sarah](mailto:sarah@example.org)!",
    "Mit der Bertelsmann Stiftung haben wir ein Modell entwickelt.",
])
def test_no_invented_speakers(text):
    assert body(text).speakers == []


@pytest.mark.parametrize("text,expected", [
    ("Wir freuen uns auf Ada Lovelace, Mathematikerin aus London.", [("Ada Lovelace", "Mathematikerin aus London")]),
    ("Referentin ist Prof. Dr. Grace Hopper (US Navy).", [("Prof. Dr. Grace Hopper", "US Navy")]),
    ("Es diskutieren Alan Turing, Informatiker, Grace Hopper und Ada Lovelace (London).",
     [("Alan Turing", "Informatiker"), ("Grace Hopper", ""), ("Ada Lovelace", "London")]),
    ("Zu Gast sind Karl Heinz Müller und Anna-Lena von der Heide.",
     [("Karl Heinz Müller", ""), ("Anna-Lena von der Heide", "")]),
    ("- 16:30 Uhr Begrüßung\n- 16:40 Uhr Impuls: Sven Kuhlmann (Stadtwerke Bielefeld)\n- 17:30 Uhr Austausch",
     [("Sven Kuhlmann", "Stadtwerke Bielefeld")]),
    ("Moderation: Nora Ahrens", [("Nora Ahrens", "")]),
])
def test_speakers_in_running_text(text, expected):
    assert [(s.name, s.role) for s in body(text).speakers] == expected


def test_speakers_in_the_teaser_come_after_those_of_the_text():
    post = body("Wir freuen uns auf einen Impuls von Ida Berg, Architektin.",
                teaser="Mit Ole Frahm, Stadtplaner bei der Stadt Bielefeld, und Ida Berg.")
    assert [(s.name, s.role) for s in post.speakers] == [("Ida Berg", "Architektin"),
                                                         ("Ole Frahm", "Stadtplaner bei der Stadt Bielefeld")]


def test_long_panel_list_after_a_cue():
    names = [f"{first} {last}" for first, last in zip(
        ["Anna", "Bernd", "Clara", "David", "Elif", "Frank", "Greta", "Hassan", "Ines", "Jan", "Katja", "Lukas"],
        ["Adler", "Brandt", "Conrad", "Dietz", "Erdem", "Fuchs", "Graf", "Haddad", "Imhof", "Jansen", "Kühn", "Lange"],
        strict=True)]
    text = "Auf dem Podium:\n\n" + "\n".join(f"- {name}, Vertreterin von Verein {i}" for i, name in enumerate(names))
    assert [s.name for s in body(text).speakers] == names


@pytest.mark.parametrize("paragraph,url", [
    ("**Ada Lovelace** ist Mathematikerin. [Mehr über Ada Lovelace](https://example.org/ada)",
     "https://example.org/ada"),
    ("**Ada Lovelace** ist Mathematikerin. Profil: [Ada Lovelace bei Xing](https://example.org/ada).",
     "https://example.org/ada"),
    ("**Ada Lovelace** ist Mathematikerin und kennt die [Universität London](https://example.org/uni).", None),
])
def test_profile_link_at_the_end_of_the_bio(paragraph, url):
    post = body("### Fachexpertise\n" + paragraph)
    assert [(s.name, s.profile_url) for s in post.speakers] == [("Ada Lovelace", url)]
    assert "example.org/ada" not in post.speakers[0].bio


def test_speaker_section_forms():
    post = body("### Referierende\n"
                "- **Ada Lovelace**, Mathematikerin\n"
                "- **[Alan Turing](https://example.org/alan)** (Informatiker)\n\n"
                "#### Grace Hopper\nGrace Hopper ist Admiralin der US Navy. Sie erfand den Compiler.\n")
    assert [(s.name, s.profile_url, s.role) for s in post.speakers] == [
        ("Ada Lovelace", None, "Mathematikerin"), ("Alan Turing", "https://example.org/alan", "Informatiker"),
        ("Grace Hopper", None, "Admiralin der US Navy")]
    assert post.speakers[2].bio == "Sie erfand den Compiler."


@pytest.mark.parametrize("sentence,expected", [
    ("Es sind keine Vorkenntnisse notwendig.", "Keine Vorkenntnisse notwendig"),
    ("Vorkenntnisse sind nicht erforderlich.", "Vorkenntnisse sind nicht erforderlich"),
    ("Auch ohne Vorkenntnisse kannst du teilnehmen.", "Auch ohne Vorkenntnisse kannst du teilnehmen"),
    ("Vorkenntnisse in Python sind hilfreich.", "Vorkenntnisse in Python sind hilfreich"),
    ("Die Broschüre ist ohne Vorkenntnisse lesbar.", None),
])
def test_prerequisites_are_the_sentence_about_them(sentence, expected):
    # the intro before has no final full stop: it must not run into the prerequisite
    post = body(f"Beim 9. Meetup geht es um KI\n\nIn einem 90-minütigen Workshop schauen wir hin. {sentence}")
    assert post.values["prerequisites"] == expected
    assert post.values["format"] == "Workshop"
