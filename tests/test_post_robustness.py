"""Posts that must not hurt: a megabyte of pathological markup, numeric dates, the command line, the
test data inside the repository, and the charset of a fetched post."""
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import override_settings
from django_scopes import scope, scopes_disabled

from pretix_oicmeetup.posts.export import export_post, own_post
from pretix_oicmeetup.posts.extract.schedule import as_date
from pretix_oicmeetup.posts.fetch import FetchError, fetch_text
from pretix_oicmeetup.posts.importer import post_to_data
from pretix_oicmeetup.posts.parse import parse_post
from pretix_oicmeetup.posts.structure import PostParseError

from .test_post_roundtrip import import_text, new_event, post_server, reply  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed" / "000_8dce05a3aed1be33.txt"
MB = 1000 * 1000  # characters; with the front matter still within the 1 MB limit


def fill(unit: str, size=MB) -> str:
    return (unit * (size // len(unit) + 1))[:size]


ADVERSARIAL = {
    "repeated liquid openers": fill("{% "),
    "liquid opener and spaces": "{%" + " " * MB,
    "tags with unclosed attributes": "{% include x " + fill('a="'),
    "many complete tags": fill('{% include quote.html text="a" author="Ada Lovelace" %}'),
    "one long line": "x" * MB,
    "many double asterisks": fill("**"),
    "bold words": fill("**a "),
    "open brackets": fill("["),
    "image openers": fill("!["),
    "nested brackets": fill("[["),
    "link openers": fill("[a]("),
    "underscores": fill("_a "),
    "backticks": fill("`"),
    "angle brackets": fill("<div "),
    "line breaks in html": fill("<br>"),
    "entities": fill("&amp;"),
    "deep lists": "".join("  " * (i % 50) + "- x\n" for i in range(19000)),
    "many headings": fill("### Fachexpertise und noch mehr Text in der Überschrift\n"),
    "many lines": fill("a\n"),
    "speaker paragraphs": "### Fachexpertise\n" + fill(
        "**Ada Lovelace** [LinkedIn](https://example.org/a) ist Professorin für X an der Universität Y und leitet "
        "das Z. Sie forscht, wirklich sehr viel, und sie spricht.\n\n", MB - 20),
    "speaker cues": fill("Wir freuen uns auf einen Impuls von Ada Lovelace, Professorin für X, und Alan Turing "
                         "(Uni), sowie Grace Hopper, Admiralin bei der Navy, und Prof. Dr. Karl Marx.\n"),
    "cue words": fill("Impuls von "),
    "names and commas": fill("Ada Lovelace, "),
    "role in an open parenthesis": "### Fachexpertise\n**Ada Lovelace** (" + fill("x "),
    "abbreviations": fill("Dr. a. z. B. "),
    "dates": "### Ort und Zeit\n" + fill("Dienstag, 1. 1. 1. "),
    "times": "### Ort und Zeit\n" + fill("12 12:00 - "),
    "series words": fill("aus der Reihe der Reihe "),
    "prerequisite words": fill("Es sind keine Vorkenntnisse "),
    "spaces": fill(" \t"),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_a_pathological_megabyte_is_parsed_in_linear_time(name):
    text = "---\ntitle: T\n---\n" + ADVERSARIAL[name]
    assert len(text.encode()) <= 1024 * 1024
    started = time.monotonic()
    try:
        parse_post(text)
    except PostParseError:
        pass  # "more than 20,000 lines" is an answer too
    assert time.monotonic() - started < 10


def test_lines_and_markup_over_the_limits():
    with pytest.raises(PostParseError, match="more than 20,000 lines"):
        parse_post("---\ntitle: T\n---\n" + "a\n" * 20001)
    # after the markup budget the text is still read, as text
    post = parse_post("---\ntitle: T\n---\n" + "[" * 30000 + "\n\n### Ort und Zeit\n**Dienstag, 11. November 2025**\n")
    assert post.event_date.isoformat() == "2025-11-11"


@pytest.mark.parametrize("value,file_date", [
    ("20251111", "2025-11-11"), ("2025", None), ("2025-10-20", "2025-10-20"),
    ("2025-10-20 10:00:00 +0200", "2025-10-20"),
    ('"gestern"', None), ("2025.5", None),
])
@pytest.mark.django_db
def test_any_date_that_imports_exports(organizer, value, file_date):
    text = SEED.read_text(encoding="utf-8").replace("date: 2025-10-20", f"date: {value}")
    event = new_event(organizer, "numeric")
    post = parse_post(text)
    with scope(organizer=organizer):
        assert post_to_data(event, post)["title"]
    import_text(event, text)
    with scopes_disabled():
        assert export_post(event)[1] == text  # the team's post, as imported
        exported = own_post(event)  # the plugin's own post of the same data
    again = parse_post(exported)
    if file_date:
        assert as_date(again.front_matter["date"]).isoformat() == file_date
    else:  # not a date: kept as the post wrote it
        assert again.front_matter["date"] == post.front_matter["date"]
    assert [s.name for s in again.speakers] == ["Barbara Hammer", "Benjamin Paaßen"]
    copy = new_event(organizer, "numeric-copy")
    import_text(copy, exported)
    with scopes_disabled():
        exported_again = own_post(copy)
    assert exported_again.replace('event="numeric-copy"', 'event="numeric"') == exported


def test_parse_without_pretix_writes_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PRETIX_CONFIG_FILE",
                                                            "DATA_DIR")}
    result = subprocess.run([sys.executable, "-m", "pretix_oicmeetup.posts", str(SEED)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert '"Benjamin Paaßen"' in result.stdout
    assert list(tmp_path.iterdir()) == []
    bad = subprocess.run([sys.executable, "-m", "pretix_oicmeetup.posts", "-"], cwd=tmp_path, env=env,
                         input="no post", capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e  # starts all of pretix in a process of its own
def test_pretix_command_with_a_data_directory_elsewhere_writes_nothing_here(tmp_path):
    work, data = tmp_path / "work", tmp_path / "pretix-data"
    work.mkdir()
    data.mkdir()
    env = {**os.environ, "PRETIX_CONFIG_FILE": "/dev/null", "DATA_DIR": str(data)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-m", "pretix", "oicmeetup_parse", str(SEED)], cwd=work, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert '"Benjamin Paaßen"' in result.stdout
    assert list(work.iterdir()) == []


def test_the_repository_carries_its_test_data():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    offenders = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in (".md", ".rst", ".txt") or not path.is_file() or path == Path(__file__).resolve():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if re.search(r"""["'](?:\.\./)+shared\b|/work/shared|/\s*["']shared["']""", text):
            offenders.append(name)
    assert offenders == []
    for name in ("seed/000_8dce05a3aed1be33.txt", "examples/ki-new-work.md", "examples/events.yml",
                 "examples/rueckblick/rueckblick-ki-kompetenz.md", "README.md"):
        assert (ROOT / "tests" / "data" / name).is_file(), name


@override_settings(ALLOW_HTTP_TO_PRIVATE_NETWORKS=True)
@pytest.mark.parametrize("content_type,body,expected", [
    ("text/markdown", "für".encode(), "für"),
    ("text/plain", "für".encode(), "für"),
    (None, "\ufefffür".encode(), "für"),
    ("text/markdown; charset=utf-8", "für".encode(), "für"),
    ("text/markdown; charset=ISO-8859-1", "für".encode("latin-1"), "für"),
    ('text/plain; charset="windows-1252"', "für €".encode("cp1252"), "für €"),
])
def test_fetched_text_is_decoded_in_the_named_charset_else_utf8(post_server, content_type, body, expected):  # noqa: F811
    base, routes = post_server
    routes["/post.md"] = reply(body, headers={"Content-Type": content_type} if content_type else {})
    assert fetch_text(base + "/post.md") == expected


@override_settings(ALLOW_HTTP_TO_PRIVATE_NETWORKS=True)
def test_undecodable_text_is_refused(post_server):  # noqa: F811
    base, routes = post_server
    routes["/latin"] = reply("für".encode("latin-1"), headers={"Content-Type": "text/markdown"})
    with pytest.raises(FetchError, match="UTF-8 expected"):
        fetch_text(base + "/latin")
