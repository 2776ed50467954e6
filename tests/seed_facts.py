"""Every fact of the reference announcement (tests/data/seed/000_8dce05a3aed1be33.txt), written down by
hand, as it must read in the shop and in the confirmation email: each fact once. The teaser is not among
them: it only repeats the intro's first sentence, so neither the shop nor the email repeats it. The
format, the duration, the series and its number and the prerequisites are said by the intro."""

SEED_LINKS = [
    "https://www.linkedin.com/in/barbara-hammer-62963295/",
    "https://www.linkedin.com/in/benjamin-paa%C3%9Fen-9a643a266/",
    "https://oic-bielefeld.de/ki/",
]

_COMMON = {
    "title": "KI-Kompetenz – KI sachkundig und sinnvoll einsetzen.",
    "series and number": "Beim 9. Meetup aus der Reihe KI und Zivilgesellschaft",
    "format and duration": "90-minütigen Impuls-Workshop",
    "description": "möchten wir ein wenig hinter die Kulissen heutiger KI-Tools schauen",
    "description end": "Davon ausgehend beleuchten wir, welche zum Teil unerwarteten Fehler die Verfahren machen",
    "hint heading": "Hinweis",
    "hint": "Diese Veranstaltung behandelt weder rechtlichen Aspekte des EU AI Act noch andere rechtliche Fragen",
    "prerequisites": "Es sind keine Vorkenntnisse notwendig.",
    "speakers heading": "Fachexpertise",
    "speaker 1": "Barbara Hammer",
    "speaker 1 role": "Professorin für Maschinelles Lernen an der Universität Bielefeld",
    "speaker 1 bio": "mit nur wenigen Daten beweisbar robust und sicher funktionieren",
    "speaker 2": "Benjamin Paaßen",
    "speaker 2 role": "Juniorprofessur für Wissensrepräsentation und Maschinelles Lernen an der Universität Bielefeld",
    "speaker 2 bio": "Benjamin Paaßen forscht vor allem an KI-Systemen in der Bildung.",
    "outcomes heading": "Inhalt",
    "outcomes intro": "Am Ende des Impuls-Workshops",
    "materials heading": "Materialien",
    "materials": "Laptop oder Smartphone",
    "series heading": "Info zur MeetUp-Reihe",
    "series info": "stärkt die Innovationskraft der Bielefelder Zivilgesellschaft",
    "venue heading": "Ort und Zeit",
    "venue": "Innovation Office, Alter Markt 13, 33602 Bielefeld",
    "weekday and date": "Dienstag, 11. November 2025",
    "begin": "Beginn: 16:30 Uhr",
    "end": "Ende: 18:00 Uhr",
    "admission": "Einlass: 16:00 Uhr",
    "free registration": "kostenlos",
}

SEED_FACTS = {
    "de-informal": {
        **_COMMON,
        "outcome 1": "weißt Du, welche verschiedenen Prinzipien hinter unterschiedlichen KI-Verfahren stecken",
        "outcome 2": "hast Du ein Gefühl dafür, wo diese Verfahren Fehler machen können und welche Risiken damit "
                     "einhergehen",
        "outcome 3": "weißt Du, wo wir Menschen heutigen KI-Verfahren noch voraus sind",
    },
    "de": {
        **_COMMON,
        "outcome 1": "wissen Sie, welche verschiedenen Prinzipien hinter unterschiedlichen KI-Verfahren stecken",
        "outcome 2": "haben Sie ein Gefühl dafür, wo diese Verfahren Fehler machen können und welche Risiken "
                     "damit einhergehen",
        "outcome 3": "wissen Sie, wo wir Menschen heutigen KI-Verfahren noch voraus sind",
    },
}


# The shop page shows these in pretix's own block, in pretix's words ("Di, 11. November 2025"), instead.
NOT_ON_THE_SHOP_PAGE = {"venue heading", "weekday and date"}
TEASER = "Das 9. Meetup aus der Reihe KI und Zivilgesellschaft behandelt die Notwendigkeit von KI-Kompetenz."
# Facts that stand for themselves (a heading or a name may recur inside a text about something else).
ONCE = ("series and number", "format and duration", "description", "hint", "prerequisites", "speaker 1 role",
        "speaker 2 role", "materials", "series info", "venue", "begin", "end", "admission")


def missing_facts(text: str, locale: str, where="email") -> list[str]:
    skipped = NOT_ON_THE_SHOP_PAGE if where == "shop" else set()
    return [name for name, fact in SEED_FACTS[locale].items() if fact not in text and name not in skipped]


def repeated_facts(text: str, locale: str) -> list[str]:
    """Facts said more than once (the teaser counts as a repetition of the intro's first sentence)."""
    repeated = [name for name in ONCE if text.count(SEED_FACTS[locale][name]) > 1]
    return repeated + (["teaser"] if TEASER in text else [])
