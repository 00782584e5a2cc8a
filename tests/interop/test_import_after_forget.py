"""`forget` lasts: importing an export that still holds a forgotten range (an ActivityWatch
export holds the whole history) leaves that range out, as `forget` left it, and says so."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from focuscoach.core.interop.aw_import import outside
from focuscoach.core.interop.aw_parse import AwEvent
from tests.conftest import Cli

DAY = "2026-03-02"


def _event(at: str, seconds: float, title: str) -> dict[str, Any]:
    return {
        "timestamp": f"{DAY}T{at}Z",
        "duration": seconds,
        "data": {"app": "firefox", "title": title},
    }


def _export(path: Path) -> Path:
    """Three windows: 09:00-09:30, 09:50-10:20 (reaches into the forgotten 10:00-11:00 range
    from before), 10:30-10:40 (inside it), 10:50-11:30 (reaches out of it); an input bucket
    with a minute inside the range and one outside."""
    windows = [
        _event("09:00:00", 1800, "Docs"),
        _event("09:50:00", 1800, "Private matter"),
        _event("10:30:00", 600, "Private matter"),
        _event("10:50:00", 2400, "Mail"),
    ]
    inputs = [
        {"timestamp": f"{DAY}T10:10:00Z", "duration": 60, "data": {"presses": 5, "clicks": 1}},
        {"timestamp": f"{DAY}T12:00:00Z", "duration": 60, "data": {"presses": 7, "clicks": 2}},
    ]
    buckets = {
        "w": {
            "id": "w",
            "type": "currentwindow",
            "client": "t",
            "hostname": "h",
            "events": windows,
        },
        "i": {"id": "i", "type": "os.hid.input", "client": "t", "hostname": "h", "events": inputs},
    }
    path.write_text(json.dumps({"buckets": buckets}), encoding="utf-8")
    return path


def _windows(db: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT strftime('%H:%M', w.start, 'unixepoch'), strftime('%H:%M', w.stop,"
            " 'unixepoch'), t.text FROM windows w JOIN strings t ON t.id = w.title"
            " ORDER BY w.start"
        ).fetchall()
    finally:
        conn.close()
    return [(a, b, c) for a, b, c in rows]


def _inputs(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT strftime('%H:%M', start, 'unixepoch') FROM input_activity ORDER BY start"
        ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


KEPT = [
    ("09:00", "09:30", "Docs"),
    ("09:50", "10:00", "Private matter"),
    ("11:00", "11:30", "Mail"),
]


def test_an_import_after_forget_does_not_bring_the_range_back(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    export = _export(tmp_path / "aw.json")
    assert cli("import", "activitywatch", str(export)).code == 0
    db = home / "focuscoach.db"
    assert len(_windows(db)) == 4 and _inputs(db) == ["10:10", "12:00"]
    forget = cli("forget", "--since", f"{DAY}T10:00Z", "--until", f"{DAY}T11:00Z", "--yes")
    assert forget.code == 0, forget.err
    assert _windows(db) == KEPT and _inputs(db) == ["12:00"]

    again = cli("import", "activitywatch", str(export), "--json")
    assert again.code == 0, again.err
    summary = again.json()
    # Three windows reach into the range, one input minute lies in it; nothing new is added.
    assert summary["forgotten"] == 4 and summary["added"] == 0
    assert summary["by_bucket"]["w"]["forgotten"] == 3
    assert _windows(db) == KEPT and _inputs(db) == ["12:00"]

    said = cli("import", "activitywatch", str(export))
    assert said.code == 0
    assert "4 lay in ranges you had forgotten: those parts were left out." in said.out


def test_a_fresh_home_imports_everything(cli: Cli, home: Path, tmp_path: Path) -> None:
    """Nothing forgotten, nothing left out (and the summary says nothing of it)."""
    result = cli("import", "activitywatch", str(_export(tmp_path / "aw.json")), "--json")
    assert result.code == 0 and result.json()["forgotten"] == 0
    assert len(_windows(home / "focuscoach.db")) == 4


def test_what_is_recorded_after_a_forget_into_the_future_still_imports(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    """A range forgotten "until 2200" is forgotten up to the moment of forgetting: an export
    made later, with newer activity, brings that activity in."""
    assert cli("import", "activitywatch", str(_export(tmp_path / "aw.json"))).code == 0
    assert cli("forget", "--since", "2026-01-01", "--until", "2200-01-01", "--yes").code == 0
    assert _windows(home / "focuscoach.db") == []
    conn = sqlite3.connect(home / "focuscoach.db")
    try:
        ((start, stop, at),) = conn.execute("SELECT start, stop, at FROM forgotten_ranges")
    finally:
        conn.close()
    assert stop == at and start < stop
    # A day past the moment of forgetting (2200 itself lies past the stored range's end).
    event = {"timestamp": "2199-06-01T09:00:00Z", "duration": 60, "data": {"app": "a"}}
    later = tmp_path / "later.json"
    later.write_text(
        json.dumps({"buckets": {"w": {"id": "w", "type": "currentwindow", "events": [event]}}}),
        encoding="utf-8",
    )
    result = cli("import", "activitywatch", str(later), "--json")
    assert result.code == 0, result.err
    assert result.json()["added"] == 1 and result.json()["forgotten"] == 0


def _e(start: float, stop: float) -> AwEvent:
    return AwEvent(start, stop, {"app": "a"})


def test_outside_cuts_as_forget_cuts() -> None:
    ranges = [(10.0, 20.0), (30.0, 40.0)]
    events = [_e(0, 5), _e(5, 12), _e(12, 18), _e(18, 35), _e(15, 45), _e(40, 50), _e(20, 20)]
    kept, touched = outside(events, ranges)
    assert [(e.start, e.stop) for e in kept] == [
        (0, 5),
        (5, 10),
        (20, 30),
        (20, 30),
        (40, 45),
        (40, 50),
        (20, 20),
    ]
    assert touched == 4
    whole, touched = outside(events, ranges, split=False)
    assert [(e.start, e.stop) for e in whole] == [(0, 5), (40, 50), (20, 20)]
    assert touched == 4
    assert outside(events, []) == (events, 0)
