"""What the forecast gate reads (core/coaching/forecast.py): the detector's recent scores
and the answers to forecast nudges (drift nudges are the rule's and carry no probability)."""

from __future__ import annotations

import sqlite3

from focuscoach.core.store.queries import at_range


def recent_scores(
    conn: sqlite3.Connection, since: float, until: float, model: str | None = None
) -> list[tuple[float, float]]:
    """(time, probability) of the detector's calls in [since, until), oldest first; with
    `model`, only those of that model (its folder, as the live detector stores it)."""
    where, times = at_range(since, until)
    params: list[float | str] = [*times]
    if model is not None:
        where += " AND model = ?"
        params.append(model)
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
