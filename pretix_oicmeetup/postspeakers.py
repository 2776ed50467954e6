"""Speakers of a website post, wherever the post presents them.

Posts present their speakers in a speaker section ("Fachexpertise": a bold name, a profile link, "ist
Professorin für …" or "hat die Juniorprofessur für … inne" or a role in parentheses, then the bio), or in
running text: the intro ("Wir freuen uns auf einen Impuls von Ada Lovelace, Professorin für …"), the
teaser ("– Mit Ada Lovelace, …"), an agenda list ("**Impuls:** Ada Lovelace (Universität Bielefeld)"),
several in one sentence ("Es diskutieren A (X), B, Y, und C.") or a list of panelists after "Auf dem
Podium:". A name only counts in running text after a cue that presents a speaker, so a name in a
sentence about an organisation or a book is not taken for one.

Everything works on word tokens of one line, at most ``MAX_SCAN`` characters of it, with bounded
patterns: linear in the post.
"""
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .postmarkdown import clean_inline, line_text, restore_liquid, strip_list_marker

MAX_SCAN = 2000
MAX_SPEAKERS = 60

PROFILE_LABELS = ("linkedin", "xing", "profil", "website", "homepage", "webseite", "mastodon", "orcid", "github",
                  "instagram", "bluesky", "mehr über", "mehr zu", "zur person")
PROFILE_HOSTS = ("linkedin.com", "xing.com", "orcid.org", "researchgate.net", "github.com")

NAME_PARTICLES = {"von", "van", "de", "der", "den", "zu", "di", "da", "del", "la", "le", "ten", "ter"}
NAME_TITLES = {"dr.", "prof.", "prof", "dr", "dipl.", "ing.", "phd"}
NOT_A_NAME_START = {"das", "der", "die", "ein", "eine", "wir", "mit", "im", "in", "am", "an", "zum", "zur", "und",
                    "alle", "offen", "impuls", "workshop"}
ACADEMIC_TITLES = {"prof.", "dr.", "dr.-ing.", "dipl.-ing.", "dipl.", "ing.", "mag.", "apl.", "jun.-prof.", "pd",
                   "m.a.", "m.sc.", "b.a.", "b.sc.", "ph.d.", "phd", "dr.in", "h.c.", "med.", "phil.", "rer.",
                   "nat.", "pol.", "habil.", "em."}
TITLE_NOUNS = {"professor", "professorin", "juniorprofessor", "juniorprofessorin", "oberbürgermeister",
               "oberbürgermeisterin", "bürgermeister", "bürgermeisterin", "herr", "frau", "referent", "referentin",
               "moderator", "moderatorin", "kollege", "kollegin", "staatssekretär", "staatssekretärin", "minister",
               "ministerin", "landrat", "landrätin", "dekan", "dekanin", "präsident", "präsidentin", "rektor",
               "rektorin", "gründer", "gründerin", "geschäftsführer", "geschäftsführerin", "expertin", "experte"}
PARTICLES = {"von", "van", "de", "der", "den", "zu", "di", "da", "del", "la", "le", "ten", "ter", "vom", "zur", "dos",
             "du", "af", "al", "el", "bin", "ibn"}
