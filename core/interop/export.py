"""Plain exports of the native tables: one JSON object, or one CSV with a `kind` column."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable
from typing import Any

from focuscoach.core.store.queries import overlap
from focuscoach.core.timeutil import to_iso

CSV_COLUMNS = ("kind", "start", "end", "app", "title", "afk", "keys", "clicks", "moves", "scrolls")


def _rows(
    conn: sqlite3.Connection, sql: str, since: float | None, until: float | None
) -> list[Any]:
    where, params = overlap(since, until)
    return conn.execute(f"{sql} WHERE {where} ORDER BY start", params).fetchall()


def export_json(
    conn: sqlite3.Connection, since: float | None, until: float | None
) -> dict[str, Any]:
    window = _rows(conn, "SELECT start, stop, app, title FROM window_spans", since, until)
    afk = _rows(conn, "SELECT start, stop, afk FROM afk_spans", since, until)
    inputs = _rows(
        conn, "SELECT start, stop, keys, clicks, moves, scrolls FROM input_activity", since, until
    )
    return {
        "window": [
            {"start": to_iso(s), "end": to_iso(e), "app": app, "title": title}
            for s, e, app, title in window
        ],
        "afk": [{"start": to_iso(s), "end": to_iso(e), "afk": bool(a)} for s, e, a in afk],
        "input": [
            {
                "start": to_iso(s),
                "end": to_iso(e),
                "keys": k,
                "clicks": c,
                "moves": m,
                "scrolls": sc,
            }
            for s, e, k, c, m, sc in inputs
        ],
    }


def export_csv(
    conn: sqlite3.Connection,
    since: float | None,
    until: float | None,
    clean: Callable[[str], str] | None = None,
) -> str:
    """One CSV; `clean` (if given) rewrites the app and title, e.g. for a terminal."""
    data = export_json(conn, since, until)
    if clean is not None:
        for row in data["window"]:
            row["app"], row["title"] = clean(row["app"]), clean(row["title"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    rows: list[dict[str, Any]] = []
    rows += [{"kind": "window", **row} for row in data["window"]]
    rows += [{"kind": "afk", **row} for row in data["afk"]]
    rows += [{"kind": "input", **row} for row in data["input"]]
    rows.sort(key=lambda row: (row["start"], row["kind"]))
    writer.writerows(rows)
    return out.getvalue()
