"""What the meetup core tells the features built on it. The core imports none of them (series, speaker
library, ...); they subscribe here, connected when the app is ready (``apps.py``)."""
from django.dispatch import Signal

meetup_written = Signal()
"""Sent by ``store.write`` inside its transaction, once the values and rows are saved and before the change is
logged; a receiver's error rolls the write back. ``sender`` is the event; ``changes`` what the change engine
saw; ``values`` every field as ``store.read`` gives it after the write; ``speakers`` ``None`` when the
speakers were left alone, else the saved ``Speaker`` rows in order, each paired with the item that wrote it
(``(speaker, item)``; an item may name the library's ``person`` the organiser picked)."""

next_edition_asked = Signal()
"""Sent by ``next_edition.next_edition`` for a meetup that has no date of its own ahead: ``sender`` is the
event, ``after`` the moment the next edition must start after. A receiver returns an ``Event`` one can
register for, or ``None``; the first one given wins."""
