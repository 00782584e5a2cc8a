"""What the model reads from the store: activity, mood and the user's answers to nudges.

Range queries only (the span tables are indexed on start and stop), so a live prediction
reads the last hour, not the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.model.examples import Feedback
from focuscoach.core.store import history, journal
from focuscoach.core.store.handles import Connection


@dataclass(slots=True)
class StoredHistory:
    windows: list[WindowSpan] = field(default_factory=list)
    afk: list[AfkSpan] = field(default_factory=list)
    inputs: list[InputInterval] = field(default_factory=list)
    moods: list[tuple[float, float]] = field(default_factory=list)  # (time, mood 1-5)
    feedback: list[Feedback] = field(default_factory=list)


def load_history(
    conn: Connection, since: float | None = None, until: float | None = None
) -> StoredHistory:
    """Everything the model uses that overlaps [since, until), in time order."""
    afk = history.afk_spans(conn, since, until)
    inputs = history.input_intervals(conn, since, until)
    moods = journal.mood_points(conn, since, until)
    feedback = [
        Feedback(at, distracted) for at, distracted in journal.label_points(conn, since, until)
    ]
    return StoredHistory(history.window_spans(conn, since, until), afk, inputs, moods, feedback)
