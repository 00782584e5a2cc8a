"""What the forecast gate reads (core/coaching/forecast.py): the detector's recent scores
and the answers to forecast nudges (drift nudges are the rule's and carry no probability)."""

from __future__ import annotations

import sqlite3

from focuscoach.core.store.queries import at_range


def recent_scores(
    conn: sqlite3.Connection, since: float, until: float
) -> list[tuple[float, float]]:
    """(time, probability) of the detector's calls in [since, until), oldest first."""
    where, params = at_range(since, until)
    rows = conn.execute(
        f"SELECT at, probability FROM predictions WHERE {where} ORDER BY at", params
    )
    return [(float(at), float(p)) for at, p in rows]


def forecast_answers(conn: sqlite3.Connection, since: float, until: float) -> tuple[int, int]:
    """(said "distracted", said "not distracted") to forecast nudges in [since, until)."""
    where, params = at_range(since, until)
    row = conn.execute(
        "SELECT coalesce(sum(distracted), 0), coalesce(sum(1 - distracted), 0)"
        f" FROM nudge_labels WHERE {where} AND probability IS NOT NULL",
        params,
    ).fetchone()
    return int(row[0]), int(row[1])
