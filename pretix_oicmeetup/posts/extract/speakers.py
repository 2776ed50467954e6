"""The speakers of a post, wherever the post presents them.

Posts present their speakers in a speaker section ("Fachexpertise": a bold name, a profile link, "ist
Professorin für …" or "hat die Juniorprofessur für … inne" or a role in parentheses, then the bio), or in
running text: the intro ("Wir freuen uns auf einen Impuls von Ada Lovelace, Professorin für …"), the
teaser ("– Mit Ada Lovelace, …"), an agenda list ("**Impuls:** Ada Lovelace (Universität Bielefeld)"),
several in one sentence or a list of panelists after "Auf dem Podium:" (``people`` finds those).
"""
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..structure import clean_inline, line_text, restore_liquid
from .people import (
    Person,
    is_profile_link,
    looks_like_name,
    loose_name_key,
    merge,
    people_in_lines,
    people_in_text,
    person_at,
    profile_for,
)
from .texts import item_source
from .tokens import first_sentence, tokens_of
from .words import MAX_SPEAKERS, ROLE_FUNCTION_WORDS


@dataclass
class ParsedSpeaker:
    name: str
    profile_url: str | None = None
    role: str = ""  # markdown
    bio: str = ""  # markdown


def find_speakers(post, sections, tags):
    """The speaker section if the post has one; otherwise whoever the running text presents as a speaker,
    in the order of the post (teaser last), plus the authors of quotes."""
    speakers = []
    for section in sections:
        if section.key == "speakers":
            speakers += _section_speakers(section, tags, post.warnings)
    if not speakers:
        people = []
        for section in sections:
            if section.key in (None, "schedule", "outcomes", "series", "hint", "speakers"):
                merge(people, _people_in_blocks(section.blocks, claimed=set()))
        merge(people, people_in_text(post.teaser or ""))
        for tag in tags:
            author = clean_inline(tag.attrs.get("author", "")) if tag.name.startswith("quote") else ""
            if looks_like_name(author) and person_at(tokens_of(author), 0):
                merge(people, [Person(author)])
        speakers = [ParsedSpeaker(name=p.name, profile_url=p.profile_url, role=p.role) for p in people]
    for speaker in speakers:
        if speaker.profile_url and not speaker.profile_url.startswith(("http://", "https://")):
            post.warnings.append(_("The profile link of {name} is not a web address and was left out.").format(
                name=speaker.name))
            speaker.profile_url = None
    post.speakers = speakers[:MAX_SPEAKERS]


def _people_in_blocks(blocks, claimed):
    """People presented in running text, lists after "Auf dem Podium:" included."""
    people, list_follows = [], False
    for block in blocks:
        if block.kind == "list":
            for item in block.items:
                merge(people, people_in_lines(item[:1], label_context=list_follows, claimed=claimed))
                merge(people, people_in_lines(item[1:], claimed=claimed))
            list_follows = False
        elif block.kind in ("paragraph", "heading"):
            merge(people, people_in_lines(block.lines, claimed=claimed))
            last = block.lines[-1].text if block.lines else ""
            list_follows = last.endswith(":") and bool(
                {t.lower.rstrip(":") for t in tokens_of(last[-300:])} & _LIST_CUES)
    return people


_LIST_CUES = {"podium", "panel", "diskutieren", "sprechen", "referierende", "referentinnen", "referenten",
              "gäste", "dabei", "expertinnen", "experten", "impulse", "impulsgebende", "speaker", "speakers",
              "mitwirkende", "diskutanten", "mit", "von", "podiumsgäste"}