# Words that make a capitalised phrase an organisation, place or topic rather than a person.
ORG_WORDS = set("""
universität uni university hochschule fachhochschule fh college school schule gymnasium akademie fakultät lehrstuhl
institut institute zentrum center centre stiftung stiftungen foundation stadt city landkreis kreis region ostwestfalen
owl nrw deutschland europa eu bielefeld bethel gütersloh herford paderborn innovation innovations open office büro
gmbh ggmbh mbh ag kg ug ltd inc e.v. ev verein verband kammer ihk hwk gruppe group team teams netzwerk network
projekt agentur amt ministerium bank sparkasse kirche diakonie caritas awo drk klinikum klinik krankenhaus campus
lab labs hub forum initiative marketing gesellschaft zivilgesellschaft genossenschaft verwaltung wirtschaft
wissenschaft politik ki ai act meetup workshop impuls marktwirtschaft intelligenz künstliche digital digitale new
work hour model logic kartenset online zoom linkedin xing stadtwerke rathaus museum theater bibliothek company werk
werke haus dezernat referat abteilung company partner partnerin cop communities community barrierefreiheit
transformation nachhaltigkeit handreichung programm reihe kompetenz
""".split())
NOT_NAME_WORDS = {"das", "der", "die", "ein", "eine", "einen", "wir", "mit", "im", "in", "am", "an", "zum", "zur",
                  "und", "alle", "offen", "ihr", "du", "sie", "er", "es", "euch", "dich", "uns", "dann", "hier",
                  "heute", "jeden", "jede", "dieses", "diese", "dieser", "unser", "unsere", "auch", "bei", "für",
                  "was", "wie", "wer", "wo", "wann", "warum", "welche", "so", "nach", "vor", "ab", "auf", "aus",
                  "über", "um", "beim", "vom", "zu", "ob", "egal", "ganz", "gemeinsam", "anschließend", "danach",
                  "erst", "zuerst", "dabei", "ebenfalls", "außerdem", "sowie", "oder", "aber", "denn", "doch",
                  "mehr", "lerne", "lernt", "komm", "kommt", "melde", "meldet", "bring", "bringt", "anmeldung",
                  "einlass", "beginn", "ende", "ort", "zeit", "thema", "themen", "fragen", "frage", "kontakt",
                  "hinweis", "inhalt", "materialien", "fachexpertise", "podium", "moderation", "referentin",
                  "referent", "gast", "gäste", "impulse", "vortrag", "diskussion", "keynote", "input"}
FIRST_NAMES = set("""
ada adam adrian agnes ahmet ahmed aisha alan albert alena alex alexa alexander alexandra ali alice alina amelie amir
ana andrea andreas andré andre angela angelika anja anke ann anna anne annette anni annika antje anton antonia arne
astrid axel ayse ayşe barbara bastian beate ben benedikt benjamin bernd bernhard bettina birgit björn boris brigitte
britta burak can carina carla carlos carmen carolin caroline carsten catharina charlotte chiara christa christian
christiane christina christine christoph christopher claudia clara claus constanze cornelia corinna dagmar daniel
daniela david denis deniz dennis detlef diana dieter dirk dominik doris dorothea dörte edith elena elias elif elisa
elisabeth elke ella emil emilia emily emma emre eric erik erika esther eva ewa fabian fatma felix finn florian frank
franz franziska frederik friederike friedrich gabi gabriele georg gerd gerhard gesa gisela grace greta gudrun günter
hanna hannah hannes hans harald hartmut hassan heike heiko heinz helen helena helga helmut hendrik henning henrik
herbert hilke holger ibrahim ida ilse ines inga inge ingo ingrid irene iris isabel isabell jakob jan jana janina jannik
jens jessica joachim jochen johann johanna johannes jonas jonathan jörg josef julia julian juliane julius jürgen jutta
kai karin karl karla karsten katharina kathrin katja katrin kerstin kevin kim klaus konrad kristina lara larissa lars
lasse laura lea lena leo leon leonie lina linda lisa lorenz lotte louisa luca lucas lukas luisa lutz lydia magdalena
maik maja malte manfred manuel manuela mara marc marcel marco marcus mareike maren margarete maria marie marina mario
marion marius mark marko markus marlene marta martha martin martina mathias matthias max maximilian mehmet melanie
merle meike mia michael michaela michelle miriam mohammed moritz nadine nadja natalie nele nico nicole niklas nils nina
noah nora norbert ole olga oliver pascal patricia patrick paul paula peter petra philipp phillip pia pit rainer ralf
ralph rebecca regina reinhard rené rene renate richard rita robert robin roland rolf ronja rosa ruth sabine sabrina
sandra sara sarah sascha sebastian selin silke simon simone sina sofia sonja sophia sophie stefan stefanie steffen
stephan stephanie susanne svea sven svenja tanja tatjana theresa thomas thorsten tim timo tina tobias tom torsten
ulla ulrich ulrike ursula uta ute uwe valentin vanessa vera verena viktor viktoria volker walter werner wiebke wolfgang
yasemin yvonne zeynep
""".split())
EVENT_NOUNS = {"impuls", "impulsvortrag", "impulsreferat", "vortrag", "input", "keynote", "beitrag", "workshop",
               "talk", "gespräch", "gesprächsrunde", "diskussion", "podiumsdiskussion", "diskussionsrunde", "austausch",
               "einblick", "einblicke", "lesung", "interview", "session", "referat", "fishbowl", "kamingespräch",
               "praxisbericht", "erfahrungsbericht", "präsentation", "vorstellung"}
