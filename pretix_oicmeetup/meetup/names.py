"""One way to tell that two names are the same (``name_key``): the organizer's series and the people of its
speaker library keep it as an indexed column to be found by, and the post import and the post parser compare
names with it. Kept free of pretix and Django, as the post parser runs without them."""
import unicodedata

# the languages whose text names a translated name (a series' name), in this order, before any other
NAME_LANGUAGES = ("de", "de-informal")


def name_key(value) -> str:
    """``value`` as people compare names: case, spacing and the Unicode composition of a letter (an umlaut
    typed as one character or as two) do not count. Of a translated name, its German text."""
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        filled = [data[k] for k in (*NAME_LANGUAGES, *sorted(data)) if str(data.get(k) or "").strip()]
        data = filled[0] if filled else ""
    text = " ".join(unicodedata.normalize("NFC", str(data or "")).split())
    # casefold may decompose (İ gives i and a combining dot): compose again
    return unicodedata.normalize("NFC", text.casefold())


def profile_key(url) -> str:
    """A profile link as it tells one person from another of the same name: spacing, case and a final slash
    do not count."""
    return (url or "").strip().rstrip("/").casefold()
