"""Every older schema converts in place: a database is built at each version with that
version's own migration steps, filled the way the app of that version wrote it, then opened
(which migrates it) and read back: the same activity, the same export, and the duplicate check
still recognises what an older version imported."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from focuscoach.core.config import RecordingSettings
from focuscoach.core.interop.activitywatch import export_buckets, import_buckets, parse_export
from focuscoach.core.store import context, history
from focuscoach.core.store.database import connect, open_database
from focuscoach.core.store.events import canonical
from focuscoach.core.store.queries import forget_range
from focuscoach.core.store.schema import INTERNED_VERSION, SCHEMA_VERSION, migrate

T0 = 1_776_000_000.0
WINDOWS = [
    (T0, T0 + 30, "code", "main.py — focus"),
    (T0 + 30, T0 + 45, "firefox", "docs"),
    (T0 + 45, T0 + 90, "code", "main.py — focus"),
    (T0 + 90, T0 + 95, "微信", ""),
]
AFK = [(T0, T0 + 60, 0), (T0 + 60, T0 + 90, 1)]
INPUTS = [(T0, T0 + 5, 3, 1, 40, 0), (T0 + 5, T0 + 10, 0, 0, 0, 2)]
#: Imported events as an older version stored them: (start, stop, columns, stored data).
IMPORTED_WINDOWS: list[tuple[float, float, tuple[str, str], dict[str, Any]]] = [
    (T0 + 200, T0 + 230, ("code", "a.py"), {"app": "code", "title": "a.py"}),
    (T0 + 230, T0 + 260, ("code", "a.py"), {"app": "code", "title": "a.py", "url": "x"}),
    (T0 + 260, T0 + 261, ("5", "t"), {"app": 5, "title": "t"}),
    (T0 + 261, T0 + 262, ("a", ""), {"app": "a"}),
    (T0 + 262, T0 + 263, ("", ""), {}),
    (T0 + 263, T0 + 264, ("a", "b"), {"app": "a", "title": "b", "n": None, "l": [1, {"k": 2}]}),
]
IMPORTED_AFK: list[tuple[float, float, tuple[int], dict[str, Any]]] = [
    (T0 + 200, T0 + 260, (1,), {"status": "afk"}),
    (T0 + 260, T0 + 270, (0,), {"status": "not-afk"}),
    (T0 + 270, T0 + 280, (0,), {"status": "idle", "why": 1}),
]
IMPORTED_INPUT: list[tuple[float, float, tuple[int, int, int, int], dict[str, Any]]] = [
    (
        T0 + 200,
        T0 + 205,
        (3, 2, 30, 4),
        {"presses": 3, "clicks": 2, "deltaX": 10, "deltaY": 20, "scrollX": 4, "scrollY": 0},
    ),
    (T0 + 205, T0 + 210, (1, 0, 0, 0), {"presses": 1.0}),
]
OTHER = [(T0 + 300, T0 + 300, {"unlock": 1})]
BUCKETS: dict[
    str, tuple[str, str, Sequence[tuple[float, float, tuple[object, ...], dict[str, Any]]]]
] = {
    "w": ("currentwindow", "windows", IMPORTED_WINDOWS),
    "a": ("afkstatus", "afk_spans", IMPORTED_AFK),
    "i": ("os.hid.input", "input_activity", IMPORTED_INPUT),
}
_OWN = {
    "windows": "app, title",
    "afk_spans": "afk",
    "input_activity": "keys, clicks, moves, scrolls",
}


def _fill(conn: sqlite3.Connection, version: int) -> None:
    """What the app of `version` wrote, with that version's own columns."""
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO window_spans (start, stop, app, title) VALUES (?,?,?,?)", WINDOWS)
    conn.executemany("INSERT INTO afk_spans (start, stop, afk) VALUES (?,?,?)", AFK)
    conn.executemany(
        "INSERT INTO input_activity (start, stop, keys, clicks, moves, scrolls)"
        " VALUES (?,?,?,?,?,?)",
        INPUTS,
    )
    if 2 <= version < 7:
        for bucket, (kind, table, rows) in BUCKETS.items():
            conn.execute(
                "INSERT INTO aw_buckets (id, type, client, hostname, created, extra)"
                " VALUES (?, ?, 'aw', 'h', '2026-01-01', ?)",
                (bucket, kind, canonical({"more": bucket})),
            )
            old = "window_spans" if table == "windows" else table
            names = _OWN[table]
            marks = ", ".join("?" for _ in names.split(","))
            conn.executemany(
                f"INSERT INTO {old} (start, stop, {names}, bucket, data)"
                f" VALUES (?, ?, {marks}, ?, ?)",
                [(s, e, *cols, bucket, canonical(data)) for s, e, cols, data in rows],
            )
        conn.execute(
            "INSERT INTO aw_buckets (id, type, client, hostname, created, extra)"
            " VALUES ('o', 'os.lockscreen.unlocks', 'aw', 'h', '', '{}')"
        )
        conn.executemany(
            "INSERT INTO aw_events (bucket, start, stop, data) VALUES ('o', ?, ?, ?)",
            [(s, e, canonical(d)) for s, e, d in OTHER],
        )
    if version >= 4:
        conn.execute("INSERT INTO tasks (title, priority, created) VALUES ('write', 2, ?)", (T0,))
        conn.execute("INSERT INTO mood_entries (at, mood, energy) VALUES (?, 4, 3)", (T0,))
        conn.execute("INSERT INTO coach_events (at, kind) VALUES (?, 'nudge_shown')", (T0,))
    if version >= 5:
        conn.execute("INSERT INTO predictions (at, probability) VALUES (?, 0.25)", (T0,))
    conn.execute("COMMIT")
    if version >= 7:
        # From version 7 on, imported events are interned by the importer itself, the same
        # code the app of that version ran.
        unlocks = [(s, e, (), d) for s, e, d in OTHER]
        other = {"o": ("os.lockscreen.unlocks", "aw_events", unlocks)}
        export = parse_export(_export_file({**BUCKETS, **other}))
        import_buckets(conn, export, RecordingSettings())