ROLE_CUES = {"referent", "referentin", "referenten", "referentinnen", "referierende", "speaker", "sprecher",
             "sprecherin", "gast", "gäste", "gastgeberin", "gastgeber", "impulsgeber", "impulsgeberin",
             "impulsgebende", "moderator", "moderatorin", "moderation", "podium", "panel", "podiumsgäste",
             "diskutanten", "diskutantinnen", "expertin", "experte", "experten", "expertinnen", "dabei",
             "moderiert", "begleitet"}
VERB_CUES = {"sprechen", "spricht", "diskutieren", "diskutiert", "referieren", "referiert", "berichten", "berichtet",
             "begrüßen", "erwarten", "führt", "führen", "moderieren", "präsentieren", "präsentiert"}
CUE_FILLERS = {"ist", "sind", "wird", "werden", "diesmal", "heute", "des", "abends", "der", "veranstaltung", ":",
               "diskutieren", "sprechen", "uns", "mit", "bei", "zu", "ebenfalls", "außerdem", "von", "wir", "am",
               "auf", "dem", "den", "die", "durch", "abend", "das", "meetup", "freuen", "sich", "in", "diesem",
               "dieser", "jahr", "sehr", "gemeinsam", "zusammen", "hier", "vor", "ort", "live", "u.", "a.", "u.a.",
               "unter", "anderem", "und", "sowie"}
# verbs right after a name that show the name presents something ("Ada Lovelace spricht über …")
SPEAKER_VERBS = {"spricht", "sprechen", "stellt", "stellen", "zeigt", "zeigen", "gibt", "geben", "berichtet",
                 "berichten", "bringt", "bringen", "erklärt", "erklären", "führt", "führen", "moderiert",
                 "moderieren", "teilt", "teilen", "hält", "halten", "referiert", "referieren", "diskutiert",
                 "diskutieren", "leitet", "leiten", "liefert", "wirft", "werfen", "gewährt", "präsentiert",
                 "präsentieren", "erzählt", "erzählen", "beleuchtet", "beleuchten", "nimmt", "nehmen", "gestaltet"}
WITH_VERBS = {"sprechen", "diskutieren", "schauen", "lernst", "lernen", "erfahrt", "erfährst", "werfen", "blicken",
              "gehen", "beleuchten", "entdecken", "tauchen", "reden", "tauschen", "wir", "du", "ihr", "erkunden",
              "beschäftigen", "blickst", "schaust", "gestalten", "erarbeiten", "entwickeln", "denken", "probieren"}
ROLE_FUNCTION_WORDS = {"bei", "der", "die", "das", "des", "dem", "den", "für", "und", "an", "am", "im", "in", "von",
                       "vom", "zu", "zur", "zum", "of", "and", "for", "the", "at", "aus", "mit", "sowie", "e.v.",
                       "u.a.", "&", "/", "auf", "als", "gegen", "über", "unter", "ohne", "a.d.", "i.r.", "a", "on",
                       "de", "y", "beim", "vor", "nahe"}
ABBREVIATIONS = {"dr", "prof", "dipl", "ing", "bzw", "ca", "inkl", "co", "st", "nr", "z", "b", "u", "a", "e", "v",
                 "evtl", "ggf", "jun", "sen", "mag", "apl", "med", "phil", "rer", "nat", "pol", "habil", "em", "h",
                 "c", "usw", "etc", "vgl", "bspw", "sog", "dt", "engl", "jh", "mio", "mrd", "tel", "str", "pd", "m",
                 "sc", "d", "i", "r", "o", "s", "f", "ff"}

_TOKEN_RE = re.compile(r"[^\W\d_][\w'’.\-]{0,60}|\d[\d.:]{0,12}|[(),;:–—&/!?\"„“”‚‘»«*]|[^\s\w]")


@dataclass
class ParsedSpeaker:
    name: str
    profile_url: str | None = None
    role: str = ""  # markdown
    bio: str = ""  # markdown


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


@dataclass
class _Token:
    text: str
    start: int
    end: int
    source: str
    sentence_end: bool = False

    @property
    def lower(self):
        return self.text.lower()

    @property
    def word(self):
        return self.text.rstrip(".") if self.sentence_end else self.text


