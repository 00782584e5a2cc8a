"""Plain exports of the native tables: one JSON object, or one CSV with a `kind` column."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from focuscoach.core.store import history
from focuscoach.core.store.handles import Connection
from focuscoach.core.timeutil import to_iso

CSV_COLUMNS = ("kind", "start", "end", "app", "title", "afk", "keys", "clicks", "moves", "scrolls")


def export_json(conn: Connection, since: float | None, until: float | None) -> dict[str, Any]:
    return {
        "window": [
            {"start": to_iso(w.start), "end": to_iso(w.end), "app": w.app, "title": w.title}
            for w in history.window_spans(conn, since, until)
        ],
        "afk": [
            {"start": to_iso(a.start), "end": to_iso(a.end), "afk": a.afk}
            for a in history.afk_spans(conn, since, until)
        ],
        "input": [
            {
                "start": to_iso(i.start),
                "end": to_iso(i.end),
                "keys": i.keys,
                "clicks": i.clicks,
                "moves": i.moves,
                "scrolls": i.scrolls,
            }
            for i in history.input_intervals(conn, since, until)
        ],
    }


def export_csv(
    conn: Connection,
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
