"""The German words the post parser knows: names and titles, cues that present a speaker, abbreviations,
weekdays, months and ordinals. Lists only; the extractors decide what they mean."""

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

SENTENCE_ABBREVIATIONS = {"dr", "prof", "dipl", "ing", "bzw", "ca", "inkl", "co", "st", "nr", "z. b", "b", "u. a", "a",
                       "evtl", "ggf", "jun", "apl", "usw", "etc", "vgl", "bspw", "sog", "e. v", "v", "e.v", "u.a",
                       "z.b"}

WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]

MONTHS = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "dezember"]

ORDINALS = ["erste", "zweite", "dritte", "vierte", "fünfte", "sechste", "siebte", "achte", "neunte", "zehnte",
            "elfte", "zwölfte", "dreizehnte", "vierzehnte", "fünfzehnte", "sechzehnte", "siebzehnte",
            "achtzehnte", "neunzehnte", "zwanzigste"]

ONLINE_WORDS = ("zoom", "online", "webex", "teams", "jitsi", "bigbluebutton", "livestream")


def ordinal_value(word: str) -> int | None:
    """ "sechste", "sechsten", "sechster" -> 6."""
    word = word.lower()
    for index, ordinal in enumerate(ORDINALS, start=1):
        stem = ordinal[:-1]
        if word == ordinal or (word.startswith(stem) and word[len(stem):] in ("e", "en", "er", "es", "em")):
            return index
    return None