def _section_speakers(section, tags, warnings) -> list[ParsedSpeaker]:
    speakers = []

    def add_bio(source):
        if speakers and source:
            speakers[-1].bio = (speakers[-1].bio + "\n\n" + source).strip()

    for block in section.blocks:
        source = restore_liquid(block.source, tags)
        if block.kind == "heading" and block.lines:
            heading = line_text(block.lines)
            found = person_at(tokens_of(heading), 0)
            if found and found[2] == len(tokens_of(heading)):
                speakers.append(ParsedSpeaker(name=found[0], profile_url=profile_for(
                    found[0], block.lines[0].links, set())))
            continue
        if block.kind == "list":
            for item in block.items:
                if not item:
                    continue
                speaker = _speaker_from_lines(item, item_source(item), warnings)
                if speaker:
                    speakers.append(speaker)
                else:
                    people = people_in_lines(item, label_context=True)
                    if people:
                        speakers += [ParsedSpeaker(name=p.name, profile_url=p.profile_url, role=p.role)
                                     for p in people]
                    else:
                        add_bio(item_source(item))
            continue
        if block.kind != "paragraph" or not block.lines:
            add_bio(source)
            continue
        speaker = _speaker_from_lines(block.lines, source, warnings)
        if speaker:
            if speakers and not speakers[-1].bio and not speakers[-1].role and speakers[-1].name == speaker.name:
                speakers[-1] = speaker  # "#### Ada Lovelace" then "**Ada Lovelace** ist …"
            else:
                speakers.append(speaker)
            continue
        people = people_in_lines(block.lines)
        if people and not (speakers and len(people) == 1 and
                           loose_name_key(people[0].name) == loose_name_key(speakers[-1].name)):
            known = {loose_name_key(s.name) for s in speakers}
            speakers += [ParsedSpeaker(name=p.name, profile_url=p.profile_url, role=p.role) for p in people
                         if loose_name_key(p.name) not in known]
        elif speakers and speakers[-1].bio == "" and speakers[-1].role == "" and \
                line_text(block.lines).startswith(speakers[-1].name.split()[-1]):
            _, role, bio = _role_and_bio(speakers[-1].name, source[len(speakers[-1].name):].strip()
                                         if source.startswith(speakers[-1].name) else source)
            speakers[-1].role, speakers[-1].bio = role, bio
        else:
            add_bio(source)
    return speakers


def _speaker_from_lines(lines, source, warnings) -> ParsedSpeaker | None:
    """A speaker paragraph or list item: the name first (bold, linked or plain), then the role, the bio."""
    first = lines[0]
    name, role_in_bold, head_end = None, "", None
    if first.leading_bold:
        bold = first.leading_bold
        if looks_like_name(bold) and _name_tokens_only(bold):
            name = bold
        elif "," in bold and looks_like_name(bold.split(",", 1)[0]) and _name_tokens_only(bold.split(",", 1)[0]):
            name, role_in_bold = bold.split(",", 1)[0].strip(), bold.split(",", 1)[1].strip()
        if name:
            head_end = _bold_head_end(source)
    if name is None:
        tokens = tokens_of(first.text)
        found = person_at(tokens, 0)
        if not found:
            return None
        after = tokens[found[2]].lower if found[2] < len(tokens) else ""
        if not (found[3] and after in ("ist", "hat", ",", "(", "–", "—", "-", "arbeitet", "forscht", "leitet", "")):
            return None
        name = found[0]
        head_end = _plain_head_end(source, name)
        if head_end is None:
            return None
    links = [(text, href, follows) for line in lines for text, href, follows in line.links]
    url = first.link_in_bold or next((href for _t, href, follows in links if follows), None)
    if url is None:
        url = profile_for(name, links, set())
    if url is None:
        url = next((href for text, href, _f in reversed(links) if is_profile_link(text, href, name)), None)
    if url is None and re.search(r"\]\(\s{0,10}(?!https?://|mailto:|tel:)[a-zA-Z][\w+.-]{0,30}:", source):
        url = "unsafe:"  # markdown-it refuses to link javascript: and friends; still tell the organiser
    rest = source[head_end:].strip()
    rest = _skip_link(rest)
    rest = _strip_trailing_profile(rest, name)
    if role_in_bold:
        rest = ", " + role_in_bold + ("" if rest.startswith((",", ".")) else ". ") + rest
    _, role, bio = _role_and_bio(name, rest)
    return ParsedSpeaker(name=name, profile_url=url, role=role, bio=bio)


def _name_tokens_only(text):
    tokens = tokens_of(text)
    found = person_at(tokens, 0)
    return bool(found) and found[2] == len(tokens)


def _bold_head_end(source: str) -> int:
    """Where the markdown source's opening bold run ends ("**Name**" or "**[Name](url)**")."""
    if not source.startswith(("**", "__")):
        return 0
    end = source.find(source[:2], 2)
    return end + 2 if end >= 0 else 0


def _plain_head_end(source: str, name: str) -> int | None:
    if source.startswith(name):
        return len(name)
    if source.startswith("[" + name + "]("):
        end = source.find(")", len(name) + 3)
        return end + 1 if end >= 0 else None
    return None


