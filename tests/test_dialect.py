"""The markdown of the website's posts rewritten into pretix's dialect (``meetup.dialect``): pretix's own
Python-Markdown, on the web and in emails, reads every post in ``tests/data`` as markdown-it (CommonMark, the
parser's reader, which on these posts reads as the website's kramdown does) reads the post as written; the
rewrite changes nothing markdown-it reads, and a second rewrite changes nothing more."""
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from pretix.base.templatetags.rich_text import markdown_compile_email, rich_text

from pretix_oicmeetup.meetup.dialect import (
    MAX_MARKUP_CHARACTERS,
    pretix_items,
    pretix_markdown,
    website_html,
    without_images,
)
from pretix_oicmeetup.posts.structure import extract_liquid, split_front_matter

DATA = Path(__file__).resolve().parent / "data"
POSTS = sorted(p for p in [*DATA.glob("seed/*.txt"), *DATA.rglob("*.md")] if p.name != "README.md")
_commonmark = MarkdownIt("commonmark")


def body(path: Path) -> str:
    _front, text = split_front_matter(path.read_bytes().decode("utf-8").replace("\r\n", "\n"))
    text, _tags = extract_liquid(text)
    return re.sub(r"OICLIQUID\d+X", "", text)


def squash(text: str) -> str:
    return " ".join(text.split())


