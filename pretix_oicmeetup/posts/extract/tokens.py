"""Word tokens of one line and its sentences, bounded so every scan is linear in the text."""
import re
from dataclasses import dataclass

from .words import ABBREVIATIONS, SENTENCE_ABBREVIATIONS

MAX_SCAN = 2000
_TOKEN_RE = re.compile(r"[^\W\d_][\w'’.\-]{0,60}|\d[\d.:]{0,12}|[(),;:–—&/!?\"„“”‚‘»«*]|[^\s\w]")


@dataclass
class Token:
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

def tokens_of(text: str) -> list[Token]:
    text = text[:MAX_SCAN]
    tokens = [Token(m.group(0), m.start(), m.end(), text) for m in _TOKEN_RE.finditer(text)]
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


def sentence_bounds(tokens):
    start = 0
    for index, token in enumerate(tokens):
        if token.sentence_end:
            yield start, index + 1
            start = index + 1
    if start < len(tokens):
        yield start, len(tokens)


def first_sentence(text: str) -> tuple[str, str]:
    """The text up to and with the first sentence end (not after "Dr.", "z. B." or "9."), and the rest."""
    first_line, newline, later = text.partition("\n")
    for match in re.finditer(r"[.!?](?=\s|$)", first_line[:MAX_SCAN]):
        before = first_line[max(0, match.start() - 12):match.start()].lower()
        word = re.split(r"[\s(]", before)[-1]
        if word.isdigit() or word.rstrip(".") in SENTENCE_ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return first_line[:match.end()].strip(), (first_line[match.end():] + newline + later).strip()
    return first_line.strip(), later.strip()
