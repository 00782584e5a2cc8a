"""The journal: mood check-ins, the coach's log, answers to nudges and the detector's calls.

Functions that take a `sqlite_utils.Database` are the app's (the writer's connection, see
store/transaction.py); the readers that take a plain `sqlite3.Connection` serve the model and
the review on read-only connections.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from focuscoach.core.records import CoachLogEntry, MoodEntry, NudgeLabel
from focuscoach.core.store.queries import at_range
from focuscoach.core.store.transaction import write as _write

if TYPE_CHECKING:  # sqlite_utils (and numpy) cost a tenth of a second to import
    import sqlite_utils

# --- mood --------------------------------------------------------------------------------


def add_mood(db: sqlite_utils.Database, entry: MoodEntry) -> MoodEntry:
    cursor = _write(
        db,
        "INSERT INTO mood_entries (at, mood, energy, note) VALUES (?, ?, ?, ?)",
        [entry.at, entry.mood, entry.energy, entry.note],
    )
    return MoodEntry(entry.at, entry.mood, entry.energy, entry.note, cursor.lastrowid)


def _mood_from_row(row: Mapping[str, Any]) -> MoodEntry:
    return MoodEntry(
        at=float(row["at"]),
        mood=int(row["mood"]),
        energy=None if row["energy"] is None else int(row["energy"]),
        note=row["note"] or "",
        id=int(row["id"]),
    )


def list_moods(
    db: sqlite_utils.Database, *, since: float | None = None, until: float | None = None
) -> list[MoodEntry]:
    """Entries in [since, until), oldest first."""
    rows = db.query(
        "SELECT * FROM mood_entries WHERE at >= ? AND at < ? ORDER BY at, id",
        [since if since is not None else float("-inf"), until if until is not None else 1e300],
    )
    return [_mood_from_row(r) for r in rows]


def latest_mood(db: sqlite_utils.Database, *, before: float | None = None) -> MoodEntry | None:
    rows = list(
        db.query(
            "SELECT * FROM mood_entries WHERE at <= ? ORDER BY at DESC, id DESC LIMIT 1",
            [before if before is not None else 1e300],
        )
    )
    return _mood_from_row(rows[0]) if rows else None


# --- coach log, labels -------------------------------------------------------------------


def record_coach_event(
    db: sqlite_utils.Database, at: float, kind: str, detail: Mapping[str, Any] | None = None
) -> None:
    """Append to the coach log (break_started, break_skipped, nudge_shown, ...)."""
    _write(
        db,
        "INSERT INTO coach_events (at, kind, detail) VALUES (?, ?, ?)",
        [at, kind, json.dumps(dict(detail or {}), sort_keys=True)],
    )


def list_coach_events(
    db: sqlite_utils.Database,
    *,
    since: float | None = None,
    until: float | None = None,
    kinds: Sequence[str] | None = None,
) -> list[CoachLogEntry]:
    """Log entries in [since, until), oldest first, optionally only some kinds."""
    sql = "SELECT at, kind, detail FROM coach_events WHERE at >= ? AND at < ?"
    params: list[Any] = [
        since if since is not None else float("-inf"),
        until if until is not None else 1e300,
    ]
    if kinds is not None:
        sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
        params.extend(kinds)
    return [
        CoachLogEntry(float(r["at"]), r["kind"], json.loads(r["detail"]))
        for r in db.query(sql + " ORDER BY at, id", params)
    ]


def record_nudge_label(db: sqlite_utils.Database, label: NudgeLabel) -> None:
    """Store the user's answer to a nudge as a training label for the detector."""
    _write(
        db,
        "INSERT INTO nudge_labels (at, answered_at, answer, distracted, probability,"
        " explanation, task_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            label.at,
            label.answered_at,
            label.answer,
            int(label.distracted),
            label.probability,
            label.explanation,
            label.task_id,
        ],
    )


def list_nudge_labels(
    db: sqlite_utils.Database, *, since: float | None = None, until: float | None = None
) -> list[NudgeLabel]:
    rows = db.query(
        "SELECT * FROM nudge_labels WHERE at >= ? AND at < ? ORDER BY at, id",
        [since if since is not None else float("-inf"), until if until is not None else 1e300],
    )
    return [
        NudgeLabel(
            at=float(r["at"]),
            answered_at=float(r["answered_at"]),
            answer=r["answer"],
            distracted=bool(r["distracted"]),
            probability=r["probability"],
            explanation=r["explanation"],
            task_id=r["task_id"],
        )
        for r in rows
    ]


# --- for the model -----------------------------------------------------------------------


def mood_points(
    conn: sqlite3.Connection, since: float | None = None, until: float | None = None
) -> list[tuple[float, float]]:
    """(time, mood 1-5) of check-ins in [since, until), oldest first."""
    where, params = at_range(since, until)
    rows = conn.execute(f"SELECT at, mood FROM mood_entries WHERE {where} ORDER BY at", params)
    return [(float(at), float(mood)) for at, mood in rows]


def label_points(
    conn: sqlite3.Connection, since: float | None = None, until: float | None = None
) -> list[tuple[float, bool]]:
    """(time, distracted) of answers to nudges in [since, until), oldest first."""
    where, params = at_range(since, until)
    rows = conn.execute(
        f"SELECT at, distracted FROM nudge_labels WHERE {where} ORDER BY at", params
    )
    return [(float(at), bool(distracted)) for at, distracted in rows]


class _Queue(Protocol):
    """What takes a row for the writer thread (store.writer.StoreWriter)."""

    def insert(self, table: str, values: Mapping[str, str | int | float | None]) -> None: ...


def write_prediction(
    writer: _Queue,
    at: float,
    probability: float,
    explanation: str,
    spans: Sequence[Mapping[str, Any]],
    model: str,
) -> None:
    """Queue a detector's call (kept for the weekly review and for judging the model)."""
    writer.insert(
        "predictions",
        {
            "at": at,
            "probability": min(1.0, max(0.0, probability)),
            "explanation": explanation,
            "spans": json.dumps([dict(span) for span in spans], ensure_ascii=False),
            "model": model,
        },
    )