def reading(html: str) -> dict:
    """What a reader sees of the markup: list items, bold, italics, headings, code, link targets."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        "list items": [squash(li.get_text(" ")) for li in soup.find_all("li")],
        "bold": [squash(b.get_text(" ")) for b in soup.find_all("strong")],
        "italics": [squash(i.get_text(" ")) for i in soup.find_all("em")],
        "headings": [squash(h.get_text(" ")) for h in soup.find_all(re.compile(r"^h\d$"))],
        "code": [squash(c.get_text()) for c in soup.find_all("pre")],
        "links": [a["href"] for a in soup.find_all("a", href=True)],
    }


def pretix_readings(text: str):
    shown = without_images(text)
    yield "web", reading(str(rich_text(shown, safelinks=False)))
    yield "email", reading(markdown_compile_email(shown))


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.stem)
def test_pretix_reads_every_post_as_the_website_does(path):
    written = body(path)
    wanted = reading(_commonmark.render(written))
    stored = pretix_markdown(written)
    for medium, seen in pretix_readings(stored):
        for key in ("list items", "bold", "italics", "headings", "code"):
            assert seen[key] == wanted[key], (medium, key)
        # pretix links bare addresses too ("oic-bielefeld.de"); every link of the post is one in pretix
        assert [href for href in wanted["links"] if href not in seen["links"]] == [], medium
    assert website_html(stored) == website_html(written)  # the website reads the stored text alike
    assert pretix_markdown(stored) == stored


def test_the_reference_rueckblick_keeps_its_list():
    """The list under "… geraten:" has no blank line before it: pretix showed its lines with their dashes."""
    written = body(DATA / "examples" / "rueckblick" / "rueckblick-ki-kompetenz.md")
    assert "<li>Aufgabe in kleine Schritte zerlegen</li>" not in str(rich_text(written))
    stored = pretix_markdown(written)
    assert "geraten:\n\n- Kontext bereit stellen" in stored
    assert stored.replace("geraten:\n\n- Kontext", "geraten:\n- Kontext") == written  # nothing else changes
    for _medium, seen in pretix_readings(stored):
        assert seen["list items"][:3] == ["Kontext bereit stellen (z.B. Textentwürfe, Hintergrundinformationen, "
                                          "Zitate, Fakten)", "Aufgabe in kleine Schritte zerlegen",
                                          "Begründungen oder Schritt-für-Schritt-Vorgehen erbitten und weitere "
                                          "Maßnahmen."]


@pytest.mark.parametrize("written, stored", [
    # a list right under a paragraph line, or right under another list
    ("Wir raten:\n- Kontext\n- Schritte", "Wir raten:\n\n- Kontext\n- Schritte"),
    ("Am Ende:\n1. eins\n2. zwei", "Am Ende:\n\n1. eins\n2. zwei"),
    ("- a\n- b\n1. eins", "- a\n- b\n\n1. eins"),
    ("- a\n---", "- a\n\n---"),
    # a nested list: 4 spaces a level
    ("- a\n   - b\n   - c\n- d", "- a\n    - b\n    - c\n- d"),
    # a * or _ that CommonMark leaves as text
    ("Expert/*innen **Kerstin** und **Heike**", "Expert/\\*innen **Kerstin** und **Heike**"),
    ("Teilnehmer*innen und Expert/*innen, *kursiv*", "Teilnehmer\\*innen und Expert/\\*innen, *kursiv*"),
    ("Teilnehmer*innen", "Teilnehmer*innen"),  # Python-Markdown pairs no lone one either
    ("** nicht fett **", "\\*\\* nicht fett \\*\\*"),
    # a # that begins a line of text
    ("##Führung durch die Ausstellung", "\\##Führung durch die Ausstellung"),
    # a backslash Python-Markdown would show
    ('**\\"Community of Practice\\"**', '**"Community of Practice"**'),
    # an address in angle brackets: pretix's emails would link it to pretix's own site
    ("E-Mail: <innovationen@bielefeld.de>", "E-Mail: [innovationen@bielefeld.de](mailto:innovationen@bielefeld.de)"),
    # a fence: pretix knows none and would read its lines as markdown
    ("So:\n```markdown\n### Info\nText\n```\nDanach.", "So:\n\n    ### Info\n    Text\n\nDanach."),
    # as pretix reads them already
    ("Absatz\n\n- a\n- b", "Absatz\n\n- a\n- b"),
    ("Professor\\*innen **fett** _kursiv_ [Link](https://example.org)",
     "Professor\\*innen **fett** _kursiv_ [Link](https://example.org)"),
    ("snake_case und 2 * 3", "snake_case und 2 * 3"),
    ("snake_case und __init__ und _ein_ Wort", "snake_case und __init__ und _ein_ Wort"),
])
def test_each_rewrite(written, stored):
    assert pretix_markdown(written) == stored
    assert website_html(stored) == website_html(written)
    want = reading(_commonmark.render(written))
    for _medium, seen in pretix_readings(stored):
        assert {k: v for k, v in seen.items() if k != "links"} == {k: v for k, v in want.items() if k != "links"}


def test_items_are_rewritten_one_by_one():
    assert pretix_items("Bring dein**Smartphone** mit :)\nTeilnehmer*innen und Expert/*innen") == \
        "Bring dein**Smartphone** mit :)\nTeilnehmer\\*innen und Expert/\\*innen"


def test_an_image_is_its_description_in_pretix_and_stays_for_the_website():
    written = 'Davor.\n\n![Dr. Markus Paulußen am *Whiteboard*](/assets/a.jpeg "Dr. Markus Paulußen")\n\nDanach.'
    assert pretix_markdown(written) == written
    shown = without_images(written)
    assert shown == "Davor.\n\nDr. Markus Paulußen am Whiteboard\n\nDanach."
    for html in (str(rich_text(shown)), markdown_compile_email(shown)):
        assert "img" not in html and "Dr. Markus Paulußen am Whiteboard" in html
    assert without_images("a\n![](x.png)\nb") == "a\nb"  # no description: the line goes


def test_a_text_markdown_it_would_read_otherwise_stays_as_written():
    """Each rewrite is checked by reading the result again; a tab in a nested list's indentation is left."""
    written = "- a\n\t- b"
    assert pretix_markdown(written) == written


def test_beyond_the_markup_budget_a_text_stays_as_written():
    written = "Liste:\n- a\n" + "*" * (MAX_MARKUP_CHARACTERS + 1)
    assert pretix_markdown(written) == written
    started = time.monotonic()
    deep = "".join("  " * (i % 50) + "- x\n" for i in range(2000))
    pretix_markdown(deep)
    assert time.monotonic() - started < 10