def _skip_link(rest: str) -> str:
    """The profile link right after the name: "[LinkedIn](…)" or "([LinkedIn](…))"."""
    text = rest[1:] if rest.startswith("(") else rest
    if text.startswith("["):
        close = text.find("](")
        end = text.find(")", close + 2) if close >= 0 else -1
        if 0 <= close <= 60 and end >= 0:
            text = text[end + 1:]
            if rest.startswith("(") and text.startswith(")"):
                text = text[1:]
            return text.strip()
    return rest


_TRAILING_LINK_RE = re.compile(r"\(?\[([^\]\n]{1,100})\]\(([^)\s]{1,500})\)\)?[\s.]{0,5}$")


_TRAILING_LABEL_RE = re.compile(r"(?:^|\s)(?:[A-ZÄÖÜ][\wäöüß]{0,20}\s){0,3}?[\wäöüß]{0,20}:$")


def _strip_trailing_profile(rest: str, name: str) -> str:
    tail = rest[-700:]
    match = _TRAILING_LINK_RE.search(tail)
    if match and is_profile_link(match.group(1), match.group(2), name):
        rest = rest[:len(rest) - len(tail) + match.start()].rstrip()
        label = _TRAILING_LABEL_RE.search(rest[-60:])
        if label and len(label.group(0).split()) <= 4:
            rest = rest[:len(rest) - len(label.group(0))].rstrip()
    return rest


_HAS_INNE_RE = re.compile(r"^hat\s{1,3}(?:die|den|das|eine|einen|ein)\s{1,3}(.{3,300}?)\s{1,3}inne$")


_AS_RE = re.compile(r"^(?:ist|arbeitet|forscht|lehrt|wirkt)\s{1,3}(?:seit\s{1,3}\S{1,12}\s{1,3})?als\s{1,3}(.{3,300}?)"
                    r"(?:\s{1,3}tätig)?$")


_SINCE_RE = re.compile(r"^seit\s{1,3}(?:\d{4}|\S{1,12}\s{1,3}Jahren)\s{1,3}")


def _role_and_bio(name: str, rest: str) -> tuple[str, str, str]:
    """(name, role, bio) from what follows the name: "ist Professorin für X.", "hat die Juniorprofessur für
    X inne.", "(Professorin für X) forscht …", ", Professorin für X, forscht …", "– Professorin für X"."""
    rest = rest.strip()
    if rest.startswith("("):
        close = rest.find(")")
        if 0 < close <= 300:
            return name, rest[1:close].strip(), _bio(name, rest[close + 1:])
        return name, "", rest
    if rest.startswith((",", "–", "—", "- ")):
        body = rest.lstrip(",–—- ").strip()
        sentence, after = first_sentence(body)
        cut = _verb_cut(sentence)
        if cut is not None:
            return name, sentence[:cut].rstrip(" ,"), _bio(name, sentence[cut:] + " " + after)
        sentence = sentence.rstrip(".!?")
        return name, sentence.rstrip(" ,.!?"), _bio(name, after)
    sentence, after = first_sentence(rest)
    sentence = sentence.rstrip(".!?")
    match = _HAS_INNE_RE.match(sentence) or _AS_RE.match(sentence)
    if match:
        return name, match.group(1).strip(), _bio(name, after)
    if sentence.startswith("ist "):
        role = _SINCE_RE.sub("", sentence[len("ist "):].strip())
        cut = _verb_cut(role, conjunction_only=True)
        if cut is not None:
            return name, role[:cut].rstrip(" ,").removesuffix(" und").strip(), _bio(name, role[cut:] + ". " + after)
        if role:
            return name, role, _bio(name, after)
    return name, "", _bio(name, rest)


def _verb_cut(text: str, conjunction_only=False) -> int | None:
    """Where a role stops and a clause begins: ", forscht …" or " und leitet …"."""
    tokens = tokens_of(text)
    for index, token in enumerate(tokens[1:], start=1):
        previous = tokens[index - 1].text
        if previous not in (",", "und") or (conjunction_only and previous != "und"):
            continue
        word = token.text
        if word[:1].islower() and token.lower not in ROLE_FUNCTION_WORDS and not (
                index + 1 < len(tokens) and tokens[index + 1].text[:1].isupper()
                and token.lower.endswith(("e", "en", "er", "es", "em"))):
            return token.start if previous == "," or not conjunction_only else token.start
    return None


def _bio(name: str, text: str) -> str:
    text = text.strip().lstrip(",.;: ").strip()
    if text[:1].islower():  # "(Professorin) forscht zu …": the sentence needs its subject back
        text = f"{name} {text}"
    return text