def _old_database(path: Path, version: int) -> None:
    conn = connect(path)
    migrate(conn, target=version)
    _fill(conn, version)
    conn.close()


def _export_file(buckets: dict[str, Any]) -> dict[str, Any]:
    return {
        "buckets": {
            b: {
                "id": b,
                "type": kind,
                "client": "aw",
                "hostname": "h",
                "created": "2026-01-01",
                "more": b,
                "events": [
                    {"timestamp": _iso(s), "duration": e - s, "data": data}
                    for s, e, _cols, data in rows
                ],
            }
            for b, (kind, _table, rows) in buckets.items()
        }
    }


def _iso(moment: float) -> str:
    from focuscoach.core.timeutil import to_iso

    return to_iso(moment)


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_older_schema_converts_in_place(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    _old_database(path, version)
    db = open_database(path)
    conn = db.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    if version < INTERNED_VERSION:  # the file that interned its text is compacted once
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0

    imported = version >= 2
    windows = [(s, e, a, t) for s, e, a, t in WINDOWS]
    if imported:
        windows += [(s, e, *cols) for s, e, cols, _ in IMPORTED_WINDOWS]
    assert [
        tuple(w.__getattribute__(f) for f in ("start", "end", "app", "title"))
        for w in history.window_spans(conn)
    ] == sorted(windows)
    afk = [(s, e, bool(k)) for s, e, k in AFK]
    if imported:
        afk += [(s, e, bool(cols[0])) for s, e, cols, _ in IMPORTED_AFK]
    assert [(a.start, a.end, a.afk) for a in history.afk_spans(conn)] == sorted(afk)
    inputs = list(INPUTS)
    if imported:
        inputs += [(s, e, *cols) for s, e, cols, _ in IMPORTED_INPUT]
    assert [
        (i.start, i.end, i.keys, i.clicks, i.moves, i.scrolls)
        for i in history.input_intervals(conn)
    ] == sorted(inputs)
    # The view keeps version 6's columns, `data` included.
    rows = conn.execute("SELECT start, app, title, bucket, data FROM window_spans ORDER BY start")
    by_start = {start: (app, title, bucket, data) for start, app, title, bucket, data in rows}
    assert by_start[T0][2:] == (None, None)
    if not imported:
        return
    for start, _stop, cols, data in IMPORTED_WINDOWS:
        app, title, bucket, stored = by_start[start]
        assert (app, title, bucket) == (*cols, "w") and json.loads(stored) == data

    # An export gives back exactly what was imported, recorded rows as before.
    exported = export_buckets(conn)["buckets"]
    for bucket, (_kind, _table, events) in BUCKETS.items():
        assert [e["data"] for e in exported[bucket]["events"]] == [d for *_, d in events]
        assert exported[bucket]["more"] == bucket
    assert [e["data"] for e in exported["o"]["events"]] == [d for *_, d in OTHER]

    # What an older version imported is recognised: importing it again adds nothing.
    again = import_buckets(conn, parse_export(_export_file(BUCKETS)), RecordingSettings())
    assert again.added == 0 and again.duplicates == again.events

    if version >= 4:
        assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 1
        assert conn.execute("SELECT mood, energy FROM mood_entries").fetchall() == [(4, 3)]
    if version >= 5:
        assert conn.execute("SELECT probability FROM predictions").fetchall() == [(0.25,)]
    # Version 8: context judgements (store/context.py), none yet.
    assert conn.execute("SELECT count(*) FROM task_context").fetchone()[0] == 0
    db.close()


def test_forgetting_everything_leaves_no_text_behind(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path, SCHEMA_VERSION - 1)
    db = open_database(path)
    judged = [context.Judgement("write", "code", "main.py — focus", 0.5, True)]
    assert context.save_judgements(db.conn, judged, T0) == 1
    forget_range(db.conn, T0 - 1, T0 + 1000)
    assert db.conn.execute("SELECT count(*) FROM strings").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM task_context").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM window_spans").fetchone()[0] == 0
    db.close()
    assert b"main.py" not in path.read_bytes()


