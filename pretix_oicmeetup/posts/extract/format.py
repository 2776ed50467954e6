"""The format ("90-minütigen Impuls-Workshop") and the prerequisites ("Es sind keine Vorkenntnisse
notwendig"), from sentences of the introduction that say so."""
import re

from . import description_blocks
from .tokens import MAX_SCAN, first_sentence

_FORMAT_RE = re.compile(r"\b\d{1,3}[-\s]?minütige[nrs]?\s{1,3}([A-ZÄÖÜ][\w&-]{0,40})")
_PREREQUISITE_RE = re.compile(
    r"\b(?:(?:es\s{1,3}(?:sind|werden)\s{1,3})?(?:keine|keinerlei)\s{1,3}(?:besonderen\s{1,3}|technischen\s{1,3})?"
    r"Vorkenntnisse\s{1,3}(?:notwendig|nötig|erforderlich|vorausgesetzt|benötigt|gebraucht)"
    r"|Vorkenntnisse\s{1,3}(?:sind|werden)\s{1,3}(?:nicht|keine)\s{1,3}(?:notwendig|nötig|erforderlich|vorausgesetzt)"
    r"|(?:ohne|auch\s{1,3}ohne)\s{1,3}Vorkenntnisse(?:\s{1,3}[\wäöüß]{1,20}){0,4}?\s{1,3}"
    r"(?:teilnehmen|mitmachen|dabei|möglich|geeignet|willkommen)"
    r"|Vorkenntnisse\s{1,3}(?:in|im|zu|über|mit|von)\b.{0,120}?\s(?:sind|wären)\s{1,3}"
    r"(?:hilfreich|von\s{1,3}Vorteil|erwünscht|notwendig|nötig|erforderlich|vorausgesetzt))",
    re.IGNORECASE)


def extract_format_and_prerequisites(post, sections):
    sentences = []
    for block in description_blocks(sections):
        lines = block.lines or [ln for item in block.items for ln in item]
        text = " ".join(line.text for line in lines)[:MAX_SCAN * 4]
        while text:
            sentence, text = first_sentence(text.replace("\n", " "))
            sentences.append(sentence)
    post.values["format"] = next((m.group(1) for m in map(_FORMAT_RE.search, sentences) if m), None)
    post.values["prerequisites"] = next((p for p in map(_prerequisite, sentences) if p), None)


def _prerequisite(sentence: str) -> str | None:
    """What the meetup asks of its participants, if the sentence says so; "Es sind keine Vorkenntnisse
    notwendig." -> "Keine Vorkenntnisse notwendig". A sentence about something else ("Die Handreichung ist
    ohne Vorkenntnisse nutzbar") is not one."""
    if "orkenntnis" not in sentence:
        return None
    match = _PREREQUISITE_RE.search(sentence)
    if not match:
        return None
    text = re.sub(r"^(?:es\s+(?:sind|werden)\s+)", "", match.group(0), flags=re.IGNORECASE)
    if match.start() > 0 and not text.lower().startswith(("keine", "keinerlei")):
        text = sentence.strip().rstrip(".!?")
    return text[:1].upper() + text[1:]
