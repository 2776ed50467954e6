"""People in the running text of a post: names (with titles and particles), the role after a name, and the
cues that present someone as a speaker ("Impuls von …", "Es diskutieren …", "Auf dem Podium:"). A name
only counts after such a cue, so a name in a sentence about an organisation or a book is not taken for a
speaker. Works on the tokens of one line (``tokens``), with bounded scans: linear in the post."""
import re
import unicodedata
from dataclasses import dataclass

from ...meetup.names import name_key
from .tokens import Token, sentence_bounds, tokens_of
from .words import (
    ACADEMIC_TITLES,
    CUE_FILLERS,
    EVENT_NOUNS,
    FIRST_NAMES,
    MAX_SPEAKERS,
    NAME_PARTICLES,
    NAME_TITLES,
    NOT_A_NAME_START,
    NOT_NAME_WORDS,
    ORG_WORDS,
    PARTICLES,
    PROFILE_HOSTS,
    PROFILE_LABELS,
    ROLE_CUES,
    ROLE_FUNCTION_WORDS,
    SPEAKER_VERBS,
    TITLE_NOUNS,
    VERB_CUES,
    WITH_VERBS,
)


def looks_like_name(text: str | None) -> bool:
    if not text or len(text) > 80 or any(ch.isdigit() for ch in text) or not re.search(r"[A-Za-zÄÖÜäöü]", text):
        return False
    words = text.replace(",", " ").split()
    if not 2 <= len(words) <= 6 or words[0].lower() in NOT_A_NAME_START:
        return False
    for word in words:
        lower = word.lower()
        if lower in NAME_PARTICLES or lower in NAME_TITLES:
            continue
        if not (word[0].isupper() and re.fullmatch(r"[\w.'’-]+", word)):
            return False
    return True


@dataclass
class Person:
    name: str
    role: str = ""
    profile_url: str | None = None


def loose_name_key(name: str) -> str:
    """The same person however a post spells the name: ``name_key`` (case, spacing), and neither academic
    titles nor accents count either (a post's running text is looser than a speaker list)."""
    words = [w for w in name.replace(",", " ").split() if w.lower() not in ACADEMIC_TITLES]
    return "".join(ch for ch in unicodedata.normalize("NFKD", name_key(" ".join(words)))
                   if not unicodedata.combining(ch))


def _is_name_word(token: Token) -> bool:
    word = token.word
    if not word[:1].isupper() or any(ch.isdigit() for ch in word) or not re.fullmatch(r"[\w'’\-]{2,40}", word):
        return False
    return word.lower() not in ORG_WORDS and word.lower() not in NOT_NAME_WORDS and "_" not in word


def person_at(tokens, index, limit=None):
    """(name, title noun, index after the name, evidence) for a person's name starting at ``index``."""
    limit = len(tokens) if limit is None else limit
    title_noun = ""
    position = index
    if position < limit and tokens[position].lower in TITLE_NOUNS:
        title_noun = tokens[position].text
        position += 1
    start, academic = position, False
    while position < limit and tokens[position].lower in ACADEMIC_TITLES:
        academic = True
        position += 1
    words, main = [], 0
    while position < limit and main < 5:
        token = tokens[position]
        if token.lower in PARTICLES and main and _particles_then_name(tokens, position, limit):
            words.append(token.text)
        elif _is_name_word(token):
            words.append(token.word)
            main += 1
            if token.sentence_end:
                position += 1
                break
        else:
            break
        position += 1
    if not 2 <= main <= 4:
        return None
    name = " ".join(t.word for t in tokens[start:position])
    first = words[0].split("-")[0].lower()
    evidence = academic or bool(title_noun) or first in FIRST_NAMES
    return name, title_noun, position, evidence


def _particles_then_name(tokens, index, limit):
    """"von der Heide": particles, then a name word."""
    position = index
    while position < limit and position - index < 3 and tokens[position].lower in PARTICLES:
        position += 1
    return position < limit and position > index and _is_name_word(tokens[position])


