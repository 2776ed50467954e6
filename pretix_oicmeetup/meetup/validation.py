"""Left for ``library.people``, which imports ``speaker_key`` from here: the rules across fields are in
``consistency``. Goes once that import names ``consistency``."""
from .consistency import speaker_key  # noqa: F401
