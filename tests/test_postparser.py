"""The post parser against the seed and every real example post, with expected values written by hand."""
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from hypothesis import given, settings, strategies as st

from pretix_oicmeetup.posts.parse import parse_post
from pretix_oicmeetup.posts.structure import PostParseError

from .helpers import examples

DATA = Path(__file__).resolve().parent / "data"
KEYS = ["kind", "title", "teaser", "authors", "categories", "pretix_event", "series", "series_number", "event_date",
        "start", "end", "admission", "venue", "online", "speakers", "learning_outcomes", "materials", "hint",
        "warnings", "retrospective_post"]
KI = "KI und Zivilgesellschaft"
OFFICE = "Innovation Office, Alter Markt 13, 33602 Bielefeld"
OIH = "Open Innovation Hour"


def post_text(name):
    path = DATA / "seed" / name if name.endswith(".txt") else DATA / "examples" / name
    assert path.exists(), f"{path} is missing: the tests read the seed and example posts in tests/data"
    return path.read_text(encoding="utf-8")


EXPECTED = {
    "000_8dce05a3aed1be33.txt": {
        "kind": "announcement",
        "title": "KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.",
        "teaser": "Das 9. Meetup aus der Reihe KI und Zivilgesellschaft behandelt die Notwendigkeit von KI-Kompetenz.",
        "authors": ["Maria Gonçalves"], "categories": [KI], "pretix_event": "ki-zivil-10",
        "series": KI, "series_number": 9, "event_date": "2025-11-11",
        "start": "16:30", "end": "18:00", "admission": "16:00", "venue": OFFICE, "online": False,
        "speakers": [
            {"name": "Barbara Hammer", "profile_url": "https://www.linkedin.com/in/barbara-hammer-62963295/"},
            {"name": "Benjamin Paaßen", "profile_url": "https://www.linkedin.com/in/benjamin-paa%C3%9Fen-9a643a266/"},
        ],
        "learning_outcomes": [
            "weißt Du, welche verschiedenen Prinzipien hinter unterschiedlichen KI-Verfahren stecken,",
            "hast Du ein Gefühl dafür, wo diese Verfahren Fehler machen können und welche Risiken damit einhergehen,",
            "weißt Du, wo wir Menschen heutigen KI-Verfahren noch voraus sind.",
        ],
        "materials": ["Laptop oder Smartphone"],
        "hint": "Diese Veranstaltung behandelt weder rechtlichen Aspekte des EU AI Act noch andere rechtliche Fragen. "
                "Bei dem Meetup geht es um den bewussten Umgang mit KI-Technologien.",
        "warnings": [],
        "retrospective_post": None,
    },
    "ki-barrierefreiheit.md": {
        "kind": "announcement",
        "title": "KI und Barrierefreiheit – Inklusion durch innovative Technologie ermöglichen.",
        "teaser": "Das 7. Meetup aus der Reihe KI und Zivilgesellschaft behandelt das Thema Barrierefreiheit.",
        "authors": ["Maria Gonçalves"], "categories": [KI], "pretix_event": "ki-zivil-8",
        "series": KI, "series_number": 7, "event_date": "2025-10-14",
        "start": "16:30", "end": "18:00", "admission": "16:00", "venue": OFFICE, "online": False,
        "speakers": [{"name": "Dr. Markus Paulußen", "profile_url": "https://www.linkedin.com/in/barrierefrai/"}],
        "learning_outcomes": [
            "hast du ein Verständnis für KI als inklusiven Verstärker",
            "siehst du wie KI Barrieren in digitalen Räumen abbauen kann",
            "begreifst du die Chancen und Risiken für Inklusion durch KI",
        ],
        "materials": ["Stifte und Blöcke werden zur Verfügung gestellt."],
        "hint": None, "warnings": [],
        "retrospective_post": "rueckblick-ki-barrierefreiheit",  # the Rückblick it links to
    },
    "ki-new-work.md": {
        "kind": "announcement",
        "title": "KI und New Work - Chancen, Risiken, Haltung.",
        "teaser": "Das sechste Meetup aus der Reihe KI und Zivilgesellschaft behandelt das Thema New Work.",
        "authors": ["Maria Gonçalves"], "categories": [KI], "pretix_event": "ki-zivil-7",
        "series": KI, "series_number": 6, "event_date": "2025-10-09",
        "start": "16:30", "end": "18:00", "admission": "16:00", "venue": OFFICE, "online": False,
        "speakers": [{"name": "Lasse Rheingans", "profile_url": None}],
        # the outcomes are under "Am Ende der Veranstaltung"; "Inhalt" here is the agenda
        "learning_outcomes": [
            "hast du ein klares Bild davon, wie KI Arbeit und Zusammenarbeit verändert.",
            "verstehst du, welche Kompetenzen und Haltungen im Umgang mit KI wichtiger werden.",
            "hast du erste Praxiserfahrungen gesammelt und Ideen, wie du KI sinnvoll einsetzen kannst.",
        ],
        "materials": ["Blöcke und Stifte werden zur Verfügung gestellt.", "Bring dein Smartphone mit :)"],
        "hint": None, "warnings": [],
        "retrospective_post": "rueckblick-ki-new-work",  # the Rückblick it links to
    },
    "open-innovation-hour-beharrungstendenzen.md": {
        "kind": "announcement",
        "title": "Open Innovation Hour: Beharrungstendenzen und wie wir ihnen begegnen können",
        "teaser": "Wie schaffen es Unternehmen, sich anzupassen und zukunftsfähig zu bleiben? Was sind "
                  "Beharrungstendenzen und wie können wir ihnen begegnen? All diese Fragen stehen im Mittelpunkt "
                  "der kommenden Open Innovation Hour, am 3. September 2026. – Mit Johanna Ober-Sundermeyer, Head "
                  "of Corporate Innovation bei Melitta.",
        "authors": ["Sarah Bollmann"], "categories": [OIH], "pretix_event": "open-inno-hour-9",
        "series": OIH, "series_number": None, "event_date": "2026-09-03",
        "start": "12:30", "end": "13:30", "admission": None, "venue": "Zoom", "online": True,
        "speakers": [{"name": "Johanna Ober-Sundermeyer", "profile_url": None}],
        "learning_outcomes": [], "materials": [], "hint": None, "warnings": [],
        "retrospective_post": None,
    },
    "open-innovation-hour-methoden.md": {
        "kind": "announcement",
        "title": "2. Open Innovation Hour: Methodenkoffer",
        "teaser": "In der zweiten Open Innovation Hour - unserem neuen Online-Format - dreht sich alles um die Frage: "
                  "\"Wie können wir ko-kreativ zusammenarbeiten?\" Lerne das Open Innovation Kartenset kennen.",
        "authors": ["Sarah Bollmann"], "categories": [OIH], "pretix_event": "open-inno-hour-2",
        "series": OIH, "series_number": 2, "event_date": "2025-12-04",
        # "Jeden ersten Donnerstag im Monat, um 12.30 Uhr"; the post names no end time
        "start": "12:30", "end": None, "admission": None, "venue": "Zoom", "online": True,
        "speakers": [], "learning_outcomes": [], "materials": [], "hint": None, "warnings": [],
        "retrospective_post": None,
    },
    "wirkungsorientierung-meetup.md": {
        "kind": "announcement",
        "title": "Wirkungsorientierung - mit wenig Aufwand mehr bewirken. Für Ehrenamt und gemeinnützige "
                 "Organisationen",
        "teaser": "In diesem Meetup stellen wir eine Handreichung vor, die den Einstieg erleichtern soll, und "
                  "prüfen gemeinsam, ob sie für ehrenamtliche und gemeinnützige Arbeit geeignet ist – und was sie "
                  "konkret leisten kann.",
        "authors": ["Maria Gonçalves"], "categories": ["Trends", "Events"], "pretix_event": "info-wirkung-2",
        "series": None, "series_number": None,
        "event_date": "2025-04-27",  # as written; the warnings below say it is probably 2026
        "start": "16:30", "end": "18:00", "admission": "16:00", "venue": OFFICE, "online": False,
        "speakers": [{"name": "Cornelia Rittmeyer", "profile_url": None},
                     {"name": "Maria Goncalves", "profile_url": None}],
        "learning_outcomes": [], "materials": [], "hint": None,
        "warnings": [
            "The weekday “Montag” does not match 27.04.2025, which is a Sunday. In 2026 it is a Montag: is the "
            "year wrong?",
            "The meetup on 27.04.2025 lies before the post's own date 19.03.2026: is the year wrong?",
        ],
        "retrospective_post": None,
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_posts(name):
    result = parse_post(post_text(name)).as_json()
    assert list(result) == KEYS
    assert result == EXPECTED[name]


def test_accuracy_over_all_fields():
    """The issue's target, measured on the posts we have: at least 95 % of all fields right."""
    right = total = 0
    for name, expected in EXPECTED.items():
        result = parse_post(post_text(name)).as_json()
        for key in KEYS:
            total += 1
            right += result[key] == expected[key]
    assert right / total >= 0.95


@pytest.mark.parametrize("variant", [
    "### hinweis\nText.", "## HINWEIS:\nText.", "#### Hinweis :\nText.", "**Hinweis:**\nText.",
])
def test_headings_are_tolerant(variant):
    post = parse_post(f"---\ntitle: T\n---\n{variant}\n")
    assert post.hint == "Text."


@pytest.mark.parametrize("paragraph,url", [
    ("**Ada Lovelace** [LinkedIn](https://example.org/ada) ist Mathematikerin.", "https://example.org/ada"),
    ("**[Ada Lovelace](https://example.org/ada)** ist Mathematikerin.", "https://example.org/ada"),
    ("**Ada Lovelace** ist Mathematikerin. Mehr: [LinkedIn](https://example.org/ada)", "https://example.org/ada"),
    ("**Ada Lovelace** ist Mathematikerin.", None),
])
def test_speaker_link_positions(paragraph, url):
    post = parse_post(f"---\ntitle: T\n---\n### Fachexpertise\n{paragraph}\n")
    assert [(s.name, s.profile_url) for s in post.speakers] == [("Ada Lovelace", url)]
    assert post.speakers[0].role == "Mathematikerin"


@pytest.mark.parametrize("line,start,end", [
    ("**Beginn:** 16:30 Uhr (pünktlich)", "16:30", None),
    ("**12.30 - 13.30 Uhr**", "12:30", "13:30"),
    ("16 – 18 Uhr", "16:00", "18:00"),
])
def test_times(line, start, end):
    post = parse_post(f"---\ntitle: T\n---\n### Ort und Zeit\n**Dienstag, 11. November 2025**  \n{line}\n")
    assert (post.event_date.isoformat(), post.start, post.end) == ("2025-11-11", start, end)


def test_author_and_category_forms():
    single = parse_post('---\ntitle: T\nauthor: "A"\ncategory: "C"\n---\n')
    lists = parse_post('---\ntitle: T\nauthors:\n  - "A"\n  - "B"\ncategories: ["C"]\n---\n')
    assert (single.authors, single.categories) == (["A"], ["C"])
    assert (lists.authors, lists.categories) == (["A", "B"], ["C"])


@pytest.mark.parametrize("text", [
    "", "no front matter", "---\ntitle: T\n", "---\n- a list\n---\n", "---\nteaser: no title\n---\nBody",
    "---\ntitle: [unclosed\n---\n", "---\ntitle: {a: 1}\n---\n",
])
def test_not_a_post(text):
    with pytest.raises(PostParseError):
        parse_post(text)


@settings(max_examples=examples(1))
@given(st.text())
def test_arbitrary_text_fails_cleanly(text):
    try:
        parse_post(text)
    except PostParseError:
        pass


@settings(max_examples=examples(1))
@given(st.text(), st.text())
def test_arbitrary_front_matter_and_body(front, body):
    try:
        parse_post(f"---\n{front}\n---\n{body}")
    except PostParseError:
        pass


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.dates(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=examples(1))
@given(st.dictionaries(st.sampled_from(["title", "teaser", "author", "authors", "category", "categories", "date",
                                        "meetup", "x"]), yaml_values), st.text())
def test_arbitrary_yaml_fails_cleanly(front, body):
    try:
        parse_post("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body)
    except PostParseError:
        pass


ALIAS_BOMB = "---\ntitle: T\npad: &a \"" + "A" * 10_000 + "\"\nkeep: [" + ", ".join(["*a"] * 900) + "]\n---\nText\n"


@pytest.mark.parametrize("text, message", [
    (ALIAS_BOMB, "uses a YAML alias (*a)"),
    ("---\ntitle: T\ndate: 0000-01-01\n---\n", "date that does not exist: 0000-01-01"),
    ("---\ntitle: T\ndate: 2025-13-45\n---\n", "date that does not exist: 2025-13-45"),
    ("---\ntitle: T\nmeetup:\n  begin: 2025-02-30 16:30:00\n---\n", "date that does not exist"),
])
def test_front_matter_that_would_explode_or_is_no_date_is_named(text, message):
    with pytest.raises(PostParseError, match=re.escape(message)):
        parse_post(text)


@settings(max_examples=examples(1))
@given(lines=st.lists(st.sampled_from([
    "title: T", "pad: &a " + "A" * 50, "keep: [*a, *a, *a]", "b: &b [*a, *a]", "c: [*b, *b, *b]", "x: *a",
    "list:\n  - &c 1\n  - *c", "author: &who Ada", "authors: [*who]", "meetup: {begin: *a}",
]), max_size=10), day=st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)))
def test_front_matter_never_grows_beyond_what_was_written(lines, day):
    """Aliases are refused, impossible dates named: what a post keeps is never larger than its text."""
    text = "---\n" + "\n".join(lines) + "\ndate: {:04d}-{:02d}-{:02d}\n---\nText\n".format(*day)
    try:
        post = parse_post(text)
    except PostParseError:
        return
    assert not any("*" in line for line in lines)
    assert len(json.dumps(post.front_matter, default=str)) <= 2 * len(text)


@settings(max_examples=examples(1))
@given(st.lists(st.sampled_from([
    "### Fachexpertise", "### Ort und Zeit", "### Inhalt", "### Materialien", "### Hinweis", "**Wann und wo?**",
    "**Ada Lovelace** [LinkedIn](https://x.org)", "- item", "1. **Impuls:** **Ada Lovelace** spricht", "",
    "**Montag, 31. Februar 2025**", "**Beginn:** 25:99 Uhr", "{% include quote.html text=\"a\" author=\"B C\" %}",
    '{% include pretix-widget.html event="e" %}', "> quote", "```", "<div>", "**", "[x](javascript:alert(1))",
]), max_size=25))
def test_post_shaped_noise(lines):
    try:
        parse_post("---\ntitle: T\ndate: 2025-01-01\n---\n" + "\n".join(lines))
    except PostParseError:
        pass


def run_command(*args, stdin=None):
    env = {**os.environ, "PRETIX_CONFIG_FILE": "/dev/null", "DJANGO_SETTINGS_MODULE": "pretix.testutils.settings"}
    return subprocess.run([sys.executable, "-m", "pretix", "oicmeetup_parse", *args], capture_output=True,
                          text=True, env=env, input=stdin, timeout=120)


@pytest.mark.e2e  # starts all of pretix in a process of its own
def test_command_prints_one_json_object():
    result = run_command(str(DATA / "seed" / "000_8dce05a3aed1be33.txt"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == KEYS and data == EXPECTED["000_8dce05a3aed1be33.txt"]


@pytest.mark.e2e
def test_command_fails_with_one_line_for_a_non_post(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Just notes\n\nNo front matter here.\n")
    result = run_command(str(path))
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not a website post" in result.stderr


def test_the_pretix_command_refuses_a_non_post_in_one_line(tmp_path):
    """``oicmeetup_parse`` in this process (as a subprocess of its own: the two tests above, ``make e2e``)."""
    path = tmp_path / "notes.md"
    path.write_text("# Just notes\n\nNo front matter here.\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("oicmeetup_parse", str(path), stdout=out, stderr=err)
    assert exit_info.value.code == 1 and out.getvalue() == ""
    assert len(err.getvalue().strip().splitlines()) == 1 and "not a website post" in err.getvalue()