def _read_role(tokens, index, limit):
    """A role after a name: "(…)", ", …" or " – …"; returns (role text, index after it)."""
    if index >= limit:
        return "", index
    opener = tokens[index].text
    if opener == "(":
        for end in range(index + 1, min(limit, index + 40)):
            if tokens[end].text == ")":
                return _span(tokens, index + 1, end), end + 1
        return "", index
    if opener not in (",", "–", "—", "-") or tokens[index - 1].sentence_end:
        return "", index
    position = index + 1
    while position < limit and position - index < 30:
        token = tokens[position]
        lower = token.lower
        if token.text in (";", ")", ":", "–", "—", "(", "\"", "„", "“", "!", "?"):
            break
        if token.text in (",", "&") or lower in ("und", "sowie"):
            nxt = person_at(tokens, position + 1, limit)
            if nxt and (nxt[3] or token.text == ","):
                break
            # "Professorin für X, Universität Y" goes on; ", über Apps …" or ", forscht …" does not
            if token.text == "," and (position + 1 >= limit or not tokens[position + 1].text[:1].isupper()):
                break
        elif not token.text[:1].isupper() and not token.text[:1].isdigit() and lower not in ROLE_FUNCTION_WORDS \
                and not _adjective_before_noun(tokens, position, limit) and token.text != ",":
            break
        position += 1
        if token.sentence_end:
            break
    role = _span(tokens, index + 1, position)
    return role, position


def _adjective_before_noun(tokens, index, limit):
    word = tokens[index].lower
    return (word.endswith(("e", "en", "er", "es", "em")) and index + 1 < limit
            and tokens[index + 1].text[:1].isupper() and not tokens[index].sentence_end)


def _span(tokens, start, end) -> str:
    if start >= end:
        return ""
    text = tokens[start].source[tokens[start].start:tokens[end - 1].end]
    text = text.strip(" ,;:–—-")
    return text if text.endswith(("e.V.", "Inc.", "Ltd.", "Co.")) else text.rstrip(".")


def read_people(tokens, index, limit, need_evidence):
    """People listed from ``index``: "A (X), B, Y, und C" -> [(name, role)], and the index after them."""
    people = []
    position = index
    while position < limit and len(people) < MAX_SPEAKERS:
        found = person_at(tokens, position, limit)
        if not found:
            break
        name, title_noun, after, evidence = found
        role, after_role = _read_role(tokens, after, limit)
        if need_evidence and not (evidence or role):
            break
        people.append(Person(name, role or title_noun))
        position = after_role
        if position < limit and tokens[position - 1].sentence_end:
            break
        while position < limit and (tokens[position].text in (",", "&", ";") or
                                    tokens[position].lower in ("und", "sowie")):
            position += 1
        if position < limit and person_at(tokens, position, limit) is None:
            break
    return people, position


def people_in_text(text: str, label_context=False) -> list[Person]:
    """People a line of running text presents as speakers."""
    tokens = tokens_of(text)
    people = []
    for start, end in sentence_bounds(tokens):
        position = start
        while position < end and tokens[position].text in ("–", "—", "-", "*", "„", "\""):
            position += 1
        # an agenda label: "Impuls: …", "Podium: …", "Impuls & Workshop Praxis: …"
        for colon in range(position, min(end, position + 8)):
            if tokens[colon].text == ":":
                label = {t.lower for t in tokens[position:colon]}
                if label & (EVENT_NOUNS | ROLE_CUES) or label_context:
                    found, after = read_people(tokens, colon + 1, end, need_evidence=False)
                    if found:
                        people += found
                        position = after
                break
        if position == start and label_context:
            found, after = read_people(tokens, position, end, need_evidence=False)
            people += found
            position = max(position, after)
        # "Mit Ada Lovelace, …" at the start of a sentence (a teaser's last words)
        if position < end and tokens[position].lower in ("mit", "gemeinsam") and position <= start + 2:
            skip = position + (2 if tokens[position].lower == "gemeinsam" and position + 1 < end and
                               tokens[position + 1].lower == "mit" else 1)
            found, after = read_people(tokens, skip, end, need_evidence=True)
            if found and (after >= end or tokens[after].lower in WITH_VERBS
                          or (after + 1 < end and tokens[after + 1].lower in WITH_VERBS)):
                people += found
                position = after
        # a name at the start, then a verb that presents: "Ada Lovelace spricht über …"
        if position < end and position <= start + 1:
            found, after = read_people(tokens, position, end, need_evidence=True)
            if found and after < end and tokens[after].lower in SPEAKER_VERBS:
                people += found
                position = after
        while position < end:
            cue_end = _cue_at(tokens, position, end)
            if cue_end is None:
                position += 1
                continue
            found, after = read_people(tokens, cue_end, end, need_evidence=True)
            if found:
                people += found
                position = after
            else:
                position = cue_end
    return people


