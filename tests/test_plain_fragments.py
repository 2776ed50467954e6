"""The shortcut for plain lines (``render.fragments.is_plain``) gives exactly what pretix's own sanitising
markdown gives, in both modes, on the web and in emails: on generated texts that mix plain characters with every
character markdown or the linkifier reacts to, and on every line of the real posts."""
from pathlib import Path

import pytest
from hypothesis import example, given, strategies as st

from pretix.base.templatetags.rich_text import markdown_compile_email, rich_text, rich_text_snippet

from pretix_oicmeetup.meetup.dialect import without_images
from pretix_oicmeetup.render.fragments import EMAIL, WEB, is_plain, markdown_fragment

EXAMPLES = Path(__file__).resolve().parent / "data" / "examples"
PLAIN = "abcxyzäöüßKIÄ0123456789 ,;:!?()%'\"-–—„“”‚‘’."
SPECIAL = "_*&<>/@[]#`\\|~=+\n\t.www"


def pretix(source, inline, medium):
    """As pretix renders its own texts: the web's markdown on pages, its email markdown in emails (an image,
    which pretix's sanitiser would show as a tag, as its description)."""
    source = without_images(source)
    if medium == EMAIL:
        return markdown_compile_email(source, snippet=inline)
    render = rich_text_snippet if inline else rich_text
    return str(render(source, safelinks=True))


def assert_same(source):
    for inline in (False, True):
        for medium in (EMAIL, WEB):
            fragment = markdown_fragment(source, medium, inline=inline)
            if fragment is not None:
                assert str(fragment.html) == pretix(fragment.source, inline, medium), (source, inline, medium)


@given(st.text(alphabet=PLAIN + SPECIAL, max_size=60))
@example("9. Meetup")
@example("- Punkt")
@example("example.org")
@example("z.B. heute, 1.2.3 und Nr. 9.")
@example("    eingerückt")
def test_the_shortcut_gives_what_pretix_gives(source):
    assert_same(source)


def real_lines():
    lines = set()
    for path in sorted(EXAMPLES.rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith(("---", "{%")):
                lines.add(line.strip())
    return sorted(lines)


def test_every_real_line_comes_out_as_pretix_makes_it():
    lines = real_lines()
    plain = [line for line in lines if is_plain(line)]
    assert len(plain) >= 10 and len(plain) < len(lines)  # both paths are exercised
    for line in lines:
        assert_same(line)


@pytest.mark.parametrize("source", ["9. Meetup", "- Punkt", "+ Punkt", "example.org", "a_b", "**fett**",
                                    "a & b", "mail@example.org", "www.oic.de", "Zeile\nzwei", " eingerückt"])
def test_markup_is_never_taken_for_plain(source):
    assert not is_plain(source)