def test_an_end_cut_by_forget_keeps_the_duplicate_check_exact(tmp_path: Path) -> None:
    """forget moves an imported span's end: its digest follows, so importing the cut event
    again is recognised; importing the whole event again is cut as forget cut it (the range
    stays forgotten: tests/interop/test_import_after_forget.py), so it is recognised too."""
    path = tmp_path / "fc.db"
    db = open_database(path)
    settings = RecordingSettings()
    first = {"w": ("currentwindow", "windows", IMPORTED_WINDOWS[:1])}
    import_buckets(db.conn, parse_export(_export_file(first)), settings)
    start, stop, cols, data = IMPORTED_WINDOWS[0]
    forget_range(db.conn, start + 10, stop + 100)
    cut = {"w": ("currentwindow", "windows", [(start, start + 10, cols, data)])}
    assert import_buckets(db.conn, parse_export(_export_file(cut)), settings).added == 0
    whole = import_buckets(db.conn, parse_export(_export_file(first)), settings)
    assert (whole.added, whole.duplicates, whole.forgotten) == (0, 1, 1)
    db.close()


def test_a_read_only_reader_still_reads_a_database_not_migrated_yet(tmp_path: Path) -> None:
    """status, export and the review open the database read-only: before any writer has
    migrated it, they read the old table."""
    from focuscoach.core.store.week import load_week

    path = tmp_path / "old.db"
    _old_database(path, SCHEMA_VERSION - 1)
    conn = connect(path, readonly=True)
    seen = history.overview(conn)
    assert seen.schema_version == SCHEMA_VERSION - 1
    assert seen.counts.window_spans == len(WINDOWS) + len(IMPORTED_WINDOWS)
    assert seen.latest_window is not None and seen.latest_window.app == "a"
    assert len(history.window_spans(conn)) == len(WINDOWS) + len(IMPORTED_WINDOWS)
    assert context.on_task_pairs(conn) == frozenset()  # no judgements before version 8
    assert len(load_week(conn, T0 - 86400, T0 + 86400).windows) == len(WINDOWS) + len(
        IMPORTED_WINDOWS
    )
    conn.close()


def test_forgetting_through_the_writer(tmp_path: Path) -> None:
    """The writer thread can forget a range inside its own transaction (one writer)."""
    from focuscoach.core.store.queries import forget_in_transaction
    from focuscoach.core.store.writer import StoreWriter

    path = tmp_path / "old.db"
    _old_database(path, SCHEMA_VERSION - 1)
    open_database(path).close()
    writer = StoreWriter(path).start()
    touched: list[int] = []
    writer.call(lambda conn: touched.append(forget_in_transaction(conn, T0 - 1, T0 + 1000).total))
    assert writer.flush()
    writer.stop()
    conn = connect(path, readonly=True)
    assert conn.execute("SELECT count(*) FROM strings").fetchone()[0] == 0
    conn.close()
    assert touched and touched[0] > 0