def _cue_at(tokens, index, end):
    """The index where a speaker list starts, if a cue that presents speakers is at ``index``."""
    word = tokens[index].lower.rstrip(".")
    following = tokens[index + 1].lower if index + 1 < end else ""
    if word in EVENT_NOUNS or word.endswith(("vortrag", "impuls", "impulse", "diskussion", "gespräch")):
        if following in ("von", "mit", ":"):
            return _skip_fillers(tokens, index + 2, end)
        return None
    if word in ("freuen", "freue"):
        for position in range(index + 1, min(end, index + 12)):
            if tokens[position].lower in ("von", "mit") and tokens[position - 1].lower.rstrip(".") in EVENT_NOUNS:
                return position + 1
        for position in range(index + 1, min(end, index + 5)):
            if tokens[position].lower == "auf":
                return _skip_fillers(tokens, position + 1, end)
        return None
    if word in ROLE_CUES:
        if word == "dabei" and tokens[index - 1].lower != "mit":
            return None
        if word in ("moderiert", "begleitet") and following != "von":
            return None
        return _skip_fillers(tokens, index + 1, end)
    if word in VERB_CUES:
        return _skip_fillers(tokens, index + 1, end)
    return None


def _skip_fillers(tokens, index, end):
    position = index
    while position < end and position - index < 6 and tokens[position].lower in CUE_FILLERS:
        position += 1
    return position


def is_profile_link(text: str, href: str, name: str) -> bool:
    lower = text.lower()
    surname = loose_name_key(name).split()[-1] if loose_name_key(name) else ""
    host = re.sub(r"^https?://(www\.)?", "", href or "").split("/")[0].lower()
    return bool(lower.startswith(PROFILE_LABELS) or (surname and surname in loose_name_key(text))
                or any(host == h or host.endswith("." + h) for h in PROFILE_HOSTS))


def profile_for(name: str, links, claimed) -> str | None:
    """The link of ``links`` ((text, href, follows)) that is ``name``'s profile, if one is."""
    for text, href, _follows in links:
        if href not in claimed and loose_name_key(name) and loose_name_key(name).split()[-1] in loose_name_key(text):
            return href
    return None


def people_in_lines(lines, label_context=False, claimed=()):
    """People of several lines with their profile links (link on the name, or a profile link after it)."""
    result = []
    for line in lines:
        found = people_in_text(line.text, label_context)
        if not found:
            continue
        for person in found:
            person.profile_url = profile_for(person.name, line.links, claimed)
        unlinked = [p for p in found if not p.profile_url]
        labelled = [href for text, href, _f in line.links if text.lower().startswith(PROFILE_LABELS)]
        if len(unlinked) == 1 and len(labelled) == 1 and len(found) == 1:
            unlinked[0].profile_url = labelled[0]
        result += found
    return result


def merge(people, more):
    """``people`` extended by those of ``more`` not yet in it; a later mention only fills gaps."""
    known = {loose_name_key(p.name): p for p in people}
    for person in more:
        key = loose_name_key(person.name)
        if key in known:
            old = known[key]
            old.role = old.role or person.role
            old.profile_url = old.profile_url or person.profile_url
        elif len(people) < MAX_SPEAKERS:
            known[key] = person
            people.append(person)
    return people
