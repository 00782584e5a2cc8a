"""Self-reported mood and energy: an input to the planner and to the detector's features."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..timeutil import shown, to_iso

SCALE_MIN = 1
SCALE_MAX = 5
#: At or below this, mood or energy counts as "low" (planner and coach rules).
LOW_THRESHOLD = 2
#: A note is a sentence or two; a longer one is refused rather than silently cut.
MAX_NOTE_LENGTH = 1000


def check_scale(value: int, what: str) -> int:
    """Raise a CLI-ready ValueError unless 1 <= value <= 5."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number from 1 to 5, got {value!r}")
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ValueError(f"{what} must be from 1 (low) to 5 (high), got {value}")
    return value


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


@dataclass(frozen=True, slots=True)
class MoodEntry:
    """One check-in. Energy is optional because `focuscoach mood 3` alone is a valid answer."""

    at: float
    mood: int
    energy: int | None = None
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        check_scale(self.mood, "mood")
        if self.energy is not None:
            check_scale(self.energy, "energy")

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": to_iso(self.at),
            "mood": self.mood,
            "energy": self.energy,
            "note": self.note,
        }

    @property
    def is_low(self) -> bool:
        return self.mood <= LOW_THRESHOLD or (
            self.energy is not None and self.energy <= LOW_THRESHOLD
        )