def tokens_of(text: str) -> list[_Token]:
    text = text[:MAX_SCAN]
    tokens = [_Token(m.group(0), m.start(), m.end(), text) for m in _TOKEN_RE.finditer(text)]
    for index, token in enumerate(tokens):
        if token.text.endswith(".") and token.text[0].isalpha():
            stem = token.text[:-1].lower()
            if "." not in stem and stem not in ABBREVIATIONS and len(stem) > 1:
                token.sentence_end = True
        elif token.text.endswith(".") and token.text[0].isdigit():
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            # "9. Meetup", "3. September" are ordinals; "… 2026. – Mit" ends a sentence
            token.sentence_end = following is None or not (following.text[:1].isalnum())
        elif token.text in ("!", "?"):
            token.sentence_end = True
    return tokens


def name_key(name: str) -> str:
    """The same person however the post spells the name: without titles, accents or case."""
    words = [w for w in name.replace(",", " ").split() if w.lower() not in ACADEMIC_TITLES]
    text = " ".join(words).lower().replace("ß", "ss")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _is_name_word(token: _Token) -> bool:
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


def _sentence_bounds(tokens):
    start = 0
    for index, token in enumerate(tokens):
        if token.sentence_end:
            yield start, index + 1
            start = index + 1
    if start < len(tokens):
        yield start, len(tokens)


def people_in_text(text: str, label_context=False) -> list[Person]:
    """People a line of running text presents as speakers."""
    tokens = tokens_of(text)
    people = []
    for start, end in _sentence_bounds(tokens):
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


# --- profile links ---------------------------------------------------------------------------------

def is_profile_link(text: str, href: str, name: str) -> bool:
    lower = text.lower()
    surname = name_key(name).split()[-1] if name_key(name) else ""
    host = re.sub(r"^https?://(www\.)?", "", href or "").split("/")[0].lower()
    return bool(lower.startswith(PROFILE_LABELS) or (surname and surname in name_key(text))
                or any(host == h or host.endswith("." + h) for h in PROFILE_HOSTS))


def profile_for(name: str, links, claimed) -> str | None:
    """The link of ``links`` ((text, href, follows)) that is ``name``'s profile, if one is."""
    for text, href, _follows in links:
        if href not in claimed and name_key(name) and name_key(name).split()[-1] in name_key(text):
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
    known = {name_key(p.name): p for p in people}
    for person in more:
        key = name_key(person.name)
        if key in known:
            old = known[key]
            old.role = old.role or person.role
            old.profile_url = old.profile_url or person.profile_url
        elif len(people) < MAX_SPEAKERS:
            known[key] = person
            people.append(person)
    return people


def item_source(item) -> str:
    return strip_list_marker(" ".join(line.source for line in item))


# --- speakers -------------------------------------------------------------------------------------

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
                           name_key(people[0].name) == name_key(speakers[-1].name)):
            known = {name_key(s.name) for s in speakers}
            speakers += [ParsedSpeaker(name=p.name, profile_url=p.profile_url, role=p.role) for p in people
                         if name_key(p.name) not in known]
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


def first_sentence(text: str) -> tuple[str, str]:
    """The text up to and with the first sentence end (not after "Dr.", "z. B." or "9."), and the rest."""
    first_line, newline, later = text.partition("\n")
    for match in re.finditer(r"[.!?](?=\s|$)", first_line[:MAX_SCAN]):
        before = first_line[max(0, match.start() - 12):match.start()].lower()
        word = re.split(r"[\s(]", before)[-1]
        if word.isdigit() or word.rstrip(".") in _ABBREVIATION_WORDS or (len(word) == 1 and word.isalpha()):
            continue
        return first_line[:match.end()].strip(), (first_line[match.end():] + newline + later).strip()
    return first_line.strip(), later.strip()


_ABBREVIATION_WORDS = {"dr", "prof", "dipl", "ing", "bzw", "ca", "inkl", "co", "st", "nr", "z. b", "b", "u. a", "a",
                       "evtl", "ggf", "jun", "apl", "usw", "etc", "vgl", "bspw", "sog", "e. v", "v", "e.v", "u.a",
                       "z.b"}


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
