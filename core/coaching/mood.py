"""Self-reported mood and energy: an input to the planner and to the detector's features."""

from __future__ import annotations

# MoodEntry and its scale live with every other record (core/records.py).
from ..records import LOW_THRESHOLD as LOW_THRESHOLD
from ..records import SCALE_MAX as SCALE_MAX
from ..records import SCALE_MIN as SCALE_MIN
from ..records import MoodEntry as MoodEntry
from ..records import check_scale as check_scale
from ..timeutil import shown

#: A note is a sentence or two; a longer one is refused rather than silently cut.
MAX_NOTE_LENGTH = 1000


def check_note(note: str) -> str:
    """Bounds for a newly typed note (not checked by MoodEntry: stored rows must read back)."""
    if len(note) > MAX_NOTE_LENGTH:
        raise ValueError(f"the note must be at most {MAX_NOTE_LENGTH} characters")
    if not note.isascii() and any("\ud800" <= ch <= "\udfff" for ch in note):
        raise ValueError("not valid text in the note (bytes that are not UTF-8)")
    return note


def parse_scale(text: str, what: str) -> int:
    """A score typed as 1 to 5 (ASCII digits: a long number cannot be a score)."""
    cleaned = text.strip()
    digits = cleaned.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 3:
        raise ValueError(f"{what} must be a whole number from 1 to 5, got {shown(text)}")
    return check_scale(int(cleaned), what)
